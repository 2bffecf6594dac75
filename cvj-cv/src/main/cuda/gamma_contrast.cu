// GammaContrast: CV-CUDA's gamma per image and channel. Integer types: saturate(powf(v / 255, gamma) * 255), the
// division and product rounded on their own (_rn, no fused multiply-add), 255 for every integer type as CV-CUDA;
// F32: powf(v, gamma) clamped to [0, 1] (NaN stays NaN). powf is CUDA's (at most 2 ulp from the exact power), so
// integer results may differ from GammaContrast's CPU path (Java's Math.pow rounded to float) by 1, F32 by a few ulp.
// Any strides (planar layouts included); the gamma comes by value (one for all) or from a device table of C floats
// per image.
#include "pixels.cuh"

namespace cvj {

template <typename T> __device__ __forceinline__ T gamma_one(T v, float g) {
    return from_f<T>(__fmul_rn(powf(__fdiv_rn(to_f(v), 255.f), g), 255.f));
}
template <> __device__ __forceinline__ float gamma_one<float>(float v, float g) {
    const float r = powf(v, g);
    return r < 0.f ? 0.f : (r > 1.f ? 1.f : r);
}

// Channel c of image n's gamma: the table's entry n * C + c when there is a table, else the by-value gamma.
__device__ __forceinline__ float gamma_of(const float* table, int n, int C, int c, float uniform) {
    return table == nullptr ? uniform : table[(long long)n * C + c];
}

// Grid (ceil(W / (BLOCK*PIX)), H, N); channels C <= 4 at byte stride sC/dC.
template <typename T>
__device__ __forceinline__ void gamma_strided(const uint8_t* __restrict__ src, long long sN, long long sH, long long sW,
                                              long long sC, uint8_t* __restrict__ dst, long long dN, long long dH,
                                              long long dW, long long dC, int W, int C, const float* table,
                                              float uniform) {
    const int y = blockIdx.y, n = blockIdx.z;
    float g[4];
#pragma unroll
    for (int c = 0; c < 4; c++) g[c] = c < C ? gamma_of(table, n, C, c, uniform) : 1.f;
    const int x0 = blockIdx.x * (BLOCK * PIX) + threadIdx.x;
    const uint8_t* srow = src + n * sN + y * sH;
    uint8_t* drow = dst + n * dN + y * dH;
    staged_pixels<T>(x0, W, C, [&](int x, int c) { return *at<T>(srow, x * sW + c * sC); },
                     [&](int x, int c, T v) { *at<T>(drow, x * dW + c * dC) = gamma_one<T>(v, g[c]); });
}

// A varshape batch: varshape_pointwise with image blockIdx.z's gammas.
template <typename T>
__device__ __forceinline__ void gamma_varshape(const VarShapeImage* srcs, const VarShapeImage* dsts, int C,
                                               const float* table, float uniform) {
    float g[4];
#pragma unroll
    for (int c = 0; c < 4; c++) g[c] = c < C ? gamma_of(table, blockIdx.z, C, c, uniform) : 1.f;
    varshape_pointwise<T>(srcs, dsts, C, [&](int c, T v) { return gamma_one<T>(v, g[c]); });
}

// Dense U8 images (dense_u8_pointwise) through a table of image blockIdx.y's 256 results per channel, made in shared
// memory by the block with gamma_one (the same values as the per-element path), so the powf runs 256 x C times a block.
__device__ __forceinline__ void gamma_dense_u8(const uint8_t* src, long long sN, uint8_t* dst, long long dN,
                                               long long count, int C, const float* table, float uniform) {
    __shared__ uint8_t lut[4][256];
    for (int i = threadIdx.x; i < 256 * C; i += DENSE_THREADS) {
        const int c = i >> 8;
        lut[c][i & 255] = gamma_one<uint8_t>((uint8_t)(i & 255), gamma_of(table, blockIdx.y, C, c, uniform));
    }
    __syncthreads();
    dense_u8_pointwise(src, sN, dst, dN, count, C, [&](int c, uint8_t v) { return lut[c][v]; });
}

} // namespace cvj

#define CVJ_GAMMA_CONTRAST(tn, T)                                                                                 \
    extern "C" __global__ void __launch_bounds__(cvj::BLOCK) cvj_gamma_contrast_##tn(                              \
        const uint8_t* src, long long sN, long long sH, long long sW, long long sC, uint8_t* dst, long long dN,   \
        long long dH, long long dW, long long dC, int W, int C, const float* table, float gamma) {                \
        cvj::gamma_strided<T>(src, sN, sH, sW, sC, dst, dN, dH, dW, dC, W, C, table, gamma);                       \
    }                                                                                                             \
    extern "C" __global__ void __launch_bounds__(cvj::BLOCK) cvj_gamma_contrast_vs_##tn(                           \
        const void* srcs, const void* dsts, int C, const float* table, float gamma) {                             \
        cvj::gamma_varshape<T>(static_cast<const cvj::VarShapeImage*>(srcs),                                       \
                               static_cast<const cvj::VarShapeImage*>(dsts), C, table, gamma);                    \
    }

CVJ_GAMMA_CONTRAST(u8, uint8_t)
CVJ_GAMMA_CONTRAST(u16, uint16_t)
CVJ_GAMMA_CONTRAST(s16, int16_t)
CVJ_GAMMA_CONTRAST(f32, float)

extern "C" __global__ void __launch_bounds__(cvj::DENSE_THREADS) cvj_gamma_contrast_dense_u8(
    const uint8_t* src, long long sN, uint8_t* dst, long long dN, long long count, int C, const float* table,
    float gamma) {
    cvj::gamma_dense_u8(src, sN, dst, dN, count, C, table, gamma);
}
