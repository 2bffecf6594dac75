// Threshold: OpenCV's cv::threshold with a fixed level (BINARY, BINARY_INV, TRUNC, TOZERO, TOZERO_INV), element by
// element over any strides. Integer types compare in int against floor(thresh) and write the saturated levels the
// Java side computed (Threshold.levels); F32 compares and writes in float. The same steps as Threshold's CPU path.
#include "pixels.cuh"
#include "filter.cu" // FilterAcc, filter_out: AdaptiveThreshold's batch kernel computes the means as filter_sep

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

// The same rule over whole contiguous tensors, 16 bytes per thread (Threshold takes it when src and dst are contiguous
// alike, 16-byte aligned, and a multiple of 16 bytes long): the rule does not depend on the channel or position.
template <typename T, typename P>
__device__ __forceinline__ void threshold_flat(const uint4* __restrict__ src, uint4* __restrict__ dst, long long n16,
                                               int type, P thresh, P high, P trunc) {
    const long long i = blockIdx.x * (long long)blockDim.x + threadIdx.x;
    if (i >= n16) return;
    uint4 v = src[i];
    T* e = reinterpret_cast<T*>(&v);
#pragma unroll
    for (int k = 0; k < (int)(16 / sizeof(T)); k++) e[k] = threshold_one<T, P>(e[k], type, thresh, high, trunc);
    dst[i] = v;
}

} // namespace cvj

#define CVJ_THRESHOLD_FLAT_INT(tn, T)                                                                             \
    extern "C" __global__ void __launch_bounds__(256) cvj_threshold_flat_##tn(                                    \
        const uint4* src, uint4* dst, long long n16, int type, int thresh, int high, int trunc) {                 \
        cvj::threshold_flat<T, int>(src, dst, n16, type, thresh, high, trunc);                                     \
    }

CVJ_THRESHOLD_FLAT_INT(u8, uint8_t)
CVJ_THRESHOLD_FLAT_INT(u16, uint16_t)
CVJ_THRESHOLD_FLAT_INT(s16, int16_t)

extern "C" __global__ void __launch_bounds__(256) cvj_threshold_flat_f32(const uint4* src, uint4* dst, long long n16,
                                                                         int type, float thresh, float maxval) {
    cvj::threshold_flat<float, float>(src, dst, n16, type, thresh, maxval, thresh);
}

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

// Automatic thresholds (THRESH_OTSU, THRESH_TRIANGLE) of U8 single-channel images, in three launches: a zeroed
// histogram of 256 ints per image, the histogram (blocks in x stride over one image's rows, grid z = image,
// shared-memory atomics then one global add per bin and block), one thread per image for its level (the steps of
// Threshold.otsu / Threshold.triangle; the double operations as explicit _rn intrinsics so that nvcc fuses no
// multiply-add, as Java and OpenCV's scalar code round each one), and the rule over the pixels with that level.
namespace cvj {

constexpr int THRESH_BINS = 256;

__device__ int otsu_level(const int* h, long long total) {
    double scale = __ddiv_rn(1.0, (double)total), mu = 0;
    for (int i = 0; i < THRESH_BINS; i++) {
        mu = __dadd_rn(mu, __dmul_rn((double)i, (double)h[i]));
    }
    mu = __dmul_rn(mu, scale);
    const double eps = 1.1920928955078125e-07; // FLT_EPSILON
    double mu1 = 0, q1 = 0, max_sigma = 0;
    int max_val = 0;
    for (int i = 0; i < THRESH_BINS; i++) {
        double p = __dmul_rn((double)h[i], scale);
        mu1 = __dmul_rn(mu1, q1);
        q1 = __dadd_rn(q1, p);
        double q2 = __dsub_rn(1.0, q1);
        if (fmin(q1, q2) < eps || fmax(q1, q2) > __dsub_rn(1.0, eps)) {
            continue;
        }
        mu1 = __ddiv_rn(__dadd_rn(mu1, __dmul_rn((double)i, p)), q1);
        double mu2 = __ddiv_rn(__dsub_rn(mu, __dmul_rn(q1, mu1)), q2);
        double diff = __dsub_rn(mu1, mu2);
        double sigma = __dmul_rn(__dmul_rn(__dmul_rn(q1, q2), diff), diff);
        if (sigma > max_sigma) {
            max_sigma = sigma;
            max_val = i;
        }
    }
    return max_val;
}

// OpenCV's double sums of integer products are exact: 64-bit integers give the same comparisons.
__device__ int triangle_level(const int* h) {
    const int N = THRESH_BINS;
    int left = 0, right = 0, max_ind = 0;
    long long max = 0;
    for (int i = 0; i < N; i++) {
        if (h[i] > 0) { left = i; break; }
    }
    if (left > 0) left--;
    for (int i = N - 1; i > 0; i--) {
        if (h[i] > 0) { right = i; break; }
    }
    if (right < N - 1) right++;
    for (int i = 0; i < N; i++) {
        if (h[i] > max) { max = h[i]; max_ind = i; }
    }
    bool flipped = max_ind - left < right - max_ind;
    if (flipped) {
        left = N - 1 - right;
        max_ind = N - 1 - max_ind;
    }
    int thresh = left;
    long long b = left - max_ind, dist = 0;
    for (int i = left + 1; i <= max_ind; i++) {
        long long hi = h[flipped ? N - 1 - i : i]; // the flipped histogram, read in place
        long long d = max * i + b * hi;
        if (d > dist) { dist = d; thresh = i; }
    }
    thresh--;
    return flipped ? N - 1 - thresh : thresh;
}

} // namespace cvj

