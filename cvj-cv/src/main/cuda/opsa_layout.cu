// Copies that move elements without changing them: CustomCrop, CenterCrop, Flip, Reformat, Stack,
// ChannelReorder, CopyMakeBorder. All bit-exact; element types are opaque values of 1..16 bytes.
#include "opsa_pixels.cuh"

namespace opsa {

// ---- rows of bytes: n images x rows x rowBytes, any row/image strides (vertical flip: negative) ----
// Each thread writes one 16-byte-aligned window of a destination row (partial windows byte by byte).
// The source is read with one 16-byte load when it is aligned too, else with aligned 4-byte loads
// joined by funnel shifts, so a crop at any x stays a stream of wide loads and stores.
__device__ __forceinline__ void copy_rows(const uint8_t* __restrict__ src, long long sN, long long sRow,
                                          uint8_t* __restrict__ dst, long long dN, long long dRow, int rowBytes,
                                          int rows, int n) {
    int windows = rowBytes / 16 + 2;
    long long idx = (long long)blockIdx.x * blockDim.x + threadIdx.x;
    long long rowIdx = idx / windows;
    int k = (int)(idx - rowIdx * windows);
    if (rowIdx >= (long long)rows * n) return;
    int img = (int)(rowIdx / rows);
    int r = (int)(rowIdx - (long long)img * rows);
    uint8_t* d0 = dst + img * dN + r * dRow;
    const uint8_t* s0 = src + img * sN + r * sRow;
    uintptr_t da = reinterpret_cast<uintptr_t>(d0);
    long long start = (long long)((da & ~(uintptr_t)15) - da) + 16LL * k; // offset in the row, may be < 0
    long long end = start + 16;
    long long lo = start < 0 ? 0 : start;
    long long hi = end > rowBytes ? rowBytes : end;
    if (lo >= hi) return;
    if (lo == start && hi == end) {
        const uint8_t* s = s0 + start;
        uintptr_t sa = reinterpret_cast<uintptr_t>(s);
        uint4 out;
        if ((sa & 15) == 0) {
            out = *reinterpret_cast<const uint4*>(s);
        } else {
            int mis = (int)(sa & 3);
            const uint32_t* w = reinterpret_cast<const uint32_t*>(s - mis);
            if (mis == 0) {
                out = make_uint4(w[0], w[1], w[2], w[3]);
            } else {
                uint32_t w0 = w[0], w1 = w[1], w2 = w[2], w3 = w[3], w4 = w[4];
                int sh = mis * 8;
                out = make_uint4(__funnelshift_r(w0, w1, sh), __funnelshift_r(w1, w2, sh), __funnelshift_r(w2, w3, sh),
                                 __funnelshift_r(w3, w4, sh));
            }
        }
        *reinterpret_cast<uint4*>(d0 + start) = out;
    } else {
        for (long long i = lo; i < hi; i++) d0[i] = s0[i];
    }
}

// ---- general strided copy: n x H x W pixels of C <= 4 elements, signed byte strides ----
// Serves crops of non-dense tensors, horizontal flips (negative sW), reformat (permuted strides), stack.
template <typename T>
__device__ __forceinline__ void copy4d(const uint8_t* __restrict__ src, long long sN, long long sH, long long sW,
                                       long long sC, uint8_t* __restrict__ dst, long long dN, long long dH,
                                       long long dW, long long dC, int W, int C) {
    int y = blockIdx.y, n = blockIdx.z;
    int x0 = blockIdx.x * (BLOCK * PIX) + threadIdx.x;
    const uint8_t* srow = src + n * sN + y * sH;
    uint8_t* drow = dst + n * dN + y * dH;
    T v[PIX][4];
#pragma unroll
    for (int k = 0; k < PIX; k++) {
        int x = x0 + k * BLOCK;
        if (x < W) {
#pragma unroll
            for (int c = 0; c < 4; c++)
                if (c < C) v[k][c] = *at<T>(srow, x * sW + c * sC);
        }
    }
#pragma unroll
    for (int k = 0; k < PIX; k++) {
        int x = x0 + k * BLOCK;
        if (x < W) {
#pragma unroll
            for (int c = 0; c < 4; c++)
                if (c < C) *at<T>(drow, x * dW + c * dC) = v[k][c];
        }
    }
}

// ---- reformat of dense rows: NHWC -> NCHW and back, 4 consecutive pixels per thread ----
// Needs W % 4 == 0, pixels dense in the interleaved rows, elements dense in the planar rows, and every
// row 4*sizeof(T)-aligned (16 at most): planes are then written (or read) four elements at a time.
// Grid (ceil(W / 4 / 256), H, N).
template <typename T, int C>
__device__ __forceinline__ void hwc_to_chw(const uint8_t* __restrict__ src, long long sN, long long sH,
                                           uint8_t* __restrict__ dst, long long dN, long long dC, long long dH,
                                           int W) {
    struct alignas(4 * sizeof(T) > 16 ? 16 : 4 * sizeof(T)) V4 { T v[4]; };
    int p = (blockIdx.x * blockDim.x + threadIdx.x) * 4;
    int y = blockIdx.y, n = blockIdx.z;
    if (p >= W) return;
    const V4* s = reinterpret_cast<const V4*>(src + n * sN + y * sH + (long long)p * C * sizeof(T));
    T v[4 * C];
#pragma unroll
    for (int j = 0; j < C; j++) { // 4*C elements: C aligned 4-element loads
        V4 i4 = s[j];
#pragma unroll
        for (int k = 0; k < 4; k++) v[j * 4 + k] = i4.v[k];
    }
    uint8_t* d = dst + n * dN + y * dH + (long long)p * sizeof(T);
#pragma unroll
    for (int c = 0; c < C; c++) {
        V4 o;
#pragma unroll
        for (int k = 0; k < 4; k++) o.v[k] = v[k * C + c];
        *reinterpret_cast<V4*>(d + c * dC) = o;
    }
}

template <typename T, int C>
__device__ __forceinline__ void chw_to_hwc(const uint8_t* __restrict__ src, long long sN, long long sC, long long sH,
                                           uint8_t* __restrict__ dst, long long dN, long long dH, int W) {
    struct alignas(4 * sizeof(T) > 16 ? 16 : 4 * sizeof(T)) V4 { T v[4]; };
    int p = (blockIdx.x * blockDim.x + threadIdx.x) * 4;
    int y = blockIdx.y, n = blockIdx.z;
    if (p >= W) return;
    const uint8_t* s = src + n * sN + y * sH + (long long)p * sizeof(T);
    T v[4 * C];
#pragma unroll
    for (int c = 0; c < C; c++) {
        V4 i4 = *reinterpret_cast<const V4*>(s + c * sC);
#pragma unroll
        for (int k = 0; k < 4; k++) v[k * C + c] = i4.v[k];
    }
    V4* d = reinterpret_cast<V4*>(dst + n * dN + y * dH + (long long)p * C * sizeof(T));
#pragma unroll
    for (int j = 0; j < C; j++) {
        V4 o;
#pragma unroll
        for (int k = 0; k < 4; k++) o.v[k] = v[j * 4 + k];
        d[j] = o;
    }
}

// ---- channel reorder: out[c] = order[c] < 0 ? 0 : in[order[c]] ----
struct Orders {
    int8_t o[256][4]; // per image of this launch (row 0 for all when perImage == 0)
};

template <typename T>
__device__ __forceinline__ void channel_reorder(const uint8_t* __restrict__ src, long long sN, long long sH,
                                                long long sW, long long sC, uint8_t* __restrict__ dst, long long dN,
                                                long long dH, long long dW, long long dC, int W, int Cout,
                                                int perImage, const Orders& ord) {
    int y = blockIdx.y, n = blockIdx.z;
    int x0 = blockIdx.x * (BLOCK * PIX) + threadIdx.x;
    const int8_t* o = ord.o[perImage ? n : 0];
    int o0 = o[0], o1 = o[1], o2 = o[2], o3 = o[3];
    const uint8_t* srow = src + n * sN + y * sH;
    uint8_t* drow = dst + n * dN + y * dH;
    T v[PIX][4];
#pragma unroll
    for (int k = 0; k < PIX; k++) {
        int x = x0 + k * BLOCK;
        if (x < W) {
#pragma unroll
            for (int c = 0; c < 4; c++) {
                int oc = c == 0 ? o0 : c == 1 ? o1 : c == 2 ? o2 : o3;
                if (c < Cout) v[k][c] = oc < 0 ? T{} : *at<T>(srow, x * sW + oc * sC);
            }
        }
    }
#pragma unroll
    for (int k = 0; k < PIX; k++) {
        int x = x0 + k * BLOCK;
        if (x < W) {
#pragma unroll
            for (int c = 0; c < 4; c++)
                if (c < Cout) *at<T>(drow, x * dW + c * dC) = v[k][c];
        }
    }
}

// ---- copy make border: dst(x, y) = src(border(x - left), border(y - top)) or the constant ----
struct BorderValue {
    unsigned long long raw[4]; // the element bits of each channel's constant (low bytes)
};

template <typename T>
__device__ __forceinline__ void copy_make_border(const uint8_t* __restrict__ src, long long sN, long long sH,
                                                 long long sW, long long sC, int srcW, int srcH,
                                                 uint8_t* __restrict__ dst, long long dN, long long dH, long long dW,
                                                 long long dC, int dstW, int top, int left, int C, int type,
                                                 const BorderValue& bv) {
    int y = blockIdx.y, n = blockIdx.z;
    int x0 = blockIdx.x * (BLOCK * PIX) + threadIdx.x;
    int ys = border_index(y - top, srcH, type);
    const uint8_t* srow = src + n * sN + (long long)(ys < 0 ? 0 : ys) * sH;
    uint8_t* drow = dst + n * dN + y * dH;
    T cv[4];
#pragma unroll
    for (int c = 0; c < 4; c++) cv[c] = (T)bv.raw[c];
    T v[PIX][4];
#pragma unroll
    for (int k = 0; k < PIX; k++) {
        int x = x0 + k * BLOCK;
        if (x < dstW) {
            int xs = ys < 0 ? -1 : border_index(x - left, srcW, type);
#pragma unroll
            for (int c = 0; c < 4; c++)
                if (c < C) v[k][c] = xs < 0 ? cv[c] : *at<T>(srow, xs * sW + c * sC);
        }
    }
#pragma unroll
    for (int k = 0; k < PIX; k++) {
        int x = x0 + k * BLOCK;
        if (x < dstW) {
#pragma unroll
            for (int c = 0; c < 4; c++)
                if (c < C) *at<T>(drow, x * dW + c * dC) = v[k][c];
        }
    }
}

} // namespace opsa

