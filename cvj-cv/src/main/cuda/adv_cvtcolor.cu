// AdvCvtColor: YCbCr conversions of a colour specification (BT.601/709/2020, limited or full range) as an affine
// map in 18-bit fixed point (dev.cvj.ops.internal.YcbcrMatrix, applied by YcbcrCpu on the CPU): output channel i of
// input channels x0, x1, x2 is (m[4i] x0 + m[4i+1] x1 + m[4i+2] x2 + m[4i+3] + 2^17) >> 18, saturated to U8. The
// channel order (RGB or BGR) is folded into the matrix, so one kernel serves both orders and both directions.
#include "common.cuh"

namespace cvj_adv_color {

constexpr int kShift = 18;

// The 12 entries (3 rows of 3 coefficients and an offset), passed as kernel arguments.
struct Ycbcr {
    int m[12];
    __device__ int apply(int i, int x0, int x1, int x2) const {
        return (m[4 * i] * x0 + m[4 * i + 1] * x1 + m[4 * i + 2] * x2 + m[4 * i + 3] + (1 << (kShift - 1))) >> kShift;
    }
    // Row i of the mean of four pixels, from the sums of their channels.
    __device__ int applyToMeanOf4(int i, int s0, int s1, int s2) const {
        return (m[4 * i] * s0 + m[4 * i + 1] * s1 + m[4 * i + 2] * s2 + 4 * m[4 * i + 3] + (1 << (kShift + 1)))
               >> (kShift + 2);
    }
};

__device__ __forceinline__ uint8_t sat8(int v) { return (uint8_t)min(max(v, 0), 255); }

// One thread per pixel: 3 channels in, 3 out.
__device__ void pixels444(const uint8_t* src, long long sN, long long sH, uint8_t* dst, long long dN, long long dH,
                          int w, int h, const Ycbcr& m) {
    int x = blockIdx.x * blockDim.x + threadIdx.x;
    int y = blockIdx.y * blockDim.y + threadIdx.y;
    if (x >= w || y >= h) return;
    const uint8_t* s = src + blockIdx.z * sN + y * sH + 3LL * x;
    uint8_t* d = dst + blockIdx.z * dN + y * dH + 3LL * x;
    int x0 = s[0], x1 = s[1], x2 = s[2];
#pragma unroll
    for (int i = 0; i < 3; i++) d[i] = sat8(m.apply(i, x0, x1, x2));
}

// One thread per 2x2 block of the W x H RGB image (SCN channels, alpha ignored): four Y, the block mean's chroma
// into row H + r of the 4:2:0 image (U, V; V, U when vFirst).
template <int SCN>
__device__ void to420(const uint8_t* src, long long sN, long long sH, uint8_t* dst, long long dN, long long dH, int w,
                      int h, int vFirst, const Ycbcr& m) {
    int c = blockIdx.x * blockDim.x + threadIdx.x;
    int r = blockIdx.y * blockDim.y + threadIdx.y;
    if (c >= w / 2 || r >= h / 2) return;
    uint8_t* img = dst + blockIdx.z * dN;
    int s0 = 0, s1 = 0, s2 = 0;
#pragma unroll
    for (int j = 0; j < 2; j++) {
        const uint8_t* srow = src + blockIdx.z * sN + (2LL * r + j) * sH + 2LL * c * SCN;
        uint8_t* yrow = img + (2LL * r + j) * dH + 2LL * c;
#pragma unroll
        for (int i = 0; i < 2; i++) {
            int x0 = srow[i * SCN], x1 = srow[i * SCN + 1], x2 = srow[i * SCN + 2];
            yrow[i] = sat8(m.apply(0, x0, x1, x2));
            s0 += x0;
            s1 += x1;
            s2 += x2;
        }
    }
    uint8_t* uv = img + ((long long)h + r) * dH + 2LL * c;
    uv[vFirst] = sat8(m.applyToMeanOf4(1, s0, s1, s2));
    uv[1 - vFirst] = sat8(m.applyToMeanOf4(2, s0, s1, s2));
}

// One thread per 2x2 block of the W x H RGB image (DCN channels, alpha 255): the block's chroma read once.
template <int DCN>
__device__ void from420(const uint8_t* src, long long sN, long long sH, uint8_t* dst, long long dN, long long dH,
                        int w, int h, int vFirst, const Ycbcr& m) {
    int c = blockIdx.x * blockDim.x + threadIdx.x;
    int r = blockIdx.y * blockDim.y + threadIdx.y;
    if (c >= w / 2 || r >= h / 2) return;
    const uint8_t* img = src + blockIdx.z * sN;
    const uint8_t* uv = img + ((long long)h + r) * sH + 2LL * c;
    int u = uv[vFirst], v = uv[1 - vFirst];
#pragma unroll
    for (int j = 0; j < 2; j++) {
        const uint8_t* yrow = img + (2LL * r + j) * sH + 2LL * c;
        uint8_t* drow = dst + blockIdx.z * dN + (2LL * r + j) * dH + 2LL * c * DCN;
#pragma unroll
        for (int i = 0; i < 2; i++) {
            int yv = yrow[i];
#pragma unroll
            for (int k = 0; k < 3; k++) drow[i * DCN + k] = sat8(m.apply(k, yv, u, v));
            if (DCN == 4) drow[i * DCN + 3] = 255;
        }
    }
}

} // namespace cvj_adv_color

// Every kernel: (src, sN, sH, dst, dN, dH, w, h, vFirst, m0..m11); w x h the RGB image's size.
#define CVJ_ADV_PARAMS                                                                                             \
    const uint8_t *src, long long sN, long long sH, uint8_t *dst, long long dN, long long dH, int w, int h,        \
            int vFirst, int m0, int m1, int m2, int m3, int m4, int m5, int m6, int m7, int m8, int m9, int m10,   \
            int m11
#define CVJ_ADV_MATRIX const cvj_adv_color::Ycbcr m = {{m0, m1, m2, m3, m4, m5, m6, m7, m8, m9, m10, m11}}

// 4:4:4: grid (w, h, n). vFirst is unused.
extern "C" __global__ void cvj_advcvtcolor_444_u8(CVJ_ADV_PARAMS) {
    CVJ_ADV_MATRIX;
    cvj_adv_color::pixels444(src, sN, sH, dst, dN, dH, w, h, m);
}

// 4:2:0: grid (w / 2, h / 2, n).
#define CVJ_ADV_420(CN)                                                                                            \
    extern "C" __global__ void cvj_advcvtcolor_to420_u8_##CN##to1(CVJ_ADV_PARAMS) {                               \
        CVJ_ADV_MATRIX;                                                                                            \
        cvj_adv_color::to420<CN>(src, sN, sH, dst, dN, dH, w, h, vFirst, m);                                       \
    }                                                                                                              \
    extern "C" __global__ void cvj_advcvtcolor_from420_u8_1to##CN(CVJ_ADV_PARAMS) {                               \
        CVJ_ADV_MATRIX;                                                                                            \
        cvj_adv_color::from420<CN>(src, sN, sH, dst, dN, dH, w, h, vFirst, m);                                     \
    }
CVJ_ADV_420(3)
CVJ_ADV_420(4)
