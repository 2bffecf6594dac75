// Resize: OpenCV 4.x cv::resize semantics (NEAREST, LINEAR, CUBIC, AREA), bit-compatible with the CPU path
// (dev.cvj.ops.internal.ResizeCpu). Coefficients are computed per thread with explicitly rounded
// intrinsics (__fmul_rn, __dadd_rn, ...) so that no FMA contraction changes a bit against the CPU.
// Images: interleaved pixels (channel stride = element size, pixel stride = CN elements), rows and images
// addressed by byte strides; grid x covers groups of PX output pixels, y the rows, z the images.
#include "common.cuh"

namespace cvj_resize {

template <typename T> struct Px;
template <> struct Px<uint8_t> {
    static constexpr bool fixed = true;
    __device__ static float f(uint8_t v) { return (float)v; }
    __device__ static uint8_t fromFloat(float v) { int i = __float2int_rn(v); return (uint8_t)min(max(i, 0), 255); }
    __device__ static uint8_t fromInt(int i) { return (uint8_t)min(max(i, 0), 255); }
};
template <> struct Px<uint16_t> {
    static constexpr bool fixed = false;
    __device__ static float f(uint16_t v) { return (float)v; }
    __device__ static uint16_t fromFloat(float v) { int i = __float2int_rn(v); return (uint16_t)min(max(i, 0), 65535); }
    __device__ static uint16_t fromInt(int i) { return (uint16_t)min(max(i, 0), 65535); }
};
template <> struct Px<int16_t> {
    static constexpr bool fixed = false;
    __device__ static float f(int16_t v) { return (float)v; }
    __device__ static int16_t fromFloat(float v) { int i = __float2int_rn(v); return (int16_t)min(max(i, -32768), 32767); }
    __device__ static int16_t fromInt(int i) { return (int16_t)min(max(i, -32768), 32767); }
};
template <> struct Px<float> {
    static constexpr bool fixed = false;
    __device__ static float f(float v) { return v; }
    __device__ static float fromFloat(float v) { return v; }
    __device__ static float fromInt(int i) { return (float)i; }
};
template <> struct Px<__half> {
    static constexpr bool fixed = false;
    __device__ static float f(__half v) { return __half2float(v); }
    __device__ static __half fromFloat(float v) { return __float2half_rn(v); }
    __device__ static __half fromInt(int i) { return __float2half_rn((float)i); }
};

enum Mode { LINEAR = 0, CUBIC = 1, AREA_UP = 2 };

// OpenCV's source coordinate of output d: integer part s and float fraction f.
__device__ __forceinline__ void coord(int d, double scale, double inv, int mode, int& s, float& f) {
    if (mode != AREA_UP) {
        f = (float)__dadd_rn(__dmul_rn((double)d + 0.5, scale), -0.5);
        s = (int)floorf(f);
        f = __fsub_rn(f, (float)s);
    } else {
        s = (int)floor(__dmul_rn((double)d, scale));
        f = (float)__dsub_rn((double)(d + 1), __dmul_rn((double)(s + 1), inv));
        f = f <= 0.f ? 0.f : __fsub_rn(f, floorf(f));
    }
}

// OpenCV's interpolateCubic (A = -0.75) without contraction.
__device__ __forceinline__ void cubic(float x, float c[4]) {
    const float A = -0.75f;
    float x1 = __fadd_rn(x, 1.f);
    c[0] = __fsub_rn(__fmul_rn(__fadd_rn(__fmul_rn(__fsub_rn(__fmul_rn(A, x1), 5.f * A), x1), 8.f * A), x1), 4.f * A);
    c[1] = __fadd_rn(__fmul_rn(__fmul_rn(__fsub_rn(__fmul_rn(A + 2.f, x), A + 3.f), x), x), 1.f);
    float y = __fsub_rn(1.f, x);
    c[2] = __fadd_rn(__fmul_rn(__fmul_rn(__fsub_rn(__fmul_rn(A + 2.f, y), A + 3.f), y), y), 1.f);
    c[3] = __fsub_rn(__fsub_rn(__fsub_rn(1.f, c[0]), c[1]), c[2]);
}

// First tap and K weights of output d along one axis (clampX: OpenCV's x-axis clamping of LINEAR/AREA_UP).
template <int K>
__device__ __forceinline__ int taps(int d, int ssize, double scale, double inv, int mode, bool clampX, float w[K]) {
    int s;
    float f;
    coord(d, scale, inv, mode, s, f);
    if (K == 2) {
        if (clampX) {
            if (s < 0) { s = 0; f = 0.f; }
            if (s >= ssize - 1) { s = ssize - 1; f = 0.f; }
        }
        w[0] = __fsub_rn(1.f, f);
        w[1] = f;
        return s;
    } else {
        cubic(f, w);
        return s - 1;
    }
}

__device__ __forceinline__ int fixedCoef(float c) { return __float2int_rn(__fmul_rn(c, 2048.f)); }

template <typename T>
__device__ __forceinline__ const T* rowPtr(const void* base, long long strideN, long long strideH, int n, int y) {
    return reinterpret_cast<const T*>(static_cast<const char*>(base) + n * strideN + y * strideH);
}

// Stores PX pixels of CN channels from out[] at row[x0 * CN]: 4-byte words when the group is whole and aligned.
template <typename T, int CN, int PX>
__device__ __forceinline__ void storeGroup(T* row, int x0, int dw, const T (&out)[PX * CN]) {
    T* p = row + x0 * CN;
    constexpr int bytes = PX * CN * (int)sizeof(T);
    if (x0 + PX <= dw && bytes % 4 == 0 && (reinterpret_cast<uintptr_t>(p) & 3) == 0) {
        const uint32_t* w = reinterpret_cast<const uint32_t*>(out);
        uint32_t* q = reinterpret_cast<uint32_t*>(p);
#pragma unroll
        for (int i = 0; i < bytes / 4; i++) q[i] = w[i];
    } else {
        int n = min(PX, dw - x0) * CN;
        for (int i = 0; i < n; i++) p[i] = out[i];
    }
}

// LINEAR, CUBIC and AREA_UP: separable K-tap interpolation, OpenCV's fixed point for U8.
template <typename T, int CN, int K, int PX>
__device__ void separable(const void* src, long long sN, long long sH, int sw, int sh,
                          void* dst, long long dN, long long dH, int dw, int dh,
                          double invX, double scaleX, double invY, double scaleY, int mode) {
    int x0 = (blockIdx.x * blockDim.x + threadIdx.x) * PX;
    int y = blockIdx.y * blockDim.y + threadIdx.y;
    int n = blockIdx.z;
    if (x0 >= dw || y >= dh) return;
    float wy[K];
    int fy = taps<K>(y, sh, scaleY, invY, mode, false, wy);
    const T* rows[K];
#pragma unroll
    for (int j = 0; j < K; j++) rows[j] = rowPtr<T>(src, sN, sH, n, min(max(fy + j, 0), sh - 1));
    T out[PX * CN];
#pragma unroll
    for (int p = 0; p < PX; p++) {
        int x = min(x0 + p, dw - 1);
        float wx[K];
        int fx = taps<K>(x, sw, scaleX, invX, mode, true, wx);
        int xs[K];
#pragma unroll
        for (int t = 0; t < K; t++) xs[t] = min(max(fx + t, 0), sw - 1) * CN;
#pragma unroll
        for (int c = 0; c < CN; c++) {
            if (Px<T>::fixed) {
                int h[K];
#pragma unroll
                for (int j = 0; j < K; j++) {
                    int s = 0;
#pragma unroll
                    for (int t = 0; t < K; t++) s += (int)__ldg(reinterpret_cast<const uint8_t*>(rows[j]) + xs[t] + c) * fixedCoef(wx[t]);
                    h[j] = s;
                }
                int v;
                if (K == 2) {
                    int b0 = fixedCoef(wy[0]), b1 = fixedCoef(wy[1]);
                    v = (((h[0] >> 4) * b0) >> 16) + (((h[1] >> 4) * b1) >> 16);
                    v = (v + 2) >> 2;
                } else {
                    const float sc = 1.f / (2048.f * 2048.f);
                    float acc = __fmul_rn((float)h[0], __fmul_rn((float)fixedCoef(wy[0]), sc));
#pragma unroll
                    for (int j = 1; j < K; j++)
                        acc = __fadd_rn(acc, __fmul_rn((float)h[j], __fmul_rn((float)fixedCoef(wy[j]), sc)));
                    v = __float2int_rn(acc);
                }
                out[p * CN + c] = Px<T>::fromInt(v);
            } else {
                float h[K];
#pragma unroll
                for (int j = 0; j < K; j++) {
                    float s = __fmul_rn(Px<T>::f(rows[j][xs[0] + c]), wx[0]);
#pragma unroll
                    for (int t = 1; t < K; t++) s = __fadd_rn(s, __fmul_rn(Px<T>::f(rows[j][xs[t] + c]), wx[t]));
                    h[j] = s;
                }
                float acc = __fmul_rn(h[0], wy[0]);
#pragma unroll
                for (int j = 1; j < K; j++) acc = __fadd_rn(acc, __fmul_rn(h[j], wy[j]));
                out[p * CN + c] = Px<T>::fromFloat(acc);
            }
        }
    }
    T* drow = reinterpret_cast<T*>(static_cast<char*>(dst) + n * dN + y * dH);
    storeGroup<T, CN, PX>(drow, x0, dw, out);
}

// NEAREST (OpenCV INTER_NEAREST: floor(d * scale), clamped) and COPY.
template <typename T, int CN, int PX>
__device__ void nearest(const void* src, long long sN, long long sH, int sw, int sh,
                        void* dst, long long dN, long long dH, int dw, int dh, double scaleX, double scaleY) {
    int x0 = (blockIdx.x * blockDim.x + threadIdx.x) * PX;
    int y = blockIdx.y * blockDim.y + threadIdx.y;
    int n = blockIdx.z;
    if (x0 >= dw || y >= dh) return;
    int sy = min((int)floor(__dmul_rn((double)y, scaleY)), sh - 1);
    const T* row = rowPtr<T>(src, sN, sH, n, sy);
    T out[PX * CN];
#pragma unroll
    for (int p = 0; p < PX; p++) {
        int x = min(x0 + p, dw - 1);
        int sx = min((int)floor(__dmul_rn((double)x, scaleX)), sw - 1);
#pragma unroll
        for (int c = 0; c < CN; c++) out[p * CN + c] = row[sx * CN + c];
    }
    T* drow = reinterpret_cast<T*>(static_cast<char*>(dst) + n * dN + y * dH);
    storeGroup<T, CN, PX>(drow, x0, dw, out);
}

// AREA by integer factors fx x fy: block sums; 2x2 integer types round with (s + 2) >> 2 as OpenCV's SIMD.
template <typename T, int CN, int PX>
__device__ void areaFast(const void* src, long long sN, long long sH, int fx, int fy,
                         void* dst, long long dN, long long dH, int dw, int dh) {
    int x0 = (blockIdx.x * blockDim.x + threadIdx.x) * PX;
    int y = blockIdx.y * blockDim.y + threadIdx.y;
    int n = blockIdx.z;
    if (x0 >= dw || y >= dh) return;
    const float scale = 1.f / (float)(fx * fy);
    const bool half = fx == 2 && fy == 2;
    T out[PX * CN];
#pragma unroll
    for (int p = 0; p < PX; p++) {
        int x = min(x0 + p, dw - 1);
#pragma unroll
        for (int c = 0; c < CN; c++) {
            if (Px<T>::fixed || sizeof(T) == 2 && !std::is_same<T, __half>::value) {
                int s = 0;
                for (int j = 0; j < fy; j++) {
                    const T* row = rowPtr<T>(src, sN, sH, n, y * fy + j) + x * fx * CN + c;
                    for (int i = 0; i < fx; i++) s += (int)row[i * CN];
                }
                out[p * CN + c] = half ? Px<T>::fromInt((s + 2) >> 2) : Px<T>::fromFloat(__fmul_rn((float)s, scale));
            } else {
                float s = 0.f;
                for (int j = 0; j < fy; j++) {
                    const T* row = rowPtr<T>(src, sN, sH, n, y * fy + j) + x * fx * CN + c;
                    for (int i = 0; i < fx; i++) s = __fadd_rn(s, Px<T>::f(row[i * CN]));
                }
                out[p * CN + c] = Px<T>::fromFloat(__fmul_rn(s, scale));
            }
        }
    }
    T* drow = reinterpret_cast<T*>(static_cast<char*>(dst) + n * dN + y * dH);
    storeGroup<T, CN, PX>(drow, x0, dw, out);
}

// One axis of OpenCV's computeResizeAreaTab for output d: source range [s1-1 | s1..s2-1 | s2] and weights.
struct AreaSpan {
    int first, last;          // source indices first..last inclusive
    float wFirst, wMid, wLast; // weight of first (if partial), of whole cells, of last (if partial)
    bool partFirst, partLast;
};

__device__ __forceinline__ AreaSpan areaSpan(int d, int ssize, double scale) {
    AreaSpan a;
    double f1 = __dmul_rn((double)d, scale);
    double f2 = __dadd_rn(f1, scale);
    double cell = fmin(scale, __dsub_rn((double)ssize, f1));
    int s1 = (int)ceil(f1), s2 = (int)floor(f2);
    s2 = min(s2, ssize - 1);
    s1 = min(s1, s2);
    a.partFirst = __dsub_rn((double)s1, f1) > 1e-3;
    a.partLast = __dsub_rn(f2, (double)s2) > 1e-3;
    a.wFirst = (float)__ddiv_rn(__dsub_rn((double)s1, f1), cell);
    a.wMid = (float)__ddiv_rn(1.0, cell);
    a.wLast = (float)__ddiv_rn(fmin(fmin(__dsub_rn(f2, (double)s2), 1.), cell), cell);
    a.first = a.partFirst ? s1 - 1 : s1;
    a.last = a.partLast ? s2 : s2 - 1;
    return a;
}

__device__ __forceinline__ float areaWeight(const AreaSpan& a, int s) {
    // Mirrors the order of the table: the partial first cell is s1 - 1, the partial last is s2.
    if (a.partFirst && s == a.first) return a.wFirst;
    if (a.partLast && s == a.last) return a.wLast;
    return a.wMid;
}

// AREA by fractional factors (both axes shrink): OpenCV's resizeArea_ summation order, in float; one output
// pixel (x, y) of image n read straight from global memory.
template <typename T, int CN>
__device__ void areaPixel(const void* src, long long sN, long long sH, int sw, int sh,
                          void* dst, long long dN, long long dH, int x, int y, int n, double scaleX, double scaleY) {
    AreaSpan ax = areaSpan(x, sw, scaleX);
    AreaSpan ay = areaSpan(y, sh, scaleY);
    float sum[CN];
    for (int sy = ay.first; sy <= ay.last; sy++) {
        float beta = areaWeight(ay, sy);
        const T* row = rowPtr<T>(src, sN, sH, n, sy);
        float buf[CN];
#pragma unroll
        for (int c = 0; c < CN; c++) buf[c] = 0.f;
        for (int sx = ax.first; sx <= ax.last; sx++) {
            float alpha = areaWeight(ax, sx);
#pragma unroll
            for (int c = 0; c < CN; c++) buf[c] = __fadd_rn(buf[c], __fmul_rn(Px<T>::f(row[sx * CN + c]), alpha));
        }
#pragma unroll
        for (int c = 0; c < CN; c++) sum[c] = sy == ay.first ? __fmul_rn(beta, buf[c]) : __fadd_rn(sum[c], __fmul_rn(beta, buf[c]));
    }
    T* drow = reinterpret_cast<T*>(static_cast<char*>(dst) + n * dN + y * dH) + x * CN;
#pragma unroll
    for (int c = 0; c < CN; c++) drow[c] = Px<T>::fromFloat(sum[c]);
}

template <typename T, int CN>
__device__ void area(const void* src, long long sN, long long sH, int sw, int sh,
                     void* dst, long long dN, long long dH, int dw, int dh, double scaleX, double scaleY) {
    int x = blockIdx.x * blockDim.x + threadIdx.x;
    int y = blockIdx.y * blockDim.y + threadIdx.y;
    int n = blockIdx.z;
    if (x >= dw || y >= dh) return;
    areaPixel<T, CN>(src, sN, sH, sw, sh, dst, dN, dH, x, y, n, scaleX, scaleY);
}

// ---- U8 tiled kernels (LINEAR / AREA_UP and fractional AREA) ----
// Block (blockDim.x threads) = one tile of blockDim.x output columns of one output row (blockIdx.y) of one image
// (blockIdx.z). The block copies the source words its tile needs, of the source rows it needs, into shared
// memory with coalesced 4-byte loads (one warp instruction = 128 contiguous bytes), then each thread computes
// its output pixel from shared memory. Shared rows are "skewed" (one pad word after every 32) so that threads
// whose source spans start ~6 words apart read different banks. Java takes this path only when the image
// base, the row and image strides and the row's byte length are multiples of 4 (so every word read lies in
// the source rows); a tile whose span would not fit the shared row capacity `cap` (in words) falls back to
// reading global memory per thread. Results are the same operations in the same order as the per-pixel
// kernels above, so they are bit-identical.
__device__ __forceinline__ int skew(int i) { return i + (i >> 5); }

// Shared words a row of nw loaded words occupies, including 3 zeroed slack words read past the end.
__device__ __forceinline__ int skewedWords(int nw) { return skew(nw + 2) + 1; }

// Rows ya + r (r < nrows, clamped to [0, sh - 1]) of image n, words [w0, w0 + nw), into sm + r * cap (skewed);
// slack words nw..nw + 2 of each row zeroed. All threads of the block call it; it ends with a barrier.
__device__ __forceinline__ void loadTileRows(const void* src, long long sN, long long sH, int sh, int n, int ya,
                                             int nrows, int w0, int nw, uint32_t* sm, int cap) {
    const char* img = static_cast<const char*>(src) + n * sN;
    const int bd = blockDim.x;
    int total = nrows * nw;
    // (r, i) of item k = threadIdx.x + j * bd, stepped without division per item.
    int r = threadIdx.x / nw, i = threadIdx.x - (threadIdx.x / nw) * nw;
    const int dr = bd / nw, di = bd - (bd / nw) * nw;
    constexpr int BATCH = 8;
    for (int k0 = threadIdx.x; k0 < total; k0 += BATCH * bd) {
        uint32_t v[BATCH];
        int at[BATCH];
#pragma unroll
        for (int j = 0; j < BATCH; j++) {
            at[j] = r * cap + skew(i);
            if (k0 + j * bd < total) {
                int sy = min(max(ya + r, 0), sh - 1);
                const uint32_t* g = reinterpret_cast<const uint32_t*>(img + sy * sH) + w0;
                v[j] = __ldg(g + i);
            }
            i += di;
            r += dr;
            if (i >= nw) { i -= nw; r++; }
        }
#pragma unroll
        for (int j = 0; j < BATCH; j++) {
            if (k0 + j * bd < total) sm[at[j]] = v[j];
        }
    }
    for (int k = threadIdx.x; k < nrows * 3; k += bd) sm[(k / 3) * cap + skew(nw + k % 3)] = 0u;
    __syncthreads();
}

// Bytes 0..3 of the pixel stream at byte offset o (0..3) of the word pair (lo, hi).
__device__ __forceinline__ uint32_t window(uint32_t lo, uint32_t hi, int o) { return __funnelshift_r(lo, hi, o * 8); }

// Byte k of a packed word as a float, exactly, without I2F: 0x4B0000vv is 2^23 + v.
__device__ __forceinline__ float byteToFloat(uint32_t w, int k) {
    return __fsub_rn(__int_as_float((int)__byte_perm(w, 0x4B00u, 0x5440u | (unsigned)k)), 8388608.f);
}

__device__ __forceinline__ uint8_t u8Linear(int h0, int h1, int b0, int b1) {
    int v = (((h0 >> 4) * b0) >> 16) + (((h1 >> 4) * b1) >> 16);
    return Px<uint8_t>::fromInt((v + 2) >> 2);
}

// LINEAR and AREA_UP for U8 (OpenCV's fixed point, as separable<uint8_t, CN, 2, PX>).
template <int CN>
__device__ void linearTileU8(const void* src, long long sN, long long sH, int sw, int sh,
                             void* dst, long long dN, long long dH, int dw, int dh,
                             double invX, double scaleX, double invY, double scaleY, int mode, int cap) {
    extern __shared__ uint32_t smem[];
    const int y = blockIdx.y, n = blockIdx.z;
    const int x0 = blockIdx.x * blockDim.x;
    const int x1 = min(x0 + (int)blockDim.x, dw) - 1;
    const int x = x0 + threadIdx.x;
    float w[2];
    // Source pixels the tile reads: s(x0) .. s(x1) + 1, clamped to the row.
    int sFirst = taps<2>(x0, sw, scaleX, invX, mode, true, w);
    int sLast = min(taps<2>(x1, sw, scaleX, invX, mode, true, w) + 1, sw - 1);
    int w0 = (sFirst * CN) >> 2;
    int nw = (((sLast + 1) * CN + 3) >> 2) - w0;
    float wy[2];
    int fy = taps<2>(y, sh, scaleY, invY, mode, false, wy);
    const int b0 = fixedCoef(wy[0]), b1 = fixedCoef(wy[1]);
    float wx[2];
    int s = x < dw ? taps<2>(x, sw, scaleX, invX, mode, true, wx) : 0;
    uint8_t* drow = static_cast<uint8_t*>(dst) + n * dN + y * dH + (long long)x * CN;
    if (skewedWords(nw) > cap) {  // block-uniform: the per-thread global path
        if (x >= dw) return;
        const int c0 = fixedCoef(wx[0]), c1 = fixedCoef(wx[1]);
        const int xs0 = s * CN, xs1 = min(s + 1, sw - 1) * CN;
        const uint8_t* r0 = reinterpret_cast<const uint8_t*>(rowPtr<uint8_t>(src, sN, sH, n, min(max(fy, 0), sh - 1)));
        const uint8_t* r1 = reinterpret_cast<const uint8_t*>(rowPtr<uint8_t>(src, sN, sH, n, min(max(fy + 1, 0), sh - 1)));
#pragma unroll
        for (int c = 0; c < CN; c++) {
            int h0 = (int)__ldg(r0 + xs0 + c) * c0 + (int)__ldg(r0 + xs1 + c) * c1;
            int h1 = (int)__ldg(r1 + xs0 + c) * c0 + (int)__ldg(r1 + xs1 + c) * c1;
            drow[c] = u8Linear(h0, h1, b0, b1);
        }
        return;
    }
    loadTileRows(src, sN, sH, sh, n, fy, 2, w0, nw, smem, cap);
    if (x >= dw) return;
    // Pixel s and s + 1 (2 * CN <= 8 bytes) from the 3 words at the byte offset of s; when s = sw - 1 the weight
    // of s + 1 is 0 (OpenCV's clamp), so whatever the next bytes hold adds 0.
    const int c0 = fixedCoef(wx[0]), c1 = fixedCoef(wx[1]);
    const int b = s * CN - w0 * 4;
    const int wi = b >> 2, o = b & 3;
    int h[2][CN];
#pragma unroll
    for (int j = 0; j < 2; j++) {
        const uint32_t* row = smem + j * cap;
        uint32_t a0 = row[skew(wi)], a1 = row[skew(wi + 1)], a2 = row[skew(wi + 2)];
        uint32_t lo = window(a0, a1, o), hi = window(a1, a2, o);
#pragma unroll
        for (int c = 0; c < CN; c++) {
            int p0 = (int)((c < 4 ? lo >> (8 * c) : hi >> (8 * (c - 4))) & 0xffu);
            int k = CN + c;
            int p1 = (int)((k < 4 ? lo >> (8 * k) : hi >> (8 * (k - 4))) & 0xffu);
            h[j][c] = p0 * c0 + p1 * c1;
        }
    }
#pragma unroll
    for (int c = 0; c < CN; c++) drow[c] = u8Linear(h[0][c], h[1][c], b0, b1);
}

// Fractional AREA for U8 (both axes shrink), as areaPixel<uint8_t, CN>; rowsPerChunk source rows are staged at a time.
template <int CN>
__device__ void areaTileU8(const void* src, long long sN, long long sH, int sw, int sh,
                           void* dst, long long dN, long long dH, int dw, int dh,
                           double scaleX, double scaleY, int cap, int rowsPerChunk) {
    extern __shared__ uint32_t smem[];
    const int y = blockIdx.y, n = blockIdx.z;
    const int x0 = blockIdx.x * blockDim.x;
    const int x1 = min(x0 + (int)blockDim.x, dw) - 1;
    const int x = x0 + threadIdx.x;
    const int sFirst = areaSpan(x0, sw, scaleX).first;
    const int sLast = areaSpan(x1, sw, scaleX).last;
    const int w0 = (sFirst * CN) >> 2;
    const int nw = (((sLast + 1) * CN + 3) >> 2) - w0;
    if (skewedWords(nw) > cap) {  // block-uniform: the per-thread global path
        if (x < dw) areaPixel<uint8_t, CN>(src, sN, sH, sw, sh, dst, dN, dH, x, y, n, scaleX, scaleY);
        return;
    }
    const AreaSpan ay = areaSpan(y, sh, scaleY);
    const AreaSpan ax = areaSpan(min(x, dw - 1), sw, scaleX);
    const int bFirst = ax.first * CN - w0 * 4;
    float sum[CN];
#pragma unroll
    for (int c = 0; c < CN; c++) sum[c] = 0.f;
    for (int r0 = ay.first; r0 <= ay.last; r0 += rowsPerChunk) {
        const int nr = min(rowsPerChunk, ay.last - r0 + 1);
        if (r0 != ay.first) __syncthreads();  // the previous chunk's readers are done
        loadTileRows(src, sN, sH, sh, n, r0, nr, w0, nw, smem, cap);
        if (x < dw) {
            for (int r = 0; r < nr; r++) {
                const int sy = r0 + r;
                const uint32_t* row = smem + r * cap;
                const float beta = areaWeight(ay, sy);
                int wi = bFirst >> 2, o = bFirst & 3;
                uint32_t lo = row[skew(wi)], hi = row[skew(wi + 1)];
                float buf[CN];
#pragma unroll
                for (int c = 0; c < CN; c++) buf[c] = 0.f;
                for (int sx = ax.first; sx <= ax.last; sx++) {
                    const float alpha = areaWeight(ax, sx);
                    const uint32_t px = window(lo, hi, o);
#pragma unroll
                    for (int c = 0; c < CN; c++) buf[c] = __fadd_rn(buf[c], __fmul_rn(byteToFloat(px, c), alpha));
                    o += CN;
                    if (o >= 4) {
                        o -= 4;
                        wi++;
                        lo = hi;
                        hi = row[skew(wi + 1)];
                    }
                }
#pragma unroll
                for (int c = 0; c < CN; c++) sum[c] = sy == ay.first ? __fmul_rn(beta, buf[c]) : __fadd_rn(sum[c], __fmul_rn(beta, buf[c]));
            }
        }
    }
    if (x < dw) {
        uint8_t* drow = static_cast<uint8_t*>(dst) + n * dN + y * dH + (long long)x * CN;
#pragma unroll
        for (int c = 0; c < CN; c++) drow[c] = Px<uint8_t>::fromFloat(sum[c]);
    }
}

} // namespace cvj_resize

