// Linear filters (FilterPixels on the Java side): the separable filter of BoxFilter, AverageBlur and GaussianBlur,
// and the general kernel of Conv2D and Laplacian (filter_2d, below). Separable, one thread per output pixel: for
// each tap row j the row sum of kx[i] * src over the taps, then ky[j] times it, pixels outside the image from the
// border rule (CONSTANT reads 0). Products and sums are rounded each step (no contraction into FMA), the same steps
// as FilterPixels' CPU path.
#pragma once // threshold.cu includes this file for AdaptiveThreshold's batch kernel
#include "pixels.cuh"

namespace cvj {

constexpr int FILTER_MAX_TAPS = 4096; // FilterPixels.MAX_TAPS: kx then ky

struct FilterTaps {
    float w[FILTER_MAX_TAPS];
};

enum : int { SUM_INT = 0, SUM_DOUBLE = 1, SUM_FLOAT = 2 };

template <int MODE> struct FilterAcc;
template <> struct FilterAcc<SUM_INT> {
    using A = long long;
    template <typename T> static __device__ __forceinline__ A term(float k, T v) { return (long long)k * (long long)v; }
    static __device__ __forceinline__ A outer(float k, A r) { return (long long)k * r; }
    static __device__ __forceinline__ A add(A a, A b) { return a + b; }
};
template <> struct FilterAcc<SUM_DOUBLE> {
    using A = double;
    template <typename T> static __device__ __forceinline__ A term(float k, T v) { return __dmul_rn((double)k, (double)to_f(v)); }
    static __device__ __forceinline__ A outer(float k, A r) { return __dmul_rn((double)k, r); }
    static __device__ __forceinline__ A add(A a, A b) { return __dadd_rn(a, b); }
};
template <> struct FilterAcc<SUM_FLOAT> {
    using A = float;
    template <typename T> static __device__ __forceinline__ A term(float k, T v) { return __fmul_rn(k, to_f(v)); }
    static __device__ __forceinline__ A outer(float k, A r) { return __fmul_rn(k, r); }
    static __device__ __forceinline__ A add(A a, A b) { return __fadd_rn(a, b); }
};

template <typename T> __device__ __forceinline__ T from_ll(long long v);
template <> __device__ __forceinline__ uint8_t from_ll<uint8_t>(long long v) { return (uint8_t)min(max(v, 0LL), 255LL); }
template <> __device__ __forceinline__ uint16_t from_ll<uint16_t>(long long v) { return (uint16_t)min(max(v, 0LL), 65535LL); }
template <> __device__ __forceinline__ int16_t from_ll<int16_t>(long long v) { return (int16_t)min(max(v, -32768LL), 32767LL); }
template <> __device__ __forceinline__ float from_ll<float>(long long v) { return (float)v; }

template <typename T>
__device__ __forceinline__ T filter_out(long long acc, double scale, long long mul, long long delta, int shift) {
    if (shift > 0) return from_ll<T>((acc + delta) * mul >> shift);
    return from_f<T>(__fmul_rn(__ll2float_rn(acc), __double2float_rn(scale)));
}
template <typename T> __device__ __forceinline__ T filter_out(double acc, double scale, long long, long long, int) {
    return from_f<T>(__double2float_rn(__dmul_rn(acc, scale)));
}
template <typename T> __device__ __forceinline__ T filter_out(float acc, double, long long, long long, int) { return from_f<T>(acc); }

// Launch.image grid: (x, y) of image blockIdx.z; C <= 4 channels at byte stride sC / dC.
template <typename T, int MODE>
__device__ __forceinline__ void filter_sep(const uint8_t* __restrict__ src, long long sN, long long sH, long long sW,
                                           long long sC, uint8_t* __restrict__ dst, long long dN, long long dH,
                                           long long dW, long long dC, int W, int H, int C, int kw, int kh, int ax,
                                           int ay, int border, double scale, long long mul, long long delta, int shift,
                                           const FilterTaps& taps) {
    using F = FilterAcc<MODE>;
    using A = typename F::A;
    int x = blockIdx.x * blockDim.x + threadIdx.x, y = blockIdx.y * blockDim.y + threadIdx.y, n = blockIdx.z;
    if (x >= W || y >= H) return;
    const uint8_t* img = src + n * sN;
    A acc[4] = {A(0), A(0), A(0), A(0)};
    for (int j = 0; j < kh; j++) {
        int sy = border_index(y + j - ay, H, border);
        if (sy < 0) continue;
        const uint8_t* row = img + sy * sH;
        A r[4] = {A(0), A(0), A(0), A(0)};
        for (int i = 0; i < kw; i++) {
            int sx = border_index(x + i - ax, W, border);
            if (sx < 0) continue;
            float k = taps.w[i];
            const uint8_t* p = row + sx * sW;
#pragma unroll
            for (int c = 0; c < 4; c++)
                if (c < C) r[c] = F::add(r[c], F::template term<T>(k, *at<T>(p, c * sC)));
        }
        float k = taps.w[kw + j];
#pragma unroll
        for (int c = 0; c < 4; c++)
            if (c < C) acc[c] = F::add(acc[c], F::outer(k, r[c]));
    }
    uint8_t* out = dst + n * dN + y * dH + x * dW;
#pragma unroll
    for (int c = 0; c < 4; c++)
        if (c < C) *at<T>(out, c * dC) = filter_out<T>(acc[c], scale, mul, delta, shift);
}

// The general kernel (filter2D): delta, then fma(k, pixel, sum) over the nonzero taps in row-major order (the fused
// steps of OpenCV's vector code); CONSTANT borders read 0. S is the source type, D the destination's.
template <typename S, typename D>
__device__ __forceinline__ void filter_2d(const uint8_t* __restrict__ src, long long sN, long long sH, long long sW,
                                          long long sC, uint8_t* __restrict__ dst, long long dN, long long dH,
                                          long long dW, long long dC, int W, int H, int C, int kw, int kh, int ax,
                                          int ay, int border, float delta, const FilterTaps& taps) {
    int x = blockIdx.x * blockDim.x + threadIdx.x, y = blockIdx.y * blockDim.y + threadIdx.y, n = blockIdx.z;
    if (x >= W || y >= H) return;
    const uint8_t* img = src + n * sN;
    float acc[4] = {delta, delta, delta, delta};
    for (int j = 0; j < kh; j++) {
        int sy = border_index(y + j - ay, H, border);
        for (int i = 0; i < kw; i++) {
            float k = taps.w[j * kw + i];
            if (k == 0.f) continue;
            int sx = border_index(x + i - ax, W, border);
            const uint8_t* p = sy < 0 || sx < 0 ? nullptr : img + sy * sH + sx * sW;
#pragma unroll
            for (int c = 0; c < 4; c++)
                if (c < C) acc[c] = __fmaf_rn(k, p ? to_f(*at<S>(p, c * sC)) : 0.f, acc[c]);
        }
    }
    uint8_t* out = dst + n * dN + y * dH + x * dW;
#pragma unroll
    for (int c = 0; c < 4; c++)
        if (c < C) *at<D>(out, c * dC) = from_f<D>(acc[c]);
}

} // namespace cvj

