// Linear filters (FilterPixels on the Java side): the separable filter of BoxFilter, AverageBlur and GaussianBlur,
// and the general kernel of Conv2D and Laplacian (filter_2d, below). Separable, one thread per output pixel: for
// each tap row j the row sum of kx[i] * src over the taps, then ky[j] times it, pixels outside the image from the
// border rule (CONSTANT reads 0). Products and sums are rounded each step (no contraction into FMA), the same steps
// as FilterPixels' CPU path. Varshape batches (FilterVarShape): one launch, each image with its own taps and
// parameters from a device table, through the same per-pixel device functions.
#pragma once // threshold.cu includes this file for FilterAcc and filter_out
#include "pixels.cuh"

namespace cvj {

constexpr int FILTER_MAX_TAPS = 4096; // FilterPixels.MAX_TAPS: kx then ky

struct FilterTaps {
    float w[FILTER_MAX_TAPS];
};

// SUM_INT32: SUM_INT's sums where FilterPixels has proven they fit 32 bits (|taps| * the type's range), cheaper than 64.
enum : int { SUM_INT = 0, SUM_DOUBLE = 1, SUM_FLOAT = 2, SUM_INT32 = 3 };

template <int MODE> struct FilterAcc;
template <> struct FilterAcc<SUM_INT> {
    using A = long long;
    template <typename T> static __device__ __forceinline__ A term(float k, T v) { return (long long)k * (long long)v; }
    static __device__ __forceinline__ A outer(float k, A r) { return (long long)k * r; }
    static __device__ __forceinline__ A add(A a, A b) { return a + b; }
};
template <> struct FilterAcc<SUM_INT32> {
    using A = int;
    template <typename T> static __device__ __forceinline__ A term(float k, T v) { return (int)k * (int)v; }
    static __device__ __forceinline__ A outer(float k, A r) { return (int)k * r; }
    static __device__ __forceinline__ A add(A a, A b) { return a + b; }
};
template <> struct FilterAcc<SUM_DOUBLE> {
    using A = double;
    template <typename T> static __device__ __forceinline__ A term(float k, T v) { return __dmul_rn((double)k, (double)to_f(v)); }
    static __device__ __forceinline__ A outer(float k, A r) { return __dmul_rn((double)k, r); }
    static __device__ __forceinline__ A add(A a, A b) { return __dadd_rn(a, b); }
};
template <> struct FilterAcc<SUM_FLOAT> {
    using A = float;
    template <typename T> static __device__ __forceinline__ A term(float k, T v) { return __fmul_rn(k, to_f(v)); }
    static __device__ __forceinline__ A outer(float k, A r) { return __fmul_rn(k, r); }
    static __device__ __forceinline__ A add(A a, A b) { return __fadd_rn(a, b); }
};

template <typename T> __device__ __forceinline__ T from_ll(long long v);
template <> __device__ __forceinline__ uint8_t from_ll<uint8_t>(long long v) { return (uint8_t)min(max(v, 0LL), 255LL); }
template <> __device__ __forceinline__ uint16_t from_ll<uint16_t>(long long v) { return (uint16_t)min(max(v, 0LL), 65535LL); }
template <> __device__ __forceinline__ int16_t from_ll<int16_t>(long long v) { return (int16_t)min(max(v, -32768LL), 32767LL); }
template <> __device__ __forceinline__ float from_ll<float>(long long v) { return (float)v; }

template <typename T>
__device__ __forceinline__ T filter_out(long long acc, double scale, long long mul, long long delta, int shift) {
    if (shift > 0) return from_ll<T>((acc + delta) * mul >> shift);
    return from_f<T>(__fmul_rn(__ll2float_rn(acc), __double2float_rn(scale)));
}
template <typename T>
__device__ __forceinline__ T filter_out(int acc, double scale, long long mul, long long delta, int shift) {
    return filter_out<T>((long long)acc, scale, mul, delta, shift);
}
template <typename T> __device__ __forceinline__ T filter_out(double acc, double scale, long long, long long, int) {
    return from_f<T>(__double2float_rn(__dmul_rn(acc, scale)));
}
template <typename T> __device__ __forceinline__ T filter_out(float acc, double, long long, long long, int) { return from_f<T>(acc); }

// Where a filter's taps are: the by-value FilterTaps of a single-image launch (kx then ky, or the 2D kernel), or an
// image's taps in a batch's device table.
struct ParamTaps {
    const FilterTaps& t;
    int kw;
    __device__ __forceinline__ float x(int i) const { return t.w[i]; }
    __device__ __forceinline__ float y(int j) const { return t.w[kw + j]; }
    __device__ __forceinline__ float k(int i) const { return t.w[i]; }
};
struct TableTaps {
    const float* w;
    int kw;
    __device__ __forceinline__ float x(int i) const { return w[i]; }
    __device__ __forceinline__ float y(int j) const { return w[kw + j]; }
    __device__ __forceinline__ float k(int i) const { return w[i]; }
};

// Output pixel (x, y) of the image at img (W x H, rows sH apart) into out; C <= 4 channels at byte stride sC / dC.
template <typename T, int MODE, typename K>
__device__ __forceinline__ void filter_sep_pixel(const uint8_t* __restrict__ img, long long sH, long long sW,
                                                 long long sC, uint8_t* __restrict__ out, long long dC, int x, int y,
                                                 int W, int H, int C, int kw, int kh, int ax, int ay, int border,
                                                 double scale, long long mul, long long delta, int shift,
                                                 const K& taps) {
    using F = FilterAcc<MODE>;
    using A = typename F::A;
    A acc[4] = {A(0), A(0), A(0), A(0)};
    for (int j = 0; j < kh; j++) {
        int sy = border_index(y + j - ay, H, border);
        if (sy < 0) continue;
        const uint8_t* row = img + sy * sH;
        A r[4] = {A(0), A(0), A(0), A(0)};
        for (int i = 0; i < kw; i++) {
            int sx = border_index(x + i - ax, W, border);
            if (sx < 0) continue;
            float k = taps.x(i);
            const uint8_t* p = row + sx * sW;
#pragma unroll
            for (int c = 0; c < 4; c++)
                if (c < C) r[c] = F::add(r[c], F::template term<T>(k, *at<T>(p, c * sC)));
        }
        float k = taps.y(j);
#pragma unroll
        for (int c = 0; c < 4; c++)
            if (c < C) acc[c] = F::add(acc[c], F::outer(k, r[c]));
    }
#pragma unroll
    for (int c = 0; c < 4; c++)
        if (c < C) *at<T>(out, c * dC) = filter_out<T>(acc[c], scale, mul, delta, shift);
}

// Launch.image grid: (x, y) of image blockIdx.z; C <= 4 channels at byte stride sC / dC.
template <typename T, int MODE>
__device__ __forceinline__ void filter_sep(const uint8_t* __restrict__ src, long long sN, long long sH, long long sW,
                                           long long sC, uint8_t* __restrict__ dst, long long dN, long long dH,
                                           long long dW, long long dC, int W, int H, int C, int kw, int kh, int ax,
                                           int ay, int border, double scale, long long mul, long long delta, int shift,
                                           const FilterTaps& taps) {
    int x = blockIdx.x * blockDim.x + threadIdx.x, y = blockIdx.y * blockDim.y + threadIdx.y, n = blockIdx.z;
    if (x >= W || y >= H) return;
    filter_sep_pixel<T, MODE>(src + n * sN, sH, sW, sC, dst + n * dN + y * dH + x * dW, dC, x, y, W, H, C, kw, kh, ax,
                              ay, border, scale, mul, delta, shift, ParamTaps{taps, kw});
}

// The general kernel (filter2D): delta, then fma(k, pixel, sum) over the nonzero taps in row-major order (the fused
// steps of OpenCV's vector code); CONSTANT borders read 0. S is the source type, D the destination's. Output pixel
// (x, y) of the image at img into out.
template <typename S, typename D, typename K>
__device__ __forceinline__ void filter_2d_pixel(const uint8_t* __restrict__ img, long long sH, long long sW,
                                                long long sC, uint8_t* __restrict__ out, long long dC, int x, int y,
                                                int W, int H, int C, int kw, int kh, int ax, int ay, int border,
                                                float delta, const K& taps) {
    float acc[4] = {delta, delta, delta, delta};
    for (int j = 0; j < kh; j++) {
        int sy = border_index(y + j - ay, H, border);
        for (int i = 0; i < kw; i++) {
            float k = taps.k(j * kw + i);
            if (k == 0.f) continue;
            int sx = border_index(x + i - ax, W, border);
            const uint8_t* p = sy < 0 || sx < 0 ? nullptr : img + sy * sH + sx * sW;
#pragma unroll
            for (int c = 0; c < 4; c++)
                if (c < C) acc[c] = __fmaf_rn(k, p ? to_f(*at<S>(p, c * sC)) : 0.f, acc[c]);
        }
    }
#pragma unroll
    for (int c = 0; c < 4; c++)
        if (c < C) *at<D>(out, c * dC) = from_f<D>(acc[c]);
}

template <typename S, typename D>
__device__ __forceinline__ void filter_2d(const uint8_t* __restrict__ src, long long sN, long long sH, long long sW,
                                          long long sC, uint8_t* __restrict__ dst, long long dN, long long dH,
                                          long long dW, long long dC, int W, int H, int C, int kw, int kh, int ax,
                                          int ay, int border, float delta, const FilterTaps& taps) {
    int x = blockIdx.x * blockDim.x + threadIdx.x, y = blockIdx.y * blockDim.y + threadIdx.y, n = blockIdx.z;
    if (x >= W || y >= H) return;
    filter_2d_pixel<S, D>(src + n * sN, sH, sW, sC, dst + n * dN + y * dH + x * dW, dC, x, y, W, H, C, kw, kh, ax, ay,
                          border, delta, ParamTaps{taps, kw});
}

// One image's filter in a batch's parameter table (FilterVarShape.PARAM_BYTES on the Java side): the kernel size, the
// anchor, where its taps start in the tap table (floats), and the output step of the separable filter (shift, scale,
// mul, delta) or the general kernel's starting value (delta2d).
struct FilterImage {
    int kw, kh, ax, ay, taps, shift;
    double scale;
    long long mul, delta;
    float delta2d;
    int pad[3];
};
static_assert(sizeof(FilterImage) == 64, "FilterVarShape.PARAM_BYTES");

// A varshape batch, Launch.image over the largest image, grid z = image: image z of srcs into image z of dsts (the
// same size; interleaved pixels of C channels), with its own parameters and taps.
template <typename S, typename D, int MODE>
__device__ __forceinline__ void filter_vs(const VarShapeImage* __restrict__ srcs, const VarShapeImage* __restrict__ dsts,
                                          const FilterImage* __restrict__ params, const float* __restrict__ taps, int C,
                                          int border) {
    const int z = blockIdx.z;
    const VarShapeImage s = srcs[z];
    int x = blockIdx.x * blockDim.x + threadIdx.x, y = blockIdx.y * blockDim.y + threadIdx.y;
    if (x >= s.width || y >= s.height) return;
    const VarShapeImage d = dsts[z];
    const FilterImage p = params[z];
    const uint8_t* img = reinterpret_cast<const uint8_t*>(s.data);
    uint8_t* out = reinterpret_cast<uint8_t*>(d.data) + y * d.rowPitch + x * (long long)(C * sizeof(D));
    TableTaps k{taps + p.taps, p.kw};
    if constexpr (MODE < 0)
        filter_2d_pixel<S, D>(img, s.rowPitch, C * sizeof(S), sizeof(S), out, sizeof(D), x, y, s.width, s.height, C,
                              p.kw, p.kh, p.ax, p.ay, border, p.delta2d, k);
    else
        filter_sep_pixel<S, MODE>(img, s.rowPitch, C * sizeof(S), sizeof(S), out, sizeof(D), x,
                                  y, s.width, s.height, C, p.kw, p.kh, p.ax, p.ay, border, p.scale, p.mul, p.delta,
                                  p.shift, k);
}

// ---- Tiled kernels: a block of TILE_THREADS threads computes a TILE x TILE block of outputs from a tile of the
// source (its halo included) that it loads once into shared memory, channels in planes (conflict-free reads); the
// border rule is applied once per tile pixel. The separable filter then sums each tile row with kx into a second
// shared array and the columns of those row sums with ky: kw + kh taps per output instead of kw * kh. Same
// arithmetic as the kernels above (a pixel outside the image is a 0 term, which adds nothing, where those skip it).
// FilterPixels picks these when the taps fit TileTaps and the tile fits the shared memory.
constexpr int TILE = 32;          // FilterPixels.TILE
constexpr int TILE_THREADS = 256; // FilterPixels.TILE_THREADS
constexpr int TILE_ROWS = TILE * TILE / TILE_THREADS; // consecutive outputs of a column per filter2D thread
constexpr int TILE_TAPS = 256;    // FilterPixels.TILE_TAPS: a 1 KiB parameter, not FilterTaps' 16 KiB
struct TileTaps {
    float w[TILE_TAPS];
};

// The tiled kernels' arithmetic: FilterAcc's, with the taps converted once per block into shared memory in the type
// they multiply in (a float-to-integer conversion per tap and pixel would cost a quarter-rate instruction each).
template <int MODE> struct TileAcc;
template <> struct TileAcc<SUM_INT> {
    using In = int;       // a source value in shared memory (exact for every integer type)
    using K = long long;  // a tap
    using A = long long;  // a sum
    static __device__ __forceinline__ K tap(float k) { return (long long)k; }
    static __device__ __forceinline__ A term(K k, In v) { return k * (long long)v; }
    static __device__ __forceinline__ A outer(K k, A r) { return k * r; }
    static __device__ __forceinline__ A add(A a, A b) { return a + b; }
};
template <> struct TileAcc<SUM_INT32> {
    using In = int;
    using K = int;
    using A = int;
    static __device__ __forceinline__ K tap(float k) { return (int)k; }
    static __device__ __forceinline__ A term(K k, In v) { return k * v; }
    static __device__ __forceinline__ A outer(K k, A r) { return k * r; }
    static __device__ __forceinline__ A add(A a, A b) { return a + b; }
};
template <> struct TileAcc<SUM_DOUBLE> {
    using In = float;
    using K = double;
    using A = double;
    static __device__ __forceinline__ K tap(float k) { return (double)k; }
    static __device__ __forceinline__ A term(K k, In v) { return __dmul_rn(k, (double)v); }
    static __device__ __forceinline__ A outer(K k, A r) { return __dmul_rn(k, r); }
    static __device__ __forceinline__ A add(A a, A b) { return __dadd_rn(a, b); }
};
template <> struct TileAcc<SUM_FLOAT> {
    using In = float;
    using K = float;
    using A = float;
    static __device__ __forceinline__ K tap(float k) { return k; }
    static __device__ __forceinline__ A term(K k, In v) { return __fmul_rn(k, v); }
    static __device__ __forceinline__ A outer(K k, A r) { return __fmul_rn(k, r); }
    static __device__ __forceinline__ A add(A a, A b) { return __fadd_rn(a, b); }
};

// The tile of image blockIdx.z whose outputs start at (blockIdx.x * TILE, blockIdx.y * TILE): C planes of
// th x tw values, source pixel (x0 - ax + col, y0 - ay + r) at [c][r][col], 0 where the border rule gives none. A
// tile wholly inside the image (most of them) skips the border rule.
template <typename T, typename In>
__device__ __forceinline__ void load_tile(const uint8_t* __restrict__ img, long long sH, long long sW, long long sC,
                                          int W, int H, int C, int tw, int th, int ax, int ay, int border, In* in) {
    const int x0 = blockIdx.x * TILE - ax, y0 = blockIdx.y * TILE - ay;
    const bool inside = x0 >= 0 && y0 >= 0 && x0 <= W - tw && y0 <= H - th;
    load_planes<T, In, TILE_THREADS>(in, tw, th, C, sC, In(0), [&](int r, int col) -> const uint8_t* {
        const int sy = inside ? y0 + r : border_index(y0 + r, H, border);
        const int sx = inside ? x0 + col : border_index(x0 + col, W, border);
        return sy < 0 || sx < 0 ? nullptr : img + sy * sH + sx * sW;
    });
}

template <typename T, int MODE>
__device__ __forceinline__ void filter_sep_tile(const uint8_t* __restrict__ src, long long sN, long long sH,
                                                long long sW, long long sC, uint8_t* __restrict__ dst, long long dN,
                                                long long dH, long long dW, long long dC, int W, int H, int C, int kw,
                                                int kh, int ax, int ay, int border, double scale, long long mul,
                                                long long delta, int shift, const TileTaps& taps) {
    using F = TileAcc<MODE>;
    using A = typename F::A;
    using In = typename F::In;
    using K = typename F::K;
    extern __shared__ __align__(16) unsigned char tile_smem[];
    const int tw = TILE + kw - 1, th = TILE + kh - 1, n = blockIdx.z;
    K* k = reinterpret_cast<K*>(tile_smem);                                       // kx then ky
    A* rows = reinterpret_cast<A*>(tile_smem + ((kw + kh) * (int)sizeof(K) + 15) / 16 * 16); // C planes of th x TILE
    In* in = reinterpret_cast<In*>(reinterpret_cast<unsigned char*>(rows) + C * th * TILE * (int)sizeof(A)); // C planes of th x tw
    for (int i = threadIdx.x; i < kw + kh; i += TILE_THREADS) k[i] = F::tap(taps.w[i]);
    load_tile<T, In>(src + n * sN, sH, sW, sC, W, H, C, tw, th, ax, ay, border, in);
    __syncthreads();
    const int lx = threadIdx.x % TILE;
    for (int r = threadIdx.x / TILE; r < th; r += TILE_THREADS / TILE) {
#pragma unroll
        for (int c = 0; c < 4; c++) {
            if (c < C) {
                const In* p = in + (c * th + r) * tw + lx;
                A s = A(0);
                for (int i = 0; i < kw; i++) s = F::add(s, F::term(k[i], p[i]));
                rows[(c * th + r) * TILE + lx] = s;
            }
        }
    }
    __syncthreads();
    const int x = blockIdx.x * TILE + lx;
    if (x >= W) return;
    const K* ky = k + kw;
    for (int ly = threadIdx.x / TILE; ly < TILE; ly += TILE_THREADS / TILE) {
        const int y = blockIdx.y * TILE + ly;
        if (y >= H) return;
        uint8_t* out = dst + n * dN + y * dH + x * dW;
#pragma unroll
        for (int c = 0; c < 4; c++) {
            if (c < C) {
                const A* p = rows + (c * th + ly) * TILE + lx;
                A acc = A(0);
                for (int j = 0; j < kh; j++) acc = F::add(acc, F::outer(ky[j], p[j * TILE]));
                *at<T>(out, c * dC) = filter_out<T>(acc, scale, mul, delta, shift);
            }
        }
    }
}

// The general kernel, tiled: the taps in shared memory with their nonzero ones listed in row-major order (the
// order of the sums, as filter_2d skips zeros), so a thread walks only those.
template <typename S, typename D>
__device__ __forceinline__ void filter_2d_tile(const uint8_t* __restrict__ src, long long sN, long long sH,
                                               long long sW, long long sC, uint8_t* __restrict__ dst, long long dN,
                                               long long dH, long long dW, long long dC, int W, int H, int C, int kw,
                                               int kh, int ax, int ay, int border, float delta, const TileTaps& taps) {
    extern __shared__ __align__(16) unsigned char tile_smem[];
    __shared__ int nonzero;
    const int tw = TILE + kw - 1, th = TILE + kh - 1, n = blockIdx.z;
    float* kv = reinterpret_cast<float*>(tile_smem);     // the nonzero taps, row-major
    int* ko = reinterpret_cast<int*>(kv + TILE_TAPS);     // each one's offset in a tile plane
    float* in = reinterpret_cast<float*>(ko + TILE_TAPS); // C planes of th x tw
    if (threadIdx.x < 32) { // warp 0 lists the nonzero taps in order, 32 at a time (ballot and prefix count)
        int m = 0;
        for (int base = 0; base < kw * kh; base += 32) {
            const int i = base + threadIdx.x;
            const float t = i < kw * kh ? taps.w[i] : 0.f;
            const unsigned set = __ballot_sync(0xffffffffu, t != 0.f);
            if (t != 0.f) {
                const int at = m + __popc(set & ((1u << threadIdx.x) - 1u));
                kv[at] = t;
                ko[at] = (i / kw) * tw + i % kw;
            }
            m += __popc(set);
        }
        if (threadIdx.x == 0) nonzero = m;
    }
    load_tile<S, float>(src + n * sN, sH, sW, sC, W, H, C, tw, th, ax, ay, border, in);
    __syncthreads();
    // Each thread computes TILE_ROWS consecutive outputs of column lx (a warp: 32 columns of one row group,
    // conflict-free), each tap and its offset read once for all of them.
    const int lx = threadIdx.x % TILE, x = blockIdx.x * TILE + lx, m = nonzero;
    const int ly0 = threadIdx.x / TILE * TILE_ROWS;
    if (x >= W) return;
#pragma unroll
    for (int c = 0; c < 4; c++) {
        if (c < C) {
            const float* p = in + (c * th + ly0) * tw + lx;
            float acc[TILE_ROWS];
#pragma unroll
            for (int o = 0; o < TILE_ROWS; o++) acc[o] = delta;
            for (int i = 0; i < m; i++) {
                const float k = kv[i];
                const float* q = p + ko[i];
#pragma unroll
                for (int o = 0; o < TILE_ROWS; o++) acc[o] = __fmaf_rn(k, q[o * tw], acc[o]);
            }
#pragma unroll
            for (int o = 0; o < TILE_ROWS; o++) {
                const int y = blockIdx.y * TILE + ly0 + o;
                if (y < H) *at<D>(dst + n * dN + y * dH + x * dW, c * dC) = from_f<D>(acc[o]);
            }
        }
    }
}

} // namespace cvj

