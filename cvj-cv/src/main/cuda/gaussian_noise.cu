// GaussianNoise: CV-CUDA's dst = SaturateCast(src + (mu + z * sigma)) (the multiply-add fused, as nvcc compiles
// CV-CUDA's expression; F32 clamped to [0, 1]) with z a standard normal per pixel or per element, drawn from
// Philox4x32-10 (counter_random.cuh) with the counter (x, y, c, NOISE_STREAM) and the key seed + image, so that
// GaussianNoise's CPU path draws the same numbers. Each image's mu and sigma come by value (one pair for all) or from a
// device table of 2 floats per image.
#include "pixels.cuh"
#include "counter_random.cuh"

namespace cvj {

constexpr uint32_t NOISE_STREAM = 0x4E4F4953u;

__device__ __forceinline__ float noise_normal(unsigned long long key, int x, int y, int c) {
    return philox_normal(philox4x32_10((uint32_t)x, (uint32_t)y, (uint32_t)c, NOISE_STREAM, (uint32_t)key,
                                       (uint32_t)(key >> 32)));
}

template <typename T> __device__ __forceinline__ T noise_out(float r) { return from_f<T>(r); }
template <> __device__ __forceinline__ float noise_out<float>(float r) { return r < 0.f ? 0.f : r > 1.f ? 1.f : r; }

template <typename T> __device__ __forceinline__ T noise_one(T v, float z, float mu, float sigma) {
    return noise_out<T>(__fadd_rn(to_f(v), __fmaf_rn(z, sigma, mu)));
}

// Image n's mu and sigma: the table's entry n when there is a table, else the by-value pair.
__device__ __forceinline__ float2 noise_args(const float* table, int n, float mu, float sigma) {
    if (table == nullptr) return make_float2(mu, sigma);
    return make_float2(table[2 * n], table[2 * n + 1]);
}

// One thread's PIX pixels x0, x0 + BLOCK, ... (those < W) of row y of image n; element (x, c) at sp(x, c) / dp(x, c).
template <typename T, typename Src, typename Dst>
__device__ __forceinline__ void noise_row(int x0, int W, int C, int y, int n, float2 p, int perChannel,
                                          unsigned long long seed, Src sp, Dst dp) {
    const unsigned long long key = seed + (unsigned long long)n;
#pragma unroll
    for (int k = 0; k < PIX; k++) {
        const int x = x0 + k * BLOCK;
        if (x >= W) continue;
        float z = noise_normal(key, x, y, 0);
        for (int c = 0; c < C; c++) {
            if (perChannel && c > 0) z = noise_normal(key, x, y, c);
            *dp(x, c) = noise_one<T>(*sp(x, c), z, p.x, p.y);
        }
    }
}

} // namespace cvj

// Grid (ceil(W / (BLOCK*PIX)), H, N); any byte strides (planar layouts and views).
#define CVJ_GAUSSIAN_NOISE(tn, T)                                                                                 \
    extern "C" __global__ void __launch_bounds__(cvj::BLOCK) cvj_gaussian_noise_##tn(                              \
        const uint8_t* src, long long sN, long long sH, long long sW, long long sC, uint8_t* dst, long long dN,   \
        long long dH, long long dW, long long dC, int W, int C, const float* table, float mu, float sigma,        \
        int perChannel, unsigned long long seed) {                                                                \
        const int y = blockIdx.y, n = blockIdx.z;                                                                 \
        const uint8_t* srow = src + n * sN + y * sH;                                                              \
        uint8_t* drow = dst + n * dN + y * dH;                                                                    \
        cvj::noise_row<T>(blockIdx.x * (cvj::BLOCK * cvj::PIX) + threadIdx.x, W, C, y, n,                          \
                          cvj::noise_args(table, n, mu, sigma), perChannel, seed,                                 \
                          [&](int x, int c) { return cvj::at<T>(srow, x * sW + c * sC); },                        \
                          [&](int x, int c) { return cvj::at<T>(drow, x * dW + c * dC); });                       \
    }                                                                                                             \
    extern "C" __global__ void __launch_bounds__(cvj::BLOCK) cvj_gaussian_noise_vs_##tn(                           \
        const void* srcs, const void* dsts, int C, const float* table, float mu, float sigma, int perChannel,     \
        unsigned long long seed) {                                                                                \
        const int n = blockIdx.z;                                                                                 \
        const cvj::VarShapeImage d = static_cast<const cvj::VarShapeImage*>(dsts)[n];                             \
        if ((int)(blockIdx.x * (cvj::BLOCK * cvj::PIX)) >= d.width) return;                                       \
        const cvj::VarShapeImage s = static_cast<const cvj::VarShapeImage*>(srcs)[n];                             \
        const float2 p = cvj::noise_args(table, n, mu, sigma);                                                    \
        const long long e = sizeof(T);                                                                            \
        for (int y = blockIdx.y; y < d.height; y += gridDim.y) {                                                  \
            const uint8_t* srow = reinterpret_cast<const uint8_t*>(s.data) + y * s.rowPitch;                      \
            uint8_t* drow = reinterpret_cast<uint8_t*>(d.data) + y * d.rowPitch;                                  \
            cvj::noise_row<T>(blockIdx.x * (cvj::BLOCK * cvj::PIX) + threadIdx.x, d.width, C, y, n, p, perChannel, \
                              seed, [&](int x, int c) { return cvj::at<T>(srow, (x * C + c) * e); },              \
                              [&](int x, int c) { return cvj::at<T>(drow, (x * C + c) * e); });                   \
        }                                                                                                         \
    }

CVJ_GAUSSIAN_NOISE(u8, uint8_t)
CVJ_GAUSSIAN_NOISE(u16, uint16_t)
CVJ_GAUSSIAN_NOISE(s16, int16_t)
CVJ_GAUSSIAN_NOISE(f32, float)
