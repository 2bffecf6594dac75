// Copies that move elements without changing them: CustomCrop, CenterCrop, Flip, Reformat, Stack,
// ChannelReorder, CopyMakeBorder, Rotate's quarter turns. All bit-exact; element types are opaque values of 1..16 bytes.
#include "pixels.cuh"

namespace cvj {

// The 16 bytes at s (any alignment; mis = s & 3): one 16-byte load when s is 16-byte aligned, else 4 or 5 aligned
// word loads from s - mis, shifted into place: the caller makes sure the 20 bytes from s - mis are readable.
__device__ __forceinline__ uint4 load16(const uint8_t* s, int mis) {
    if ((reinterpret_cast<uintptr_t>(s) & 15) == 0) return *reinterpret_cast<const uint4*>(s);
    const uint32_t* w = reinterpret_cast<const uint32_t*>(s - mis);
    if (mis == 0) return make_uint4(w[0], w[1], w[2], w[3]);
    uint32_t w0 = w[0], w1 = w[1], w2 = w[2], w3 = w[3], w4 = w[4];
    const int sh = mis * 8;
    return make_uint4(__funnelshift_r(w0, w1, sh), __funnelshift_r(w1, w2, sh), __funnelshift_r(w2, w3, sh),
                      __funnelshift_r(w3, w4, sh));
}

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
    const int mis = (int)(reinterpret_cast<uintptr_t>(s0 + start) & 3);
    // The word loads of a misaligned window reach mis bytes before it and 4 - mis after: only inside the row
    // (initcheck caught them reading a padded row's unwritten padding; past a tensor's end it would be memcheck).
    if (lo == start && hi == end && (mis == 0 || (start >= mis && end + 4 - mis <= rowBytes))) {
        *reinterpret_cast<uint4*>(d0 + start) = load16(s0 + start, mis);
    } else {
        for (long long i = lo; i < hi; i++) d0[i] = s0[i];
    }
}

// out = the NPX pixels of P bytes in `in` in reverse order (compile-time byte positions: byte permutes).
template <int P, int NPX>
__device__ __forceinline__ void reverse_pixels(const uint32_t* in, uint32_t* out) {
#pragma unroll
    for (int i = 0; i < NPX * P / 4; i++) {
        uint32_t r = 0;
#pragma unroll
        for (int t = 0; t < 4; t++) {
            int o = 4 * i + t;                           // output byte
            int b = (NPX - 1 - o / P) * P + o % P;       // its byte in the span
            r |= ((in[b / 4] >> (8 * (b % 4))) & 0xFFu) << (8 * t);
        }
        out[i] = r;
    }
}

// ---- horizontal flip of dense rows of P-byte pixels ----
// Thread k of a row writes dst pixels [k * NPX, (k + 1) * NPX) (NPX * P = 16 or 48 bytes: whole 16-byte
// stores; dst rows 16-byte aligned) from src pixels W - 1 - x, read as one contiguous span of NPX * P bytes:
// 16-byte loads when the span is 16-byte aligned (it is when the row end is: all spans of a row share that
// alignment), 4-byte loads when 4-byte aligned, else bytes. The pixel order is then reversed in registers
// (compile-time byte positions: the compiler emits byte permutes). The last partial window goes byte by byte.
// src points at pixel 0 of row 0 of image 0 (row stride may be negative: both flips). Grid (windows, H, N).
template <int P, int NPX>
__device__ __forceinline__ void flip_h(const uint8_t* __restrict__ src, long long sN, long long sRow,
                                       uint8_t* __restrict__ dst, long long dN, long long dRow, int W) {
    constexpr int L = NPX * P;      // bytes per window, a multiple of 16
    constexpr int NW = L / 4;
    int x0 = (blockIdx.x * blockDim.x + threadIdx.x) * NPX;
    if (x0 >= W) return;
    const uint8_t* srow = src + blockIdx.z * sN + blockIdx.y * sRow;
    uint8_t* drow = dst + blockIdx.z * dN + blockIdx.y * dRow;
    if (x0 + NPX > W) { // tail
        for (int i = 0; i < (W - x0) * P; i++) {
            int x = x0 + i / P;
            drow[x0 * P + i] = srow[(long long)(W - 1 - x) * P + i % P];
        }
        return;
    }
    const uint8_t* span = srow + (long long)(W - NPX - x0) * P;
    uint32_t in[NW];
    uintptr_t a = reinterpret_cast<uintptr_t>(span);
    if ((a & 15) == 0) {
#pragma unroll
        for (int i = 0; i < NW / 4; i++) {
            uint4 v = reinterpret_cast<const uint4*>(span)[i];
            in[4 * i] = v.x; in[4 * i + 1] = v.y; in[4 * i + 2] = v.z; in[4 * i + 3] = v.w;
        }
    } else if ((a & 3) == 0) {
#pragma unroll
        for (int i = 0; i < NW; i++) in[i] = reinterpret_cast<const uint32_t*>(span)[i];
    } else {
#pragma unroll
        for (int i = 0; i < NW; i++)
            in[i] = span[4 * i] | (span[4 * i + 1] << 8) | (span[4 * i + 2] << 16) | ((uint32_t)span[4 * i + 3] << 24);
    }
    uint32_t out[NW];
    reverse_pixels<P, NPX>(in, out);
#pragma unroll
    for (int i = 0; i < NW / 4; i++)
        reinterpret_cast<uint4*>(drow + (long long)x0 * P)[i] =
            make_uint4(out[4 * i], out[4 * i + 1], out[4 * i + 2], out[4 * i + 3]);
}