#define CVJ_FILTER_SEP(mode, MODE, tn, T)                                                                          \
    extern "C" __global__ void cvj_filter_sep_##mode##_##tn(                                                       \
        const uint8_t* src, long long sN, long long sH, long long sW, long long sC, uint8_t* dst, long long dN,    \
        long long dH, long long dW, long long dC, int W, int H, int C, int kw, int kh, int ax, int ay, int border,  \
        double scale, long long mul, long long delta, int shift, const cvj::FilterTaps taps) {                     \
        cvj::filter_sep<T, MODE>(src, sN, sH, sW, sC, dst, dN, dH, dW, dC, W, H, C, kw, kh, ax, ay, border, scale,  \
                                 mul, delta, shift, taps);                                                         \
    }

// The (accumulation, type) pairs of the separable kernels, single-image and varshape.
#define CVJ_FILTER_SEP_KINDS(X)                                                                                    \
    X(int, cvj::SUM_INT, u8, uint8_t)                                                                              \
    X(int, cvj::SUM_INT, u16, uint16_t)                                                                            \
    X(int, cvj::SUM_INT, s16, int16_t)                                                                             \
    X(double, cvj::SUM_DOUBLE, f32, float)                                                                         \
    X(float, cvj::SUM_FLOAT, u8, uint8_t)                                                                          \
    X(float, cvj::SUM_FLOAT, u16, uint16_t)                                                                        \
    X(float, cvj::SUM_FLOAT, s16, int16_t)                                                                         \
    X(float, cvj::SUM_FLOAT, f32, float)

