// BrightnessContrast: CV-CUDA's out = shift + brightness * (center + contrast * (in - center)), in float, each
// operation rounded on its own (explicit _rn intrinsics, so nvcc fuses no multiply-add and the result equals
// BrightnessContrast's CPU path bit for bit), then saturated to the dst type (round half to even). Any strides (planar
// layouts included); each image's four values come by value (one set for all) or from a device table of 4 floats per
// image.
#include "pixels.cuh"

namespace cvj {

struct BrightnessContrastArgs {
    float brightness, contrast, shift, center;
};

__device__ __forceinline__ float brightness_contrast_one(float v, const BrightnessContrastArgs& a) {
    return __fadd_rn(a.shift, __fmul_rn(a.brightness, __fadd_rn(a.center, __fmul_rn(a.contrast, __fsub_rn(v, a.center)))));
}

// Image n's values: the table's entry n when there is a table, else the by-value set.
__device__ __forceinline__ BrightnessContrastArgs brightness_contrast_args(const float* table, int n,
                                                                          BrightnessContrastArgs uniform) {
    if (table == nullptr) return uniform;
    const float* p = table + 4LL * n;
    return {p[0], p[1], p[2], p[3]};
}

// Grid (ceil(W / (BLOCK*PIX)), H, N); channels C <= 4 at byte stride sC/dC.
template <typename S, typename D>
__device__ __forceinline__ void brightness_contrast_strided(const uint8_t* __restrict__ src, long long sN, long long sH,
                                                            long long sW, long long sC, uint8_t* __restrict__ dst,
                                                            long long dN, long long dH, long long dW, long long dC,
                                                            int W, int C, const float* table,
                                                            BrightnessContrastArgs uniform) {
    const int y = blockIdx.y, n = blockIdx.z;
    const BrightnessContrastArgs a = brightness_contrast_args(table, n, uniform);
    const int x0 = blockIdx.x * (BLOCK * PIX) + threadIdx.x;
    const uint8_t* srow = src + n * sN + y * sH;
    uint8_t* drow = dst + n * dN + y * dH;
    staged_pixels<S>(x0, W, C, [&](int x, int c) { return *at<S>(srow, x * sW + c * sC); },
                     [&](int x, int c, S v) { *at<D>(drow, x * dW + c * dC) = from_f<D>(brightness_contrast_one(to_f(v), a)); });
}

// A varshape batch: varshape_pointwise with image blockIdx.z's values.
template <typename T>
__device__ __forceinline__ void brightness_contrast_varshape(const VarShapeImage* srcs, const VarShapeImage* dsts, int C,
                                                             const float* table, BrightnessContrastArgs uniform) {
    const BrightnessContrastArgs a = brightness_contrast_args(table, blockIdx.z, uniform);
    varshape_pointwise<T>(srcs, dsts, C, [&](int, T v) { return from_f<T>(brightness_contrast_one(to_f(v), a)); });
}

// Dense U8 images (dense_u8_pointwise): image blockIdx.y's values.
__device__ __forceinline__ void brightness_contrast_dense_u8(const uint8_t* src, long long sN, uint8_t* dst, long long dN,
                                                             long long count, int C, const float* table,
                                                             BrightnessContrastArgs uniform) {
    const BrightnessContrastArgs a = brightness_contrast_args(table, blockIdx.y, uniform);
    dense_u8_pointwise(src, sN, dst, dN, count, C,
                       [&](int, uint8_t v) { return from_f<uint8_t>(brightness_contrast_one(to_f(v), a)); });
}

} // namespace cvj

#define CVJ_BRIGHTNESS_CONTRAST(sn, S, dn, D)                                                                     \
    extern "C" __global__ void __launch_bounds__(cvj::BLOCK) cvj_brightness_contrast_##sn##_##dn(                  \
        const uint8_t* src, long long sN, long long sH, long long sW, long long sC, uint8_t* dst, long long dN,   \
        long long dH, long long dW, long long dC, int W, int C, const float* table, float brightness,             \
        float contrast, float shift, float center) {                                                              \
        cvj::brightness_contrast_strided<S, D>(src, sN, sH, sW, sC, dst, dN, dH, dW, dC, W, C, table,              \
                                               {brightness, contrast, shift, center});                           \
    }

#define CVJ_BRIGHTNESS_CONTRAST_TO(sn, S)                 \
    CVJ_BRIGHTNESS_CONTRAST(sn, S, u8, uint8_t)           \
    CVJ_BRIGHTNESS_CONTRAST(sn, S, u16, uint16_t)         \
    CVJ_BRIGHTNESS_CONTRAST(sn, S, s16, int16_t)          \
    CVJ_BRIGHTNESS_CONTRAST(sn, S, f32, float)

CVJ_BRIGHTNESS_CONTRAST_TO(u8, uint8_t)
CVJ_BRIGHTNESS_CONTRAST_TO(u16, uint16_t)
CVJ_BRIGHTNESS_CONTRAST_TO(s16, int16_t)
CVJ_BRIGHTNESS_CONTRAST_TO(f32, float)

#define CVJ_BRIGHTNESS_CONTRAST_VS(tn, T)                                                                         \
    extern "C" __global__ void __launch_bounds__(cvj::BLOCK) cvj_brightness_contrast_vs_##tn(                      \
        const void* srcs, const void* dsts, int C, const float* table, float brightness, float contrast,          \
        float shift, float center) {                                                                              \
        cvj::brightness_contrast_varshape<T>(static_cast<const cvj::VarShapeImage*>(srcs),                         \
                                             static_cast<const cvj::VarShapeImage*>(dsts), C, table,               \
                                             {brightness, contrast, shift, center});                               \
    }

CVJ_BRIGHTNESS_CONTRAST_VS(u8, uint8_t)
CVJ_BRIGHTNESS_CONTRAST_VS(u16, uint16_t)
CVJ_BRIGHTNESS_CONTRAST_VS(s16, int16_t)
CVJ_BRIGHTNESS_CONTRAST_VS(f32, float)

extern "C" __global__ void __launch_bounds__(cvj::DENSE_THREADS) cvj_brightness_contrast_dense_u8(
    const uint8_t* src, long long sN, uint8_t* dst, long long dN, long long count, int C, const float* table,
    float brightness, float contrast, float shift, float center) {
    cvj::brightness_contrast_dense_u8(src, sN, dst, dN, count, C, table, {brightness, contrast, shift, center});
}