// ---- general strided copy: n x H x W pixels of C <= 4 elements, signed byte strides ----
// Serves crops of non-dense tensors, horizontal flips (negative sW), reformat (permuted strides), stack.
// One thread's pixels of one row (staged_pixels: x0, x0 + BLOCK, ... below W).
template <typename T>
__device__ __forceinline__ void copy_pixels(const uint8_t* __restrict__ srow, long long sW, long long sC,
                                            uint8_t* __restrict__ drow, long long dW, long long dC, int x0, int W,
                                            int C) {
    staged_pixels<T>(x0, W, C, [&](int x, int c) { return *at<T>(srow, x * sW + c * sC); },
                     [&](int x, int c, T v) { *at<T>(drow, x * dW + c * dC) = v; });
}

template <typename T>
__device__ __forceinline__ void copy4d(const uint8_t* __restrict__ src, long long sN, long long sH, long long sW,
                                       long long sC, uint8_t* __restrict__ dst, long long dN, long long dH,
                                       long long dW, long long dC, int W, int C) {
    int y = blockIdx.y, n = blockIdx.z;
    int x0 = blockIdx.x * (BLOCK * PIX) + threadIdx.x;
    copy_pixels<T>(src + n * sN + y * sH, sW, sC, dst + n * dN + y * dH, dW, dC, x0, W, C);
}

// ---- strided copy of an ImageBatchVarShape: crops and flips, image blockIdx.z of a launch ----
// The dst image's size is the rectangle's; the rectangle (x, y) lies inside the src image (checked in Java, and
// again here: an image whose rectangle does not fit is left alone). Flipped axes read the rectangle backwards
// (negative strides). Pixels of C elements of type T (C = 1 when T holds a whole pixel). Grid (ceil(maxW /
// (BLOCK * PIX)), min(maxH, 65535), images): block rows step by gridDim.y, so any height fits.
constexpr int VS_COPY_IMAGES = 256; // images per launch: their parameters travel in the kernel's parameters
struct VarShapeCopyParams {
    int x[VS_COPY_IMAGES];        // the rectangle's left column in the src image
    int y[VS_COPY_IMAGES];        // its top row
    uint8_t flip[VS_COPY_IMAGES]; // bit 0: rows reversed (flipCode 0 or -1), bit 1: columns reversed (1 or -1)
};

