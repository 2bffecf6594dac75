// ConvertTo and Normalize: one pointwise kernel family,
//     dst = saturate_cast<D>(fma((src - p[c]) * q[c], g, h))
// ConvertTo passes p = 0, q = 1, g = alpha, h = beta (so it is fma(src, alpha, beta), OpenCV's SIMD path);
// Normalize passes p = base, q = scale (already 1/sqrt(stddev^2 + eps) when the scale is a stddev),
// g = globalScale, h = globalShift. Each step is rounded exactly like the Java CPU path (no contraction).
#include "pixels.cuh"
#include <type_traits>

namespace cvj {

template <typename S, typename D>
__device__ __forceinline__ D affine_one(S x, int c, const Affine& a) {
    return from_f<D>(affine(to_f(x), c, a));
}

// ---- fast element conversions (bit-identical to to_f / from_f, no I2F/F2I: those issue at a quarter of
// the FP32 rate on sm_90 and bound a U8 -> U8 map) ----
// u8/u16 -> float: 2^23 + v assembled in the mantissa, minus 2^23 (exact).
template <typename S> __device__ __forceinline__ float fast_to_f(S v) { return to_f(v); }
template <> __device__ __forceinline__ float fast_to_f<uint8_t>(uint8_t v) {
    return __fsub_rn(__uint_as_float(0x4B000000u | (uint32_t)v), 8388608.0f);
}
template <> __device__ __forceinline__ float fast_to_f<uint16_t>(uint16_t v) {
    return __fsub_rn(__uint_as_float(0x4B000000u | (uint32_t)v), 8388608.0f);
}
// float -> integer types: clamp to the range first (fmaxf(NaN, lo) = lo, which is 0 for the unsigned types;
// S16 maps NaN to 0 explicitly), then add 1.5 * 2^23 in round-to-nearest-even:
// the low mantissa bits are rint(v) (two's complement for negatives). rint(clamp(v)) == clamp(rint(v)) as the
// bounds are integers, so this equals from_f's __float2int_rn + clamp.
template <typename D> __device__ __forceinline__ float fast_f2i(float v);
template <> __device__ __forceinline__ float fast_f2i<uint8_t>(float v) {
    return __fadd_rn(fminf(fmaxf(v, 0.f), 255.f), 12582912.0f);
}
template <> __device__ __forceinline__ float fast_f2i<uint16_t>(float v) {
    return __fadd_rn(fminf(fmaxf(v, 0.f), 65535.f), 12582912.0f);
}
template <> __device__ __forceinline__ float fast_f2i<int16_t>(float v) {
    v = v != v ? 0.f : v; // NaN -> 0 (fmaxf would give -32768)
    return __fadd_rn(fminf(fmaxf(v, -32768.f), 32767.f), 12582912.0f);
}
template <typename D> __device__ __forceinline__ D fast_from_f(float v) {
    if constexpr (std::is_same<D, float>::value || std::is_same<D, __half>::value) return from_f<D>(v);
    else return (D)__float_as_uint(fast_f2i<D>(v));
}

// A unit of N 32-bit words (N = 1, 2, 4), loaded and stored as one access.
template <int N> struct Words;
template <> struct Words<1> { using V = uint32_t; };
template <> struct Words<2> { using V = uint2; };
template <> struct Words<4> { using V = uint4; };
template <int N> __device__ __forceinline__ void unpack(const typename Words<N>::V& v, uint32_t (&w)[N]) {
    if constexpr (N == 1) { w[0] = v; }
    else if constexpr (N == 2) { w[0] = v.x; w[1] = v.y; }
    else { w[0] = v.x; w[1] = v.y; w[2] = v.z; w[3] = v.w; }
}
template <int N> __device__ __forceinline__ typename Words<N>::V pack(const uint32_t (&w)[N]) {
    if constexpr (N == 1) return w[0];
    else if constexpr (N == 2) return make_uint2(w[0], w[1]);
    else return make_uint4(w[0], w[1], w[2], w[3]);
}

// Element j (compile-time) of words w, as float (exactly to_f).
template <typename S, int N> __device__ __forceinline__ float elem_f(const uint32_t (&w)[N], int j) {
    if constexpr (sizeof(S) == 1) {
        // 0x4B0000vv = 2^23 + v, minus 2^23
        return __fsub_rn(__uint_as_float(__byte_perm(w[j / 4], 0x4B000000u, 0x7540 | (j % 4))), 8388608.0f);
    } else if constexpr (sizeof(S) == 2) {
        uint32_t h = (w[j / 2] >> (16 * (j % 2))) & 0xFFFFu;
        if constexpr (std::is_same<S, uint16_t>::value) return __fsub_rn(__uint_as_float(0x4B000000u | h), 8388608.0f);
        else if constexpr (std::is_same<S, int16_t>::value) return (float)(int16_t)h;
        else return __half2float(__ushort_as_half((unsigned short)h));
    } else {
        return __uint_as_float(w[j]);
    }
}

// Element j of words w set from float y (exactly from_f).
template <typename D, int N> __device__ __forceinline__ void put_f(uint32_t (&w)[N], int j, float y) {
    if constexpr (sizeof(D) == 1) {
        uint32_t b = __float_as_uint(fast_f2i<D>(y));
        w[j / 4] = j % 4 == 0 ? b & 0xFFu : w[j / 4] | ((b & 0xFFu) << (8 * (j % 4)));
    } else if constexpr (sizeof(D) == 2) {
        uint32_t h;
        if constexpr (std::is_same<D, __half>::value) h = __half_as_ushort(__float2half_rn(y));
        else h = __float_as_uint(fast_f2i<D>(y)) & 0xFFFFu;
        w[j / 2] = j % 2 == 0 ? h : w[j / 2] | (h << 16);
    } else {
        w[j] = __float_as_uint(y);
    }
}

// Dense rows, vectorized: row r starts at r * sRow (bytes, 16-byte aligned) and holds rowElems elements
// (rowElems % C == 0 for interleaved rows). A thread handles K units of E elements, E = 16 / the wider
// element size (so the wider side moves 16 bytes per access and the narrower one 16 / ratio, both coalesced
// across the warp); unit k of thread t of a block is unit seg * VB * K + k * VB + t of the row. VB is a
// multiple of 3, so VB * E % C == 0 for every C <= 4 and each thread's channel phase, (t * E) % C, is
// the same for all its units: the per-channel constants are picked once per thread, at compile-time
// positions. Planar rows (planeRows = H) use CT = 1 and the row's channel (row / planeRows) % C.
// Grid (segments per row, rows split over y and z).
constexpr int VB = 192;
constexpr int VK = 4;

template <typename S, typename D, int CT>
__device__ __forceinline__ void pointwise_vec(const uint8_t* __restrict__ src, long long sRow,
                                              uint8_t* __restrict__ dst, long long dRow, int rowElems, int rows,
                                              int C, int planeRows, const Affine& a) {
    constexpr int WIDE = sizeof(S) > sizeof(D) ? sizeof(S) : sizeof(D);
    constexpr int E = 16 / WIDE;
    long long row = (long long)blockIdx.z * gridDim.y + blockIdx.y;
    if (row >= rows) return;
    const uint8_t* s = src + row * sRow;
    uint8_t* d = dst + row * dRow;
    // channel constants of this thread's element j: index (phase + j) % CT
    float pr[CT], qr[CT];
    if (CT == 1) {
        int c = planeRows ? (int)((row / planeRows) % C) : 0;
        pr[0] = pick4(a.p, c);
        qr[0] = pick4(a.q, c);
    } else {
        int ph = (threadIdx.x * E) % CT;
#pragma unroll
        for (int k = 0; k < CT; k++) {
            int c = ph + k >= CT ? ph + k - CT : ph + k;
            pr[k] = pick4(a.p, c);
            qr[k] = pick4(a.q, c);
        }
    }
    long long u0 = (long long)blockIdx.x * (VB * VK) + threadIdx.x;
    int units = (rowElems + E - 1) / E;
    constexpr int NS = E * sizeof(S) / 4, ND = E * sizeof(D) / 4;
    using VS = typename Words<NS>::V;
    using VD = typename Words<ND>::V;
    VS in[VK];
#pragma unroll
    for (int k = 0; k < VK; k++) {
        long long u = u0 + k * VB;
        if ((u + 1) * E <= rowElems) in[k] = reinterpret_cast<const VS*>(s)[u];
    }
#pragma unroll
    for (int k = 0; k < VK; k++) {
        long long u = u0 + k * VB;
        if (u >= units) break;
        if ((u + 1) * E <= rowElems) {
            uint32_t iw[NS], ow[ND];
            unpack<NS>(in[k], iw);
#pragma unroll
            for (int j = 0; j < E; j++) {
                float x = elem_f<S, NS>(iw, j);
                float y = __fmaf_rn(__fmul_rn(__fsub_rn(x, pr[j % CT]), qr[j % CT]), a.g, a.h);
                put_f<D, ND>(ow, j, y);
            }
            reinterpret_cast<VD*>(d)[u] = pack<ND>(ow);
        } else { // the row's last, partial unit
            const S* is = reinterpret_cast<const S*>(s);
            D* od = reinterpret_cast<D*>(d);
            for (int j = 0; j < E && u * E + j < rowElems; j++) {
                float x = fast_to_f<S>(is[u * E + j]);
                float y = __fmaf_rn(__fmul_rn(__fsub_rn(x, pr[j % CT]), qr[j % CT]), a.g, a.h);
                od[u * E + j] = fast_from_f<D>(y);
            }
        }
    }
}

// Any strides (bytes): grid (ceil(W / (BLOCK*PIX)), H, N); channels C <= 4 at stride sC/dC.
template <typename S, typename D>
__device__ __forceinline__ void pointwise_strided(const uint8_t* __restrict__ src, long long sN, long long sH,
                                                  long long sW, long long sC, uint8_t* __restrict__ dst, long long dN,
                                                  long long dH, long long dW, long long dC, int W, int C,
                                                  const Affine& a) {
    int y = blockIdx.y, n = blockIdx.z;
    int x0 = blockIdx.x * (BLOCK * PIX) + threadIdx.x;
    const uint8_t* srow = src + n * sN + y * sH;
    uint8_t* drow = dst + n * dN + y * dH;
    staged_pixels<S>(x0, W, C, [&](int x, int c) { return *at<S>(srow, x * sW + c * sC); },
                     [&](int x, int c, S v) { *at<D>(drow, x * dW + c * dC) = affine_one<S, D>(v, c, a); });
}

// Varshape batches (ImageBatchVarShape's descriptor tables): element x of row y of src image s into the same
// element of dst image d (the same size, checked by the Java side). One element per thread, x along the row's
// W x C elements (a warp reads consecutive elements whatever C), through affine_one, the arithmetic of
// pointwise_strided; threads past their image's row or height return.
template <typename S, typename D, int CN>
__device__ __forceinline__ void pointwise_varshape(const VarShapeImage& s, const VarShapeImage& d, const Affine& a) {
    const long long x = (long long)blockIdx.x * blockDim.x + threadIdx.x;
    const int y = blockIdx.y * blockDim.y + threadIdx.y;
    if (y >= s.height || x >= (long long)s.width * CN) return;
    const S v = *at<S>(reinterpret_cast<const uint8_t*>(s.data), y * s.rowPitch + x * (long long)sizeof(S));
    *at<D>(reinterpret_cast<uint8_t*>(d.data), y * d.rowPitch + x * (long long)sizeof(D)) =
        affine_one<S, D>(v, (int)(x % CN), a);
}

} // namespace cvj

