// Morphology: one min (erode) or max (dilate) pass over a list of (dx, dy) offsets from each pixel, OpenCV's
// cv::erode / cv::dilate with its border rules (cv::borderInterpolate, or a constant). Morphology.java splits an
// operation into passes: a rectangle into a row pass and a column pass (offsets (dx, 0) then (0, dy)), any other
// element into one pass over its set pixels per iteration. The same steps as Morphology's CPU path.
#include "pixels.cuh"

namespace cvj {

// Grid from Launch.image: thread (x, y) of block z computes pixel (x, y) of image z, all C <= 4 channels.
// offs holds count (dx, dy) pairs; a pixel outside the image maps by border_index, or reads borderValue.
// |dx|, |dy| < 65536 (Morphology refuses larger elements) and W, H < 2^31 - 65535, so x + dx cannot overflow.
// P is the type compared in (int for integer images, float for F32); a NaN element never replaces the accumulator,
// as on the CPU (acc = v < acc ? v : acc).
template <typename T, typename P, bool MAX>
__device__ __forceinline__ void morph_pass(const uint8_t* __restrict__ src, long long sN, long long sH, long long sW,
                                           long long sC, uint8_t* __restrict__ dst, long long dN, long long dH,
                                           long long dW, long long dC, int W, int H, int C,
                                           const int* __restrict__ offs, int count, int border, P borderValue,
                                           P identity) {
    int x = blockIdx.x * blockDim.x + threadIdx.x, y = blockIdx.y * blockDim.y + threadIdx.y, n = blockIdx.z;
    if (x >= W || y >= H) return;
    const uint8_t* img = src + n * sN;
    P acc[4] = {identity, identity, identity, identity};
    for (int k = 0; k < count; k++) {
        int sx = border_index(x + offs[2 * k], W, border), sy = border_index(y + offs[2 * k + 1], H, border);
        const uint8_t* p = sx < 0 || sy < 0 ? nullptr : img + sy * sH + sx * sW;
#pragma unroll
        for (int c = 0; c < 4; c++) {
            if (c < C) {
                P v = p == nullptr ? borderValue : (P)*at<T>(p, c * sC);
                acc[c] = MAX ? (v > acc[c] ? v : acc[c]) : (v < acc[c] ? v : acc[c]);
            }
        }
    }
    uint8_t* out = dst + n * dN + y * dH + x * dW;
#pragma unroll
    for (int c = 0; c < 4; c++)
        if (c < C) *at<T>(out, c * dC) = (T)acc[c];
}

} // namespace cvj

#define CVJ_MORPH(name, tn, T, P, MAX)                                                                             \
    extern "C" __global__ void cvj_##name##_##tn(const uint8_t* src, long long sN, long long sH, long long sW,     \
                                                 long long sC, uint8_t* dst, long long dN, long long dH,           \
                                                 long long dW, long long dC, int W, int H, int C, const int* offs, \
                                                 int count, int border, P borderValue, P identity) {               \
        cvj::morph_pass<T, P, MAX>(src, sN, sH, sW, sC, dst, dN, dH, dW, dC, W, H, C, offs, count, border,       \
                                   borderValue, identity);                                                         \
    }

CVJ_MORPH(erode, u8, uint8_t, int, false)
CVJ_MORPH(erode, u16, uint16_t, int, false)
CVJ_MORPH(erode, s16, int16_t, int, false)
CVJ_MORPH(erode, f32, float, float, false)
CVJ_MORPH(dilate, u8, uint8_t, int, true)
CVJ_MORPH(dilate, u16, uint16_t, int, true)
CVJ_MORPH(dilate, s16, int16_t, int, true)
CVJ_MORPH(dilate, f32, float, float, true)
