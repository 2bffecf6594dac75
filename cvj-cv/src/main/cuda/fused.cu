// Fused one-pass pipelines: CropFlipNormalizeReformat and ResizeCropConvertReformat. Each output element is
// computed straight from the source image; no intermediate tensor.
#include "pixels.cuh"

namespace cvj {

// Per image of one launch (at most 200 per launch, so the parameters stay under 4 KiB):
// crop x, crop y, flip code (0 vertical, 1 horizontal, -1 both, other none), unused.
struct CropFlips {
    int4 r[200];
};

// Channel source of output channel c: c, or the first three channels reversed (RGB <-> BGR) when swapRB.
__device__ __forceinline__ int swap_channel(int c, int C, int swapRB) {
    return (swapRB && C >= 3 && c < 3) ? 2 - c : c;
}

// Row blockIdx.y of one output image: img is the source image's pixel (0, 0), dimg the output image's element
// (0, 0, 0); r = {crop x, crop y, flip code, unused}. Every source index is bounded by that image's srcW x srcH.
template <typename S, typename D>
__device__ __forceinline__ void crop_flip_normalize_reformat(
    const uint8_t* __restrict__ img, long long sH, long long sW, long long sC, int srcW, int srcH,
    uint8_t* __restrict__ dimg, long long dH, long long dW, long long dC, int dstW, int dstH, int C,
    int borderType, float borderValue, int swapRB, const Affine& a, int4 r) {
    int y = blockIdx.y;
    int x0 = blockIdx.x * (BLOCK * PIX) + threadIdx.x;
    bool flipV = r.z == 0 || r.z == -1;
    bool flipH = r.z == 1 || r.z == -1;
    int ys = border_index(r.y + (flipV ? dstH - 1 - y : y), srcH, borderType);
    const uint8_t* srow = img + (long long)(ys < 0 ? 0 : ys) * sH;
    uint8_t* drow = dimg + y * dH;
    float v[PIX][4];
#pragma unroll
    for (int k = 0; k < PIX; k++) {
        int x = x0 + k * BLOCK;
        if (x < dstW) {
            int xs = ys < 0 ? -1 : border_index(r.x + (flipH ? dstW - 1 - x : x), srcW, borderType);
#pragma unroll
            for (int c = 0; c < 4; c++)
                if (c < C) v[k][c] = xs < 0 ? borderValue : to_f(*at<S>(srow, xs * sW + swap_channel(c, C, swapRB) * sC));
        }
    }
#pragma unroll
    for (int k = 0; k < PIX; k++) {
        int x = x0 + k * BLOCK;
        if (x < dstW) {
#pragma unroll
            for (int c = 0; c < 4; c++)
                if (c < C) *at<D>(drow, x * dW + c * dC) = from_f<D>(affine(v[k][c], c, a));
        }
    }
}

// OpenCV INTER_LINEAR source coordinate of destination index d: f = (float)((d + 0.5) * scale - 0.5),
// i = floor(f), f -= i, clamped to the image like cv::resize (outside: weight 0 on the edge pixel).
__device__ __forceinline__ void linear_coord(int d, double scale, int len, int& i0, int& i1, float& f) {
    float fx = (float)(((double)d + 0.5) * scale - 0.5);
    int i = (int)floorf(fx);
    fx -= (float)i;
    if (i < 0) { i = 0; fx = 0.f; }
    if (i >= len - 1) { i = len - 1; fx = 0.f; }
    i0 = i;
    i1 = min(i + 1, len - 1);
    f = fx;
}

// OpenCV INTER_NEAREST: min(floor(d * inv), len - 1), inv = 1 / (dstLen / srcLen) in double.
__device__ __forceinline__ int nearest_coord(int d, double inv, int len) {
    return min((int)floor((double)d * inv), len - 1);
}

// Row blockIdx.y of one output image: img is the source image's pixel (0, 0), dimg the output image's element
// (0, 0, 0), scaleX / scaleY the source pixels per resized pixel. Every source index is bounded by that image's
// srcW x srcH.
template <typename D>
__device__ __forceinline__ void resize_crop_convert_reformat(
    const uint8_t* __restrict__ img, long long sH, long long sW, long long sC, int srcW, int srcH,
    uint8_t* __restrict__ dimg, long long dH, long long dW, long long dC, int dstW, int C,
    double scaleX, double scaleY, int linear, int cropX, int cropY, float scale, float offset, int order) {
    int y = blockIdx.y;
    int x0 = blockIdx.x * (BLOCK * PIX) + threadIdx.x;
    uint8_t* drow = dimg + y * dH;
    int oc[4];
#pragma unroll
    for (int c = 0; c < 4; c++) oc[c] = (order >> (8 * c)) & 0xff;
    float v[PIX][4];
    if (linear) {
        int y0, y1;
        float fy;
        linear_coord(cropY + y, scaleY, srcH, y0, y1, fy);
        const uint8_t* r0 = img + y0 * sH;
        const uint8_t* r1 = img + y1 * sH;
        float wy0 = __fsub_rn(1.f, fy);
#pragma unroll
        for (int k = 0; k < PIX; k++) {
            int x = x0 + k * BLOCK;
            if (x < dstW) {
                int xa, xb;
                float fx;
                linear_coord(cropX + x, scaleX, srcW, xa, xb, fx);
                float wx0 = __fsub_rn(1.f, fx);
#pragma unroll
                for (int c = 0; c < 4; c++) {
                    if (c < C) {
                        long long co = oc[c] * sC;
                        float p00 = r0[xa * sW + co], p01 = r0[xb * sW + co];
                        float p10 = r1[xa * sW + co], p11 = r1[xb * sW + co];
                        float h0 = __fadd_rn(__fmul_rn(wx0, p00), __fmul_rn(fx, p01));
                        float h1 = __fadd_rn(__fmul_rn(wx0, p10), __fmul_rn(fx, p11));
                        v[k][c] = __fadd_rn(__fmul_rn(wy0, h0), __fmul_rn(fy, h1));
                    }
                }
            }
        }
    } else {
        const uint8_t* row = img + nearest_coord(cropY + y, scaleY, srcH) * sH;
#pragma unroll
        for (int k = 0; k < PIX; k++) {
            int x = x0 + k * BLOCK;
            if (x < dstW) {
                long long xo = nearest_coord(cropX + x, scaleX, srcW) * sW;
#pragma unroll
                for (int c = 0; c < 4; c++)
                    if (c < C) v[k][c] = row[xo + oc[c] * sC];
            }
        }
    }
#pragma unroll
    for (int k = 0; k < PIX; k++) {
        int x = x0 + k * BLOCK;
        if (x < dstW) {
#pragma unroll
            for (int c = 0; c < 4; c++)
                if (c < C) *at<D>(drow, x * dW + c * dC) = from_f<D>(__fmaf_rn(v[k][c], scale, offset));
        }
    }
}

// Source pixels per resized pixel of an axis, as ResizeCropConvertReformat.java computes it: 1 / (dstLen / srcLen)
// in double.
__device__ __forceinline__ double resize_scale(int srcLen, int dstLen) {
    return __ddiv_rn(1.0, __ddiv_rn((double)dstLen, (double)srcLen));
}

} // namespace cvj

