// Resize: OpenCV 4.x cv::resize semantics (NEAREST, LINEAR, CUBIC, AREA), bit-compatible with the CPU path
// (dev.cvj.ops.internal.ResizeCpu). Coefficients are computed per thread with explicitly rounded
// intrinsics (__fmul_rn, __dadd_rn, ...) so that no FMA contraction changes a bit against the CPU.
// Images: interleaved pixels (channel stride = element size, pixel stride = CN elements), rows and images
// addressed by byte strides; grid x covers groups of PX output pixels, y the rows, z the images.
#pragma once // resize_varshape.cu includes this file for its device templates
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
    const float scale = 1.f / (float)((long long)fx * fy);
    const bool half = fx == 2 && fy == 2;
    // An int sum of fx * fy values below 2^16 cannot overflow up to 2^15 values per block; larger blocks sum in
    // 64 bits (a uniform branch: the usual small factors run the int code as before).
    const bool wide = (long long)fx * fy > 32768;
    T out[PX * CN];
#pragma unroll
    for (int p = 0; p < PX; p++) {
        int x = min(x0 + p, dw - 1);
#pragma unroll
        for (int c = 0; c < CN; c++) {
            if (Px<T>::fixed || sizeof(T) == 2 && !std::is_same<T, __half>::value) {
                if (wide) {
                    long long s = 0;
                    for (int j = 0; j < fy; j++) {
                        const T* row = rowPtr<T>(src, sN, sH, n, y * fy + j) + (long long)x * fx * CN + c;
                        for (int i = 0; i < fx; i++) s += (int)row[(long long)i * CN];
                    }
                    out[p * CN + c] = Px<T>::fromFloat(__fmul_rn((float)s, scale));
                    continue;
                }
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

// One source row sy of an AREA output: sum[c] = beta(sy) * sum over sx of value(sx, c) * alpha(sx) for the first
// row, += for the next ones, each step rounded once: OpenCV's resizeArea_ order, which the CPU path follows.
template <int CN, typename Value>
__device__ __forceinline__ void areaAddRow(const AreaSpan& ax, const AreaSpan& ay, int sy, float (&sum)[CN], Value value) {
    float acc[CN];
#pragma unroll
    for (int c = 0; c < CN; c++) acc[c] = 0.f;
    for (int sx = ax.first; sx <= ax.last; sx++) {
        float alpha = areaWeight(ax, sx);
#pragma unroll
        for (int c = 0; c < CN; c++) acc[c] = __fadd_rn(acc[c], __fmul_rn(value(sx, c), alpha));
    }
    float beta = areaWeight(ay, sy);
#pragma unroll
    for (int c = 0; c < CN; c++) sum[c] = sy == ay.first ? __fmul_rn(beta, acc[c]) : __fadd_rn(sum[c], __fmul_rn(beta, acc[c]));
}

// AREA by fractional factors (both axes shrink): OpenCV's resizeArea_ summation order, in float.
template <typename T, int CN>
__device__ void area(const void* src, long long sN, long long sH, int sw, int sh,
                     void* dst, long long dN, long long dH, int dw, int dh, double scaleX, double scaleY) {
    int x = blockIdx.x * blockDim.x + threadIdx.x;
    int y = blockIdx.y * blockDim.y + threadIdx.y;
    int n = blockIdx.z;
    if (x >= dw || y >= dh) return;
    AreaSpan ax = areaSpan(x, sw, scaleX);
    AreaSpan ay = areaSpan(y, sh, scaleY);
    float sum[CN];
    for (int sy = ay.first; sy <= ay.last; sy++) {
        const T* row = rowPtr<T>(src, sN, sH, n, sy);
        areaAddRow<CN>(ax, ay, sy, sum, [&](int sx, int c) { return Px<T>::f(row[sx * CN + c]); });
    }
    T* drow = reinterpret_cast<T*>(static_cast<char*>(dst) + n * dN + y * dH) + x * CN;
#pragma unroll
    for (int c = 0; c < CN; c++) drow[c] = Px<T>::fromFloat(sum[c]);
}

// AREA for U8 (fractional, both axes shrink): one warp = 32 consecutive outputs of one output row. For each
// source row of that output row, the warp copies the row's byte span it needs into its own shared memory with
// 16-byte coalesced loads (the next row's loads in flight while this one is summed), then each lane sums its
// cells with the float operations of area() above, in its order: the same bits. Without staging, every warp
// byte load touched ~7 cache lines (outputs ~26 bytes apart) and L1, not DRAM, bounded the kernel.
// A warp whose span is wider than 64 16-byte chunks (RGB: a shrink of ~10x), runs past the row's last byte,
// or an image whose rows are not 16-byte aligned, reads global memory per lane instead (same arithmetic).
// Launch (this kernel and linearWarpU8 below): STAGE_WARPS * 32 threads per block,
// grid (ceil(ceil(dw / 32) * dh / STAGE_WARPS), n).
constexpr int STAGE_WARPS = 8;
// 16-byte chunks a warp stages per source row (1 KiB: 32 outputs of a ~10x RGB shrink). With more (a larger
// per-thread array of 16-byte loads) the AREA kernel measured slower.
constexpr int STAGE_MAXCH = 64;

// Exact float of a byte through the mantissa (0x4B0000vv is 2^23 + v): full rate, where I2F is quarter rate.
__device__ __forceinline__ float byteToFloat(uint32_t b) { return __uint_as_float(0x4B000000u | b) - 8388608.f; }

// linearWarpU8's staging layout: groups of G 16-byte chunks, each group followed by a 16-byte pad, so that lanes
// ~26 bytes apart spread over the banks. The span starts at a multiple of lcm(16, CN) bytes and a group holds
// whole pixels (G * 16 is a multiple of CN), so a pixel's CN bytes are contiguous in shared memory. (areaWarpU8
// keeps the plain layout of areaPadded: the AREA variant with this one measured slower, docs/KERNEL-PERFORMANCE.md.)
template <int CN> struct PixelStage {
    static constexpr int G = CN == 3 ? 6 : 8;        // chunks per group: 96 or 128 bytes
    static constexpr int ALIGN = CN == 3 ? 48 : 16;  // span start alignment
    static constexpr int SLOTS = STAGE_MAXCH + (STAGE_MAXCH + G - 1) / G;
    __device__ static int slot(int k) { return k + k / G; }
    __device__ static int byteAt(int q) { return q + q / (G * 16) * 16; }
};

// Staged byte b of a row lives at b + 16 * (b / 128): the pad spreads lanes ~26 bytes apart over the banks.
__device__ __forceinline__ int areaPadded(int b) { return b + ((b >> 7) << 4); }

template <int CN>
__device__ void areaWarpU8(const uint8_t* src, long long sN, long long sH, int sw, int sh,
                           uint8_t* dst, long long dN, long long dH, int dw, int dh, double scaleX, double scaleY) {
    constexpr int PER = STAGE_MAXCH / 32;
    __shared__ uint4 stage[STAGE_WARPS][2][STAGE_MAXCH + STAGE_MAXCH / 8];
    const int lane = threadIdx.x & 31, warp = threadIdx.x >> 5;
    const int segs = (dw + 31) >> 5;
    const unsigned gw = blockIdx.x * STAGE_WARPS + warp; // < 2^31: Launch.warpSegments checks
    if (gw >= (unsigned)segs * (unsigned)dh) return;    // whole warps: the shuffles below need all 32 lanes
    const int y = (int)(gw / (unsigned)segs), seg = (int)(gw - (unsigned)y * (unsigned)segs);
    const int n = blockIdx.y;
    const int x = seg * 32 + lane;
    const AreaSpan ax = areaSpan(min(x, dw - 1), sw, scaleX);
    const AreaSpan ay = areaSpan(y, sh, scaleY);
    const int lo = __shfl_sync(0xffffffffu, ax.first, 0) * CN;
    const int hi = (__shfl_sync(0xffffffffu, ax.last, 31) + 1) * CN;
    const int a0 = lo & ~15;
    const int nch = (hi - a0 + 15) >> 4;
    const uint8_t* img = src + n * sN;
    float sum[CN];
    // Staged: the chunks must lie inside the row (the last row of a tensor may end right after its pixels).
    if (nch <= STAGE_MAXCH && a0 + nch * 16 <= sw * CN && ((reinterpret_cast<uintptr_t>(img) | (uintptr_t)sH) & 15) == 0) {
        uint4 next[PER];
        const uint4* r = reinterpret_cast<const uint4*>(img + (long long)ay.first * sH + a0);
#pragma unroll
        for (int i = 0; i < PER; i++)
            if (lane + 32 * i < nch) next[i] = __ldg(r + lane + 32 * i);
        int cur = 0;
        for (int sy = ay.first; sy <= ay.last; sy++) {
#pragma unroll
            for (int i = 0; i < PER; i++) {
                int k = lane + 32 * i;
                if (k < nch) stage[warp][cur][k + (k >> 3)] = next[i];
            }
            __syncwarp();
            if (sy < ay.last) {
                r = reinterpret_cast<const uint4*>(img + (long long)(sy + 1) * sH + a0);
#pragma unroll
                for (int i = 0; i < PER; i++)
                    if (lane + 32 * i < nch) next[i] = __ldg(r + lane + 32 * i);
            }
            const uint8_t* b = reinterpret_cast<const uint8_t*>(stage[warp][cur]);
            areaAddRow<CN>(ax, ay, sy, sum, [&](int sx, int c) { return byteToFloat(b[areaPadded(sx * CN - a0 + c)]); });
            cur ^= 1; // the other buffer next: a lane still reading this one is not overwritten
        }
    } else {
        for (int sy = ay.first; sy <= ay.last; sy++) {
            const uint8_t* row = img + (long long)sy * sH;
            areaAddRow<CN>(ax, ay, sy, sum, [&](int sx, int c) { return byteToFloat(__ldg(row + sx * CN + c)); });
        }
    }
    if (x >= dw) return;
    uint8_t* d = dst + n * dN + (long long)y * dH + x * CN;
#pragma unroll
    for (int c = 0; c < CN; c++) d[c] = Px<uint8_t>::fromFloat(sum[c]);
}

// LINEAR (and AREA_UP) for U8: one warp = 32 consecutive outputs of one output row. The warp copies the byte
// spans of its two source rows into its shared memory with 16-byte coalesced loads (PixelStage's layout), then
// each lane interpolates with the integer steps of separable(): the same bits. This reads what a plain copy of
// the touched rows reads, where per-lane byte loads (~7 cache lines per warp instruction when shrinking) left
// the kernel short of DRAM. Spans wider than STAGE_MAXCH chunks, spans whose last chunk runs past the row's last
// byte, or rows not 16-byte aligned: per-lane loads.
// Launch: as areaWarpU8.
template <int CN>
__device__ void linearWarpU8(const uint8_t* src, long long sN, long long sH, int sw, int sh,
                             uint8_t* dst, long long dN, long long dH, int dw, int dh,
                             double invX, double scaleX, double invY, double scaleY, int mode) {
    using S = PixelStage<CN>;
    constexpr int PER = STAGE_MAXCH / 32;
    __shared__ uint4 stage[STAGE_WARPS][2][S::SLOTS];
    const int lane = threadIdx.x & 31, warp = threadIdx.x >> 5;
    const int segs = (dw + 31) >> 5;
    const unsigned gw = blockIdx.x * STAGE_WARPS + warp;
    if (gw >= (unsigned)segs * (unsigned)dh) return; // whole warps: the shuffles below need all 32 lanes
    const int y = (int)(gw / (unsigned)segs), seg = (int)(gw - (unsigned)y * (unsigned)segs);
    const int n = blockIdx.y;
    const int x = seg * 32 + lane;
    float wy[2], wx[2];
    const int fy = taps<2>(y, sh, scaleY, invY, mode, false, wy);
    const int fx = taps<2>(min(x, dw - 1), sw, scaleX, invX, mode, true, wx);
    const int xs0 = min(max(fx, 0), sw - 1) * CN, xs1 = min(max(fx + 1, 0), sw - 1) * CN;
    const int lo = __shfl_sync(0xffffffffu, xs0, 0);
    const int hi = __shfl_sync(0xffffffffu, xs1, 31) + CN;
    const int a0 = lo - lo % S::ALIGN;
    const int nch = (hi - a0 + 15) >> 4;
    const uint8_t* img = src + n * sN;
    const uint8_t* rows[2] = {img + (long long)min(max(fy, 0), sh - 1) * sH, img + (long long)min(max(fy + 1, 0), sh - 1) * sH};
    const int c0 = fixedCoef(wx[0]), c1 = fixedCoef(wx[1]);
    int h[2][CN];
    // Staged: the chunks must lie inside the row (the last row of a tensor may end right after its pixels).
    if (nch <= STAGE_MAXCH && a0 + nch * 16 <= sw * CN && ((reinterpret_cast<uintptr_t>(img) | (uintptr_t)sH) & 15) == 0) {
        uint4 v[2][PER];
#pragma unroll
        for (int j = 0; j < 2; j++) {
            const uint4* r = reinterpret_cast<const uint4*>(rows[j] + a0);
#pragma unroll
            for (int i = 0; i < PER; i++)
                if (lane + 32 * i < nch) v[j][i] = __ldg(r + lane + 32 * i);
        }
#pragma unroll
        for (int j = 0; j < 2; j++) {
#pragma unroll
            for (int i = 0; i < PER; i++) {
                int k = lane + 32 * i;
                if (k < nch) stage[warp][j][S::slot(k)] = v[j][i];
            }
        }
        __syncwarp();
        const int p0 = S::byteAt(xs0 - a0), p1 = S::byteAt(xs1 - a0);
#pragma unroll
        for (int j = 0; j < 2; j++) {
            const uint8_t* b = reinterpret_cast<const uint8_t*>(stage[warp][j]);
#pragma unroll
            for (int c = 0; c < CN; c++) h[j][c] = (int)b[p0 + c] * c0 + (int)b[p1 + c] * c1;
        }
    } else {
#pragma unroll
        for (int j = 0; j < 2; j++) {
#pragma unroll
            for (int c = 0; c < CN; c++) h[j][c] = (int)__ldg(rows[j] + xs0 + c) * c0 + (int)__ldg(rows[j] + xs1 + c) * c1;
        }
    }
    if (x >= dw) return;
    const int b0 = fixedCoef(wy[0]), b1 = fixedCoef(wy[1]);
    uint8_t* d = dst + n * dN + (long long)y * dH + x * CN;
#pragma unroll
    for (int c = 0; c < CN; c++) {
        int v = (((h[0][c] >> 4) * b0) >> 16) + (((h[1][c] >> 4) * b1) >> 16);
        d[c] = Px<uint8_t>::fromInt((v + 2) >> 2);
    }
}

} // namespace cvj_resize

// Kernels: cvj_resize_{nearest,linear,cubic,areafast,area}_{u8,u16,s16,f32,f16}_c{1,3,4}.
// PX (output pixels per thread) is 1: with more, a warp load instruction spreads over more cache lines when
// shrinking (4 px per thread made U8 LINEAR 1.4x slower). Java launches ceil(dw / PX) threads in x.
#define CVJ_RESIZE_PX(T) 1
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

// cvj_resize_area_warp_u8_c{1,3,4}: the staged U8 AREA kernel (areaWarpU8 above; Java picks it for U8).
#define CVJ_RESIZE_AREA_WARP(CN)                                                                               \
    extern "C" __global__ void __launch_bounds__(cvj_resize::STAGE_WARPS * 32) cvj_resize_area_warp_u8_c##CN(    \
            const void* src, long long sN, long long sH, int sw, int sh, void* dst, long long dN, long long dH,  \
            int dw, int dh, double scaleX, double scaleY) {                                                     \
        cvj_resize::areaWarpU8<CN>(static_cast<const uint8_t*>(src), sN, sH, sw, sh, static_cast<uint8_t*>(dst), \
                                   dN, dH, dw, dh, scaleX, scaleY);                                             \
    }
// cvj_resize_linear_warp_u8_c{1,3,4}: the staged U8 LINEAR / AREA_UP kernel (linearWarpU8 above).
#define CVJ_RESIZE_LINEAR_WARP(CN)                                                                             \
    extern "C" __global__ void __launch_bounds__(cvj_resize::STAGE_WARPS * 32) cvj_resize_linear_warp_u8_c##CN(  \
            const void* src, long long sN, long long sH, int sw, int sh, void* dst, long long dN, long long dH,  \
            int dw, int dh, double invX, double scaleX, double invY, double scaleY, int mode) {                 \
        cvj_resize::linearWarpU8<CN>(static_cast<const uint8_t*>(src), sN, sH, sw, sh, static_cast<uint8_t*>(dst), \
                                     dN, dH, dw, dh, invX, scaleX, invY, scaleY, mode);                         \
    }
CVJ_RESIZE_LINEAR_WARP(1)
CVJ_RESIZE_LINEAR_WARP(3)
CVJ_RESIZE_LINEAR_WARP(4)
CVJ_RESIZE_AREA_WARP(1)
CVJ_RESIZE_AREA_WARP(3)
CVJ_RESIZE_AREA_WARP(4)
