// Linear filters (FilterPixels on the Java side): the separable filter of BoxFilter, AverageBlur and GaussianBlur,
// and the general kernel of Conv2D and Laplacian (filter_2d, below). Separable, one thread per output pixel: for
// each tap row j the row sum of kx[i] * src over the taps, then ky[j] times it, pixels outside the image from the
// border rule (CONSTANT reads 0). Products and sums are rounded each step (no contraction into FMA), the same steps
// as FilterPixels' CPU path. Varshape batches (FilterVarShape): one launch, each image with its own taps and
// parameters from a device table, through the same per-pixel device functions.
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

// Where a filter's taps are: the by-value FilterTaps of a single-image launch (kx then ky, or the 2D kernel), or an
// image's taps in a batch's device table.
struct ParamTaps {
    const FilterTaps& t;
    int kw;
    __device__ __forceinline__ float x(int i) const { return t.w[i]; }
    __device__ __forceinline__ float y(int j) const { return t.w[kw + j]; }
    __device__ __forceinline__ float k(int i) const { return t.w[i]; }
};
struct TableTaps {
    const float* w;
    int kw;
    __device__ __forceinline__ float x(int i) const { return w[i]; }
    __device__ __forceinline__ float y(int j) const { return w[kw + j]; }
    __device__ __forceinline__ float k(int i) const { return w[i]; }
};

// Output pixel (x, y) of the image at img (W x H, rows sH apart) into out; C <= 4 channels at byte stride sC / dC.
template <typename T, int MODE, typename K>
__device__ __forceinline__ void filter_sep_pixel(const uint8_t* __restrict__ img, long long sH, long long sW,
                                                 long long sC, uint8_t* __restrict__ out, long long dC, int x, int y,
                                                 int W, int H, int C, int kw, int kh, int ax, int ay, int border,
                                                 double scale, long long mul, long long delta, int shift,
                                                 const K& taps) {
    using F = FilterAcc<MODE>;
    using A = typename F::A;
    A acc[4] = {A(0), A(0), A(0), A(0)};
    for (int j = 0; j < kh; j++) {
        int sy = border_index(y + j - ay, H, border);
        if (sy < 0) continue;
        const uint8_t* row = img + sy * sH;
        A r[4] = {A(0), A(0), A(0), A(0)};
        for (int i = 0; i < kw; i++) {
            int sx = border_index(x + i - ax, W, border);
            if (sx < 0) continue;
            float k = taps.x(i);
            const uint8_t* p = row + sx * sW;
#pragma unroll
            for (int c = 0; c < 4; c++)
                if (c < C) r[c] = F::add(r[c], F::template term<T>(k, *at<T>(p, c * sC)));
        }
        float k = taps.y(j);
#pragma unroll
        for (int c = 0; c < 4; c++)
            if (c < C) acc[c] = F::add(acc[c], F::outer(k, r[c]));
    }
#pragma unroll
    for (int c = 0; c < 4; c++)
        if (c < C) *at<T>(out, c * dC) = filter_out<T>(acc[c], scale, mul, delta, shift);
}

// Launch.image grid: (x, y) of image blockIdx.z; C <= 4 channels at byte stride sC / dC.
template <typename T, int MODE>
__device__ __forceinline__ void filter_sep(const uint8_t* __restrict__ src, long long sN, long long sH, long long sW,
                                           long long sC, uint8_t* __restrict__ dst, long long dN, long long dH,
                                           long long dW, long long dC, int W, int H, int C, int kw, int kh, int ax,
                                           int ay, int border, double scale, long long mul, long long delta, int shift,
                                           const FilterTaps& taps) {
    int x = blockIdx.x * blockDim.x + threadIdx.x, y = blockIdx.y * blockDim.y + threadIdx.y, n = blockIdx.z;
    if (x >= W || y >= H) return;
    filter_sep_pixel<T, MODE>(src + n * sN, sH, sW, sC, dst + n * dN + y * dH + x * dW, dC, x, y, W, H, C, kw, kh, ax,
                              ay, border, scale, mul, delta, shift, ParamTaps{taps, kw});
}