// CropFlipNormalizeReformat: image blockIdx.z of a batched tensor (image n at src + n * sN), or of a varshape batch
// (_vs: image n of the launch is entry n of the descriptor table srcs, i.e. the batch's table + n0 * 32 for a launch
// starting at image n0), into image n of dst.
#define CVJ_CROP_FLIP_NORMALIZE_REFORMAT(sn, S, dn, D)                                                            \
    extern "C" __global__ void __launch_bounds__(cvj::BLOCK) cvj_crop_flip_normalize_reformat_##sn##_##dn(        \
        const uint8_t* src, long long sN, long long sH, long long sW, long long sC, int srcW, int srcH,           \
        uint8_t* dst, long long dN, long long dH, long long dW, long long dC, int dstW, int dstH, int C,          \
        int borderType, float borderValue, int swapRB, cvj::Affine a, cvj::CropFlips cf) {                        \
        int n = blockIdx.z;                                                                                       \
        cvj::crop_flip_normalize_reformat<S, D>(src + n * sN, sH, sW, sC, srcW, srcH, dst + n * dN, dH, dW, dC,   \
                                                 dstW, dstH, C, borderType, borderValue, swapRB, a, cf.r[n]);     \
    }                                                                                                             \
    extern "C" __global__ void __launch_bounds__(cvj::BLOCK) cvj_crop_flip_normalize_reformat_vs_##sn##_##dn(     \
        const cvj::VarShapeImage* srcs, uint8_t* dst, long long dN, long long dH, long long dW, long long dC,    \
        int dstW, int dstH, int C, int borderType, float borderValue, int swapRB, cvj::Affine a,                 \
        cvj::CropFlips cf) {                                                                                      \
        int n = blockIdx.z;                                                                                       \
        const cvj::VarShapeImage s = srcs[n];                                                                     \
        cvj::crop_flip_normalize_reformat<S, D>(reinterpret_cast<const uint8_t*>(s.data), s.rowPitch,            \
                                                 (long long)C * sizeof(S), sizeof(S), s.width, s.height,          \
                                                 dst + n * dN, dH, dW, dC, dstW, dstH, C, borderType,             \
                                                 borderValue, swapRB, a, cf.r[n]);                                \
    }