#define CVJ_FILTER_SEP(mode, MODE, tn, T)                                                                          \
    extern "C" __global__ void cvj_filter_sep_##mode##_##tn(                                                       \
        const uint8_t* src, long long sN, long long sH, long long sW, long long sC, uint8_t* dst, long long dN,    \
        long long dH, long long dW, long long dC, int W, int H, int C, int kw, int kh, int ax, int ay, int border,  \
        double scale, long long mul, long long delta, int shift, const cvj::FilterTaps taps) {                     \
        cvj::filter_sep<T, MODE>(src, sN, sH, sW, sC, dst, dN, dH, dW, dC, W, H, C, kw, kh, ax, ay, border, scale,  \
                                 mul, delta, shift, taps);                                                         \
    }

CVJ_FILTER_SEP(int, cvj::SUM_INT, u8, uint8_t)
CVJ_FILTER_SEP(int, cvj::SUM_INT, u16, uint16_t)
CVJ_FILTER_SEP(int, cvj::SUM_INT, s16, int16_t)
CVJ_FILTER_SEP(double, cvj::SUM_DOUBLE, f32, float)
CVJ_FILTER_SEP(float, cvj::SUM_FLOAT, u8, uint8_t)
CVJ_FILTER_SEP(float, cvj::SUM_FLOAT, u16, uint16_t)
CVJ_FILTER_SEP(float, cvj::SUM_FLOAT, s16, int16_t)
CVJ_FILTER_SEP(float, cvj::SUM_FLOAT, f32, float)

#define CVJ_FILTER_2D(sn, S, dn, D)                                                                                \
    extern "C" __global__ void cvj_filter_2d_##sn##_##dn(                                                          \
        const uint8_t* src, long long sN, long long sH, long long sW, long long sC, uint8_t* dst, long long dN,    \
        long long dH, long long dW, long long dC, int W, int H, int C, int kw, int kh, int ax, int ay, int border,  \
        float delta, const cvj::FilterTaps taps) {                                                                 \
        cvj::filter_2d<S, D>(src, sN, sH, sW, sC, dst, dN, dH, dW, dC, W, H, C, kw, kh, ax, ay, border, delta,     \
                             taps);                                                                                \
    }

CVJ_FILTER_2D(u8, uint8_t, u8, uint8_t)
CVJ_FILTER_2D(u8, uint8_t, s16, int16_t)
CVJ_FILTER_2D(u8, uint8_t, f32, float)
CVJ_FILTER_2D(u16, uint16_t, u16, uint16_t)
CVJ_FILTER_2D(u16, uint16_t, f32, float)
CVJ_FILTER_2D(s16, int16_t, s16, int16_t)
CVJ_FILTER_2D(s16, int16_t, f32, float)
CVJ_FILTER_2D(f32, float, f32, float)