CVJ_FILTER_SEP_KINDS(CVJ_FILTER_SEP)

#define CVJ_FILTER_2D(sn, S, dn, D)                                                                                \
    extern "C" __global__ void cvj_filter_2d_##sn##_##dn(                                                          \
        const uint8_t* src, long long sN, long long sH, long long sW, long long sC, uint8_t* dst, long long dN,    \
        long long dH, long long dW, long long dC, int W, int H, int C, int kw, int kh, int ax, int ay, int border,  \
        float delta, const cvj::FilterTaps taps) {                                                                 \
        cvj::filter_2d<S, D>(src, sN, sH, sW, sC, dst, dN, dH, dW, dC, W, H, C, kw, kh, ax, ay, border, delta,     \
                             taps);                                                                                \
    }

// The (source, destination) type pairs of the general kernel, single-image and varshape.
#define CVJ_FILTER_2D_KINDS(X)                                                                                     \
    X(u8, uint8_t, u8, uint8_t)                                                                                    \
    X(u8, uint8_t, s16, int16_t)                                                                                   \
    X(u8, uint8_t, f32, float)                                                                                     \
    X(u16, uint16_t, u16, uint16_t)                                                                                \
    X(u16, uint16_t, f32, float)                                                                                   \
    X(s16, int16_t, s16, int16_t)                                                                                  \
    X(s16, int16_t, f32, float)                                                                                    \
    X(f32, float, f32, float)

