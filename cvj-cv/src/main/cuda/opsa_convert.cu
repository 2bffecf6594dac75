// ConvertTo and Normalize: one pointwise kernel family,
//     dst = saturate_cast<D>(fma((src - p[c]) * q[c], g, h))
// ConvertTo passes p = 0, q = 1, g = alpha, h = beta (so it is fma(src, alpha, beta), OpenCV's SIMD path);
// Normalize passes p = base, q = scale (already 1/sqrt(stddev^2 + eps) when the scale is a stddev),
// g = globalScale, h = globalShift. Each step is rounded exactly like the Java CPU path (no contraction).
#include "opsa_pixels.cuh"

namespace opsa {

template <typename S, typename D>
__device__ __forceinline__ D affine_one(S x, int c, const Affine& a) {
    float t = __fmul_rn(__fsub_rn(to_f(x), pick4(a.p, c)), pick4(a.q, c));
    return from_f<D>(__fmaf_rn(t, a.g, a.h));
}

// Dense tensors: element i has channel (i / chanDiv) % C (chanDiv 1 for NHWC, H*W for NCHW).
// Each thread converts V = 16 / sizeof(S) consecutive elements: one 16-byte load. Both bases are 16-byte aligned.
template <typename S, typename D>
__device__ __forceinline__ void pointwise_dense(const S* __restrict__ src, D* __restrict__ dst, long long total,
                                                int C, int chanDiv, const Affine& a) {
    constexpr int V = 16 / sizeof(S);
    struct alignas(16) VS { S v[V]; };
    struct alignas(V * sizeof(D) >= 16 ? 16 : V * sizeof(D)) VD { D v[V]; };
    long long i0 = ((long long)blockIdx.x * blockDim.x + threadIdx.x) * V;
    if (i0 >= total) return;
    long long qd = i0 / chanDiv;
    int r = (int)(i0 - qd * chanDiv);
    int c = (int)(qd % C);
    if (i0 + V <= total) {
        VS in = *reinterpret_cast<const VS*>(src + i0);
        VD out;
#pragma unroll
        for (int k = 0; k < V; k++) {
            out.v[k] = affine_one<S, D>(in.v[k], c, a);
            if (++r == chanDiv) { r = 0; if (++c == C) c = 0; }
        }
        *reinterpret_cast<VD*>(dst + i0) = out;
    } else {
        for (long long i = i0; i < total; i++) {
            dst[i] = affine_one<S, D>(src[i], c, a);
            if (++r == chanDiv) { r = 0; if (++c == C) c = 0; }
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
    S v[PIX][4];
#pragma unroll
    for (int k = 0; k < PIX; k++) {
        int x = x0 + k * BLOCK;
        if (x < W) {
#pragma unroll
            for (int c = 0; c < 4; c++)
                if (c < C) v[k][c] = *at<S>(srow, x * sW + c * sC);
        }
    }
#pragma unroll
    for (int k = 0; k < PIX; k++) {
        int x = x0 + k * BLOCK;
        if (x < W) {
#pragma unroll
            for (int c = 0; c < 4; c++)
                if (c < C) *at<D>(drow, x * dW + c * dC) = affine_one<S, D>(v[k][c], c, a);
        }
    }
}

} // namespace opsa

#define OPSA_POINTWISE(sn, S, dn, D)                                                                              \
    extern "C" __global__ void __launch_bounds__(256) cvj_pointwise_dense_##sn##_##dn(                            \
        const S* src, D* dst, long long total, int C, int chanDiv, opsa::Affine a) {                              \
        opsa::pointwise_dense<S, D>(src, dst, total, C, chanDiv, a);                                              \
    }                                                                                                             \
    extern "C" __global__ void __launch_bounds__(opsa::BLOCK) cvj_pointwise_strided_##sn##_##dn(                  \
        const uint8_t* src, long long sN, long long sH, long long sW, long long sC, uint8_t* dst, long long dN,   \
        long long dH, long long dW, long long dC, int W, int C, opsa::Affine a) {                                 \
        opsa::pointwise_strided<S, D>(src, sN, sH, sW, sC, dst, dN, dH, dW, dC, W, C, a);                         \
    }

#define OPSA_POINTWISE_FROM(sn, S)                                                                                \
    OPSA_POINTWISE(sn, S, u8, uint8_t)                                                                            \
    OPSA_POINTWISE(sn, S, u16, uint16_t)                                                                          \
    OPSA_POINTWISE(sn, S, s16, int16_t)                                                                           \
    OPSA_POINTWISE(sn, S, f32, float)                                                                             \
    OPSA_POINTWISE(sn, S, f16, __half)

OPSA_POINTWISE_FROM(u8, uint8_t)
OPSA_POINTWISE_FROM(u16, uint16_t)
OPSA_POINTWISE_FROM(s16, int16_t)
OPSA_POINTWISE_FROM(f32, float)
OPSA_POINTWISE_FROM(f16, __half)