extern "C" __global__ void __launch_bounds__(256) cvj_threshold_zero_i32(int* p, long long n) {
    for (long long i = blockIdx.x * (long long)blockDim.x + threadIdx.x; i < n; i += (long long)gridDim.x * blockDim.x) {
        p[i] = 0;
    }
}

// Grid (blocks per image, 1, N) of 256 threads.
extern "C" __global__ void __launch_bounds__(256) cvj_threshold_hist_u8(const uint8_t* src, long long sN, long long sH,
                                                                        long long sW, int W, int H, int* hist) {
    __shared__ int local[cvj::THRESH_BINS];
    local[threadIdx.x] = 0;
    __syncthreads();
    const uint8_t* img = src + blockIdx.z * sN;
    for (int y = blockIdx.x; y < H; y += gridDim.x) {
        const uint8_t* row = img + y * sH;
        for (int x = threadIdx.x; x < W; x += blockDim.x) {
            atomicAdd(&local[row[x * sW]], 1);
        }
    }
    __syncthreads();
    int v = local[threadIdx.x];
    if (v != 0) {
        atomicAdd(&hist[blockIdx.z * (long long)cvj::THRESH_BINS + threadIdx.x], v);
    }
}

// Grid (1, 1, N); thread 0 of each block computes its image's level (method 0 Otsu, 1 triangle) into levels[n] and,
// when out is not null, into out at byte stride outStride.
extern "C" __global__ void cvj_threshold_level_u8(const int* hist, int method, long long total, int* levels,
                                                  uint8_t* out, long long outStride) {
    if (threadIdx.x != 0) {
        return;
    }
    const int* h = hist + blockIdx.z * (long long)cvj::THRESH_BINS;
    int level = method == 0 ? cvj::otsu_level(h, total) : cvj::triangle_level(h);
    levels[blockIdx.z] = level;
    if (out != nullptr) {
        *cvj::at<int>(out, blockIdx.z * outStride) = level;
    }
}

// The rule with image n's level: integer compare against the level, TRUNC writes the level clamped to 0..255.
extern "C" __global__ void __launch_bounds__(cvj::BLOCK) cvj_threshold_auto_u8(
    const uint8_t* src, long long sN, long long sH, long long sW, uint8_t* dst, long long dN, long long dH,
    long long dW, int W, int type, int high, const int* levels) {
    int level = levels[blockIdx.z];
    int trunc = min(max(level, 0), 255);
    cvj::threshold_strided<uint8_t, int>(src, sN, sH, sW, 1, dst, dN, dH, dW, 1, W, 1, type, level, high, trunc);
}

// AdaptiveThreshold's comparison (the means are already in dst, from the separable filter kernel of filter.cu):
// BINARY sets src - mean > -delta, BINARY_INV (inverse) src - mean <= -delta, to high, else 0; C <= 4 channels at
// byte stride sC / dC, each on its own.
extern "C" __global__ void __launch_bounds__(cvj::BLOCK) cvj_adaptive_threshold_u8(
    const uint8_t* src, long long sN, long long sH, long long sW, long long sC, uint8_t* dst, long long dN,
    long long dH, long long dW, long long dC, int W, int C, int inverse, int high, int delta) {
    int y = blockIdx.y, n = blockIdx.z;
    const uint8_t* srow = src + n * sN + y * sH;
    uint8_t* drow = dst + n * dN + y * dH;
    for (int k = 0, x = blockIdx.x * (cvj::BLOCK * cvj::PIX) + threadIdx.x; k < cvj::PIX && x < W; k++, x += cvj::BLOCK) {
        for (int c = 0; c < C; c++) {
            uint8_t* p = drow + x * dW + c * dC;
            int diff = (int)srow[x * sW + c * sC] - (int)*p;
            bool set = inverse ? diff <= -delta : diff > -delta;
            *p = set ? (uint8_t)high : (uint8_t)0;
        }
    }
}

