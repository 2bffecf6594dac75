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

} // namespace cvj

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
