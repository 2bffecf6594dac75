// Morphology: one min (erode) or max (dilate) pass over a list of (dx, dy) offsets from each pixel, OpenCV's
// cv::erode / cv::dilate with its border rules (cv::borderInterpolate, or a constant). Morphology.java splits an
// operation into passes: a rectangle into a row pass and a column pass (offsets (dx, 0) then (0, dy)), any other
// element into one pass over its set pixels per iteration. The same steps as Morphology's CPU path. A varshape batch
// runs pass k of every image in one launch (each image its own element, reads, writes and offsets from a table).
#include "pixels.cuh"

namespace cvj {

// Pixel (x, y) of the image at img (W x H) into out, all C <= 4 channels.
// offs holds count (dx, dy) pairs; a pixel outside the image maps by border_index, or reads borderValue.
// |dx|, |dy| < 65536 (Morphology refuses larger elements) and W, H < 2^31 - 65535, so x + dx cannot overflow.
// P is the type compared in (int for integer images, float for F32); a NaN element never replaces the accumulator,
// as on the CPU (acc = v < acc ? v : acc).
template <typename T, typename P>
__device__ __forceinline__ void morph_pixel(const uint8_t* __restrict__ img, long long sH, long long sW, long long sC,
                                            uint8_t* __restrict__ out, long long dC, int x, int y, int W, int H, int C,
                                            const int* __restrict__ offs, int count, int border, P borderValue,
                                            P identity, bool max) {
    P acc[4] = {identity, identity, identity, identity};
    for (int k = 0; k < count; k++) {
        int sx = border_index(x + offs[2 * k], W, border), sy = border_index(y + offs[2 * k + 1], H, border);
        const uint8_t* p = sx < 0 || sy < 0 ? nullptr : img + sy * sH + sx * sW;
#pragma unroll
        for (int c = 0; c < 4; c++) {
            if (c < C) {
                P v = p == nullptr ? borderValue : (P)*at<T>(p, c * sC);
                acc[c] = max ? (v > acc[c] ? v : acc[c]) : (v < acc[c] ? v : acc[c]);
            }
        }
    }
#pragma unroll
    for (int c = 0; c < 4; c++)
        if (c < C) *at<T>(out, c * dC) = (T)acc[c];
}

// Grid from Launch.image: thread (x, y) of block z computes pixel (x, y) of image z.
template <typename T, typename P, bool MAX>
__device__ __forceinline__ void morph_pass(const uint8_t* __restrict__ src, long long sN, long long sH, long long sW,
                                           long long sC, uint8_t* __restrict__ dst, long long dN, long long dH,
                                           long long dW, long long dC, int W, int H, int C,
                                           const int* __restrict__ offs, int count, int border, P borderValue,
                                           P identity) {
    int x = blockIdx.x * blockDim.x + threadIdx.x, y = blockIdx.y * blockDim.y + threadIdx.y, n = blockIdx.z;
    if (x >= W || y >= H) return;
    morph_pixel<T, P>(src + n * sN, sH, sW, sC, dst + n * dN + y * dH + x * dW, dC, x, y, W, H, C, offs, count, border,
                      borderValue, identity, MAX);
}

// One pass of a varshape batch (Morphology.PASS_BYTES per image): where image z reads and writes
// (src, temporaries or dst: interleaved rows), its size, its offsets in the call's offset table (count 0: the image
// has no pass here) and min or max, with its border value and identity as P's bits.
struct MorphImage {
    unsigned long long in;
    long long inPitch;
    unsigned long long out;
    long long outPitch;
    int width, height, offs, count, max;
    int borderValue, identity;
    int pad;
};
static_assert(sizeof(MorphImage) == 64, "Morphology.PASS_BYTES");

// Launch.image over the largest image, grid z = image.
template <typename T, typename P>
__device__ __forceinline__ void morph_vs(const MorphImage* __restrict__ pass, const int* __restrict__ offsets, int C,
                                         int border) {
    const MorphImage m = pass[blockIdx.z];
    int x = blockIdx.x * blockDim.x + threadIdx.x, y = blockIdx.y * blockDim.y + threadIdx.y;
    if (m.count == 0 || x >= m.width || y >= m.height) return;
    const long long pw = (long long)C * sizeof(T);
    P borderValue, identity;
    memcpy(&borderValue, &m.borderValue, sizeof(P));
    memcpy(&identity, &m.identity, sizeof(P));
    morph_pixel<T, P>(reinterpret_cast<const uint8_t*>(m.in), m.inPitch, pw, sizeof(T),
                      reinterpret_cast<uint8_t*>(m.out) + y * m.outPitch + x * pw, sizeof(T), x, y, m.width, m.height, C,
                      offsets + m.offs, m.count, border, borderValue, identity, m.max != 0);
}

// A min (erode) or max (dilate) over a kw x kh rectangle anchored at (ax, ay), tiled as filter.cu's separable
// filter: a block of 256 threads loads its 32 x 32 outputs' tile (the halo included; outside the image the border
// rule's pixel, or borderValue) into shared memory once, reduces each tile row over kw into shared memory, then those
// down the columns over kh. The same values as a row pass then a column pass of morph_pass (a min of mins; NaN never
// replaces the accumulator, so an all-NaN window gives the identity either way).
constexpr int MORPH_TILE = 32, MORPH_THREADS = 256; // Morphology.TILE, TILE_THREADS

template <typename T, typename P, bool MAX>
__device__ __forceinline__ P morph_pick(P v, P acc) { return MAX ? (v > acc ? v : acc) : (v < acc ? v : acc); }

template <typename T, typename P, bool MAX>
__device__ __forceinline__ void morph_rect(const uint8_t* __restrict__ src, long long sN, long long sH, long long sW,
                                           long long sC, uint8_t* __restrict__ dst, long long dN, long long dH,
                                           long long dW, long long dC, int W, int H, int C, int kw, int kh, int ax,
                                           int ay, int border, P borderValue, P identity) {
    extern __shared__ __align__(16) unsigned char morph_smem[];
    const int tw = MORPH_TILE + kw - 1, th = MORPH_TILE + kh - 1, n = blockIdx.z;
    P* in = reinterpret_cast<P*>(morph_smem);   // C planes of th x tw
    P* rows = in + C * th * tw;                 // C planes of th x MORPH_TILE
    const uint8_t* img = src + n * sN;
    const int x0 = blockIdx.x * MORPH_TILE - ax, y0 = blockIdx.y * MORPH_TILE - ay;
    const bool inside = x0 >= 0 && y0 >= 0 && x0 <= W - tw && y0 <= H - th; // then no border rule
    load_planes<T, P, MORPH_THREADS>(in, tw, th, C, sC, borderValue, [&](int r, int col) -> const uint8_t* {
        const int sy = inside ? y0 + r : border_index(y0 + r, H, border);
        const int sx = inside ? x0 + col : border_index(x0 + col, W, border);
        return sy < 0 || sx < 0 ? nullptr : img + sy * sH + sx * sW;
    });
    __syncthreads();
    for (int r = threadIdx.x / MORPH_TILE; r < th; r += MORPH_THREADS / MORPH_TILE) {
        const int col = threadIdx.x % MORPH_TILE;
#pragma unroll
        for (int c = 0; c < 4; c++) {
            if (c < C) {
                const P* p = in + (c * th + r) * tw + col;
                P acc = identity;
                for (int k = 0; k < kw; k++) acc = morph_pick<T, P, MAX>(p[k], acc);
                rows[(c * th + r) * MORPH_TILE + col] = acc;
            }
        }
    }
    __syncthreads();
    const int lx = threadIdx.x % MORPH_TILE, x = blockIdx.x * MORPH_TILE + lx;
    if (x >= W) return;
    for (int ly = threadIdx.x / MORPH_TILE; ly < MORPH_TILE; ly += MORPH_THREADS / MORPH_TILE) {
        const int y = blockIdx.y * MORPH_TILE + ly;
        if (y >= H) return;
        uint8_t* out = dst + n * dN + y * dH + x * dW;
#pragma unroll
        for (int c = 0; c < 4; c++) {
            if (c < C) {
                const P* p = rows + (c * th + ly) * MORPH_TILE + lx;
                P acc = identity;
                for (int j = 0; j < kh; j++) acc = morph_pick<T, P, MAX>(p[j * MORPH_TILE], acc);
                *at<T>(out, c * dC) = (T)acc;
            }
        }
    }
}

} // namespace cvj