// ---- varshape batches (Threshold's batch forms): grid z = image, each image's place and size from the descriptor
// tables (HWC, dense pixels). Image n's levels are levels[n * stride .. + 2] (stride 0: one set for all): {thresh,
// high, trunc} as ints, or for F32 {thresh, maxval, thresh} as float bits; the automatic levels are written there by
// cvj_threshold_level_vs_u8 before the rule runs.
namespace cvj {

// A level as the kernel compares in: an int as it is, a float from its bits.
__device__ __forceinline__ void level_of(int bits, int& v) { v = bits; }
__device__ __forceinline__ void level_of(int bits, float& v) { v = __int_as_float(bits); }

// Grid (widest row / (BLOCK * PIX), up to 65535 rows stepped by gridDim.y, images).
template <typename T, typename P>
__device__ __forceinline__ void threshold_varshape(const VarShapeImage* srcs, const VarShapeImage* dsts,
                                                   const int* levels, int stride, int C, int type) {
    const int n = blockIdx.z;
    const VarShapeImage d = dsts[n];
    if ((int)(blockIdx.x * (BLOCK * PIX)) >= d.width) return;
    const VarShapeImage s = srcs[n];
    const int* lv = levels + (long long)n * stride;
    P thresh, high, trunc;
    level_of(lv[0], thresh);
    level_of(lv[1], high);
    level_of(lv[2], trunc);
    const int x0 = blockIdx.x * (BLOCK * PIX) + threadIdx.x;
    const long long e = sizeof(T);
    for (int y = blockIdx.y; y < d.height; y += gridDim.y) {
        const uint8_t* srow = reinterpret_cast<const uint8_t*>(s.data) + y * s.rowPitch;
        uint8_t* drow = reinterpret_cast<uint8_t*>(d.data) + y * d.rowPitch;
        staged_pixels<T>(x0, d.width, C, [&](int x, int c) { return *at<T>(srow, (x * C + c) * e); },
                         [&](int x, int c, T v) {
                             *at<T>(drow, (x * C + c) * e) = threshold_one<T, P>(v, type, thresh, high, trunc);
                         });
    }
}

} // namespace cvj

#define CVJ_THRESHOLD_VS(tn, T, P)                                                                                  \
    extern "C" __global__ void __launch_bounds__(cvj::BLOCK) cvj_threshold_vs_##tn(                                \
        const void* srcs, const void* dsts, const int* levels, int stride, int C, int type) {                     \
        cvj::threshold_varshape<T, P>(static_cast<const cvj::VarShapeImage*>(srcs),                                \
                                      static_cast<const cvj::VarShapeImage*>(dsts), levels, stride, C, type);      \
    }

CVJ_THRESHOLD_VS(u8, uint8_t, int)
CVJ_THRESHOLD_VS(u16, uint16_t, int)
CVJ_THRESHOLD_VS(s16, int16_t, int)
CVJ_THRESHOLD_VS(f32, float, float)

// The histogram of each U8 single-channel image of a batch: grid (blocks per image, 1, N) of 256 threads, as
// cvj_threshold_hist_u8.
extern "C" __global__ void __launch_bounds__(256) cvj_threshold_hist_vs_u8(const void* srcs, int* hist) {
    __shared__ int local[cvj::THRESH_BINS];
    local[threadIdx.x] = 0;
    __syncthreads();
    const cvj::VarShapeImage s = static_cast<const cvj::VarShapeImage*>(srcs)[blockIdx.z];
    const uint8_t* img = reinterpret_cast<const uint8_t*>(s.data);
    for (int y = blockIdx.x; y < s.height; y += gridDim.x) {
        const uint8_t* row = img + y * s.rowPitch;
        for (int x = threadIdx.x; x < s.width; x += blockDim.x) {
            atomicAdd(&local[row[x]], 1);
        }
    }
    __syncthreads();
    int v = local[threadIdx.x];
    if (v != 0) {
        atomicAdd(&hist[blockIdx.z * (long long)cvj::THRESH_BINS + threadIdx.x], v);
    }
}