// Kernels: cvj_resize_{nearest,linear,cubic,areafast,area}_{u8,u16,s16,f32,f16}_c{1,3,4}.
// PX (output pixels per thread) is 4 for U8 and 1 otherwise; Java launches ceil(dw / PX) threads in x.
#define CVJ_RESIZE_PX(T) (sizeof(T) == 1 ? 4 : 1)
#define CVJ_RESIZE_KERNELS(T, TN, CN)                                                                          \
    extern "C" __global__ void cvj_resize_nearest_##TN##_c##CN(const void* src, long long sN, long long sH, int sw, \
            int sh, void* dst, long long dN, long long dH, int dw, int dh, double scaleX, double scaleY) {          \
        cvj_resize::nearest<T, CN, CVJ_RESIZE_PX(T)>(src, sN, sH, sw, sh, dst, dN, dH, dw, dh, scaleX, scaleY);  \
    }                                                                                                              \
    extern "C" __global__ void cvj_resize_linear_##TN##_c##CN(const void* src, long long sN, long long sH, int sw,  \
            int sh, void* dst, long long dN, long long dH, int dw, int dh, double invX, double scaleX, double invY, \
            double scaleY, int mode) {                                                                             \
        cvj_resize::separable<T, CN, 2, CVJ_RESIZE_PX(T)>(src, sN, sH, sw, sh, dst, dN, dH, dw, dh, invX, scaleX,  \
                                                          invY, scaleY, mode);                                     \
    }                                                                                                              \
    extern "C" __global__ void cvj_resize_cubic_##TN##_c##CN(const void* src, long long sN, long long sH, int sw,   \
            int sh, void* dst, long long dN, long long dH, int dw, int dh, double invX, double scaleX, double invY, \
            double scaleY) {                                                                                       \
        cvj_resize::separable<T, CN, 4, CVJ_RESIZE_PX(T)>(src, sN, sH, sw, sh, dst, dN, dH, dw, dh, invX, scaleX,  \
                                                          invY, scaleY, cvj_resize::CUBIC);                        \
    }                                                                                                              \
    extern "C" __global__ void cvj_resize_areafast_##TN##_c##CN(const void* src, long long sN, long long sH,        \
            int fx, int fy, void* dst, long long dN, long long dH, int dw, int dh) {                               \
        cvj_resize::areaFast<T, CN, CVJ_RESIZE_PX(T)>(src, sN, sH, fx, fy, dst, dN, dH, dw, dh);                   \
    }                                                                                                              \
    extern "C" __global__ void cvj_resize_area_##TN##_c##CN(const void* src, long long sN, long long sH, int sw,    \
            int sh, void* dst, long long dN, long long dH, int dw, int dh, double scaleX, double scaleY) {          \
        cvj_resize::area<T, CN>(src, sN, sH, sw, sh, dst, dN, dH, dw, dh, scaleX, scaleY);                        \
    }
