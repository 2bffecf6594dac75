// The warps (WarpAffine, WarpPerspective, Rotate) and Remap: OpenCV 4.x's warpAffine / warpPerspective / remap with
// its fixed-point positions and remap tables, one thread per dst pixel (all channels), a matrix or a map per image.
// Every step is the one of the CPU path (WarpPixels.java): the double and float operations are written as __dmul_rn /
// __fadd_rn ... so that nvcc contracts nothing into an FMA, and the tables are computed per pixel by the operations
// OpenCV's initInterTab2D uses. The position terms shared by a block's columns or rows are computed once per block
// (affine_tile_position, perspective_tile_block); U8 LINEAR pixels whose taps lie inside read them as aligned words
// (linear_inside_u8).
#include "pixels.cuh"
#include <type_traits>

namespace cvj {

constexpr int WARP_IMAGES = 32; // images per launch: WarpPixels.IMAGES_PER_LAUNCH
struct WarpMaps {
    double m[WARP_IMAGES][9]; // the inverse maps (dst -> src), row-major 3x3
};
struct WarpCval {
    float v[4]; // the CONSTANT border value of each channel, already saturated to the type
};

enum : int { WARP_NEAREST = 0, WARP_LINEAR = 1, WARP_CUBIC = 2 };

// OpenCV's saturate_cast<int>(double) on x86 (cvRound): out of range or NaN gives INT_MIN.
__device__ __forceinline__ int cv_round(double v) {
    double r = rint(v);
    return (r >= -2147483648.0 && r <= 2147483647.0) ? (int)r : (int)0x80000000;
}

__device__ __forceinline__ int sat16(int v) { return min(max(v, -32768), 32767); }

__device__ __forceinline__ int wrap_add(int a, int b) { return (int)((unsigned)a + (unsigned)b); }

// {sx, sy, fx, fy} of a position in pixels (NEAREST) or in 1/32 pixel, saturated to 16 bits as OpenCV's maps.
__device__ __forceinline__ void fixed_point(int xs, int ys, int method, int* p) {
    if (method == WARP_NEAREST) {
        p[0] = sat16(xs);
        p[1] = sat16(ys);
        p[2] = p[3] = 0;
    } else {
        p[0] = sat16(xs >> 5);
        p[1] = sat16(ys >> 5);
        p[2] = xs & 31;
        p[3] = ys & 31;
    }
}

// warpAffine's terms of dst row y: x0, y0 in 1/1024 pixel with the rounding of the position added.
__device__ __forceinline__ int2 affine_row(const double* m, int y, int method) {
    const int round = method == WARP_NEAREST ? 512 : 16;
    return make_int2(wrap_add(cv_round(__dmul_rn(__dadd_rn(__dmul_rn(m[1], (double)y), m[2]), 1024.0)), round),
                     wrap_add(cv_round(__dmul_rn(__dadd_rn(__dmul_rn(m[4], (double)y), m[5]), 1024.0)), round));
}

// warpAffine's terms of dst column x (OpenCV's adelta, bdelta) in 1/1024 pixel.
__device__ __forceinline__ int2 affine_column(const double* m, int x) {
    return make_int2(cv_round(__dmul_rn(__dmul_rn(m[0], (double)x), 1024.0)),
                     cv_round(__dmul_rn(__dmul_rn(m[3], (double)x), 1024.0)));
}

// warpAffine's position of the dst pixel of row terms r and column terms c: {sx, sy, fx, fy}, fractions in 1/32 (0
// for NEAREST).
__device__ __forceinline__ void affine_position(int2 r, int2 c, int method, int* p) {
    const int xs = wrap_add(r.x, c.x), ys = wrap_add(r.y, c.y);
    const int bits = method == WARP_NEAREST ? 10 : 5; // to pixels, or to 1/32 pixel
    fixed_point(xs >> bits, ys >> bits, method, p);
}

constexpr int WARP_BLOCK_X = 32, WARP_BLOCK_Y = 8; // threads per block: Launch.IMAGE_BLOCK

// warpAffine's position of this thread's dst pixel of the block's WARP_BLOCK_X x WARP_BLOCK_Y tile: the double
// terms of the tile's columns (warp 0) and rows (lanes of warp 1) are computed once into shared memory, each pixel
// adds its row's and its column's. Every thread of the block calls it (a barrier).
__device__ __forceinline__ void affine_tile_position(const double* m, int method, int* p) {
    __shared__ int2 cols[WARP_BLOCK_X], rows[WARP_BLOCK_Y];
    const int tx = threadIdx.x, ty = threadIdx.y;
    if (ty == 0) cols[tx] = affine_column(m, blockIdx.x * WARP_BLOCK_X + tx);
    else if (ty == 1 && tx < WARP_BLOCK_Y) rows[tx] = affine_row(m, blockIdx.y * WARP_BLOCK_Y + tx, method);
    __syncthreads();
    affine_position(rows[ty], cols[tx], method, p);
}

// std::max(INT_MIN, std::min(INT_MAX, v)) as C++ evaluates it (NaN gives INT_MAX).
__device__ __forceinline__ double clamp_int(double v) {
    double lo = v < 2147483647.0 ? v : 2147483647.0;
    return -2147483648.0 < lo ? lo : -2147483648.0;
}

// warpPerspective's position, per pixel in double from the origin xb of its block of columns.
__device__ __forceinline__ void perspective_position(const double* m, int x, int y, int xb, int method, int* p) {
    const int x1 = x - xb;
    double dxb = (double)xb, dy = (double)y, dx1 = (double)x1;
    double X0 = __dadd_rn(__dadd_rn(__dmul_rn(m[0], dxb), __dmul_rn(m[1], dy)), m[2]);
    double Y0 = __dadd_rn(__dadd_rn(__dmul_rn(m[3], dxb), __dmul_rn(m[4], dy)), m[5]);
    double W0 = __dadd_rn(__dadd_rn(__dmul_rn(m[6], dxb), __dmul_rn(m[7], dy)), m[8]);
    double W = __dadd_rn(W0, __dmul_rn(m[6], dx1));
    W = W != 0.0 ? __ddiv_rn(method == WARP_NEAREST ? 1.0 : 32.0, W) : 0.0;
    int xs = cv_round(clamp_int(__dmul_rn(__dadd_rn(X0, __dmul_rn(m[0], dx1)), W)));
    int ys = cv_round(clamp_int(__dmul_rn(__dadd_rn(Y0, __dmul_rn(m[3], dx1)), W)));
    fixed_point(xs, ys, method, p);
}

// The origin of OpenCV's block of bw0 columns holding this thread's dst column (x / bw0 * bw0), computed once per
// column of the block's tile into shared memory by warp 0: an integer division per pixel otherwise. Every thread of
// the block calls it (a barrier).
__device__ __forceinline__ int perspective_tile_block(int bw0) {
    __shared__ int xbs[WARP_BLOCK_X];
    if (threadIdx.y == 0) {
        const int x = blockIdx.x * WARP_BLOCK_X + threadIdx.x;
        xbs[threadIdx.x] = x / bw0 * bw0;
    }
    __syncthreads();
    return xbs[threadIdx.x];
}

// remap's position from a float map entry (mx, my) of dst (x, y), a relative entry first added to (x, y) in float:
// cvRound(v * 32) (NEAREST: cvRound(v)) as OpenCV converts a float map.
__device__ __forceinline__ void map_position(float2 e, int x, int y, int method, int relative, int* p) {
    const float scale = method == WARP_NEAREST ? 1.f : 32.f;
    float mx = e.x, my = e.y;
    if (relative) {
        mx = __fadd_rn(mx, (float)x);
        my = __fadd_rn(my, (float)y);
    }
    fixed_point(cv_round((double)__fmul_rn(mx, scale)), cv_round((double)__fmul_rn(my, scale)), method, p);
}

// The map entry (x, y) at m, y mC bytes after x: one 8-byte load where the two are adjacent and aligned (a packed
// F32 map), else two.
__device__ __forceinline__ float2 map_entry(const uint8_t* m, long long mC) {
    if (mC == 4 && (reinterpret_cast<unsigned long long>(m) & 7) == 0) return *reinterpret_cast<const float2*>(m);
    return make_float2(*at<float>(m, 0), *at<float>(m, mC));
}

// OpenCV's interpolateCubic (A = -0.75) of x = i / 32, in float without contraction.
__device__ __forceinline__ void cubic1d(int i, float* c) {
    const float x = __fmul_rn((float)i, 0.03125f);
    const float x1 = __fadd_rn(x, 1.f), ox = __fsub_rn(1.f, x);
    c[0] = __fsub_rn(__fmul_rn(__fadd_rn(__fmul_rn(__fsub_rn(__fmul_rn(-0.75f, x1), -3.75f), x1), -6.f), x1), -3.f);
    c[1] = __fadd_rn(__fmul_rn(__fmul_rn(__fsub_rn(__fmul_rn(1.25f, x), 2.25f), x), x), 1.f);
    c[2] = __fadd_rn(__fmul_rn(__fmul_rn(__fsub_rn(__fmul_rn(1.25f, ox), 2.25f), ox), ox), 1.f);
    c[3] = __fsub_rn(__fsub_rn(__fsub_rn(1.f, c[0]), c[1]), c[2]);
}

// The 16 float taps of a fraction (fx, fy), [row][column] as OpenCV's BicubicTab_f.
__device__ __forceinline__ void cubic_taps(int fx, int fy, float* w) {
    float cy[4], cx[4];
    cubic1d(fy, cy);
    cubic1d(fx, cx);
#pragma unroll
    for (int i = 0; i < 4; i++)
#pragma unroll
        for (int j = 0; j < 4; j++) w[i * 4 + j] = __fmul_rn(cy[i], cx[j]);
}

// BicubicTab_i: the taps times 2^15, rounded, saturated to short, the sum repaired to 2^15 on the largest
// (or smallest) of taps 10, 11, 14, 15 as OpenCV's initInterTab2D does.
__device__ __forceinline__ void cubic_int_taps(int fx, int fy, int* iw) {
    float w[16];
    cubic_taps(fx, fy, w);
    int sum = 0;
#pragma unroll
    for (int k = 0; k < 16; k++) {
        iw[k] = min(max(__float2int_rn(__fmul_rn(w[k], 32768.f)), -32768), 32767);
        sum += iw[k];
    }
    int diff = sum - 32768;
    if (diff != 0) {
        // The candidates by value, then the chosen one repaired by a compare per candidate: iw indexed by a runtime
        // value would live in local memory.
        int mn = 10, mx = 10, vmn = iw[10], vmx = iw[10];
        const int ks[4] = {10, 11, 14, 15};
#pragma unroll
        for (int q = 1; q < 4; q++) {
            const int k = ks[q];
            if (iw[k] < vmn) {
                mn = k;
                vmn = iw[k];
            } else if (iw[k] > vmx) {
                mx = k;
                vmx = iw[k];
            }
        }
        const int target = diff < 0 ? mx : mn;
#pragma unroll
        for (int q = 0; q < 4; q++)
            if (ks[q] == target) iw[ks[q]] -= diff;
    }
}

template <typename T>
__device__ __forceinline__ float warp_load(const uint8_t* img, long long sH, long long sW, long long sC, int x, int y,
                                           int c, const WarpCval& cv) {
    return x < 0 || y < 0 ? pick4(cv.v, c) : to_f(*at<T>(img, y * sH + x * sW + c * sC));
}

template <typename T>
__device__ __forceinline__ void warp_store(uint8_t* d, long long dC, int c, float v) {
    *at<T>(d, c * dC) = from_f<T>(v);
}

// The U8 LINEAR taps of fraction (fx, fy) (BilinearTab_i): the exact products times 2^15, (0, 0)'s 32768 saturated to
// 32767 and OpenCV's repair putting the 1 on tap 3.
__device__ __forceinline__ void linear_int_taps(int fx, int fy, int* w) {
    w[0] = (32 - fy) * (32 - fx) * 32;
    w[1] = (32 - fy) * fx * 32;
    w[2] = fy * (32 - fx) * 32;
    w[3] = fy * fx * 32;
    if (fx == 0 && fy == 0) {
        w[0] = 32767;
        w[3] = 1;
    }
}

// The two horizontal taps of a U8 pixel row (2 * C <= 8 bytes at p) as little-endian bytes: taps[0] bytes 0-3,
// taps[1] bytes 4-7. Two 8-byte loads of the aligned words holding them instead of 2 * C byte loads; the second only
// where the bytes cross into it. The caller checks with tap_words_in_row that the words lie inside the row's pixels.
__device__ __forceinline__ void tap_pair_u8(const uint8_t* p, int C, unsigned* taps) {
    const unsigned long long a = reinterpret_cast<unsigned long long>(p);
    const int s = (int)(a & 7);
    const unsigned long long* q = reinterpret_cast<const unsigned long long*>(a - s);
    const unsigned long long lo = q[0], hi = s + 2 * C > 8 ? q[1] : 0ull;
    const unsigned w0 = (unsigned)lo, w1 = (unsigned)(lo >> 32), w2 = (unsigned)hi, w3 = (unsigned)(hi >> 32);
    const bool upper = s >= 4;
    const unsigned sh = (unsigned)(s & 3) * 8;
    const unsigned b = upper ? w2 : w1;
    taps[0] = __funnelshift_r(upper ? w1 : w0, b, sh);
    taps[1] = __funnelshift_r(b, upper ? w3 : w2, sh);
}

// Whether the aligned words tap_pair_u8 reads for the 2 * C bytes at row + off lie inside the row's rowBytes bytes of
// pixels: a word reaching before the row or past its pixels could read a padded row's unwritten padding or past the
// end of the tensor (which initcheck and memcheck report); such pixels take the general path.
__device__ __forceinline__ bool tap_words_in_row(const uint8_t* row, int off, int rowBytes, int C) {
    const int s = (int)((reinterpret_cast<unsigned long long>(row) + (unsigned)off) & 7);
    const int begin = off - s;
    return begin >= 0 && begin + (s + 2 * C > 8 ? 16 : 8) <= rowBytes;
}

// Byte K (0-7) of the bytes of tap_pair_u8.
template <int K> __device__ __forceinline__ int tap_byte(const unsigned* taps) {
    return (int)((taps[K >> 2] >> ((K & 3) * 8)) & 0xff);
}

// U8 LINEAR of CN packed channels with the 2x2 taps inside the image, row r0 and the row below it sH bytes on: the
// integer taps and sums of warp_pixel's general path, without border logic, each tap row one tap_pair_u8. (CN is a
// template argument: a byte picked by a runtime index would put the taps in local memory.)
template <int CN>
__device__ __forceinline__ void linear_inside_u8(const uint8_t* r0, long long sH, int fx, int fy, uint8_t* d,
                                                 long long dC) {
    int wt[4];
    linear_int_taps(fx, fy, wt);
    unsigned t0[2], t1[2];
    tap_pair_u8(r0, CN, t0);
    tap_pair_u8(r0 + sH, CN, t1);
    const auto channel = [&](auto k) {
        constexpr int c = decltype(k)::value;
        const int sum = tap_byte<c>(t0) * wt[0] + tap_byte<CN + c>(t0) * wt[1] + tap_byte<c>(t1) * wt[2]
                      + tap_byte<CN + c>(t1) * wt[3];
        d[c * dC] = (uint8_t)min(max((sum + (1 << 14)) >> 15, 0), 255);
    };
    channel(std::integral_constant<int, 0>());
    if constexpr (CN > 1) channel(std::integral_constant<int, 1>());
    if constexpr (CN > 2) channel(std::integral_constant<int, 2>());
    if constexpr (CN > 3) channel(std::integral_constant<int, 3>());
}

template <typename T>
__device__ __forceinline__ void warp_pixel(const uint8_t* img, long long sH, long long sW, long long sC, int w, int h,
                                           uint8_t* d, long long dC, int C, int method, int border, const int* p,
                                           const WarpCval& cv) {
    const int sx = p[0], sy = p[1];
    if (method == WARP_NEAREST) {
        int ix = border_index(sx, w, border), iy = border_index(sy, h, border);
        for (int c = 0; c < C; c++) warp_store<T>(d, dC, c, warp_load<T>(img, sH, sW, sC, ix, iy, c, cv));
        return;
    }
    const int size = method == WARP_LINEAR ? 2 : 4;
    const int ox = sx - (size / 2 - 1), oy = sy - (size / 2 - 1);
    if (sizeof(T) == 1 && method == WARP_LINEAR && sC == 1 && sW == C && ox >= 0 && oy >= 0 && ox < w - 1
        && oy < h - 1 && tap_words_in_row(img + oy * sH, ox * C, w * C, C)
        && tap_words_in_row(img + (oy + 1) * sH, ox * C, w * C, C)) {
        const uint8_t* r0 = img + oy * sH + ox * C;
        switch (C) {
        case 1: linear_inside_u8<1>(r0, sH, p[2], p[3], d, dC); return;
        case 2: linear_inside_u8<2>(r0, sH, p[2], p[3], d, dC); return;
        case 3: linear_inside_u8<3>(r0, sH, p[2], p[3], d, dC); return;
        default: linear_inside_u8<4>(r0, sH, p[2], p[3], d, dC); return;
        }
    }
    if (border == BORDER_CONSTANT && (ox >= w || ox + size <= 0 || oy >= h || oy + size <= 0)) {
        for (int c = 0; c < C; c++) warp_store<T>(d, dC, c, pick4(cv.v, c));
        return;
    }
    int xs[4], ys[4];
#pragma unroll
    for (int i = 0; i < 4; i++) {
        if (i < size) {
            xs[i] = border_index(ox + i, w, border);
            ys[i] = border_index(oy + i, h, border);
        }
    }
    const int fx = p[2], fy = p[3];
    // (Loops over taps and channels are unrolled with constant bounds: an array indexed by a runtime value would
    // live in local memory.)
    if (sizeof(T) == 1 && method == WARP_LINEAR) { // U8: OpenCV's integer taps
        int wt[4];
        linear_int_taps(fx, fy, wt);
#pragma unroll
        for (int c = 0; c < 4; c++) {
            if (c < C) {
                const int sum = (int)warp_load<T>(img, sH, sW, sC, xs[0], ys[0], c, cv) * wt[0]
                              + (int)warp_load<T>(img, sH, sW, sC, xs[1], ys[0], c, cv) * wt[1]
                              + (int)warp_load<T>(img, sH, sW, sC, xs[0], ys[1], c, cv) * wt[2]
                              + (int)warp_load<T>(img, sH, sW, sC, xs[1], ys[1], c, cv) * wt[3];
                *at<T>(d, c * dC) = (T)min(max((sum + (1 << 14)) >> 15, 0), 255);
            }
        }
        return;
    }
    if (sizeof(T) == 1) { // U8 CUBIC
        int iw[16];
        cubic_int_taps(fx, fy, iw);
#pragma unroll
        for (int c = 0; c < 4; c++) {
            if (c < C) {
                int sum = 0;
#pragma unroll
                for (int i = 0; i < 4; i++)
#pragma unroll
                    for (int j = 0; j < 4; j++)
                        sum += (int)warp_load<T>(img, sH, sW, sC, xs[j], ys[i], c, cv) * iw[i * 4 + j];
                *at<T>(d, c * dC) = (T)min(max((sum + (1 << 14)) >> 15, 0), 255);
            }
        }
        return;
    }
    if (method == WARP_LINEAR) { // BilinearTab_f (exact products), ((p0 + p1) + p2) + p3
        const float ty = __fmul_rn((float)fy, 0.03125f), tx = __fmul_rn((float)fx, 0.03125f);
        const float w0 = __fmul_rn(__fsub_rn(1.f, ty), __fsub_rn(1.f, tx)), w1 = __fmul_rn(__fsub_rn(1.f, ty), tx);
        const float w2 = __fmul_rn(ty, __fsub_rn(1.f, tx)), w3 = __fmul_rn(ty, tx);
#pragma unroll
        for (int c = 0; c < 4; c++) {
            if (c >= C) break;
            float sum = __fmul_rn(warp_load<T>(img, sH, sW, sC, xs[0], ys[0], c, cv), w0);
            sum = __fadd_rn(sum, __fmul_rn(warp_load<T>(img, sH, sW, sC, xs[1], ys[0], c, cv), w1));
            sum = __fadd_rn(sum, __fmul_rn(warp_load<T>(img, sH, sW, sC, xs[0], ys[1], c, cv), w2));
            sum = __fadd_rn(sum, __fmul_rn(warp_load<T>(img, sH, sW, sC, xs[1], ys[1], c, cv), w3));
            warp_store<T>(d, dC, c, sum);
        }
        return;
    }
    float wt[16];
    cubic_taps(fx, fy, wt);
    const bool inner = ox >= 0 && ox < w - 3 && oy >= 0 && oy < h - 3;
#pragma unroll
    for (int c = 0; c < 4; c++) {
        if (c >= C) break;
        float sum;
        if (inner) { // remapBicubic inside: row sums left to right, added row by row
            sum = 0.f;
#pragma unroll
            for (int i = 0; i < 4; i++) {
                float row = __fmul_rn(warp_load<T>(img, sH, sW, sC, xs[0], ys[i], c, cv), wt[i * 4]);
#pragma unroll
                for (int j = 1; j < 4; j++)
                    row = __fadd_rn(row, __fmul_rn(warp_load<T>(img, sH, sW, sC, xs[j], ys[i], c, cv), wt[i * 4 + j]));
                sum = i == 0 ? row : __fadd_rn(sum, row);
            }
        } else { // its border branch: the constant plus each inside tap's difference from it
            const float cvc = pick4(cv.v, c);
            sum = cvc;
#pragma unroll
            for (int i = 0; i < 4; i++) {
                if (ys[i] < 0) continue;
#pragma unroll
                for (int j = 0; j < 4; j++)
                    if (xs[j] >= 0)
                        sum = __fadd_rn(sum, __fmul_rn(__fsub_rn(to_f(*at<T>(img, ys[i] * sH + xs[j] * sW + c * sC)), cvc),
                                                       wt[i * 4 + j]));
            }
        }
        warp_store<T>(d, dC, c, sum);
    }
}

// Grid (ceil(dw / 32), ceil(dh / 8), images of this launch), blocks of 32 x 8 threads; thread (x, y) of block z: dst
// pixel (x, y) of image z.
template <typename T>
__device__ __forceinline__ void warp(const uint8_t* src, long long sN, long long sH, long long sW, long long sC, int sw,
                                     int sh, uint8_t* dst, long long dN, long long dH, long long dW, long long dC,
                                     int dw, int dh, int C, int method, int border, int perspective, int bw0,
                                     const WarpCval& cv, const WarpMaps& maps) {
    const int x = blockIdx.x * WARP_BLOCK_X + threadIdx.x, y = blockIdx.y * WARP_BLOCK_Y + threadIdx.y, n = blockIdx.z;
    const double* m = maps.m[n];
    int p[4];
    int xb = 0;
    if (perspective) xb = perspective_tile_block(bw0);
    else affine_tile_position(m, method, p);
    if (x >= dw || y >= dh) return;
    if (perspective) perspective_position(m, x, y, xb, method, p);
    warp_pixel<T>(src + n * sN, sH, sW, sC, sw, sh, dst + n * dN + y * dH + x * dW, dC, C, method, border, p, cv);
}

// Remap: as warp, the position read from the map (F32, x and y, byte strides; mN 0 for one map for the batch).
template <typename T>
__device__ __forceinline__ void remap(const uint8_t* src, long long sN, long long sH, long long sW, long long sC, int sw,
                                      int sh, uint8_t* dst, long long dN, long long dH, long long dW, long long dC,
                                      int dw, int dh, int C, const uint8_t* map, long long mN, long long mH, long long mW,
                                      long long mC, int method, int border, int relative, const WarpCval& cv) {
    const int x = blockIdx.x * blockDim.x + threadIdx.x, y = blockIdx.y * blockDim.y + threadIdx.y, n = blockIdx.z;
    if (x >= dw || y >= dh) return;
    int p[4];
    map_position(map_entry(map + n * mN + y * mH + x * mW, mC), x, y, method, relative, p);
    warp_pixel<T>(src + n * sN, sH, sW, sC, sw, sh, dst + n * dN + y * dH + x * dW, dC, C, method, border, p, cv);
}

// warpPerspective's block width bw0 for a dst of dw x dh (WarpPixels.blockWidth).
__device__ __forceinline__ int warp_block_width(int dw, int dh) {
    const int bh0 = min(32, dh);
    return bh0 == 0 ? max(dw, 1) : max(min(4096 / bh0, dw), 1);
}

// A varshape batch (WarpVarShape): grid z = image; image z's src and dst from the descriptor tables (HWC, dense
// pixels), its inverse map at maps + z * mapStride (mapStride 0: one map for all). Threads past image z's dst return.
template <typename T>
__device__ __forceinline__ void warp_vs(const VarShapeImage* srcs, const VarShapeImage* dsts, const double* maps,
                                        int mapStride, int C, int method, int border, int perspective,
                                        const WarpCval& cv) {
    const int n = blockIdx.z;
    const VarShapeImage d = dsts[n];
    if ((int)blockIdx.x * WARP_BLOCK_X >= d.width || (int)blockIdx.y * WARP_BLOCK_Y >= d.height) return; // the whole block
    const int x = blockIdx.x * WARP_BLOCK_X + threadIdx.x, y = blockIdx.y * WARP_BLOCK_Y + threadIdx.y;
    const double* m = maps + (long long)n * mapStride;
    int p[4];
    int xb = 0;
    if (perspective) xb = perspective_tile_block(warp_block_width(d.width, d.height));
    else affine_tile_position(m, method, p);
    if (x >= d.width || y >= d.height) return;
    const VarShapeImage s = srcs[n];
    if (perspective) perspective_position(m, x, y, xb, method, p);
    const long long e = sizeof(T);
    warp_pixel<T>(reinterpret_cast<const uint8_t*>(s.data), s.rowPitch, C * e, e, s.width, s.height,
                  reinterpret_cast<uint8_t*>(d.data) + y * d.rowPitch + x * C * e, e, C, method, border, p, cv);
}

// Remap of a varshape batch with one map for all images (HWC, byte strides mH, mW, mC; every dst image its size).
template <typename T>
__device__ __forceinline__ void remap_vs(const VarShapeImage* srcs, const VarShapeImage* dsts, const uint8_t* map,
                                         long long mH, long long mW, long long mC, int C, int method, int border,
                                         int relative, const WarpCval& cv) {
    const int n = blockIdx.z;
    const VarShapeImage d = dsts[n];
    const int x = blockIdx.x * blockDim.x + threadIdx.x, y = blockIdx.y * blockDim.y + threadIdx.y;
    if (x >= d.width || y >= d.height) return;
    const VarShapeImage s = srcs[n];
    int p[4];
    map_position(map_entry(map + y * mH + x * mW, mC), x, y, method, relative, p);
    const long long e = sizeof(T);
    warp_pixel<T>(reinterpret_cast<const uint8_t*>(s.data), s.rowPitch, C * e, e, s.width, s.height,
                  reinterpret_cast<uint8_t*>(d.data) + y * d.rowPitch + x * C * e, e, C, method, border, p, cv);
}

} // namespace cvj