template <typename T>
__device__ __forceinline__ void copy_varshape(const VarShapeImage* srcs, const VarShapeImage* dsts,
                                              const VarShapeCopyParams& p, int C) {
    const int z = blockIdx.z;
    const VarShapeImage s = srcs[z], d = dsts[z];
    const int W = d.width, H = d.height, x = p.x[z], y = p.y[z];
    if ((int)(blockIdx.x * (BLOCK * PIX)) >= W || x < 0 || y < 0 || x > s.width - W || y > s.height - H) return;
    const long long pix = (long long)C * sizeof(T);
    const bool rows = p.flip[z] & 1, cols = p.flip[z] & 2;
    const long long sH = rows ? -s.rowPitch : s.rowPitch, sW = cols ? -pix : pix;
    const uint8_t* s0 = reinterpret_cast<const uint8_t*>(s.data) + (long long)(rows ? y + H - 1 : y) * s.rowPitch +
                        (long long)(cols ? x + W - 1 : x) * pix;
    uint8_t* d0 = reinterpret_cast<uint8_t*>(d.data);
    const int x0 = blockIdx.x * (BLOCK * PIX) + threadIdx.x;
    for (int r = blockIdx.y; r < H; r += gridDim.y)
        copy_pixels<T>(s0 + r * sH, sW, sizeof(T), d0 + r * d.rowPitch, pix, sizeof(T), x0, W, C);
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

// One thread's pixels of one row, by the order o.
template <typename T>
__device__ __forceinline__ void reorder_pixels(const uint8_t* __restrict__ srow, long long sW, long long sC,
                                               uint8_t* __restrict__ drow, long long dW, long long dC, int x0, int W,
                                               int Cout, const int8_t* o) {
    int o0 = o[0], o1 = o[1], o2 = o[2], o3 = o[3];
    staged_pixels<T>(x0, W, Cout,
                     [&](int x, int c) {
                         int oc = c == 0 ? o0 : c == 1 ? o1 : c == 2 ? o2 : o3;
                         return oc < 0 ? T{} : *at<T>(srow, x * sW + oc * sC);
                     },
                     [&](int x, int c, T v) { *at<T>(drow, x * dW + c * dC) = v; });
}

template <typename T>
__device__ __forceinline__ void channel_reorder(const uint8_t* __restrict__ src, long long sN, long long sH,
                                                long long sW, long long sC, uint8_t* __restrict__ dst, long long dN,
                                                long long dH, long long dW, long long dC, int W, int Cout,
                                                int perImage, const Orders& ord) {
    int y = blockIdx.y, n = blockIdx.z;
    int x0 = blockIdx.x * (BLOCK * PIX) + threadIdx.x;
    reorder_pixels<T>(src + n * sN + y * sH, sW, sC, dst + n * dN + y * dH, dW, dC, x0, W, Cout,
                      ord.o[perImage ? n : 0]);
}

// Channel reorder of an ImageBatchVarShape, image blockIdx.z of a launch: packed pixels of Cin elements in, Cout
// out; src and dst images of one size (else the image is left alone). Grid as copy_varshape's.
template <typename T>
__device__ __forceinline__ void channel_reorder_varshape(const VarShapeImage* srcs, const VarShapeImage* dsts, int Cin,
                                                         int Cout, int perImage, const Orders& ord) {
    const int z = blockIdx.z;
    const VarShapeImage s = srcs[z], d = dsts[z];
    const int W = d.width, H = d.height;
    if ((int)(blockIdx.x * (BLOCK * PIX)) >= W || s.width != W || s.height != H) return;
    const uint8_t* s0 = reinterpret_cast<const uint8_t*>(s.data);
    uint8_t* d0 = reinterpret_cast<uint8_t*>(d.data);
    const int x0 = blockIdx.x * (BLOCK * PIX) + threadIdx.x;
    const int8_t* o = ord.o[perImage ? z : 0];
    for (int r = blockIdx.y; r < H; r += gridDim.y)
        reorder_pixels<T>(s0 + r * s.rowPitch, (long long)Cin * sizeof(T), sizeof(T), d0 + r * d.rowPitch,
                          (long long)Cout * sizeof(T), sizeof(T), x0, W, Cout, o);
}

// The __byte_perm selector of an order: output byte j = input byte o[j], selector 4 (a zero byte) where o[j] < 0.
template <int CO>
__device__ __forceinline__ uint32_t reorder_selector(const int8_t* o) {
    uint32_t sel = 0;
#pragma unroll
    for (int j = 0; j < CO; j++) sel |= (uint32_t)(o[j] < 0 ? 4 : o[j]) << (4 * j);
    return sel;
}

// out (4 * CO words) = the 16 pixels of CI bytes in `in` (4 * CI words), each gathered into a word at
// compile-time byte positions and reordered by one byte permute.
template <int CI, int CO>
__device__ __forceinline__ void reorder_16_pixels(const uint32_t* in, uint32_t* out, uint32_t sel) {
#pragma unroll
    for (int i = 0; i < 4 * CO; i++) out[i] = 0;
#pragma unroll
    for (int p = 0; p < 16; p++) {
        uint32_t pix = 0;
#pragma unroll
        for (int t = 0; t < CI; t++) {
            int b = CI * p + t;
            pix |= ((in[b / 4] >> (8 * (b % 4))) & 0xFFu) << (8 * t);
        }
        uint32_t q = __byte_perm(pix, 0u, sel);
#pragma unroll
        for (int j = 0; j < CO; j++) {
            int b = CO * p + j;
            out[b / 4] |= ((q >> (8 * j)) & 0xFFu) << (8 * (b % 4));
        }
    }
}

// ---- channel reorder of dense U8 rows, CI -> CO channels (3 or 4 each) ----
// Thread k of a row handles pixels [16k, 16k + 16): 16 * CI bytes in, 16 * CO out, as 16-byte vectors (rows
// 16-byte aligned on both sides). Each pixel is gathered into a word (compile-time byte positions) and
// reordered by one byte permute whose selector comes from the order (selector 4 picks a zero byte).
// The last partial window goes byte by byte. Grid (windows, H, N).
template <int CI, int CO>
__device__ __forceinline__ void reorder_u8(const uint8_t* __restrict__ src, long long sN, long long sH,
                                           uint8_t* __restrict__ dst, long long dN, long long dH, int W,
                                           int perImage, const Orders& ord) {
    constexpr int NI = 4 * CI, NO = 4 * CO; // words per 16 pixels
    int x0 = (blockIdx.x * blockDim.x + threadIdx.x) * 16;
    if (x0 >= W) return;
    int n = blockIdx.z;
    const int8_t* o = ord.o[perImage ? n : 0];
    const uint8_t* srow = src + n * sN + blockIdx.y * sH + (long long)x0 * CI;
    uint8_t* drow = dst + n * dN + blockIdx.y * dH + (long long)x0 * CO;
    if (x0 + 16 > W) {
        for (int i = 0; i < (W - x0) * CO; i++) {
            int oc = o[i % CO];
            drow[i] = oc < 0 ? 0 : srow[(i / CO) * CI + oc];
        }
        return;
    }
    const uint32_t sel = reorder_selector<CO>(o);
    uint32_t in[NI];
#pragma unroll
    for (int i = 0; i < NI / 4; i++) {
        uint4 v = reinterpret_cast<const uint4*>(srow)[i];
        in[4 * i] = v.x; in[4 * i + 1] = v.y; in[4 * i + 2] = v.z; in[4 * i + 3] = v.w;
    }
    uint32_t out[NO];
    reorder_16_pixels<CI, CO>(in, out, sel);
#pragma unroll
    for (int i = 0; i < NO / 4; i++)
        reinterpret_cast<uint4*>(drow)[i] = make_uint4(out[4 * i], out[4 * i + 1], out[4 * i + 2], out[4 * i + 3]);
}

// ---- warp-staged 48-byte groups: flips of 3-, 6- and 12-byte pixels, the 3-channel U8 reorder ----
// A warp owns a chunk of up to STAGE bytes of one dst row. Lane l loads the 16-byte words l, l + 32, l + 64 of the
// chunk's source bytes (each load instruction of the warp reads 512 contiguous bytes; the three are in flight
// together) into the warp's shared buffer; lane t then transforms 48-byte group t in registers (three 16-byte shared
// reads 48 bytes apart: each quarter warp covers the 32 banks once), writes it back in place, and the warp stores the
// chunk as it loaded it. A mirrored chunk (flip) reads the source span at the other end of the row and group t from
// the span's group (groups - 1 - t). Warps are numbered over (image, row, chunk) in a 1-D grid of STAGE_THREADS-thread
// blocks, so a narrow row does not leave a block idle. The caller makes rowBytes a multiple of 48, rows and images
// 16-byte aligned on both sides, and the warp count below 2^31.
constexpr int STAGE = 1536; // 32 lanes x 48 bytes
constexpr int STAGE_THREADS = 128;

template <typename F>
__device__ __forceinline__ void staged_groups(const uint8_t* __restrict__ src, long long sN, long long sRow,
                                              uint8_t* __restrict__ dst, long long dN, long long dRow, int rowBytes,
                                              int rows, int images, bool mirror, F group) {
    __shared__ uint4 buf[STAGE_THREADS / 32][STAGE / 16];
    const unsigned warp = threadIdx.x / 32, lane = threadIdx.x % 32;
    const unsigned chunks = (rowBytes + STAGE - 1) / STAGE;
    const unsigned w = blockIdx.x * (STAGE_THREADS / 32) + warp;
    const unsigned row = w / chunks;
    if (row >= (unsigned)rows * (unsigned)images) return; // the whole warp
    const unsigned img = row / rows, y = row - img * rows;
    const int d0 = (int)(w - row * chunks) * STAGE, len = min(STAGE, rowBytes - d0);
    const int words = len / 16, groups = len / 48;
    const uint4* s = reinterpret_cast<const uint4*>(src + img * sN + y * sRow + (mirror ? rowBytes - d0 - len : d0));
    uint4* d = reinterpret_cast<uint4*>(dst + img * dN + y * dRow + d0);
    uint4* b = buf[warp];
    uint4 v[3];
#pragma unroll
    for (int k = 0; k < 3; k++)
        if (lane + 32 * k < words) v[k] = s[lane + 32 * k];
#pragma unroll
    for (int k = 0; k < 3; k++)
        if (lane + 32 * k < words) b[lane + 32 * k] = v[k];
    __syncwarp();
    uint32_t in[12], out[12];
    if (lane < groups) {
        const int g = mirror ? groups - 1 - lane : lane;
#pragma unroll
        for (int k = 0; k < 3; k++) {
            const uint4 x = b[3 * g + k];
            in[4 * k] = x.x; in[4 * k + 1] = x.y; in[4 * k + 2] = x.z; in[4 * k + 3] = x.w;
        }
        group(in, out, img);
    }
    __syncwarp();
    if (lane < groups) {
#pragma unroll
        for (int k = 0; k < 3; k++) b[3 * lane + k] = make_uint4(out[4 * k], out[4 * k + 1], out[4 * k + 2], out[4 * k + 3]);
    }
    __syncwarp();
#pragma unroll
    for (int k = 0; k < 3; k++)
        if (lane + 32 * k < words) d[lane + 32 * k] = b[lane + 32 * k];
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
    staged_pixels<T>(x0, dstW, C, [&](int x) { return ys < 0 ? -1 : border_index(x - left, srcW, type); },
                     [&](int xs, int c) { return xs < 0 ? cv[c] : *at<T>(srow, xs * sW + c * sC); },
                     [&](int x, int c, T v) { *at<T>(drow, x * dW + c * dC) = v; });
}


// ---- copy make border, dense rows (interleaved pixels of P bytes, channels adjacent) ----
// Thread k of dst row y writes the k-th 16-byte-aligned window of the row, as copy_rows. A whole window inside
// the interior columns [left, left + srcW) of a row with a source row (ys >= 0) is one 16-byte store from a
// 16-byte or aligned 4-byte loads (funnel shifts) of source row ys; the windows that touch the left or right
// border, constant rows and the partial windows at the row's ends go byte by byte, each byte from its pixel's
// border_index (or the constant's byte), exactly as copy_make_border. One thread per window of the N x dstH dst
// rows, numbered row-major over a 1-D grid (as copy_rows): a 2-D grid of one block per row left most of each
// block idle on small images (224 px rows are 42 windows) and ran 11% of the bound there.
__device__ __forceinline__ void copy_make_border_rows(const uint8_t* __restrict__ src, long long sN, long long sH,
                                                      int srcW, int srcH, uint8_t* __restrict__ dst, long long dN,
                                                      long long dH, int dstW, int dstH, int N, int top, int left,
                                                      int P, int E, int type, const BorderValue& bv) {
    const long long rowBytes = (long long)dstW * P;
    const int windows = (int)(rowBytes / 16) + 2;
    const long long idx = (long long)blockIdx.x * blockDim.x + threadIdx.x;
    const long long rowIdx = idx / windows;
    if (rowIdx >= (long long)dstH * N) return;
    const int k = (int)(idx - rowIdx * windows);
    const int n = (int)(rowIdx / dstH), y = (int)(rowIdx - (long long)n * dstH);
    uint8_t* d0 = dst + n * dN + y * dH;
    const uintptr_t da = reinterpret_cast<uintptr_t>(d0);
    const long long start = (long long)((da & ~(uintptr_t)15) - da) + 16LL * k; // offset in the row, may be < 0
    const long long end = start + 16;
    const long long lo = start < 0 ? 0 : start;
    const long long hi = end > rowBytes ? rowBytes : end;
    if (lo >= hi) return;
    const int ys = border_index(y - top, srcH, type);
    const uint8_t* s0 = src + n * sN + (long long)(ys < 0 ? 0 : ys) * sH;
    const long long inLo = (long long)left * P, inHi = (long long)(left + srcW) * P;
    const int mis = (int)(reinterpret_cast<uintptr_t>(s0 + (start - inLo)) & 3);
    // The word loads of a misaligned window reach mis bytes before and 4 - mis after it: only inside the source
    // row (its first and last bytes may be an allocation's; memcheck caught reads past the last row's end).
    if (ys >= 0 && lo == start && hi == end && start >= inLo && end <= inHi &&
        (mis == 0 || (start - inLo >= mis && end + 4 - mis <= inHi))) {
        *reinterpret_cast<uint4*>(d0 + start) = load16(s0 + (start - inLo), mis);
        return;
    }
    // Pixel x and byte b of offset i, stepped along (no division per byte); xs changes only with x.
    int x = (int)(lo / P);
    int b = (int)(lo - (long long)x * P);
    int xs = ys < 0 ? -1 : border_index(x - left, srcW, type);
    for (long long i = lo; i < hi; i++) {
        uint8_t v;
        if (xs < 0) {
            const int c = b / E, j = b - c * E;
            const unsigned long long raw = c == 0 ? bv.raw[0] : c == 1 ? bv.raw[1] : c == 2 ? bv.raw[2] : bv.raw[3];
            v = (uint8_t)(raw >> (8 * j));
        } else {
            v = s0[(long long)xs * P + b];
        }
        d0[i] = v;
        if (++b == P) {
            b = 0;
            x++;
            xs = ys < 0 ? -1 : border_index(x - left, srcW, type);
        }
    }
}

} // namespace cvj

