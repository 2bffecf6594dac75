// Composite: CV-CUDA's fg * m/255 + bg * (1 - m/255) with its exact arithmetic (AlphaLerp): the integer (fg - bg) * m,
// times Inv_255 plus bg in one fused multiply-add (as nvcc contracts CV-CUDA's expression), plus 0.5f, truncated.
// Composite's CPU path computes the same with Math.fma, so the two agree bit for bit. U8, 3 channels in, 3 or 4 out
// (alpha 255).
#include "pixels.cuh"

namespace cvj {

__device__ __forceinline__ uint8_t composite_one(int fg, int bg, int m) {
    return (uint8_t)(int)__fadd_rn(__fmaf_rn((float)((fg - bg) * m), 0.00392156862f, (float)bg), 0.5f);
}

// dst pixel (3 or 4 channels at byte stride dC) from the 3 channels of fg and bg at (fs, bs) and the mask byte m.
__device__ __forceinline__ void composite_pixel(const uint8_t* f, long long fC, const uint8_t* b, long long bC, int m,
                                                uint8_t* d, long long dC, int DC) {
#pragma unroll
    for (int c = 0; c < 3; c++) d[c * dC] = composite_one(f[c * fC], b[c * bC], m);
    if (DC == 4) d[3 * dC] = 255;
}

} // namespace cvj

// Grid (ceil(W / (BLOCK*PIX)), H, N); any byte strides (views).
extern "C" __global__ void __launch_bounds__(cvj::BLOCK) cvj_composite(
    const uint8_t* fg, long long fN, long long fH, long long fW, long long fC, const uint8_t* bg, long long bN,
    long long bH, long long bW, long long bC, const uint8_t* mask, long long mN, long long mH, long long mW,
    uint8_t* dst, long long dN, long long dH, long long dW, long long dC, int W, int DC) {
    const int y = blockIdx.y, n = blockIdx.z;
    const uint8_t* frow = fg + n * fN + y * fH;
    const uint8_t* brow = bg + n * bN + y * bH;
    const uint8_t* mrow = mask + n * mN + y * mH;
    uint8_t* drow = dst + n * dN + y * dH;
#pragma unroll
    for (int k = 0; k < cvj::PIX; k++) {
        const int x = blockIdx.x * (cvj::BLOCK * cvj::PIX) + threadIdx.x + k * cvj::BLOCK;
        if (x < W) cvj::composite_pixel(frow + x * fW, fC, brow + x * bW, bC, mrow[x * mW], drow + x * dW, dC, DC);
    }
}

// A varshape batch: image blockIdx.z, packed HWC pixels; grid (ceil(maxW / (BLOCK*PIX)), min(maxH, 65535), N), rows by
// gridDim.y.
extern "C" __global__ void __launch_bounds__(cvj::BLOCK) cvj_composite_vs(const void* fgs, const void* bgs,
                                                                          const void* masks, const void* dsts, int DC) {
    const int n = blockIdx.z;
    const cvj::VarShapeImage d = static_cast<const cvj::VarShapeImage*>(dsts)[n];
    if ((int)(blockIdx.x * (cvj::BLOCK * cvj::PIX)) >= d.width) return;
    const cvj::VarShapeImage f = static_cast<const cvj::VarShapeImage*>(fgs)[n];
    const cvj::VarShapeImage b = static_cast<const cvj::VarShapeImage*>(bgs)[n];
    const cvj::VarShapeImage m = static_cast<const cvj::VarShapeImage*>(masks)[n];
    for (int y = blockIdx.y; y < d.height; y += gridDim.y) {
        const uint8_t* frow = reinterpret_cast<const uint8_t*>(f.data) + y * f.rowPitch;
        const uint8_t* brow = reinterpret_cast<const uint8_t*>(b.data) + y * b.rowPitch;
        const uint8_t* mrow = reinterpret_cast<const uint8_t*>(m.data) + y * m.rowPitch;
        uint8_t* drow = reinterpret_cast<uint8_t*>(d.data) + y * d.rowPitch;
#pragma unroll
        for (int k = 0; k < cvj::PIX; k++) {
            const int x = blockIdx.x * (cvj::BLOCK * cvj::PIX) + threadIdx.x + k * cvj::BLOCK;
            if (x < d.width) cvj::composite_pixel(frow + x * 3, 1, brow + x * 3, 1, mrow[x], drow + x * DC, 1, DC);
        }
    }
}
