// ConvertTo and Normalize: one pointwise kernel family,
//     dst = saturate_cast<D>(fma((src - p[c]) * q[c], g, h))
// ConvertTo passes p = 0, q = 1, g = alpha, h = beta (so it is fma(src, alpha, beta), OpenCV's SIMD path);
// Normalize passes p = base, q = scale (already 1/sqrt(stddev^2 + eps) when the scale is a stddev),
// g = globalScale, h = globalShift. Each step is rounded exactly like the Java CPU path (no contraction).
#include "opsa_pixels.cuh"

namespace opsa {

template <typename S, typename D>
__device__ __forceinline__ D affine_one(S x, int c, const Affine& a) {
    return from_f<D>(affine(to_f(x), c, a));
}

// Rows of dense elements: row r starts at r * sRow (bytes, 16-byte aligned) and holds rowElems elements.
// Channel of element i of row r: (r / planeRows) % C for planar layouts (planeRows = H), i % C otherwise
// (planeRows = 0). Each thread converts V = 16 / sizeof(S) consecutive elements: one 16-byte load.
// Block (bx, by): by rows per block, rows along grid x, chunks of a row along grid y.
template <typename S, typename D>
__device__ __forceinline__ void pointwise_rows(const uint8_t* __restrict__ src, long long sRow,
                                               uint8_t* __restrict__ dst, long long dRow, int rowElems, int rows,
                                               int C, int planeRows, const Affine& a) {
    constexpr int V = 16 / sizeof(S);
    struct alignas(16) VS { S v[V]; };
    struct alignas(V * sizeof(D) >= 16 ? 16 : V * sizeof(D)) VD { D v[V]; };
    int row = blockIdx.x * blockDim.y + threadIdx.y;
    int i0 = (blockIdx.y * blockDim.x + threadIdx.x) * V;
    if (row >= rows || i0 >= rowElems) return;
    const S* s = reinterpret_cast<const S*>(src + row * sRow);
    D* d = reinterpret_cast<D*>(dst + row * dRow);
    int c = planeRows ? (row / planeRows) % C : i0 % C;
    int step = planeRows ? 0 : 1;
    if (i0 + V <= rowElems) {
        VS in = *reinterpret_cast<const VS*>(s + i0);
        VD out;
#pragma unroll
        for (int k = 0; k < V; k++) {
            out.v[k] = affine_one<S, D>(in.v[k], c, a);
            c += step;
            if (c == C) c = 0;
        }
        *reinterpret_cast<VD*>(d + i0) = out;
    } else {
        for (int i = i0; i < rowElems; i++) {
            d[i] = affine_one<S, D>(s[i], c, a);
            c += step;
            if (c == C) c = 0;
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
    extern "C" __global__ void __launch_bounds__(256) cvj_pointwise_rows_##sn##_##dn(                             \
        const uint8_t* src, long long sRow, uint8_t* dst, long long dRow, int rowElems, int rows, int C,          \
        int planeRows, opsa::Affine a) {                                                                          \
        opsa::pointwise_rows<S, D>(src, sRow, dst, dRow, rowElems, rows, C, planeRows, a);                        \
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