CVJ_FILTER_2D_KINDS(CVJ_FILTER_2D)

#define CVJ_FILTER_SEP_VS(mode, MODE, tn, T)                                                                       \
    extern "C" __global__ void cvj_filter_sep_vs_##mode##_##tn(const cvj::VarShapeImage* srcs,                     \
                                                               const cvj::VarShapeImage* dsts,                     \
                                                               const cvj::FilterImage* params, const float* taps,  \
                                                               int C, int border) {                                \
        cvj::filter_vs<T, T, MODE>(srcs, dsts, params, taps, C, border);                                          \
    }

CVJ_FILTER_SEP_KINDS(CVJ_FILTER_SEP_VS)

#define CVJ_FILTER_2D_VS(sn, S, dn, D)                                                                             \
    extern "C" __global__ void cvj_filter_2d_vs_##sn##_##dn(const cvj::VarShapeImage* srcs,                        \
                                                            const cvj::VarShapeImage* dsts,                        \
                                                            const cvj::FilterImage* params, const float* taps,     \
                                                            int C, int border) {                                   \
        cvj::filter_vs<S, D, -1>(srcs, dsts, params, taps, C, border);                                            \
    }

CVJ_FILTER_2D_KINDS(CVJ_FILTER_2D_VS)

#define CVJ_FILTER_TILE(mode, MODE, tn, T)                                                                         \
    extern "C" __global__ void __launch_bounds__(cvj::TILE_THREADS) cvj_filter_tile_##mode##_##tn(                \
        const uint8_t* src, long long sN, long long sH, long long sW, long long sC, uint8_t* dst, long long dN,    \
        long long dH, long long dW, long long dC, int W, int H, int C, int kw, int kh, int ax, int ay, int border,  \
        double scale, long long mul, long long delta, int shift, const cvj::TileTaps taps) {                       \
        cvj::filter_sep_tile<T, MODE>(src, sN, sH, sW, sC, dst, dN, dH, dW, dC, W, H, C, kw, kh, ax, ay, border,    \
                                      scale, mul, delta, shift, taps);                                             \
    }