#define CVJ_WARP(tn, T)                                                                                            \
    extern "C" __global__ void __launch_bounds__(256) cvj_warp_##tn(                                               \
        const uint8_t* src, long long sN, long long sH, long long sW, long long sC, int sw, int sh, uint8_t* dst,  \
        long long dN, long long dH, long long dW, long long dC, int dw, int dh, int C, int method, int border,     \
        int perspective, int bw0, cvj::WarpCval cv, cvj::WarpMaps maps) {                                          \
        cvj::warp<T>(src, sN, sH, sW, sC, sw, sh, dst, dN, dH, dW, dC, dw, dh, C, method, border, perspective, bw0, \
                     cv, maps);                                                                                    \
    }

CVJ_WARP(u8, uint8_t)
CVJ_WARP(u16, uint16_t)
CVJ_WARP(s16, int16_t)
CVJ_WARP(f32, float)

#define CVJ_REMAP(tn, T)                                                                                           \
    extern "C" __global__ void __launch_bounds__(256) cvj_remap_##tn(                                              \
        const uint8_t* src, long long sN, long long sH, long long sW, long long sC, int sw, int sh, uint8_t* dst,  \
        long long dN, long long dH, long long dW, long long dC, int dw, int dh, int C, const uint8_t* map,         \
        long long mN, long long mH, long long mW, long long mC, int method, int border, int relative,              \
        cvj::WarpCval cv) {                                                                                        \
        cvj::remap<T>(src, sN, sH, sW, sC, sw, sh, dst, dN, dH, dW, dC, dw, dh, C, map, mN, mH, mW, mC, method,    \
                      border, relative, cv);                                                                       \
    }

