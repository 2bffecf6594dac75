// Threshold: OpenCV's cv::threshold with a fixed level (BINARY, BINARY_INV, TRUNC, TOZERO, TOZERO_INV), element by
// element over any strides. Integer types compare in int against floor(thresh) and write the saturated levels the
// Java side computed (Threshold.levels); F32 compares and writes in float. The same steps as Threshold's CPU path.
#include "pixels.cuh"

namespace cvj {

enum : int { THRESH_BINARY = 0, THRESH_BINARY_INV = 1, THRESH_TRUNC = 2, THRESH_TOZERO = 3, THRESH_TOZERO_INV = 4 };

// P is the type compared in (int for integer images, float for F32).
template <typename T, typename P>
__device__ __forceinline__ T threshold_one(T v, int type, P thresh, P high, P trunc) {
    bool above = (P)v > thresh;
    switch (type) {
    case THRESH_BINARY: return above ? (T)high : (T)0;
    case THRESH_BINARY_INV: return above ? (T)0 : (T)high;
    case THRESH_TRUNC: return above ? (T)trunc : v;
    case THRESH_TOZERO: return above ? v : (T)0;
    default: return above ? (T)0 : v;
    }
}

// Grid (ceil(W / (BLOCK*PIX)), H, N); channels C <= 4 at byte stride sC/dC (planar layouts included).
template <typename T, typename P>
__device__ __forceinline__ void threshold_strided(const uint8_t* __restrict__ src, long long sN, long long sH,
                                                  long long sW, long long sC, uint8_t* __restrict__ dst, long long dN,
                                                  long long dH, long long dW, long long dC, int W, int C, int type,
                                                  P thresh, P high, P trunc) {
    int y = blockIdx.y, n = blockIdx.z;
    int x0 = blockIdx.x * (BLOCK * PIX) + threadIdx.x;
    const uint8_t* srow = src + n * sN + y * sH;
    uint8_t* drow = dst + n * dN + y * dH;
    staged_pixels<T>(x0, W, C, [&](int x, int c) { return *at<T>(srow, x * sW + c * sC); },
                     [&](int x, int c, T v) { *at<T>(drow, x * dW + c * dC) = threshold_one<T, P>(v, type, thresh, high, trunc); });
}

} // namespace cvj

#define CVJ_THRESHOLD_INT(tn, T)                                                                                  \
    extern "C" __global__ void __launch_bounds__(cvj::BLOCK) cvj_threshold_##tn(                                  \
        const uint8_t* src, long long sN, long long sH, long long sW, long long sC, uint8_t* dst, long long dN,   \
        long long dH, long long dW, long long dC, int W, int C, int type, int thresh, int high, int trunc) {      \
        cvj::threshold_strided<T, int>(src, sN, sH, sW, sC, dst, dN, dH, dW, dC, W, C, type, thresh, high, trunc); \
    }

CVJ_THRESHOLD_INT(u8, uint8_t)
CVJ_THRESHOLD_INT(u16, uint16_t)
CVJ_THRESHOLD_INT(s16, int16_t)

extern "C" __global__ void __launch_bounds__(cvj::BLOCK) cvj_threshold_f32(
    const uint8_t* src, long long sN, long long sH, long long sW, long long sC, uint8_t* dst, long long dN,
    long long dH, long long dW, long long dC, int W, int C, int type, float thresh, float maxval) {
    cvj::threshold_strided<float, float>(src, sN, sH, sW, sC, dst, dN, dH, dW, dC, W, C, type, thresh, maxval, thresh);
}