#define CVJ_RESIZE_ALL_CN(T, TN) CVJ_RESIZE_KERNELS(T, TN, 1) CVJ_RESIZE_KERNELS(T, TN, 3) CVJ_RESIZE_KERNELS(T, TN, 4)
CVJ_RESIZE_ALL_CN(uint8_t, u8)
CVJ_RESIZE_ALL_CN(uint16_t, u16)
CVJ_RESIZE_ALL_CN(int16_t, s16)
CVJ_RESIZE_ALL_CN(float, f32)
CVJ_RESIZE_ALL_CN(__half, f16)

// U8 tiled kernels: grid (ceil(dw / blockDim.x), dh, n), blockDim.x threads, dynamic shared memory of
// rows x cap words (2 rows for LINEAR). See linearTileU8 / areaTileU8.
#define CVJ_RESIZE_TILE_KERNELS(CN)                                                                                \
    extern "C" __global__ void __launch_bounds__(256, 6) cvj_resize_linear_tile_u8_c##CN(const void* src, long long sN, long long sH, int sw, \
            int sh, void* dst, long long dN, long long dH, int dw, int dh, double invX, double scaleX, double invY, \
            double scaleY, int mode, int cap) {                                                                    \
        cvj_resize::linearTileU8<CN>(src, sN, sH, sw, sh, dst, dN, dH, dw, dh, invX, scaleX, invY, scaleY, mode,   \
                                     cap);                                                                         \
    }                                                                                                              \
    extern "C" __global__ void __launch_bounds__(256, 4) cvj_resize_area_tile_u8_c##CN(const void* src, long long sN, long long sH, int sw,  \
            int sh, void* dst, long long dN, long long dH, int dw, int dh, double scaleX, double scaleY, int cap,   \
            int rowsPerChunk) {                                                                                    \
        cvj_resize::areaTileU8<CN>(src, sN, sH, sw, sh, dst, dN, dH, dw, dh, scaleX, scaleY, cap, rowsPerChunk);    \
    }
CVJ_RESIZE_TILE_KERNELS(1)
CVJ_RESIZE_TILE_KERNELS(3)
CVJ_RESIZE_TILE_KERNELS(4)
