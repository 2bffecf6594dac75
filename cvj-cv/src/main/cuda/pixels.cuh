// Device helpers of the per-pixel operators (ConvertTo, Normalize, Reformat, ChannelReorder, crops, Flip,
// CopyMakeBorder, Stack and the fused CropFlipNormalizeReformat / ResizeCropConvertReformat).
// Everything lives in namespace cvj: all .cu files are #included into one translation unit.
#pragma once
#include <cstdint>
#include <cuda_fp16.h>

namespace cvj {

// Pixels handled by one thread in the per-pixel kernels, and threads per block. A thread touches x,
// x + BLOCK, x + 2*BLOCK, ... of one row, so a warp stays coalesced and each thread keeps PIX*C loads
// in flight before it stores anything.
constexpr int BLOCK = 128;
constexpr int PIX = 4;

// One thread's PIX pixels x0, x0 + BLOCK, ... (those < W) of a row, C <= 4 channels each, in two phases: every
// load into registers first, then every store(x, c, value), so that all loads are in flight before the first
// store. at(x) is computed once per pixel (e.g. its source column) and handed to load(at, c). The per-pixel
// kernels copy4d, channel_reorder, pointwise_strided and copy_make_border differ only in these three (their PTX
// is the same as with the loops written out; crop_flip_normalize_reformat's was not, so it keeps its loops).
template <typename V, typename At, typename Load, typename Store>
__device__ __forceinline__ void staged_pixels(int x0, int W, int C, At at, Load load, Store store) {
    V v[PIX][4];
#pragma unroll
    for (int k = 0; k < PIX; k++) {
        int x = x0 + k * BLOCK;
        if (x < W) {
            auto p = at(x);
#pragma unroll
            for (int c = 0; c < 4; c++)
                if (c < C) v[k][c] = load(p, c);
        }
    }
#pragma unroll
    for (int k = 0; k < PIX; k++) {
        int x = x0 + k * BLOCK;
        if (x < W) {
#pragma unroll
            for (int c = 0; c < 4; c++)
                if (c < C) store(x, c, v[k][c]);
        }
    }
}

// The same where a pixel's loads need only x: load(x, c).
template <typename V, typename Load, typename Store>
__device__ __forceinline__ void staged_pixels(int x0, int W, int C, Load load, Store store) {
    staged_pixels<V>(x0, W, C, [](int x) { return x; }, load, store);
}

// Conversions to float (exact for every integer type here).
__device__ __forceinline__ float to_f(uint8_t v) { return (float)v; }
__device__ __forceinline__ float to_f(uint16_t v) { return (float)v; }
__device__ __forceinline__ float to_f(int16_t v) { return (float)v; }
__device__ __forceinline__ float to_f(float v) { return v; }
__device__ __forceinline__ float to_f(__half v) { return __half2float(v); }

// Saturating conversions from float: round half to even (OpenCV's cvRound / saturate_cast), clamp to the
// type's range; NaN -> 0 (PTX cvt.rni.s32.f32 turns NaN into 0 and saturates to the int range).
template <typename T> __device__ __forceinline__ T from_f(float v);
template <> __device__ __forceinline__ uint8_t from_f<uint8_t>(float v) {
    int i = __float2int_rn(v);
    return (uint8_t)min(max(i, 0), 255);
}
template <> __device__ __forceinline__ uint16_t from_f<uint16_t>(float v) {
    int i = __float2int_rn(v);
    return (uint16_t)min(max(i, 0), 65535);
}
template <> __device__ __forceinline__ int16_t from_f<int16_t>(float v) {
    int i = __float2int_rn(v);
    return (int16_t)min(max(i, -32768), 32767);
}
template <> __device__ __forceinline__ float from_f<float>(float v) { return v; }
template <> __device__ __forceinline__ __half from_f<__half>(float v) { return __float2half_rn(v); }

// An element of `bytes` bytes moved as an opaque value.
template <int BYTES> struct Raw;
template <> struct Raw<1> { using T = uint8_t; };
template <> struct Raw<2> { using T = uint16_t; };
template <> struct Raw<4> { using T = uint32_t; };
template <> struct Raw<8> { using T = unsigned long long; };
struct alignas(16) U128 { unsigned long long lo, hi; };
template <> struct Raw<16> { using T = U128; };

// OpenCV border codes and cv::borderInterpolate (a border wider than the image reflects / wraps again).
// Returns -1 for BORDER_CONSTANT outside the image. Outside the image REFLECT, REFLECT_101 and WRAP are
// periodic, so any p maps in constant time: p modulo the period, the same results as OpenCV's loop
// (BorderType.interpolate on the CPU). The period 2 * len is below 2^32 and |p| at most 2^31, so unsigned 32-bit
// arithmetic cannot overflow (64-bit division would cost the kernels registers, hence occupancy). Inside the
// image (the common case) nothing changes: one unsigned compare.
enum : int { BORDER_CONSTANT = 0, BORDER_REPLICATE = 1, BORDER_REFLECT = 2, BORDER_WRAP = 3, BORDER_REFLECT_101 = 4 };

__device__ __forceinline__ int border_index(int p, int len, int type) {
    if ((unsigned)p < (unsigned)len) return p;
    if (type == BORDER_CONSTANT) return -1;
    if (type == BORDER_REPLICATE) return p < 0 ? 0 : len - 1;
    if (type == BORDER_WRAP) {
        int q = p % len; // |q| < len
        return q < 0 ? q + len : q;
    }
    if (len == 1) return 0;
    // REFLECT: period 2 * len (the row, then reversed); REFLECT_101: 2 * len - 2 (the edge pixels not repeated)
    const bool r101 = type == BORDER_REFLECT_101;
    const unsigned period = 2u * (unsigned)len - (r101 ? 2u : 0u);
    unsigned q;
    if (p >= 0) {
        q = (unsigned)p % period;
    } else {
        const unsigned r = (0u - (unsigned)p) % period; // |p|, up to 2^31
        q = r == 0 ? 0 : period - r;
    }
    return (int)(q < (unsigned)len ? q : period - (r101 ? 0u : 1u) - q);
}

// v[c] for a runtime c < 4 without dynamic indexing (which would spill the array to local memory).
__device__ __forceinline__ float pick4(const float* v, int c) {
    return c == 0 ? v[0] : c == 1 ? v[1] : c == 2 ? v[2] : v[3];
}

// Per-channel affine map of ConvertTo / Normalize / CropFlipNormalizeReformat:
//     out = fma((in - p[c]) * q[c], g, h), each step rounded once (no contraction), like the Java CPU path.
struct Affine {
    float p[4];
    float q[4];
    float g;
    float h;
};

__device__ __forceinline__ float affine(float x, int c, const Affine& a) {
    return __fmaf_rn(__fmul_rn(__fsub_rn(x, pick4(a.p, c)), pick4(a.q, c)), a.g, a.h);
}

// One entry of ImageBatchVarShape's descriptor table: an image of a varshape batch.
struct VarShapeImage {
    unsigned long long data;
    long long rowPitch;
    int height;
    int width;
    long long pad;
};
static_assert(sizeof(VarShapeImage) == 32, "ImageBatchVarShape.DESCRIPTOR_BYTES");

template <typename T> __device__ __forceinline__ const T* at(const uint8_t* base, long long off) {
    return reinterpret_cast<const T*>(base + off);
}
template <typename T> __device__ __forceinline__ T* at(uint8_t* base, long long off) {
    return reinterpret_cast<T*>(base + off);
}

// A per-element map over image blockIdx.z of a varshape batch of packed pixels (C <= 4 channels, src and dst of
// element type T): grid (ceil(maxW / (BLOCK*PIX)), min(maxH, 65535), N), rows by gridDim.y, blocks past the image's
// width return. dst element = f(c, src element).
template <typename T, typename F>
__device__ __forceinline__ void varshape_pointwise(const VarShapeImage* srcs, const VarShapeImage* dsts, int C, F f) {
    const int n = blockIdx.z;
    const VarShapeImage d = dsts[n];
    if ((int)(blockIdx.x * (BLOCK * PIX)) >= d.width) return;
    const VarShapeImage s = srcs[n];
    const int x0 = blockIdx.x * (BLOCK * PIX) + threadIdx.x;
    const long long e = sizeof(T);
    for (int y = blockIdx.y; y < d.height; y += gridDim.y) {
        const uint8_t* srow = reinterpret_cast<const uint8_t*>(s.data) + y * s.rowPitch;
        uint8_t* drow = reinterpret_cast<uint8_t*>(d.data) + y * d.rowPitch;
        staged_pixels<T>(x0, d.width, C, [&](int x, int c) { return *at<T>(srow, (x * C + c) * e); },
                         [&](int x, int c, T v) { *at<T>(drow, (x * C + c) * e) = f(c, v); });
    }
}

// A per-element map over dense U8 images (rows unpadded, pixels packed: image n is count = H * W * C bytes from
// src + n * sN, dst + n * dN): grid (blocks per image, N); each thread maps 16 bytes at a time, striding by the
// grid's width, as one 16-byte load and store where both images start 16-byte aligned and the 16 bytes lie inside,
// byte by byte at the image's tail or when unaligned. Channel of byte e: e % C. dst byte = f(c, src byte). In place
// (dst == src) is safe: each thread reads its bytes before it writes them, and no other thread touches them.
constexpr int DENSE_THREADS = 256; // Launch.LINEAR_BLOCK
template <typename F>
__device__ __forceinline__ void dense_u8_pointwise(const uint8_t* src, long long sN, uint8_t* dst, long long dN,
                                                   long long count, int C, F f) {
    const uint8_t* s = src + blockIdx.y * sN;
    uint8_t* d = dst + blockIdx.y * dN;
    const bool aligned = ((reinterpret_cast<unsigned long long>(s) | reinterpret_cast<unsigned long long>(d)) & 15) == 0;
    const long long step = (long long)gridDim.x * DENSE_THREADS * 16;
    for (long long e0 = (blockIdx.x * (long long)DENSE_THREADS + threadIdx.x) * 16; e0 < count; e0 += step) {
        int c = (int)(e0 % C);
        if (aligned && e0 + 16 <= count) {
            uint4 v = *reinterpret_cast<const uint4*>(s + e0);
            uint8_t* b = reinterpret_cast<uint8_t*>(&v);
#pragma unroll
            for (int k = 0; k < 16; k++) {
                b[k] = f(c, b[k]);
                c = c + 1 == C ? 0 : c + 1;
            }
            *reinterpret_cast<uint4*>(d + e0) = v;
        } else {
            const long long end = e0 + 16 < count ? e0 + 16 : count;
            for (long long e = e0; e < end; e++) {
                d[e] = f(c, s[e]);
                c = c + 1 == C ? 0 : c + 1;
            }
        }
    }
}

// Loads a th x tw tile of pixels of C <= 4 channels into C planes of shared memory: element (r, col) of plane c
// (planes[(c * th + r) * tw + col]) from channel c of the pixel at pixel(r, col), fill where that is nullptr. The
// tile is numbered flat over the block's THREADS threads, and each thread has LOADS pixels' loads in flight before it
// stores any: one byte load at a time per thread leaves the memory system mostly idle. The row of element i is
// (i + 0.5) * (1 / tw) in float, exact for the tiles of shared memory (i < 2^14, tw < 2^10).
template <typename T, typename V, int THREADS, typename Pixel>
__device__ __forceinline__ void load_planes(V* planes, int tw, int th, int C, long long sC, V fill, Pixel pixel) {
    constexpr int LOADS = 4;
    const int n = tw * th;
    const float inv = 1.0f / (float)tw;
    for (int base = threadIdx.x; base < n; base += THREADS * LOADS) {
        V v[LOADS][4];
#pragma unroll
        for (int u = 0; u < LOADS; u++) {
            const int i = base + u * THREADS;
            if (i < n) {
                const int r = (int)(((float)i + 0.5f) * inv), col = i - r * tw;
                const uint8_t* p = pixel(r, col);
#pragma unroll
                for (int c = 0; c < 4; c++)
                    if (c < C) v[u][c] = p ? (V)*reinterpret_cast<const T*>(p + c * sC) : fill;
            }
        }
#pragma unroll
        for (int u = 0; u < LOADS; u++) {
            const int i = base + u * THREADS;
            if (i < n) {
#pragma unroll
                for (int c = 0; c < 4; c++)
                    if (c < C) planes[c * n + i] = v[u][c];
            }
        }
    }
}

} // namespace cvj