#define CVJ_CROP_FLIP_NORMALIZE_REFORMAT_FROM(sn, S)                                                              \
    CVJ_CROP_FLIP_NORMALIZE_REFORMAT(sn, S, u8, uint8_t)                                                          \
    CVJ_CROP_FLIP_NORMALIZE_REFORMAT(sn, S, f32, float)                                                           \
    CVJ_CROP_FLIP_NORMALIZE_REFORMAT(sn, S, f16, __half)
CVJ_CROP_FLIP_NORMALIZE_REFORMAT_FROM(u8, uint8_t)
CVJ_CROP_FLIP_NORMALIZE_REFORMAT_FROM(u16, uint16_t)
CVJ_CROP_FLIP_NORMALIZE_REFORMAT_FROM(s16, int16_t)
CVJ_CROP_FLIP_NORMALIZE_REFORMAT_FROM(f32, float)

// ResizeCropConvertReformat: image blockIdx.z of a batched tensor, or of a varshape batch (_vs: entry blockIdx.z of
// the descriptor table srcs, packed U8 pixels of C channels, each image resized to resizeW x resizeH).
#define CVJ_RESIZE_CROP_CONVERT_REFORMAT(dn, D)                                                                   \
    extern "C" __global__ void __launch_bounds__(cvj::BLOCK) cvj_resize_crop_convert_reformat_u8_##dn(            \
        const uint8_t* src, long long sN, long long sH, long long sW, long long sC, int srcW, int srcH,           \
        uint8_t* dst, long long dN, long long dH, long long dW, long long dC, int dstW, int C, double scaleX,     \
        double scaleY, int linear, int cropX, int cropY, float scale, float offset, int order) {                  \
        int n = blockIdx.z;                                                                                       \
        cvj::resize_crop_convert_reformat<D>(src + n * sN, sH, sW, sC, srcW, srcH, dst + n * dN, dH, dW, dC,      \
                                              dstW, C, scaleX, scaleY, linear, cropX, cropY, scale, offset,       \
                                              order);                                                             \
    }                                                                                                             \
    extern "C" __global__ void __launch_bounds__(cvj::BLOCK) cvj_resize_crop_convert_reformat_vs_u8_##dn(         \
        const cvj::VarShapeImage* srcs, uint8_t* dst, long long dN, long long dH, long long dW, long long dC,    \
        int dstW, int C, int resizeW, int resizeH, int linear, int cropX, int cropY, float scale, float offset,  \
        int order) {                                                                                              \
        int n = blockIdx.z;                                                                                       \
        const cvj::VarShapeImage s = srcs[n];                                                                     \
        cvj::resize_crop_convert_reformat<D>(reinterpret_cast<const uint8_t*>(s.data), s.rowPitch, C, 1,         \
                                              s.width, s.height, dst + n * dN, dH, dW, dC, dstW, C,               \
                                              cvj::resize_scale(s.width, resizeW),                                \
                                              cvj::resize_scale(s.height, resizeH), linear, cropX, cropY, scale,  \
                                              offset, order);                                                     \
    }
CVJ_RESIZE_CROP_CONVERT_REFORMAT(u8, uint8_t)
CVJ_RESIZE_CROP_CONVERT_REFORMAT(f32, float)
CVJ_RESIZE_CROP_CONVERT_REFORMAT(f16, __half)
