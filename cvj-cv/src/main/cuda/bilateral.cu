// BilateralFilter and JointBilateralFilter: OpenCV's cv::bilateralFilter of U8 and F32 images with 1 or 3 channels,
// the colour distances taken in a guide image (src itself for BilateralFilter), one thread per pixel over the disc of
// the radius, step for step as BilateralPixels' CPU path: float weights (the colour table expf(i*i*coeff)
// built per block in shared memory, the space weight (float)exp(r*r*coeff) in double), float sums with one rounding
// per product (fma), rint(sum / wsum) for one channel and rint(sum * (1 / wsum)) for three. F32: first the image's
// range (one block per image), then OpenCV's colour table over it, its entries computed where needed, interpolated
// linearly. Explicit _rn intrinsics keep the compiler from contracting or approximating anything. Varshape batches run
// the same per-pixel device code, one launch (F32: two) for the batch, each image with its own parameters.
#include "pixels.cuh"

namespace cvj {

// U8 pixel (x, y) of the image at img (colours from gimg) into out, the colour table color[256 * C] made by
// bilateral_u8_table.
__device__ __forceinline__ void bilateral_u8_pixel(const uint8_t* __restrict__ img, long long sH, long long sW,
                                                   long long sC, const uint8_t* __restrict__ gimg, long long gH,
                                                   long long gW, long long gC, uint8_t* __restrict__ out, long long dC,
                                                   int x, int y, int W, int H, int C, int radius, int border,
                                                   float spaceCoeff, const float* color) {
    int v0[3] = {0, 0, 0};
    for (int c = 0; c < C; c++) v0[c] = gimg[y * gH + x * gW + c * gC];
    float sum[3] = {0.f, 0.f, 0.f}, wsum = 0.f;
    for (int i = -radius; i <= radius; i++) {
        const int sy = cvj::border_index(y + i, H, border);
        for (int j = -radius; j <= radius; j++) {
            const double dist = sqrt((double)i * i + (double)j * j);
            if (dist > radius) continue;
            const int sx = cvj::border_index(x + j, W, border);
            int v[3] = {0, 0, 0}, diff = 0;
            for (int c = 0; c < C; c++) {
                const bool out0 = sy < 0 || sx < 0;
                v[c] = out0 ? 0 : img[sy * sH + sx * sW + c * sC];
                diff += abs((out0 ? 0 : (int)gimg[sy * gH + sx * gW + c * gC]) - v0[c]);
            }
            const float w = __fmul_rn((float)exp(dist * dist * (double)spaceCoeff), color[diff]);
            wsum = __fadd_rn(wsum, w);
            for (int c = 0; c < C; c++) sum[c] = __fmaf_rn((float)v[c], w, sum[c]);
        }
    }
    const float inv = __fdiv_rn(1.f, wsum);
    for (int c = 0; c < C; c++) {
        const float q = C == 1 ? __fdiv_rn(sum[c], wsum) : __fmul_rn(sum[c], inv);
        out[c * dC] = (uint8_t)min(max((int)rintf(q), 0), 255);
    }
}

// The block's colour table (every thread of the block calls it, then syncs).
__device__ __forceinline__ void bilateral_u8_table(float* color, int C, float colorCoeff) {
    const int tid = threadIdx.y * blockDim.x + threadIdx.x, nt = blockDim.x * blockDim.y;
    for (int i = tid; i < 256 * C; i += nt) color[i] = (float)exp((double)__fmul_rn((float)(i * i), colorCoeff));
    __syncthreads();
}

} // namespace cvj