extern "C" __global__ void __launch_bounds__(256) cvj_copy_rows(const uint8_t* src, long long sN, long long sRow,
                                                                uint8_t* dst, long long dN, long long dRow,
                                                                int rowBytes, int rows, int n) {
    opsa::copy_rows(src, sN, sRow, dst, dN, dRow, rowBytes, rows, n);
}

#define OPSA_COPY4D(e)                                                                                            \
    extern "C" __global__ void __launch_bounds__(opsa::BLOCK) cvj_copy4d_e##e(                                    \
        const uint8_t* src, long long sN, long long sH, long long sW, long long sC, uint8_t* dst, long long dN,   \
        long long dH, long long dW, long long dC, int W, int C) {                                                 \
        opsa::copy4d<opsa::Raw<e>::T>(src, sN, sH, sW, sC, dst, dN, dH, dW, dC, W, C);                            \
    }
OPSA_COPY4D(1)
OPSA_COPY4D(2)
OPSA_COPY4D(4)
OPSA_COPY4D(8)
OPSA_COPY4D(16)

#define OPSA_REFORMAT(e)                                                                                          \
    extern "C" __global__ void __launch_bounds__(256) cvj_reformat_hwc2chw_e##e(                                  \
        const uint8_t* src, long long sN, long long sH, uint8_t* dst, long long dN, long long dC, long long dH,    \
        int W, int C) {                                                                                           \
        using T = opsa::Raw<e>::T;                                                                                \
        switch (C) {                                                                                              \
        case 1: opsa::hwc_to_chw<T, 1>(src, sN, sH, dst, dN, dC, dH, W); break;                                   \
        case 2: opsa::hwc_to_chw<T, 2>(src, sN, sH, dst, dN, dC, dH, W); break;                                   \
        case 3: opsa::hwc_to_chw<T, 3>(src, sN, sH, dst, dN, dC, dH, W); break;                                   \
        case 4: opsa::hwc_to_chw<T, 4>(src, sN, sH, dst, dN, dC, dH, W); break;                                   \
        }                                                                                                         \
    }                                                                                                             \
    extern "C" __global__ void __launch_bounds__(256) cvj_reformat_chw2hwc_e##e(                                  \
        const uint8_t* src, long long sN, long long sC, long long sH, uint8_t* dst, long long dN, long long dH,    \
        int W, int C) {                                                                                           \
        using T = opsa::Raw<e>::T;                                                                                \
        switch (C) {                                                                                              \
        case 1: opsa::chw_to_hwc<T, 1>(src, sN, sC, sH, dst, dN, dH, W); break;                                   \
        case 2: opsa::chw_to_hwc<T, 2>(src, sN, sC, sH, dst, dN, dH, W); break;                                   \
        case 3: opsa::chw_to_hwc<T, 3>(src, sN, sC, sH, dst, dN, dH, W); break;                                   \
        case 4: opsa::chw_to_hwc<T, 4>(src, sN, sC, sH, dst, dN, dH, W); break;                                   \
        }                                                                                                         \
    }