extern "C" __global__ void __launch_bounds__(256) cvj_copy_rows(const uint8_t* src, long long sN, long long sRow,
                                                                uint8_t* dst, long long dN, long long dRow,
                                                                int rowBytes, int rows, int n) {
    cvj::copy_rows(src, sN, sRow, dst, dN, dRow, rowBytes, rows, n);
}

// Rows copied from up to ROW_TABLE images at any addresses (Stack): image i = blockIdx.y, its rows at
// src[i] + r * sRow[i], into dst + i * dN + r * dRow. One launch instead of one per image.
namespace cvj {
constexpr int ROW_TABLE = 128; // 2 KiB of parameters (PixelCopies.ROW_TABLE)
struct RowTable {
    unsigned long long src[ROW_TABLE];
    long long sRow[ROW_TABLE];
};
} // namespace cvj

extern "C" __global__ void __launch_bounds__(256) cvj_copy_rows_table(cvj::RowTable t, uint8_t* dst, long long dN,
                                                               long long dRow, int rowBytes, int rows) {
    int i = blockIdx.y;
    cvj::copy_rows(reinterpret_cast<const uint8_t*>(t.src[i]), 0, t.sRow[i], dst + i * dN, 0, dRow, rowBytes, rows, 1);
}

#define CVJ_FLIP_H(P, NPX)                                                                                         \
    extern "C" __global__ void __launch_bounds__(128) cvj_flip_h_p##P(const uint8_t* src, long long sN,            \
                                                                      long long sRow, uint8_t* dst, long long dN,  \
                                                                      long long dRow, int W) {                     \
        cvj::flip_h<P, NPX>(src, sN, sRow, dst, dN, dRow, W);                                                      \
    }