extern "C" __global__ void cvj_bilateral_u8(const uint8_t* __restrict__ src, long long sN, long long sH, long long sW,
                                            long long sC, const uint8_t* __restrict__ guide, long long gN,
                                            long long gH, long long gW, long long gC, uint8_t* __restrict__ dst, long long dN, long long dH,
                                            long long dW, long long dC, int W, int H, int C, int radius, int border,
                                            float colorCoeff, float spaceCoeff) {
    __shared__ float color[256 * 3];
    cvj::bilateral_u8_table(color, C, colorCoeff);
    const int x = blockIdx.x * blockDim.x + threadIdx.x, y = blockIdx.y * blockDim.y + threadIdx.y, n = blockIdx.z;
    if (x >= W || y >= H) return;
    cvj::bilateral_u8_pixel(src + n * sN, sH, sW, sC, guide + n * gN, gH, gW, gC, dst + n * dN + y * dH + x * dW, dC, x,
                            y, W, H, C, radius, border, spaceCoeff, color);
}

// Grid (1, 1, N) of 256 threads: range[2n], range[2n + 1] = the smallest and largest value of (guide) image n, NaNs left out
// (fminf / fmaxf), +inf and -inf for an image of NaNs only.
namespace cvj {
// The block's 256 threads: range[0], range[1] = the smallest and largest value of the image at img.
__device__ __forceinline__ void bilateral_range(const uint8_t* __restrict__ img, long long sH, long long sW,
                                                long long sC, int W, int H, int C, float* range) {
    __shared__ float lo[256], hi[256];
    float l = __int_as_float(0x7f800000), h = -l;
    for (long long p = threadIdx.x; p < (long long)W * H; p += 256) {
        const int y = (int)(p / W), x = (int)(p % W);
        for (int c = 0; c < C; c++) {
            const float v = *cvj::at<float>(img, y * sH + x * sW + c * sC);
            l = fminf(l, v);
            h = fmaxf(h, v);
        }
    }
    lo[threadIdx.x] = l;
    hi[threadIdx.x] = h;
    __syncthreads();
    for (int s = 128; s > 0; s >>= 1) {
        if (threadIdx.x < s) {
            lo[threadIdx.x] = fminf(lo[threadIdx.x], lo[threadIdx.x + s]);
            hi[threadIdx.x] = fmaxf(hi[threadIdx.x], hi[threadIdx.x + s]);
        }
        __syncthreads();
    }
    if (threadIdx.x == 0) {
        range[0] = lo[0];
        range[1] = hi[0];
    }
}
} // namespace cvj

extern "C" __global__ void __launch_bounds__(256) cvj_bilateral_range_f32(const uint8_t* __restrict__ src, long long sN,
                                                                         long long sH, long long sW, long long sC,
                                                                         int W, int H, int C, float* range) {
    cvj::bilateral_range(src + blockIdx.z * sN, sH, sW, sC, W, H, C, range + 2 * blockIdx.z);
}

namespace cvj {
// OpenCV's F32 colour table entry i: (float)exp(v * v * coeff) in double, v = i / scale in float.
__device__ __forceinline__ float bilateral_lut(int i, float scale, double coeff) {
    const double v = __fdiv_rn((float)i, scale);
    return (float)exp(v * v * coeff);
}
} // namespace cvj

