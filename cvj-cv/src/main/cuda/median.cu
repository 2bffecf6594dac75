// MedianBlur: OpenCV's cv::medianBlur, the median of the ksize x ksize window around each pixel, the image extended
// by BORDER_REPLICATE (clamped indices), channels independently. ksize 3 and 5 (every type) gather the window into
// registers and bubble its smallest half to the front (the same compare-swap order as MedianBlur's CPU path, so even
// NaNs and signed zeros land alike); U8 windows of any odd size bisect the value range: the median is the smallest v
// with count(window <= v) >= (ksize^2 + 1) / 2, eight counting passes over the window. A varshape batch runs the same
// per-pixel code in one launch, each image with its own ksize.
#include "pixels.cuh"

namespace cvj {

// Pixel (x, y) of the image at img (W x H) into out, all C <= 4 channels.
template <typename T, int K>
__device__ __forceinline__ void median_small_pixel(const uint8_t* __restrict__ img, long long sH, long long sW,
                                                   long long sC, uint8_t* __restrict__ out, long long dC, int x, int y,
                                                   int W, int H, int C) {
    constexpr int N = K * K, R = K / 2;
    long long rows[K], cols[K];
#pragma unroll
    for (int i = 0; i < K; i++) {
        rows[i] = min(max(y + i - R, 0), H - 1) * sH;
        cols[i] = min(max(x + i - R, 0), W - 1) * sW;
    }
    for (int c = 0; c < C; c++) {
        T v[N];
#pragma unroll
        for (int i = 0; i < K; i++)
#pragma unroll
            for (int j = 0; j < K; j++) v[i * K + j] = *at<T>(img, rows[i] + cols[j] + c * sC);
        // pass i moves the smallest of v[i..N-1] to v[i]; after pass N/2, v[N/2] is the median
#pragma unroll
        for (int i = 0; i <= N / 2; i++)
#pragma unroll
            for (int j = N - 1; j > i; j--) {
                T a = v[j - 1], b = v[j];
                bool swap = b < a;
                v[j - 1] = swap ? b : a;
                v[j] = swap ? a : b;
            }
        *at<T>(out, c * dC) = v[N / 2];
    }
}

// Grid from Launch.image: thread (x, y) of block z computes pixel (x, y) of image z, all C <= 4 channels.
template <typename T, int K>
__device__ __forceinline__ void median_small(const uint8_t* __restrict__ src, long long sN, long long sH, long long sW,
                                             long long sC, uint8_t* __restrict__ dst, long long dN, long long dH,
                                             long long dW, long long dC, int W, int H, int C) {
    int x = blockIdx.x * blockDim.x + threadIdx.x, y = blockIdx.y * blockDim.y + threadIdx.y, n = blockIdx.z;
    if (x >= W || y >= H) return;
    median_small_pixel<T, K>(src + n * sN, sH, sW, sC, dst + n * dN + y * dH + x * dW, dC, x, y, W, H, C);
}

// U8, any odd ksize up to MedianBlur.MAX_KSIZE (ksize^2 fits an int; x + ksize cannot overflow: rows are at most
// 2^31 - 65536 bytes). Pixel (x, y) of the image at img into out.
__device__ __forceinline__ void median_u8_bisect_pixel(const uint8_t* __restrict__ img, long long sH, long long sW,
                                                       long long sC, uint8_t* __restrict__ out, long long dC, int x,
                                                       int y, int W, int H, int C, int k) {
    const int r = k / 2, rank = (k * k + 1) / 2;
    for (int c = 0; c < C; c++) {
        int lo = 0, hi = 255;
        while (lo < hi) {
            int mid = (lo + hi) >> 1, count = 0;
            for (int i = -r; i <= r; i++) {
                const uint8_t* row = img + min(max(y + i, 0), H - 1) * sH + c * sC;
                for (int j = -r; j <= r; j++) count += row[min(max(x + j, 0), W - 1) * sW] <= mid;
            }
            if (count >= rank) hi = mid;
            else lo = mid + 1;
        }
        out[c * dC] = (uint8_t)lo;
    }
}

__device__ __forceinline__ void median_u8_bisect(const uint8_t* __restrict__ src, long long sN, long long sH,
                                                 long long sW, long long sC, uint8_t* __restrict__ dst, long long dN,
                                                 long long dH, long long dW, long long dC, int W, int H, int C, int k) {
    int x = blockIdx.x * blockDim.x + threadIdx.x, y = blockIdx.y * blockDim.y + threadIdx.y, n = blockIdx.z;
    if (x >= W || y >= H) return;
    median_u8_bisect_pixel(src + n * sN, sH, sW, sC, dst + n * dN + y * dH + x * dW, dC, x, y, W, H, C, k);
}

// A varshape batch (MedianBlur of an ImageBatchVarShape), Launch.image over the largest image, grid z = image: image z
// of srcs into image z of dsts (same size, interleaved C channels) with ksize ksizes[z], by the single-image choice
// (3 and 5: the register sort; larger, U8 only: the bisection).
template <typename T>
__device__ __forceinline__ void median_vs(const VarShapeImage* __restrict__ srcs, const VarShapeImage* __restrict__ dsts,
                                          const int* __restrict__ ksizes, int C) {
    const int z = blockIdx.z;
    const VarShapeImage s = srcs[z];
    int x = blockIdx.x * blockDim.x + threadIdx.x, y = blockIdx.y * blockDim.y + threadIdx.y;
    if (x >= s.width || y >= s.height) return;
    const VarShapeImage d = dsts[z];
    const uint8_t* img = reinterpret_cast<const uint8_t*>(s.data);
    const long long pw = (long long)C * sizeof(T);
    uint8_t* out = reinterpret_cast<uint8_t*>(d.data) + y * d.rowPitch + x * pw;
    const int k = ksizes[z];
    if (k == 3) median_small_pixel<T, 3>(img, s.rowPitch, pw, sizeof(T), out, sizeof(T), x, y, s.width, s.height, C);
    else if (k == 5) median_small_pixel<T, 5>(img, s.rowPitch, pw, sizeof(T), out, sizeof(T), x, y, s.width, s.height, C);
    else if constexpr (sizeof(T) == 1)
        median_u8_bisect_pixel(img, s.rowPitch, pw, 1, out, 1, x, y, s.width, s.height, C, k);
}

// Integer types, ksize 3 and 5, tiled: a block of 256 threads loads the clamped tile of its 32 x 32 outputs into
// shared memory once, each output's window goes into registers, and a selection network (below) leaves its median in
// one register: 46 min/max operations for 3x3 and 212 for 5x5, against the bubble passes' ~100 and ~300
// compare-swaps. Any network gives the same median of integers; F32 keeps the bubble passes, whose order fixes
// where NaNs and signed zeros land.
// GENERATED BEGIN
// GENERATED by tools/gen-median-network.py: X(a, b, keep_min, keep_max) per compare-exchange, then the median's register.
#define CVJ_MEDIAN9_NETWORK(X) X(0,1,1,1) X(2,3,1,1) X(4,5,1,1) X(6,7,1,1) X(0,2,1,1) X(1,3,1,1) X(4,6,1,1) X(5,7,1,1) X(1,2,1,1) X(5,6,1,1) X(0,4,1,1) X(1,5,1,1) X(2,6,1,1) X(3,7,1,1) X(2,4,1,1) X(3,5,1,1) X(1,2,1,1) X(3,4,1,1) X(5,6,1,1) X(4,8,1,0) X(4,0,0,1) X(5,1,0,1) X(6,2,1,0) X(7,3,1,0) X(6,0,0,1) X(7,1,1,0) X(7,0,0,1)
#define CVJ_MEDIAN9_AT 0
#define CVJ_MEDIAN25_NETWORK(X) X(0,1,1,1) X(2,3,1,1) X(4,5,1,1) X(6,7,1,1) X(8,9,1,1) X(10,11,1,1) X(12,13,1,1) X(14,15,1,1) X(16,17,1,1) X(18,19,1,1) X(20,21,1,1) X(22,23,1,1) X(0,2,1,1) X(1,3,1,1) X(4,6,1,1) X(5,7,1,1) X(8,10,1,1) X(9,11,1,1) X(12,14,1,1) X(13,15,1,1) X(16,18,1,1) X(17,19,1,1) X(20,22,1,1) X(21,23,1,1) X(1,2,1,1) X(5,6,1,1) X(9,10,1,1) X(13,14,1,1) X(17,18,1,1) X(21,22,1,1) X(0,4,1,1) X(1,5,1,1) X(2,6,1,1) X(3,7,1,1) X(8,12,1,1) X(9,13,1,1) X(10,14,1,1) X(11,15,1,1) X(16,20,1,1) X(17,21,1,1) X(18,22,1,1) X(19,23,1,1) X(2,4,1,1) X(3,5,1,1) X(10,12,1,1) X(11,13,1,1) X(18,20,1,1) X(19,21,1,1) X(1,2,1,1) X(3,4,1,1) X(5,6,1,1) X(9,10,1,1) X(11,12,1,1) X(13,14,1,1) X(17,18,1,1) X(19,20,1,1) X(21,22,1,1) X(0,8,1,1) X(1,9,1,1) X(2,10,1,1) X(3,11,1,1) X(4,12,1,1) X(5,13,1,1) X(6,14,1,1) X(7,15,1,1) X(20,24,1,1) X(4,8,1,1) X(5,9,1,1) X(6,10,1,1) X(7,11,1,1) X(20,16,1,1) X(21,17,1,1) X(22,18,1,1) X(23,19,1,1) X(2,4,1,1) X(3,5,1,1) X(6,8,1,1) X(7,9,1,1) X(10,12,1,1) X(11,13,1,1) X(22,16,1,1) X(23,17,1,1) X(18,24,1,1) X(1,2,1,1) X(3,4,1,1) X(5,6,1,1) X(7,8,1,1) X(9,10,1,1) X(11,12,1,1) X(13,14,1,1) X(21,22,1,1) X(23,16,1,1) X(17,18,1,1) X(19,24,1,1) X(4,20,0,1) X(5,21,0,1) X(6,22,0,1) X(7,23,0,1) X(8,16,1,0) X(9,17,1,0) X(10,18,1,0) X(11,19,1,0) X(12,24,1,0) X(8,0,0,1) X(9,1,0,1) X(10,2,0,1) X(11,3,0,1) X(12,20,1,0) X(13,21,1,0) X(14,22,1,0) X(15,23,1,0) X(12,0,0,1) X(13,1,0,1) X(14,2,1,0) X(15,3,1,0) X(14,0,0,1) X(15,1,1,0) X(15,0,0,1)
#define CVJ_MEDIAN25_AT 0
// GENERATED END

constexpr int MEDIAN_TILE = 32, MEDIAN_THREADS = 256; // MedianBlur.TILE, TILE_THREADS

#define CVJ_MEDIAN_CX(a, b, keepMin, keepMax)                                                                      \
    {                                                                                                              \
        const int lo_ = min(v[a], v[b]), hi_ = max(v[a], v[b]);                                                    \
        if (keepMin) v[a] = lo_;                                                                                   \
        if (keepMax) v[b] = hi_;                                                                                   \
    }

template <typename T, int K>
__device__ __forceinline__ void median_tile(const uint8_t* __restrict__ src, long long sN, long long sH, long long sW,
                                            long long sC, uint8_t* __restrict__ dst, long long dN, long long dH,
                                            long long dW, long long dC, int W, int H, int C) {
    extern __shared__ __align__(16) unsigned char median_smem[];
    constexpr int R = K / 2, TW = MEDIAN_TILE + K - 1;
    T* in = reinterpret_cast<T*>(median_smem); // C planes of TW x TW
    const uint8_t* img = src + blockIdx.z * sN;
    const int x0 = blockIdx.x * MEDIAN_TILE - R, y0 = blockIdx.y * MEDIAN_TILE - R;
    load_planes<T, T, MEDIAN_THREADS>(in, TW, TW, C, sC, T(0), [&](int r, int col) -> const uint8_t* {
        return img + min(max(y0 + r, 0), H - 1) * sH + min(max(x0 + col, 0), W - 1) * sW;
    });
    __syncthreads();
    const int lx = threadIdx.x % MEDIAN_TILE, x = blockIdx.x * MEDIAN_TILE + lx;
    if (x >= W) return;
    for (int ly = threadIdx.x / MEDIAN_TILE; ly < MEDIAN_TILE; ly += MEDIAN_THREADS / MEDIAN_TILE) {
        const int y = blockIdx.y * MEDIAN_TILE + ly;
        if (y >= H) return;
        uint8_t* out = dst + blockIdx.z * dN + y * dH + x * dW;
        for (int c = 0; c < C; c++) {
            const T* p = in + (c * TW + ly) * TW + lx;
            int v[K * K];
#pragma unroll
            for (int i = 0; i < K; i++)
#pragma unroll
                for (int j = 0; j < K; j++) v[i * K + j] = p[i * TW + j];
            if (K == 3) {
                CVJ_MEDIAN9_NETWORK(CVJ_MEDIAN_CX)
                *at<T>(out, c * dC) = (T)v[CVJ_MEDIAN9_AT];
            } else {
                CVJ_MEDIAN25_NETWORK(CVJ_MEDIAN_CX)
                *at<T>(out, c * dC) = (T)v[CVJ_MEDIAN25_AT];
            }
        }
    }
}

} // namespace cvj