CVJ_FLIP_H(1, 16)
CVJ_FLIP_H(2, 8)
CVJ_FLIP_H(3, 16)
CVJ_FLIP_H(4, 4)
CVJ_FLIP_H(6, 8)
CVJ_FLIP_H(8, 2)
CVJ_FLIP_H(12, 4)
CVJ_FLIP_H(16, 1)

// Horizontal flip of dense rows of P-byte pixels (P = 3, 6, 12), warp-staged: see cvj::staged_groups (rowBytes =
// W * P, src at pixel 0 of row 0 of image 0, row stride negative for both flips).
#define CVJ_FLIP_H_STAGED(P)                                                                                       \
    extern "C" __global__ void __launch_bounds__(cvj::STAGE_THREADS) cvj_flip_h_staged_p##P(                       \
        const uint8_t* src, long long sN, long long sRow, uint8_t* dst, long long dN, long long dRow, int rowBytes, \
        int rows, int images) {                                                                                    \
        cvj::staged_groups(src, sN, sRow, dst, dN, dRow, rowBytes, rows, images, true,                            \
                           [](const uint32_t* in, uint32_t* out, unsigned) {                                       \
                               cvj::reverse_pixels<P, 48 / P>(in, out);                                            \
                           });                                                                                     \
    }
CVJ_FLIP_H_STAGED(3)
CVJ_FLIP_H_STAGED(6)
CVJ_FLIP_H_STAGED(12)