// Grid (1, 1, N); thread 0 of block n computes image n's level from its histogram and its own pixel count into
// levels[n * 3] (the threshold) and levels[n * 3 + 2] (TRUNC's value, the level clamped to 0..255).
extern "C" __global__ void cvj_threshold_level_vs_u8(const void* srcs, const int* hist, int method, int* levels) {
    if (threadIdx.x != 0) {
        return;
    }
    const cvj::VarShapeImage s = static_cast<const cvj::VarShapeImage*>(srcs)[blockIdx.z];
    const int* h = hist + blockIdx.z * (long long)cvj::THRESH_BINS;
    const long long total = (long long)s.width * s.height;
    int level = method == 0 ? cvj::otsu_level(h, total) : cvj::triangle_level(h);
    levels[blockIdx.z * 3LL] = level;
    levels[blockIdx.z * 3LL + 2] = min(max(level, 0), 255);
}

// AdaptiveThreshold of a varshape batch in one launch (AdaptiveThreshold.java's batch forms): each dst pixel gets its
// image's mean (filter_sep's steps for one channel: row sums of kx[i] * src, then ky[j] times each, BORDER_REPLICATE,
// the same FilterAcc and filter_out) and is compared at once. Image n's parameters are the 16 ints at
// params + n * stride (stride 0: one set for all): {taps offset (ints from params), kw, kh, ax, ay, sum mode, shift,
// inverse, high, delta, scale (double), mul (i64), filter delta (i64)}; its taps (kx then ky, float bits) at the offset.
namespace cvj {

constexpr int ADAPTIVE_PARAMS = 16; // AdaptiveThreshold.PARAM_INTS

template <int MODE>
__device__ __forceinline__ uint8_t adaptive_mean(const uint8_t* img, long long pitch, int C, int c, int W, int H, int x,
                                                 int y, const int* p, const float* kx, const float* ky) {
    using F = FilterAcc<MODE>;
    using A = typename F::A;
    const int kw = p[1], kh = p[2], ax = p[3], ay = p[4];
    A acc = A(0);
    for (int j = 0; j < kh; j++) {
        const uint8_t* row = img + border_index(y + j - ay, H, BORDER_REPLICATE) * pitch;
        A r = A(0);
        for (int i = 0; i < kw; i++)
            r = F::add(r, F::template term<uint8_t>(kx[i], row[border_index(x + i - ax, W, BORDER_REPLICATE) * C + c]));
        acc = F::add(acc, F::outer(ky[j], r));
    }
    const double scale = *reinterpret_cast<const double*>(p + 10);
    const long long mul = *reinterpret_cast<const long long*>(p + 12), delta = *reinterpret_cast<const long long*>(p + 14);
    return filter_out<uint8_t>(acc, scale, mul, delta, p[6]);
}

} // namespace cvj

// Launch.image grid over the largest image, z = image; threads past their image return.
extern "C" __global__ void __launch_bounds__(256) cvj_adaptive_threshold_vs_u8(const void* srcs, const void* dsts,
                                                                              const int* params, int stride, int C) {
    const int n = blockIdx.z;
    const cvj::VarShapeImage d = static_cast<const cvj::VarShapeImage*>(dsts)[n];
    const int x = blockIdx.x * blockDim.x + threadIdx.x, y = blockIdx.y * blockDim.y + threadIdx.y;
    if (x >= d.width || y >= d.height) return;
    const cvj::VarShapeImage s = static_cast<const cvj::VarShapeImage*>(srcs)[n];
    const int* p = params + (long long)n * stride;
    const float* kx = reinterpret_cast<const float*>(params + p[0]);
    const float* ky = kx + p[1];
    const uint8_t* img = reinterpret_cast<const uint8_t*>(s.data);
    const uint8_t* in = img + y * s.rowPitch + (long long)x * C;
    uint8_t* out = reinterpret_cast<uint8_t*>(d.data) + y * d.rowPitch + (long long)x * C;
    const int inverse = p[7], high = p[8], delta = p[9];
    for (int c = 0; c < C; c++) {
        const uint8_t mean = p[5] == cvj::SUM_INT
            ? cvj::adaptive_mean<cvj::SUM_INT>(img, s.rowPitch, C, c, s.width, s.height, x, y, p, kx, ky)
            : cvj::adaptive_mean<cvj::SUM_FLOAT>(img, s.rowPitch, C, c, s.width, s.height, x, y, p, kx, ky);
        const int diff = (int)in[c] - (int)mean;
        const bool set = inverse ? diff <= -delta : diff > -delta;
        out[c] = set ? (uint8_t)high : (uint8_t)0;
    }
}