// The general kernel (filter2D): delta, then fma(k, pixel, sum) over the nonzero taps in row-major order (the fused
// steps of OpenCV's vector code); CONSTANT borders read 0. S is the source type, D the destination's. Output pixel
// (x, y) of the image at img into out.
template <typename S, typename D, typename K>
__device__ __forceinline__ void filter_2d_pixel(const uint8_t* __restrict__ img, long long sH, long long sW,
                                                long long sC, uint8_t* __restrict__ out, long long dC, int x, int y,
                                                int W, int H, int C, int kw, int kh, int ax, int ay, int border,
                                                float delta, const K& taps) {
    float acc[4] = {delta, delta, delta, delta};
    for (int j = 0; j < kh; j++) {
        int sy = border_index(y + j - ay, H, border);
        for (int i = 0; i < kw; i++) {
            float k = taps.k(j * kw + i);
            if (k == 0.f) continue;
            int sx = border_index(x + i - ax, W, border);
            const uint8_t* p = sy < 0 || sx < 0 ? nullptr : img + sy * sH + sx * sW;
#pragma unroll
            for (int c = 0; c < 4; c++)
                if (c < C) acc[c] = __fmaf_rn(k, p ? to_f(*at<S>(p, c * sC)) : 0.f, acc[c]);
        }
    }
#pragma unroll
    for (int c = 0; c < 4; c++)
        if (c < C) *at<D>(out, c * dC) = from_f<D>(acc[c]);
}

template <typename S, typename D>
__device__ __forceinline__ void filter_2d(const uint8_t* __restrict__ src, long long sN, long long sH, long long sW,
                                          long long sC, uint8_t* __restrict__ dst, long long dN, long long dH,
                                          long long dW, long long dC, int W, int H, int C, int kw, int kh, int ax,
                                          int ay, int border, float delta, const FilterTaps& taps) {
    int x = blockIdx.x * blockDim.x + threadIdx.x, y = blockIdx.y * blockDim.y + threadIdx.y, n = blockIdx.z;
    if (x >= W || y >= H) return;
    filter_2d_pixel<S, D>(src + n * sN, sH, sW, sC, dst + n * dN + y * dH + x * dW, dC, x, y, W, H, C, kw, kh, ax, ay,
                          border, delta, ParamTaps{taps, kw});
}

// One image's filter in a batch's parameter table (FilterVarShape.PARAM_BYTES on the Java side): the kernel size, the
// anchor, where its taps start in the tap table (floats), and the output step of the separable filter (shift, scale,
// mul, delta) or the general kernel's starting value (delta2d).
struct FilterImage {
    int kw, kh, ax, ay, taps, shift;
    double scale;
    long long mul, delta;
    float delta2d;
    int pad[3];
};
static_assert(sizeof(FilterImage) == 64, "FilterVarShape.PARAM_BYTES");