// Channel reorder of dense 3-channel U8 rows into 3 channels, warp-staged: see cvj::staged_groups (rowBytes = 3 W,
// or the whole image as one row when its rows are contiguous on both sides).
extern "C" __global__ void __launch_bounds__(cvj::STAGE_THREADS) cvj_channel_reorder_staged_u8_3to3(
    const uint8_t* src, long long sN, long long sRow, uint8_t* dst, long long dN, long long dRow, int rowBytes,
    int rows, int images, int perImage, cvj::Orders ord) {
    cvj::staged_groups(src, sN, sRow, dst, dN, dRow, rowBytes, rows, images, false,
                       [&](const uint32_t* in, uint32_t* out, unsigned img) {
                           cvj::reorder_16_pixels<3, 3>(in, out, cvj::reorder_selector<3>(ord.o[perImage ? img : 0]));
                       });
}

#define CVJ_COPY4D(e)                                                                                             \
    extern "C" __global__ void __launch_bounds__(cvj::BLOCK) cvj_copy4d_e##e(                                     \
        const uint8_t* src, long long sN, long long sH, long long sW, long long sC, uint8_t* dst, long long dN,   \
        long long dH, long long dW, long long dC, int W, int C) {                                                 \
        cvj::copy4d<cvj::Raw<e>::T>(src, sN, sH, sW, sC, dst, dN, dH, dW, dC, W, C);                              \
    }                                                                                                             \
    extern "C" __global__ void __launch_bounds__(cvj::BLOCK) cvj_copy_vs_e##e(const void* srcs, const void* dsts,  \
                                                                             int C, cvj::VarShapeCopyParams p) {  \
        cvj::copy_varshape<cvj::Raw<e>::T>(static_cast<const cvj::VarShapeImage*>(srcs),                          \
                                           static_cast<const cvj::VarShapeImage*>(dsts), p, C);                   \
    }
CVJ_COPY4D(1)
CVJ_COPY4D(2)
CVJ_COPY4D(4)
CVJ_COPY4D(8)
CVJ_COPY4D(16)

#define CVJ_REFORMAT(e)                                                                                            \
    extern "C" __global__ void __launch_bounds__(256) cvj_reformat_hwc2chw_e##e(                                   \
        const uint8_t* src, long long sN, long long sH, uint8_t* dst, long long dN, long long dC, long long dH,    \
        int W, int C) {                                                                                            \
        using T = cvj::Raw<e>::T;                                                                                  \
        switch (C) {                                                                                               \
        case 1: cvj::hwc_to_chw<T, 1>(src, sN, sH, dst, dN, dC, dH, W); break;                                     \
        case 2: cvj::hwc_to_chw<T, 2>(src, sN, sH, dst, dN, dC, dH, W); break;                                     \
        case 3: cvj::hwc_to_chw<T, 3>(src, sN, sH, dst, dN, dC, dH, W); break;                                     \
        case 4: cvj::hwc_to_chw<T, 4>(src, sN, sH, dst, dN, dC, dH, W); break;                                     \
        }                                                                                                          \
    }                                                                                                              \
    extern "C" __global__ void __launch_bounds__(256) cvj_reformat_chw2hwc_e##e(                                   \
        const uint8_t* src, long long sN, long long sC, long long sH, uint8_t* dst, long long dN, long long dH,    \
        int W, int C) {                                                                                            \
        using T = cvj::Raw<e>::T;                                                                                  \
        switch (C) {                                                                                               \
        case 1: cvj::chw_to_hwc<T, 1>(src, sN, sC, sH, dst, dN, dH, W); break;                                     \
        case 2: cvj::chw_to_hwc<T, 2>(src, sN, sC, sH, dst, dN, dH, W); break;                                     \
        case 3: cvj::chw_to_hwc<T, 3>(src, sN, sC, sH, dst, dN, dH, W); break;                                     \
        case 4: cvj::chw_to_hwc<T, 4>(src, sN, sC, sH, dst, dN, dH, W); break;                                     \
        }                                                                                                          \
    }
