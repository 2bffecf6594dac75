// ColorTwist: CV-CUDA's per-image 3 x 4 affine colour matrix. Each output channel r < 3 is
// ((m[r][0]*s0 + m[r][1]*s1) + m[r][2]*s2) + m[r][3] in float, every step rounded on its own (no fused multiply-add:
// the CPU path in ColorTwist does the same steps), saturated to the type; a fourth channel is copied. A thread reads
// its pixel whole before writing it, so dst may be src.
#include "pixels.cuh"

namespace cvj {

template <typename T>
__device__ __forceinline__ void color_twist_pixel(const uint8_t* s, long long sC, uint8_t* d, long long dC, int C,
                                                  const float* m) {
    const float x0 = to_f(*at<T>(s, 0)), x1 = to_f(*at<T>(s, sC)), x2 = to_f(*at<T>(s, 2 * sC));
    const T alpha = C == 4 ? *at<T>(s, 3 * sC) : T();
#pragma unroll
    for (int r = 0; r < 3; r++) {
        const float* k = m + 4 * r;
        const float v = __fadd_rn(__fadd_rn(__fadd_rn(__fmul_rn(k[0], x0), __fmul_rn(k[1], x1)), __fmul_rn(k[2], x2)), k[3]);
        *at<T>(d, r * dC) = from_f<T>(v);
    }
    if (C == 4) *at<T>(d, 3 * dC) = alpha;
}

// Dense U8 images of C = 3 or 4 channels (the layout of DenseImages): each thread twists 16 pixels at a time, striding
// by the grid's width, loaded and stored as C 16-byte words where both images start 16-byte aligned and the 16 pixels
// lie inside (16 * C bytes from byte 16 * C * k), pixel by pixel at the image's tail or when unaligned. The matrix of
// image blockIdx.y is read into registers once. In place is safe (each thread owns its pixels).
template <int C>
__device__ __forceinline__ void color_twist_dense_u8(const uint8_t* src, long long sN, uint8_t* dst, long long dN,
                                                     long long count, const float* twist, int stride) {
    const uint8_t* s = src + blockIdx.y * sN;
    uint8_t* d = dst + blockIdx.y * dN;
    float m[12];
#pragma unroll
    for (int i = 0; i < 12; i++) m[i] = twist[(long long)blockIdx.y * stride + i];
    const long long pixels = count / C;
    const bool aligned = ((reinterpret_cast<unsigned long long>(s) | reinterpret_cast<unsigned long long>(d)) & 15) == 0;
    const long long step = (long long)gridDim.x * DENSE_THREADS * 16;
    for (long long p0 = (blockIdx.x * (long long)DENSE_THREADS + threadIdx.x) * 16; p0 < pixels; p0 += step) {
        if (aligned && p0 + 16 <= pixels) {
            uint4 w[C];
            const uint4* in = reinterpret_cast<const uint4*>(s + p0 * C);
#pragma unroll
            for (int k = 0; k < C; k++) w[k] = in[k];
            uint8_t* b = reinterpret_cast<uint8_t*>(w);
#pragma unroll
            for (int px = 0; px < 16; px++) color_twist_pixel<uint8_t>(b + px * C, 1, b + px * C, 1, C, m);
            uint4* out = reinterpret_cast<uint4*>(d + p0 * C);
#pragma unroll
            for (int k = 0; k < C; k++) out[k] = w[k];
        } else {
            const long long end = p0 + 16 < pixels ? p0 + 16 : pixels;
            for (long long p = p0; p < end; p++) color_twist_pixel<uint8_t>(s + p * C, 1, d + p * C, 1, C, m);
        }
    }
}

} // namespace cvj

// Grid (ceil(W / 32), ceil(H / 8), N) of 32 x 8 threads (Launch.image), one pixel each; image n's matrix at
// twist + n * stride (stride 0: one matrix for all).
#define CVJ_COLOR_TWIST(tn, T)                                                                                      \
    extern "C" __global__ void __launch_bounds__(256) cvj_color_twist_##tn(                                         \
        const uint8_t* src, long long sN, long long sH, long long sW, long long sC, uint8_t* dst, long long dN,     \
        long long dH, long long dW, long long dC, int W, int H, int C, const float* twist, int stride) {            \
        const int x = blockIdx.x * blockDim.x + threadIdx.x, y = blockIdx.y * blockDim.y + threadIdx.y;              \
        const long long n = blockIdx.z;                                                                             \
        if (x >= W || y >= H) return;                                                                               \
        cvj::color_twist_pixel<T>(src + n * sN + y * sH + x * sW, sC, dst + n * dN + y * dH + x * dW, dC, C,        \
                                  twist + n * stride);                                                              \
    }

CVJ_COLOR_TWIST(u8, uint8_t)
CVJ_COLOR_TWIST(u16, uint16_t)
CVJ_COLOR_TWIST(s16, int16_t)
CVJ_COLOR_TWIST(f32, float)

// A varshape batch, one launch (Launch.batchPixels): grid (ceil(maxW / (BLOCK*PIX)), rows, N) of BLOCK threads, each
// PIX pixels x0, x0 + BLOCK, ... of the rows y, y + gridDim.y, ... of image blockIdx.z; interleaved pixels.
#define CVJ_COLOR_TWIST_VS(tn, T)                                                                                   \
    extern "C" __global__ void __launch_bounds__(cvj::BLOCK) cvj_color_twist_vs_##tn(                               \
        const void* srcs, const void* dsts, int C, const float* twist, int stride) {                                \
        const int n = blockIdx.z;                                                                                   \
        const cvj::VarShapeImage d = static_cast<const cvj::VarShapeImage*>(dsts)[n];                               \
        if ((int)(blockIdx.x * (cvj::BLOCK * cvj::PIX)) >= d.width) return;                                         \
        const cvj::VarShapeImage s = static_cast<const cvj::VarShapeImage*>(srcs)[n];                               \
        const float* m = twist + (long long)n * stride;                                                             \
        const long long e = sizeof(T);                                                                              \
        for (int y = blockIdx.y; y < d.height; y += gridDim.y) {                                                    \
            const uint8_t* srow = reinterpret_cast<const uint8_t*>(s.data) + y * s.rowPitch;                        \
            uint8_t* drow = reinterpret_cast<uint8_t*>(d.data) + y * d.rowPitch;                                    \
            _Pragma("unroll") for (int k = 0; k < cvj::PIX; k++) {                                                  \
                const int x = blockIdx.x * (cvj::BLOCK * cvj::PIX) + threadIdx.x + k * cvj::BLOCK;                  \
                if (x < d.width) cvj::color_twist_pixel<T>(srow + x * C * e, e, drow + x * C * e, e, C, m);         \
            }                                                                                                       \
        }                                                                                                           \
    }

CVJ_COLOR_TWIST_VS(u8, uint8_t)
CVJ_COLOR_TWIST_VS(u16, uint16_t)
CVJ_COLOR_TWIST_VS(s16, int16_t)
CVJ_COLOR_TWIST_VS(f32, float)

#define CVJ_COLOR_TWIST_DENSE(c)                                                                                    \
    extern "C" __global__ void __launch_bounds__(cvj::DENSE_THREADS) cvj_color_twist_dense_u8_c##c(                 \
        const uint8_t* src, long long sN, uint8_t* dst, long long dN, long long count, int C, const float* twist,   \
        int stride) {                                                                                               \
        cvj::color_twist_dense_u8<c>(src, sN, dst, dN, count, twist, stride);                                       \
    }

CVJ_COLOR_TWIST_DENSE(3)
CVJ_COLOR_TWIST_DENSE(4)