namespace cvj {
// F32, as BilateralPixels.cpuF32: NaN neighbours (of src or guide) left out, a NaN guide centre weighs every
// neighbour's colour 1 and is not added itself; a guide's range [lo, hi] below FLT_EPSILON copies the image. Pixel
// (x, y) of the image at img (colours from gimg) into out.
__device__ __forceinline__ void bilateral_f32_pixel(const uint8_t* __restrict__ img, long long sH, long long sW,
                                                    long long sC, const uint8_t* __restrict__ gimg, long long gH,
                                                    long long gW, long long gC, uint8_t* __restrict__ out, long long dC,
                                                    int x, int y, int W, int H, int C, int radius, int border,
                                                    double colorCoeff, double spaceCoeff, float lo, float hi) {
    float v0[3] = {0.f, 0.f, 0.f}, c0[3] = {0.f, 0.f, 0.f};
    bool centreNaN = false;
    for (int c = 0; c < C; c++) {
        v0[c] = *cvj::at<float>(img, y * sH + x * sW + c * sC);
        c0[c] = *cvj::at<float>(gimg, y * gH + x * gW + c * gC);
        centreNaN |= isnan(c0[c]);
    }
    if (fabs((double)lo - (double)hi) < 1.1920928955078125e-7 /* FLT_EPSILON */) {
        for (int c = 0; c < C; c++) *cvj::at<float>(out, c * dC) = v0[c];
        return;
    }
    const int bins = 4096 * C;
    const float scale = __fdiv_rn((float)bins, __fmul_rn((float)((double)hi - (double)lo), (float)C));
    const float limit = (float)(bins + 1);
    float sum[3] = {0.f, 0.f, 0.f}, wsum = 0.f;
    for (int i = -radius; i <= radius; i++) {
        const int sy = cvj::border_index(y + i, H, border);
        for (int j = -radius; j <= radius; j++) {
            const double dist = sqrt((double)i * i + (double)j * j);
            if (dist > radius || (i == 0 && j == 0)) continue;
            const int sx = cvj::border_index(x + j, W, border);
            float v[3] = {0.f, 0.f, 0.f}, diff = 0.f;
            bool nan = false;
            for (int c = 0; c < C; c++) {
                const bool out0 = sy < 0 || sx < 0;
                v[c] = out0 ? 0.f : *cvj::at<float>(img, sy * sH + sx * sW + c * sC);
                const float gv = out0 ? 0.f : *cvj::at<float>(gimg, sy * gH + sx * gW + c * gC);
                nan |= isnan(v[c]) || isnan(gv);
                diff = __fadd_rn(diff, fabsf(__fsub_rn(gv, c0[c])));
            }
            if (nan) continue;
            float alpha = __fmul_rn(diff, scale);
            alpha = alpha < limit ? alpha : limit; // a CONSTANT border's zeros may lie outside the range
            const int idx = (int)floorf(alpha);
            const float frac = __fsub_rn(alpha, (float)idx);
            float cw = 1.f;
            if (!centreNaN) {
                const float a = cvj::bilateral_lut(idx, scale, colorCoeff), b = cvj::bilateral_lut(idx + 1, scale, colorCoeff);
                cw = __fadd_rn(a, __fmul_rn(frac, __fsub_rn(b, a)));
            }
            const float w = __fmul_rn((float)exp(dist * dist * spaceCoeff), cw);
            wsum = __fadd_rn(wsum, w);
            for (int c = 0; c < C; c++) sum[c] = __fmaf_rn(v[c], w, sum[c]);
        }
    }
    for (int c = 0; c < C; c++) {
        const float q = centreNaN ? __fdiv_rn(sum[c], wsum) : __fdiv_rn(__fadd_rn(sum[c], v0[c]), __fadd_rn(wsum, 1.f));
        *cvj::at<float>(out, c * dC) = q;
    }
}
} // namespace cvj

extern "C" __global__ void cvj_bilateral_f32(const uint8_t* __restrict__ src, long long sN, long long sH, long long sW,
                                             long long sC, const uint8_t* __restrict__ guide, long long gN,
                                             long long gH, long long gW, long long gC, uint8_t* __restrict__ dst, long long dN, long long dH,
                                             long long dW, long long dC, int W, int H, int C, int radius, int border,
                                             double colorCoeff, double spaceCoeff, const float* __restrict__ range) {
    const int x = blockIdx.x * blockDim.x + threadIdx.x, y = blockIdx.y * blockDim.y + threadIdx.y, n = blockIdx.z;
    if (x >= W || y >= H) return;
    cvj::bilateral_f32_pixel(src + n * sN, sH, sW, sC, guide + n * gN, gH, gW, gC, dst + n * dN + y * dH + x * dW, dC, x,
                             y, W, H, C, radius, border, colorCoeff, spaceCoeff, range[2 * n], range[2 * n + 1]);
}