CVJ_REFORMAT(1)
CVJ_REFORMAT(2)
CVJ_REFORMAT(4)
CVJ_REFORMAT(8)

#define CVJ_REORDER_U8(CI, CO)                                                                                     \
    extern "C" __global__ void __launch_bounds__(128) cvj_channel_reorder_rows_u8_##CI##to##CO(                    \
        const uint8_t* src, long long sN, long long sH, uint8_t* dst, long long dN, long long dH, int W,           \
        int perImage, cvj::Orders ord) {                                                                           \
        cvj::reorder_u8<CI, CO>(src, sN, sH, dst, dN, dH, W, perImage, ord);                                       \
    }
CVJ_REORDER_U8(3, 3)
CVJ_REORDER_U8(3, 4)
CVJ_REORDER_U8(4, 3)
CVJ_REORDER_U8(4, 4)

#define CVJ_PER_ELEMENT(e)                                                                                        \
    extern "C" __global__ void __launch_bounds__(cvj::BLOCK) cvj_channel_reorder_e##e(                            \
        const uint8_t* src, long long sN, long long sH, long long sW, long long sC, uint8_t* dst, long long dN,   \
        long long dH, long long dW, long long dC, int W, int Cout, int perImage, cvj::Orders ord) {               \
        cvj::channel_reorder<cvj::Raw<e>::T>(src, sN, sH, sW, sC, dst, dN, dH, dW, dC, W, Cout, perImage, ord);   \
    }                                                                                                             \
    extern "C" __global__ void __launch_bounds__(cvj::BLOCK) cvj_channel_reorder_vs_e##e(                         \
        const void* srcs, const void* dsts, int Cin, int Cout, int perImage, cvj::Orders ord) {                   \
        cvj::channel_reorder_varshape<cvj::Raw<e>::T>(static_cast<const cvj::VarShapeImage*>(srcs),               \
                                                      static_cast<const cvj::VarShapeImage*>(dsts), Cin, Cout,    \
                                                      perImage, ord);                                             \
    }                                                                                                             \
    extern "C" __global__ void __launch_bounds__(cvj::BLOCK) cvj_copy_make_border_e##e(                           \
        const uint8_t* src, long long sN, long long sH, long long sW, long long sC, int srcW, int srcH,           \
        uint8_t* dst, long long dN, long long dH, long long dW, long long dC, int dstW, int top, int left, int C, \
        int type, cvj::BorderValue bv) {                                                                          \
        cvj::copy_make_border<cvj::Raw<e>::T>(src, sN, sH, sW, sC, srcW, srcH, dst, dN, dH, dW, dC, dstW, top,    \
                                                left, C, type, bv);                                               \
    }
CVJ_PER_ELEMENT(1)
CVJ_PER_ELEMENT(2)
CVJ_PER_ELEMENT(4)
CVJ_PER_ELEMENT(8)

// CopyMakeBorder of dense rows (P = C * E bytes per pixel): see cvj::copy_make_border_rows.
extern "C" __global__ void __launch_bounds__(256) cvj_copy_make_border_rows(
    const uint8_t* src, long long sN, long long sH, int srcW, int srcH, uint8_t* dst, long long dN, long long dH,
    int dstW, int dstH, int N, int top, int left, int P, int E, int type, cvj::BorderValue bv) {
    cvj::copy_make_border_rows(src, sN, sH, srcW, srcH, dst, dN, dH, dstW, dstH, N, top, left, P, E, type, bv);
}

// CopyMakeBorder.padAndStack (CV-CUDA's PadAndStack): image i = blockIdx.y of the varshape batch whose descriptors
// are srcs, at (left[i], top[i]) of image i of the NHWC dst (dstW x dstH pixels of P bytes, rows dH and images dN
// bytes apart), the rest by the border rule: cvj::copy_make_border_rows over that one image, the single-image dense
// path. The offsets go by value, PAD_IMAGES per launch (CopyMakeBorder.java launches a chunk at a time); grid x covers
// one image's row windows (Launch.blocks, 256 threads).
namespace cvj {
constexpr int PAD_IMAGES = 256;
struct PadOffsets {
    int top[PAD_IMAGES];
    int left[PAD_IMAGES];
};
} // namespace cvj