#define CVJ_MORPH_RECT(name, tn, T, P, MAX)                                                                        \
    extern "C" __global__ void __launch_bounds__(cvj::MORPH_THREADS) cvj_morph_rect_##name##_##tn(                \
        const uint8_t* src, long long sN, long long sH, long long sW, long long sC, uint8_t* dst, long long dN,    \
        long long dH, long long dW, long long dC, int W, int H, int C, int kw, int kh, int ax, int ay, int border,  \
        P borderValue, P identity) {                                                                               \
        cvj::morph_rect<T, P, MAX>(src, sN, sH, sW, sC, dst, dN, dH, dW, dC, W, H, C, kw, kh, ax, ay, border,      \
                                   borderValue, identity);                                                         \
    }

CVJ_MORPH_RECT(erode, u8, uint8_t, int, false)
CVJ_MORPH_RECT(erode, u16, uint16_t, int, false)
CVJ_MORPH_RECT(erode, s16, int16_t, int, false)
CVJ_MORPH_RECT(erode, f32, float, float, false)
CVJ_MORPH_RECT(dilate, u8, uint8_t, int, true)
CVJ_MORPH_RECT(dilate, u16, uint16_t, int, true)
CVJ_MORPH_RECT(dilate, s16, int16_t, int, true)
CVJ_MORPH_RECT(dilate, f32, float, float, true)

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

#define CVJ_MORPH_VS(tn, T, P)                                                                                     \
    extern "C" __global__ void cvj_morph_vs_##tn(const cvj::MorphImage* pass, const int* offsets, int C,           \
                                                 int border) {                                                     \
        cvj::morph_vs<T, P>(pass, offsets, C, border);                                                            \
    }

CVJ_MORPH_VS(u8, uint8_t, int)
CVJ_MORPH_VS(u16, uint16_t, int)
CVJ_MORPH_VS(s16, int16_t, int)
CVJ_MORPH_VS(f32, float, float)