#define CVJ_MEDIAN_TILE(k, tn, T)                                                                                  \
    extern "C" __global__ void __launch_bounds__(cvj::MEDIAN_THREADS) cvj_median_tile##k##_##tn(                   \
        const uint8_t* src, long long sN, long long sH, long long sW, long long sC, uint8_t* dst, long long dN,    \
        long long dH, long long dW, long long dC, int W, int H, int C) {                                           \
        cvj::median_tile<T, k>(src, sN, sH, sW, sC, dst, dN, dH, dW, dC, W, H, C);                                 \
    }

CVJ_MEDIAN_TILE(3, u8, uint8_t)
CVJ_MEDIAN_TILE(3, u16, uint16_t)
CVJ_MEDIAN_TILE(3, s16, int16_t)
CVJ_MEDIAN_TILE(5, u8, uint8_t)
CVJ_MEDIAN_TILE(5, u16, uint16_t)
CVJ_MEDIAN_TILE(5, s16, int16_t)

#define CVJ_MEDIAN(k, tn, T)                                                                                       \
    extern "C" __global__ void cvj_median##k##_##tn(const uint8_t* src, long long sN, long long sH, long long sW,  \
                                                    long long sC, uint8_t* dst, long long dN, long long dH,        \
                                                    long long dW, long long dC, int W, int H, int C) {             \
        cvj::median_small<T, k>(src, sN, sH, sW, sC, dst, dN, dH, dW, dC, W, H, C);                               \
    }