// ---- varshape batches (BilateralPixels.batch): Launch.image over the largest image, grid z = image; image z of srcs
// filtered into image z of dsts (the same size, interleaved C channels) with the colours of image z of guides and
// its own parameters; threads past their image return (after the block's colour table).

namespace cvj {
// One image's parameters (BilateralPixels.PARAM_BYTES): the radius, the coefficients in float (U8) and double (F32).
struct BilateralImage {
    int radius;
    float colorCoeffF, spaceCoeffF;
    int pad;
    double colorCoeff, spaceCoeff;
};
static_assert(sizeof(BilateralImage) == 32, "BilateralPixels.PARAM_BYTES");
} // namespace cvj

extern "C" __global__ void cvj_bilateral_vs_u8(const cvj::VarShapeImage* __restrict__ srcs,
                                               const cvj::VarShapeImage* __restrict__ dsts,
                                               const cvj::BilateralImage* __restrict__ params,
                                               const cvj::VarShapeImage* __restrict__ guides, int C, int border) {
    __shared__ float color[256 * 3];
    const cvj::BilateralImage p = params[blockIdx.z];
    cvj::bilateral_u8_table(color, C, p.colorCoeffF);
    const cvj::VarShapeImage s = srcs[blockIdx.z];
    const int x = blockIdx.x * blockDim.x + threadIdx.x, y = blockIdx.y * blockDim.y + threadIdx.y;
    if (x >= s.width || y >= s.height) return;
    const cvj::VarShapeImage g = guides[blockIdx.z], d = dsts[blockIdx.z];
    cvj::bilateral_u8_pixel(reinterpret_cast<const uint8_t*>(s.data), s.rowPitch, C, 1,
                            reinterpret_cast<const uint8_t*>(g.data), g.rowPitch, C, 1,
                            reinterpret_cast<uint8_t*>(d.data) + y * d.rowPitch + (long long)x * C, 1, x, y, s.width,
                            s.height, C, p.radius, border, p.spaceCoeffF, color);
}

// Grid (1, 1, N) of 256 threads: range[2z], range[2z + 1] of guide image z.
extern "C" __global__ void __launch_bounds__(256) cvj_bilateral_range_vs_f32(const cvj::VarShapeImage* __restrict__ guides,
                                                                            int C, float* range) {
    const cvj::VarShapeImage g = guides[blockIdx.z];
    cvj::bilateral_range(reinterpret_cast<const uint8_t*>(g.data), g.rowPitch, 4LL * C, 4, g.width, g.height, C,
                         range + 2 * blockIdx.z);
}

extern "C" __global__ void cvj_bilateral_vs_f32(const cvj::VarShapeImage* __restrict__ srcs,
                                                const cvj::VarShapeImage* __restrict__ dsts,
                                                const cvj::BilateralImage* __restrict__ params,
                                                const cvj::VarShapeImage* __restrict__ guides,
                                                const float* __restrict__ range, int C, int border) {
    const cvj::VarShapeImage s = srcs[blockIdx.z];
    const int x = blockIdx.x * blockDim.x + threadIdx.x, y = blockIdx.y * blockDim.y + threadIdx.y;
    if (x >= s.width || y >= s.height) return;
    const cvj::VarShapeImage g = guides[blockIdx.z], d = dsts[blockIdx.z];
    const cvj::BilateralImage p = params[blockIdx.z];
    cvj::bilateral_f32_pixel(reinterpret_cast<const uint8_t*>(s.data), s.rowPitch, 4LL * C, 4,
                             reinterpret_cast<const uint8_t*>(g.data), g.rowPitch, 4LL * C, 4,
                             reinterpret_cast<uint8_t*>(d.data) + y * d.rowPitch + 4LL * x * C, 4, x, y, s.width,
                             s.height, C, p.radius, border, p.colorCoeff, p.spaceCoeff, range[2 * blockIdx.z],
                             range[2 * blockIdx.z + 1]);
}