CVJ_FILTER_TILE(int, cvj::SUM_INT, u8, uint8_t)
CVJ_FILTER_TILE(int, cvj::SUM_INT, u16, uint16_t)
CVJ_FILTER_TILE(int, cvj::SUM_INT, s16, int16_t)
CVJ_FILTER_TILE(int32, cvj::SUM_INT32, u8, uint8_t)
CVJ_FILTER_TILE(int32, cvj::SUM_INT32, u16, uint16_t)
CVJ_FILTER_TILE(int32, cvj::SUM_INT32, s16, int16_t)
CVJ_FILTER_TILE(double, cvj::SUM_DOUBLE, f32, float)
CVJ_FILTER_TILE(float, cvj::SUM_FLOAT, u8, uint8_t)
CVJ_FILTER_TILE(float, cvj::SUM_FLOAT, u16, uint16_t)
CVJ_FILTER_TILE(float, cvj::SUM_FLOAT, s16, int16_t)
CVJ_FILTER_TILE(float, cvj::SUM_FLOAT, f32, float)

#define CVJ_FILTER_2D_TILE(sn, S, dn, D)                                                                           \
    extern "C" __global__ void __launch_bounds__(cvj::TILE_THREADS, 4) cvj_filter_2d_tile_##sn##_##dn(               \
        const uint8_t* src, long long sN, long long sH, long long sW, long long sC, uint8_t* dst, long long dN,    \
        long long dH, long long dW, long long dC, int W, int H, int C, int kw, int kh, int ax, int ay, int border,  \
        float delta, const cvj::TileTaps taps) {                                                                   \
        cvj::filter_2d_tile<S, D>(src, sN, sH, sW, sC, dst, dN, dH, dW, dC, W, H, C, kw, kh, ax, ay, border, delta, \
                                  taps);                                                                           \
    }

CVJ_FILTER_2D_TILE(u8, uint8_t, u8, uint8_t)
CVJ_FILTER_2D_TILE(u8, uint8_t, s16, int16_t)
CVJ_FILTER_2D_TILE(u8, uint8_t, f32, float)
CVJ_FILTER_2D_TILE(u16, uint16_t, u16, uint16_t)
CVJ_FILTER_2D_TILE(u16, uint16_t, f32, float)
CVJ_FILTER_2D_TILE(s16, int16_t, s16, int16_t)
CVJ_FILTER_2D_TILE(s16, int16_t, f32, float)
CVJ_FILTER_2D_TILE(f32, float, f32, float)