CVJ_MEDIAN(3, u8, uint8_t)
CVJ_MEDIAN(3, u16, uint16_t)
CVJ_MEDIAN(3, s16, int16_t)
CVJ_MEDIAN(3, f32, float)
CVJ_MEDIAN(5, u8, uint8_t)
CVJ_MEDIAN(5, u16, uint16_t)
CVJ_MEDIAN(5, s16, int16_t)
CVJ_MEDIAN(5, f32, float)

extern "C" __global__ void cvj_median_u8(const uint8_t* src, long long sN, long long sH, long long sW, long long sC,
                                         uint8_t* dst, long long dN, long long dH, long long dW, long long dC, int W,
                                         int H, int C, int k) {
    cvj::median_u8_bisect(src, sN, sH, sW, sC, dst, dN, dH, dW, dC, W, H, C, k);
}

#define CVJ_MEDIAN_VS(tn, T)                                                                                       \
    extern "C" __global__ void cvj_median_vs_##tn(const cvj::VarShapeImage* srcs, const cvj::VarShapeImage* dsts,  \
                                                  const int* ksizes, int C) {                                      \
        cvj::median_vs<T>(srcs, dsts, ksizes, C);                                                                 \
    }

CVJ_MEDIAN_VS(u8, uint8_t)
CVJ_MEDIAN_VS(u16, uint16_t)
CVJ_MEDIAN_VS(s16, int16_t)
CVJ_MEDIAN_VS(f32, float)