// A varshape batch, Launch.image over the largest image, grid z = image: image z of srcs into image z of dsts (the
// same size; interleaved pixels of C channels), with its own parameters and taps.
template <typename S, typename D, int MODE>
__device__ __forceinline__ void filter_vs(const VarShapeImage* __restrict__ srcs, const VarShapeImage* __restrict__ dsts,
                                          const FilterImage* __restrict__ params, const float* __restrict__ taps, int C,
                                          int border) {
    const int z = blockIdx.z;
    const VarShapeImage s = srcs[z];
    int x = blockIdx.x * blockDim.x + threadIdx.x, y = blockIdx.y * blockDim.y + threadIdx.y;
    if (x >= s.width || y >= s.height) return;
    const VarShapeImage d = dsts[z];
    const FilterImage p = params[z];
    const uint8_t* img = reinterpret_cast<const uint8_t*>(s.data);
    uint8_t* out = reinterpret_cast<uint8_t*>(d.data) + y * d.rowPitch + x * (long long)(C * sizeof(D));
    TableTaps k{taps + p.taps, p.kw};
    if constexpr (MODE < 0)
        filter_2d_pixel<S, D>(img, s.rowPitch, C * sizeof(S), sizeof(S), out, sizeof(D), x, y, s.width, s.height, C,
                              p.kw, p.kh, p.ax, p.ay, border, p.delta2d, k);
    else
        filter_sep_pixel<S, MODE>(img, s.rowPitch, C * sizeof(S), sizeof(S), out, sizeof(D), x,
                                  y, s.width, s.height, C, p.kw, p.kh, p.ax, p.ay, border, p.scale, p.mul, p.delta,
                                  p.shift, k);
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

// The (accumulation, type) pairs of the separable kernels, single-image and varshape.
#define CVJ_FILTER_SEP_KINDS(X)                                                                                    \
    X(int, cvj::SUM_INT, u8, uint8_t)                                                                              \
    X(int, cvj::SUM_INT, u16, uint16_t)                                                                            \
    X(int, cvj::SUM_INT, s16, int16_t)                                                                             \
    X(double, cvj::SUM_DOUBLE, f32, float)                                                                         \
    X(float, cvj::SUM_FLOAT, u8, uint8_t)                                                                          \
    X(float, cvj::SUM_FLOAT, u16, uint16_t)                                                                        \
    X(float, cvj::SUM_FLOAT, s16, int16_t)                                                                         \
    X(float, cvj::SUM_FLOAT, f32, float)

CVJ_FILTER_SEP_KINDS(CVJ_FILTER_SEP)

#define CVJ_FILTER_2D(sn, S, dn, D)                                                                                \
    extern "C" __global__ void cvj_filter_2d_##sn##_##dn(                                                          \
        const uint8_t* src, long long sN, long long sH, long long sW, long long sC, uint8_t* dst, long long dN,    \
        long long dH, long long dW, long long dC, int W, int H, int C, int kw, int kh, int ax, int ay, int border,  \
        float delta, const cvj::FilterTaps taps) {                                                                 \
        cvj::filter_2d<S, D>(src, sN, sH, sW, sC, dst, dN, dH, dW, dC, W, H, C, kw, kh, ax, ay, border, delta,     \
                             taps);                                                                                \
    }

// The (source, destination) type pairs of the general kernel, single-image and varshape.
#define CVJ_FILTER_2D_KINDS(X)                                                                                     \
    X(u8, uint8_t, u8, uint8_t)                                                                                    \
    X(u8, uint8_t, s16, int16_t)                                                                                   \
    X(u8, uint8_t, f32, float)                                                                                     \
    X(u16, uint16_t, u16, uint16_t)                                                                                \
    X(u16, uint16_t, f32, float)                                                                                   \
    X(s16, int16_t, s16, int16_t)                                                                                  \
    X(s16, int16_t, f32, float)                                                                                    \
    X(f32, float, f32, float)

CVJ_FILTER_2D_KINDS(CVJ_FILTER_2D)

#define CVJ_FILTER_SEP_VS(mode, MODE, tn, T)                                                                       \
    extern "C" __global__ void cvj_filter_sep_vs_##mode##_##tn(const cvj::VarShapeImage* srcs,                     \
                                                               const cvj::VarShapeImage* dsts,                     \
                                                               const cvj::FilterImage* params, const float* taps,  \
                                                               int C, int border) {                                \
        cvj::filter_vs<T, T, MODE>(srcs, dsts, params, taps, C, border);                                          \
    }

CVJ_FILTER_SEP_KINDS(CVJ_FILTER_SEP_VS)

#define CVJ_FILTER_2D_VS(sn, S, dn, D)                                                                             \
    extern "C" __global__ void cvj_filter_2d_vs_##sn##_##dn(const cvj::VarShapeImage* srcs,                        \
                                                            const cvj::VarShapeImage* dsts,                        \
                                                            const cvj::FilterImage* params, const float* taps,     \
                                                            int C, int border) {                                   \
        cvj::filter_vs<S, D, -1>(srcs, dsts, params, taps, C, border);                                            \
    }

CVJ_FILTER_2D_KINDS(CVJ_FILTER_2D_VS)