CVJ_REMAP(u8, uint8_t)
CVJ_REMAP(u16, uint16_t)
CVJ_REMAP(s16, int16_t)
CVJ_REMAP(f32, float)

#define CVJ_WARP_VS(tn, T)                                                                                         \
    extern "C" __global__ void __launch_bounds__(256) cvj_warp_vs_##tn(                                            \
        const void* srcs, const void* dsts, const double* maps, int mapStride, int C, int method, int border,      \
        int perspective, cvj::WarpCval cv) {                                                                       \
        cvj::warp_vs<T>(static_cast<const cvj::VarShapeImage*>(srcs), static_cast<const cvj::VarShapeImage*>(dsts), \
                        maps, mapStride, C, method, border, perspective, cv);                                      \
    }                                                                                                              \
    extern "C" __global__ void __launch_bounds__(256) cvj_remap_vs_##tn(                                           \
        const void* srcs, const void* dsts, const uint8_t* map, long long mH, long long mW, long long mC, int C,   \
        int method, int border, int relative, cvj::WarpCval cv) {                                                  \
        cvj::remap_vs<T>(static_cast<const cvj::VarShapeImage*>(srcs), static_cast<const cvj::VarShapeImage*>(dsts), \
                         map, mH, mW, mC, C, method, border, relative, cv);                                        \
    }

CVJ_WARP_VS(u8, uint8_t)
CVJ_WARP_VS(u16, uint16_t)
CVJ_WARP_VS(s16, int16_t)
CVJ_WARP_VS(f32, float)