extern "C" __global__ void __launch_bounds__(256) cvj_pad_and_stack(const cvj::VarShapeImage* srcs, uint8_t* dst,
                                                                    long long dN, long long dH, int dstW, int dstH,
                                                                    int P, int E, int type, cvj::BorderValue bv,
                                                                    cvj::PadOffsets offsets) {
    const int i = blockIdx.y;
    const cvj::VarShapeImage s = srcs[i];
    cvj::copy_make_border_rows(reinterpret_cast<const uint8_t*>(s.data), 0, s.rowPitch, s.width, s.height, dst + i * dN,
                               0, dH, dstW, dstH, 1, offsets.top[i], offsets.left[i], P, E, type, bv);
}

// ---- Rotate's quarter turns (QuarterTurns.java): cv::rotate's codes 0 (90 clockwise), 1 (180), 2 (90 counter-clockwise) ----
// A block of ROT_THREADS threads (32 x 8) reads a ROT_TILE x ROT_TILE source tile row by row (coalesced) into shared
// memory, then writes its pixels along dst rows (coalesced): for the quarter turns the tile is read back by column
// (the 33-element rows keep those reads free of bank conflicts). Element types are opaque values of E bytes.
namespace cvj {
constexpr int ROT_TILE = 32;
constexpr int ROT_THREADS = 256;

template <int E>
__device__ __forceinline__ void rotate90_tile(const uint8_t* src, long long sH, long long sW, long long sC, int sw,
                                              int sh, uint8_t* dst, long long dH, long long dW, long long dC, int C,
                                              int code) {
    using T = typename Raw<E>::T;
    __shared__ T tile[4][ROT_TILE][ROT_TILE + 1];
    const int sx0 = blockIdx.x * ROT_TILE, sy0 = blockIdx.y * ROT_TILE;
    if (sx0 >= sw || sy0 >= sh) return; // the whole block: a tile past this image
    const int tx = threadIdx.x % ROT_TILE, ty = threadIdx.x / ROT_TILE;
    for (int j = ty; j < ROT_TILE; j += ROT_THREADS / ROT_TILE) {
        const int r = sy0 + j, c = sx0 + tx;
        if (r < sh && c < sw)
            for (int ch = 0; ch < C; ch++) tile[ch][j][tx] = *at<T>(src, r * sH + c * sW + ch * sC);
    }
    __syncthreads();
    for (int j = ty; j < ROT_TILE; j += ROT_THREADS / ROT_TILE) {
        // the tile pixel (lr, lc) this thread writes: consecutive threads write consecutive dst columns
        const int lr = code == 0 ? ROT_TILE - 1 - tx : code == 1 ? j : tx;
        const int lc = code == 1 ? ROT_TILE - 1 - tx : j;
        const int r = sy0 + lr, c = sx0 + lc;
        if (r >= sh || c >= sw) continue;
        const int x = code == 0 ? sh - 1 - r : code == 1 ? sw - 1 - c : r;
        const int y = code == 0 ? c : code == 1 ? sh - 1 - r : sw - 1 - c;
        for (int ch = 0; ch < C; ch++) *at<T>(dst, y * dH + x * dW + ch * dC) = tile[ch][lr][lc];
    }
}
} // namespace cvj

// Grid (tiles of src's width, tiles of its height, images); image z at src + z * sN, dst + z * dN (byte strides).
#define CVJ_ROTATE90(E)                                                                                            \
    extern "C" __global__ void __launch_bounds__(cvj::ROT_THREADS) cvj_rotate90_e##E(                              \
        const uint8_t* src, long long sN, long long sH, long long sW, long long sC, int sw, int sh, uint8_t* dst,  \
        long long dN, long long dH, long long dW, long long dC, int C, int code) {                                 \
        const long long z = blockIdx.z;                                                                            \
        cvj::rotate90_tile<E>(src + z * sN, sH, sW, sC, sw, sh, dst + z * dN, dH, dW, dC, C, code);                \
    }                                                                                                              \
    extern "C" __global__ void __launch_bounds__(cvj::ROT_THREADS) cvj_rotate90_vs_e##E(                           \
        const void* srcs, const void* dsts, const int* codes, int codeStride, int C) {                             \
        const int z = blockIdx.z;                                                                                  \
        const cvj::VarShapeImage s = static_cast<const cvj::VarShapeImage*>(srcs)[z];                              \
        const cvj::VarShapeImage d = static_cast<const cvj::VarShapeImage*>(dsts)[z];                              \
        cvj::rotate90_tile<E>(reinterpret_cast<const uint8_t*>(s.data), s.rowPitch, C * E, E, s.width, s.height,   \
                              reinterpret_cast<uint8_t*>(d.data), d.rowPitch, C * E, E, C, codes[z * codeStride]); \
    }

CVJ_ROTATE90(1)
CVJ_ROTATE90(2)
CVJ_ROTATE90(4)
CVJ_ROTATE90(8)