#define CVJ_POINTWISE_VEC(sn, S, dn, D, CT)                                                                        \
    extern "C" __global__ void __launch_bounds__(cvj::VB) cvj_pointwise_vec##CT##_##sn##_##dn(                     \
        const uint8_t* src, long long sRow, uint8_t* dst, long long dRow, int rowElems, int rows, int C,           \
        int planeRows, cvj::Affine a) {                                                                            \
        cvj::pointwise_vec<S, D, CT>(src, sRow, dst, dRow, rowElems, rows, C, planeRows, a);                       \
    }
#define CVJ_POINTWISE(sn, S, dn, D)                                                                               \
    CVJ_POINTWISE_VEC(sn, S, dn, D, 1)                                                                            \
    CVJ_POINTWISE_VEC(sn, S, dn, D, 2)                                                                            \
    CVJ_POINTWISE_VEC(sn, S, dn, D, 3)                                                                            \
    CVJ_POINTWISE_VEC(sn, S, dn, D, 4)                                                                            \
    extern "C" __global__ void __launch_bounds__(cvj::BLOCK) cvj_pointwise_strided_##sn##_##dn(                   \
        const uint8_t* src, long long sN, long long sH, long long sW, long long sC, uint8_t* dst, long long dN,   \
        long long dH, long long dW, long long dC, int W, int C, cvj::Affine a) {                                  \
        cvj::pointwise_strided<S, D>(src, sN, sH, sW, sC, dst, dN, dH, dW, dC, W, C, a);                          \
    }                                                                                                             \
    extern "C" __global__ void __launch_bounds__(256) cvj_pointwise_varshape_##sn##_##dn(                         \
        const cvj::VarShapeImage* srcs, const cvj::VarShapeImage* dsts, int C, cvj::Affine a) {                   \
        const cvj::VarShapeImage s = srcs[blockIdx.z], d = dsts[blockIdx.z];                                      \
        switch (C) {                                                                                              \
        case 1: cvj::pointwise_varshape<S, D, 1>(s, d, a); break;                                                 \
        case 2: cvj::pointwise_varshape<S, D, 2>(s, d, a); break;                                                 \
        case 3: cvj::pointwise_varshape<S, D, 3>(s, d, a); break;                                                 \
        default: cvj::pointwise_varshape<S, D, 4>(s, d, a); break;                                                \
        }                                                                                                         \
    }

#define CVJ_POINTWISE_FROM(sn, S)                                                                                 \
    CVJ_POINTWISE(sn, S, u8, uint8_t)                                                                             \
    CVJ_POINTWISE(sn, S, u16, uint16_t)                                                                           \
    CVJ_POINTWISE(sn, S, s16, int16_t)                                                                            \
    CVJ_POINTWISE(sn, S, f32, float)                                                                              \
    CVJ_POINTWISE(sn, S, f16, __half)

CVJ_POINTWISE_FROM(u8, uint8_t)
CVJ_POINTWISE_FROM(u16, uint16_t)
CVJ_POINTWISE_FROM(s16, int16_t)
CVJ_POINTWISE_FROM(f32, float)
CVJ_POINTWISE_FROM(f16, __half)