OPSA_REFORMAT(1)
OPSA_REFORMAT(2)
OPSA_REFORMAT(4)
OPSA_REFORMAT(8)

#define OPSA_PER_ELEMENT(e)                                                                                       \
    extern "C" __global__ void __launch_bounds__(opsa::BLOCK) cvj_channel_reorder_e##e(                           \
        const uint8_t* src, long long sN, long long sH, long long sW, long long sC, uint8_t* dst, long long dN,   \
        long long dH, long long dW, long long dC, int W, int Cout, int perImage, opsa::Orders ord) {              \
        opsa::channel_reorder<opsa::Raw<e>::T>(src, sN, sH, sW, sC, dst, dN, dH, dW, dC, W, Cout, perImage, ord); \
    }                                                                                                             \
    extern "C" __global__ void __launch_bounds__(opsa::BLOCK) cvj_copy_make_border_e##e(                          \
        const uint8_t* src, long long sN, long long sH, long long sW, long long sC, int srcW, int srcH,           \
        uint8_t* dst, long long dN, long long dH, long long dW, long long dC, int dstW, int top, int left, int C, \
        int type, opsa::BorderValue bv) {                                                                         \
        opsa::copy_make_border<opsa::Raw<e>::T>(src, sN, sH, sW, sC, srcW, srcH, dst, dN, dH, dW, dC, dstW, top,  \
                                                left, C, type, bv);                                               \
    }
OPSA_PER_ELEMENT(1)
OPSA_PER_ELEMENT(2)
OPSA_PER_ELEMENT(4)
OPSA_PER_ELEMENT(8)
