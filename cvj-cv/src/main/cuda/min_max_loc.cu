// MinMaxLoc (CV-CUDA's MinMaxLoc): each single-channel image's minimum and maximum, how many pixels hold each, and
// the first locations of each in row-major order, up to a capacity; the same results as MinMaxLoc.java's CPU path,
// order included. Four launches over segments of SEG consecutive pixels (row-major) of each image:
//   1. the extremes: per-block reductions of order-preserving 64-bit keys, one atomicMin / atomicMax per block;
//   2. each segment's number of minima and maxima;
//   3. one block per image: the segments' offsets (an exclusive scan), the values and counts written out, unused
//      location entries set to (-1, -1);
//   4. the segments that start below a capacity write their locations in order (ballots and a block scan).
// With at most one location per extreme (or none), two launches instead: each block of FIRST_SEG pixels reduces
// (extreme, count, first index) for the minimum and the maximum in one pass, then one block per image merges its
// blocks' records and writes every output. The merge is associative and commutative (the lower key wins; equal keys
// add their counts and keep the lower index), so both paths give the same results.
// The image comes from a tensor (pointer and byte strides) or, when descs is not null, from a varshape descriptor.
#include "pixels.cuh"

namespace cvj {

constexpr int MML_THREADS = 256;
constexpr int MML_STEPS = 16;
constexpr int MML_SEG = MML_THREADS * MML_STEPS;

// Order-preserving keys: a < b (NaN aside) iff key(a) < key(b); floats order -0.0 below +0.0.
__device__ __forceinline__ unsigned long long mml_key(uint8_t v) { return v; }
__device__ __forceinline__ unsigned long long mml_key(uint16_t v) { return v; }
__device__ __forceinline__ unsigned long long mml_key(uint32_t v) { return v; }
__device__ __forceinline__ unsigned long long mml_key(int8_t v) { return (unsigned long long)((long long)v) ^ (1ULL << 63); }
__device__ __forceinline__ unsigned long long mml_key(int16_t v) { return (unsigned long long)((long long)v) ^ (1ULL << 63); }
__device__ __forceinline__ unsigned long long mml_key(int32_t v) { return (unsigned long long)((long long)v) ^ (1ULL << 63); }
__device__ __forceinline__ unsigned long long mml_key(double v) {
    unsigned long long b = (unsigned long long)__double_as_longlong(v);
    return (b >> 63) ? ~b : b | (1ULL << 63);
}
__device__ __forceinline__ unsigned long long mml_key(float v) { return mml_key((double)v); }

__device__ __forceinline__ bool mml_nan(float v) { return v != v; }
__device__ __forceinline__ bool mml_nan(double v) { return v != v; }
template <typename T> __device__ __forceinline__ bool mml_nan(T) { return false; }

// The value of a key, as the outputs hold it: S32 for signed integers, U32 for unsigned ones, F32, F64.
template <typename T> __device__ __forceinline__ void mml_store(unsigned long long key, uint8_t* out) {
    *reinterpret_cast<int*>(out) = (int)(long long)(key ^ (1ULL << 63));
}
template <> __device__ __forceinline__ void mml_store<uint8_t>(unsigned long long key, uint8_t* out) {
    *reinterpret_cast<unsigned*>(out) = (unsigned)key;
}
template <> __device__ __forceinline__ void mml_store<uint16_t>(unsigned long long key, uint8_t* out) {
    *reinterpret_cast<unsigned*>(out) = (unsigned)key;
}
template <> __device__ __forceinline__ void mml_store<uint32_t>(unsigned long long key, uint8_t* out) {
    *reinterpret_cast<unsigned*>(out) = (unsigned)key;
}
__device__ __forceinline__ double mml_double(unsigned long long key) {
    return __longlong_as_double((long long)((key >> 63) ? key ^ (1ULL << 63) : ~key));
}
template <> __device__ __forceinline__ void mml_store<float>(unsigned long long key, uint8_t* out) {
    *reinterpret_cast<float*>(out) = (float)mml_double(key);
}
template <> __device__ __forceinline__ void mml_store<double>(unsigned long long key, uint8_t* out) {
    *reinterpret_cast<double*>(out) = mml_double(key);
}

// The value of an image without extremes (floats of NaN only): the canonical quiet NaN (Java's Float.NaN, Double.NaN).
template <typename T> __device__ __forceinline__ void mml_none(uint8_t* out) { *reinterpret_cast<int*>(out) = 0; }
template <> __device__ __forceinline__ void mml_none<float>(uint8_t* out) {
    *reinterpret_cast<unsigned*>(out) = 0x7fc00000u;
}
template <> __device__ __forceinline__ void mml_none<double>(uint8_t* out) {
    *reinterpret_cast<unsigned long long*>(out) = 0x7ff8000000000000ULL;
}

// One image: base pointer, byte strides of a row and a pixel, size.
struct MmlImage {
    const uint8_t* base;
    long long sH, sW;
    int w, h;
};

__device__ __forceinline__ MmlImage mml_image(const VarShapeImage* descs, const uint8_t* src, long long sN, long long sH,
                                              long long sW, int W, int H, long long e) {
    const long long n = blockIdx.z;
    if (descs != nullptr) {
        const VarShapeImage d = descs[n];
        return MmlImage{reinterpret_cast<const uint8_t*>(d.data), d.rowPitch, e, d.width, d.height};
    }
    return MmlImage{src + n * sN, sH, sW, W, H};
}

// Scratch per image n: keys[2n] (min), keys[2n + 1] (max); per segment g: counts[(n * S + g) * 2 + {0 min, 1 max}],
// turned into offsets by the scan; totals[2n + {0, 1}].
template <typename T>
__device__ __forceinline__ bool mml_load(const MmlImage& im, long long p, T& v) {
    if (p >= (long long)im.w * im.h) return false;
    const int q = (int)p, y = q / im.w, x = q - y * im.w; // an image has at most 2^31 - 1 pixels
    v = *at<T>(im.base, y * im.sH + x * im.sW);
    return !mml_nan(v);
}

// Reduces two per-thread values over the block, each with its own operation (warp shuffles, then thread 0 over the
// warps); the results are valid in thread 0. Every thread of the block calls it.
template <typename V, typename A, typename B>
__device__ __forceinline__ void block_reduce2(V& a, V& b, A opa, B opb) {
    __shared__ V wa[MML_THREADS / 32], wb[MML_THREADS / 32];
    for (int o = 16; o > 0; o >>= 1) {
        a = opa(a, __shfl_xor_sync(0xffffffffu, a, o));
        b = opb(b, __shfl_xor_sync(0xffffffffu, b, o));
    }
    if ((threadIdx.x & 31) == 0) {
        wa[threadIdx.x >> 5] = a;
        wb[threadIdx.x >> 5] = b;
    }
    __syncthreads();
    if (threadIdx.x == 0) {
        for (int i = 1; i < MML_THREADS / 32; i++) {
            a = opa(a, wa[i]);
            b = opb(b, wb[i]);
        }
    }
}

// Writes location (x, y) at byte offset off of a locations tensor whose coordinates lie lC bytes apart.
__device__ __forceinline__ void mml_put(uint8_t* loc, long long off, long long lC, int x, int y) {
    *at<int>(loc, off) = x;
    *at<int>(loc, off + lC) = y;
}

template <typename T>
__device__ void mml_extremes(MmlImage im, unsigned long long* keys) {
    const long long seg = (long long)blockIdx.x * MML_SEG;
    if (seg >= (long long)im.w * im.h) return;
    unsigned long long lo = ~0ULL, hi = 0;
    for (int k = 0; k < MML_STEPS; k++) {
        T v;
        if (mml_load(im, seg + k * MML_THREADS + threadIdx.x, v)) {
            lo = min(lo, mml_key(v));
            hi = max(hi, mml_key(v));
        }
    }
    block_reduce2(lo, hi, [](unsigned long long a, unsigned long long b) { return min(a, b); },
                  [](unsigned long long a, unsigned long long b) { return max(a, b); });
    if (threadIdx.x == 0) {
        atomicMin(&keys[2 * blockIdx.z], lo);
        atomicMax(&keys[2 * blockIdx.z + 1], hi);
    }
}

// Whether pixel p is a minimum (bit 0) and a maximum (bit 1) of its image.
template <typename T>
__device__ __forceinline__ int mml_flags(const MmlImage& im, long long p, unsigned long long lo, unsigned long long hi) {
    T v;
    if (!mml_load(im, p, v)) return 0;
    const unsigned long long key = mml_key(v);
    return (key == lo ? 1 : 0) | (key == hi ? 2 : 0);
}

template <typename T>
__device__ void mml_count(MmlImage im, const unsigned long long* keys, int* counts, long long segments) {
    const long long seg = (long long)blockIdx.x * MML_SEG;
    const unsigned long long lo = keys[2 * blockIdx.z], hi = keys[2 * blockIdx.z + 1];
    int nmin = 0, nmax = 0;
    if (seg < (long long)im.w * im.h) {
        for (int k = 0; k < MML_STEPS; k++) {
            int f = mml_flags<T>(im, seg + k * MML_THREADS + threadIdx.x, lo, hi);
            nmin += f & 1;
            nmax += f >> 1;
        }
    }
    const auto add = [](int a, int b) { return a + b; };
    block_reduce2(nmin, nmax, add, add);
    if (threadIdx.x == 0) {
        int* c = counts + (blockIdx.z * segments + blockIdx.x) * 2;
        c[0] = nmin;
        c[1] = nmax;
    }
}

// Writes the locations of segment blockIdx.x in row-major order: entry offset + (its rank among the segment's
// matches) while below the capacity.
template <typename T>
__device__ void mml_locate(MmlImage im, const unsigned long long* keys, const int* offsets, long long segments,
                           uint8_t* minLoc, long long lminN, long long lminM, long long lminC, int minCap, uint8_t* maxLoc,
                           long long lmaxN, long long lmaxM, long long lmaxC, int maxCap) {
    const long long n = blockIdx.z, seg = (long long)blockIdx.x * MML_SEG;
    const int* off = offsets + (n * segments + blockIdx.x) * 2;
    int nextMin = off[0], nextMax = off[1];
    if (seg >= (long long)im.w * im.h || (nextMin >= minCap && nextMax >= maxCap)) return;
    const unsigned long long lo = keys[2 * n], hi = keys[2 * n + 1];
    __shared__ int wmin[MML_THREADS / 32], wmax[MML_THREADS / 32];
    const int lane = threadIdx.x & 31, warp = threadIdx.x >> 5;
    const unsigned below = (1u << lane) - 1;
    for (int k = 0; k < MML_STEPS; k++) {
        const long long p = seg + k * MML_THREADS + threadIdx.x;
        const int f = mml_flags<T>(im, p, lo, hi);
        const unsigned bmin = __ballot_sync(0xffffffffu, f & 1), bmax = __ballot_sync(0xffffffffu, f & 2);
        if (lane == 0) {
            wmin[warp] = __popc(bmin);
            wmax[warp] = __popc(bmax);
        }
        __syncthreads();
        int rmin = nextMin + __popc(bmin & below), rmax = nextMax + __popc(bmax & below);
        int tmin = 0, tmax = 0;
        for (int i = 0; i < MML_THREADS / 32; i++) {
            rmin += i < warp ? wmin[i] : 0;
            rmax += i < warp ? wmax[i] : 0;
            tmin += wmin[i];
            tmax += wmax[i];
        }
        const int q = (int)min(p, 0x7fffffffLL), y = q / im.w, x = q - y * im.w; // used where f != 0 only
        if ((f & 1) && rmin < minCap) mml_put(minLoc, n * lminN + rmin * lminM, lminC, x, y);
        if ((f & 2) && rmax < maxCap) mml_put(maxLoc, n * lmaxN + rmax * lmaxM, lmaxC, x, y);
        nextMin += tmin;
        nextMax += tmax;
        __syncthreads(); // wmin / wmax are rewritten by the next step
    }
}

constexpr int MML_FIRST_STEPS = 32;
constexpr int MML_FIRST_SEG = MML_THREADS * MML_FIRST_STEPS;
constexpr int MML_BATCH = 8; // loads in flight per thread

// An extreme of a run of pixels: its key, how many pixels hold it, the row-major index of the first.
struct MmlFirst {
    unsigned long long key;
    int count, index;
};

// Merges b into a: the lower key (the higher with MAX) wins; equal keys add counts and keep the lower index.
template <bool MAX>
__device__ __forceinline__ void mml_merge(MmlFirst& a, const MmlFirst& b) {
    if (b.key == a.key) {
        a.count += b.count;
        a.index = min(a.index, b.index);
    } else if (MAX ? b.key > a.key : b.key < a.key) {
        a = b;
    }
}

template <bool MAX>
__device__ __forceinline__ void mml_merge_shfl(MmlFirst& a, int o) {
    MmlFirst b{__shfl_xor_sync(0xffffffffu, a.key, o), __shfl_xor_sync(0xffffffffu, a.count, o),
               __shfl_xor_sync(0xffffffffu, a.index, o)};
    mml_merge<MAX>(a, b);
}

// Merges lo (minimum) and hi (maximum) over the block; the results are valid in thread 0.
__device__ __forceinline__ void mml_block_first(MmlFirst& lo, MmlFirst& hi) {
    __shared__ MmlFirst wlo[MML_THREADS / 32], whi[MML_THREADS / 32];
    for (int o = 16; o > 0; o >>= 1) {
        mml_merge_shfl<false>(lo, o);
        mml_merge_shfl<true>(hi, o);
    }
    if ((threadIdx.x & 31) == 0) {
        wlo[threadIdx.x >> 5] = lo;
        whi[threadIdx.x >> 5] = hi;
    }
    __syncthreads();
    if (threadIdx.x == 0) {
        for (int i = 1; i < MML_THREADS / 32; i++) {
            mml_merge<false>(lo, wlo[i]);
            mml_merge<true>(hi, whi[i]);
        }
    }
}

// No pixel yet: keys no pixel has (~0 is no key's image; 0 with count 0 merges away), index past every pixel.
__device__ __forceinline__ MmlFirst mml_first_none(bool max) { return MmlFirst{max ? 0ULL : ~0ULL, 0, 0x7fffffff}; }

// Block blockIdx.x of image blockIdx.z: the pixels [p0, p0 + FIRST_SEG), thread t at p0 + t + k * THREADS, its
// (x, y) stepped along (a division only where it wraps a row), MML_BATCH loads issued before they are compared.
// Writes the block's records to recs[(n * segments + blockIdx.x) * 2 + {0 min, 1 max}].
template <typename T>
__device__ void mml_first(MmlImage im, MmlFirst* recs, long long segments) {
    const long long total = (long long)im.w * im.h, p0 = (long long)blockIdx.x * MML_FIRST_SEG;
    MmlFirst lo = mml_first_none(false), hi = mml_first_none(true);
    if (p0 < total) {
        // An image has at most 2^31 - 1 pixels: p < 2^31 + FIRST_SEG does not wrap as unsigned; valid ones fit int.
        unsigned p = (unsigned)p0 + threadIdx.x;
        int y = (int)(p / im.w), x = (int)(p - (unsigned)y * im.w);
        const unsigned end = (unsigned)min(total, p0 + MML_FIRST_SEG);
        for (int k = 0; k < MML_FIRST_STEPS; k += MML_BATCH) {
            T v[MML_BATCH];
            unsigned idx[MML_BATCH];
#pragma unroll
            for (int j = 0; j < MML_BATCH; j++) {
                idx[j] = p;
                if (p < end) v[j] = *at<T>(im.base, y * im.sH + x * im.sW);
                p += MML_THREADS;
                x += MML_THREADS;
                if (x >= im.w) { // once a row on rows of THREADS pixels or more
                    x -= im.w;
                    y++;
                    if (x >= im.w) {
                        y += x / im.w;
                        x %= im.w;
                    }
                }
            }
#pragma unroll
            for (int j = 0; j < MML_BATCH; j++) {
                if (idx[j] >= end || mml_nan(v[j])) continue;
                const unsigned long long key = mml_key(v[j]);
                if (key < lo.key) lo = MmlFirst{key, 1, (int)idx[j]};
                else if (key == lo.key) lo.count++;
                if (key > hi.key || hi.count == 0) hi = MmlFirst{key, 1, (int)idx[j]};
                else if (key == hi.key) hi.count++;
            }
        }
    }
    mml_block_first(lo, hi);
    if (threadIdx.x == 0) {
        MmlFirst* r = recs + (blockIdx.z * segments + blockIdx.x) * 2;
        r[0] = lo;
        r[1] = hi;
    }
}

} // namespace cvj

// Grid (1, 1, N): the keys start at their opposite extremes.
extern "C" __global__ void cvj_min_max_loc_init(unsigned long long* keys) {
    if (threadIdx.x == 0) {
        keys[2 * blockIdx.z] = ~0ULL;
        keys[2 * blockIdx.z + 1] = 0;
    }
}

// Grid (1, 1, N) of 256 threads: thread 0 scans image n's segment counts into offsets (in place) and writes the
// values and totals; then every thread sets the location entries past the count to (-1, -1). Null outputs are skipped.
template <typename T>
__device__ void mml_finish(const unsigned long long* keys, int* counts, long long segments, uint8_t* minVal, long long vminN,
                           uint8_t* numMin, long long nminN, uint8_t* minLoc, long long lminN, long long lminM,
                           long long lminC, int minCap, uint8_t* maxVal, long long vmaxN, uint8_t* numMax, long long nmaxN,
                           uint8_t* maxLoc, long long lmaxN, long long lmaxM, long long lmaxC, int maxCap) {
    const long long n = blockIdx.z;
    __shared__ int total[2];
    if (threadIdx.x == 0) {
        int* c = counts + n * segments * 2;
        int smin = 0, smax = 0;
        for (long long g = 0; g < segments; g++) {
            int a = c[2 * g], b = c[2 * g + 1];
            c[2 * g] = smin;
            c[2 * g + 1] = smax;
            smin += a;
            smax += b;
        }
        total[0] = smin;
        total[1] = smax;
        if (smin > 0) {
            if (minVal != nullptr) cvj::mml_store<T>(keys[2 * n], minVal + n * vminN);
            if (maxVal != nullptr) cvj::mml_store<T>(keys[2 * n + 1], maxVal + n * vmaxN);
        } else { // NaN only: no extremes
            if (minVal != nullptr) cvj::mml_none<T>(minVal + n * vminN);
            if (maxVal != nullptr) cvj::mml_none<T>(maxVal + n * vmaxN);
        }
        if (numMin != nullptr) *cvj::at<int>(numMin, n * nminN) = smin;
        if (numMax != nullptr) *cvj::at<int>(numMax, n * nmaxN) = smax;
    }
    __syncthreads();
    for (int i = total[0] + threadIdx.x; i < minCap; i += blockDim.x) cvj::mml_put(minLoc, n * lminN + i * lminM, lminC, -1, -1);
    for (int i = total[1] + threadIdx.x; i < maxCap; i += blockDim.x) cvj::mml_put(maxLoc, n * lmaxN + i * lmaxM, lmaxC, -1, -1);
}

// Grid (1, 1, N) of 256 threads: merges image n's block records and writes its values, counts and first locations
// (entry 0 of a locations tensor of capacity 1; (-1, -1) without extremes). Null outputs are skipped.
template <typename T>
__device__ void mml_first_finish(cvj::MmlImage im, const cvj::MmlFirst* recs, long long segments, uint8_t* minVal,
                                 long long vminN, uint8_t* numMin, long long nminN, uint8_t* maxVal, long long vmaxN,
                                 uint8_t* numMax, long long nmaxN, uint8_t* minLoc, long long lminN, long long lminM,
                                 long long lminC, int minCap, uint8_t* maxLoc, long long lmaxN, long long lmaxM,
                                 long long lmaxC, int maxCap) {
    const long long n = blockIdx.z;
    cvj::MmlFirst lo = cvj::mml_first_none(false), hi = cvj::mml_first_none(true);
    for (long long g = threadIdx.x; g < segments; g += blockDim.x) {
        const cvj::MmlFirst* r = recs + (n * segments + g) * 2;
        cvj::mml_merge<false>(lo, r[0]);
        cvj::mml_merge<true>(hi, r[1]);
    }
    cvj::mml_block_first(lo, hi);
    if (threadIdx.x != 0) return;
    const cvj::MmlFirst e[2] = {lo, hi};
    uint8_t* val[2] = {minVal, maxVal};
    uint8_t* num[2] = {numMin, numMax};
    uint8_t* loc[2] = {minLoc, maxLoc};
    const long long valN[2] = {vminN, vmaxN}, numN[2] = {nminN, nmaxN}, locN[2] = {lminN, lmaxN}, locC[2] = {lminC, lmaxC};
    const int cap[2] = {minCap, maxCap};
    for (int k = 0; k < 2; k++) {
        const bool any = e[k].count > 0; // 0: NaN only
        if (val[k] != nullptr) {
            if (any) cvj::mml_store<T>(e[k].key, val[k] + n * valN[k]);
            else cvj::mml_none<T>(val[k] + n * valN[k]);
        }
        if (num[k] != nullptr) *cvj::at<int>(num[k], n * numN[k]) = e[k].count;
        if (cap[k] > 0) {
            const int y = any ? e[k].index / im.w : -1, x = any ? e[k].index - y * im.w : -1;
            cvj::mml_put(loc[k], n * locN[k], locC[k], x, y);
        }
    }
}

#define CVJ_IMAGE_ARGS const void *descs, const uint8_t *src, long long sN, long long sH, long long sW, int W, int H
#define CVJ_IMAGE(T)                                                                                                \
    cvj::mml_image(static_cast<const cvj::VarShapeImage*>(descs), src, sN, sH, sW, W, H, (long long)sizeof(T))
#define CVJ_LOC_ARGS                                                                                                \
    uint8_t *minLoc, long long lminN, long long lminM, long long lminC, int minCap, uint8_t *maxLoc, long long lmaxN, \
        long long lmaxM, long long lmaxC, int maxCap

// Grids: extremes, counts and locations (segments, 1, N) of 256 threads; finish (1, 1, N) of 256 threads; first
// (segments of FIRST_SEG pixels, 1, N) and first_finish (1, 1, N), 256 threads.
#define CVJ_MIN_MAX_LOC(tn, T)                                                                                      \
    extern "C" __global__ void __launch_bounds__(cvj::MML_THREADS) cvj_min_max_loc_extremes_##tn(                 \
        CVJ_IMAGE_ARGS, unsigned long long* keys) {                                                                 \
        cvj::mml_extremes<T>(CVJ_IMAGE(T), keys);                                                                   \
    }                                                                                                               \
    extern "C" __global__ void __launch_bounds__(cvj::MML_THREADS) cvj_min_max_loc_count_##tn(                    \
        CVJ_IMAGE_ARGS, const unsigned long long* keys, int* counts, long long segments) {                         \
        cvj::mml_count<T>(CVJ_IMAGE(T), keys, counts, segments);                                                    \
    }                                                                                                               \
    extern "C" __global__ void __launch_bounds__(cvj::MML_THREADS) cvj_min_max_loc_locate_##tn(                   \
        CVJ_IMAGE_ARGS, const unsigned long long* keys, const int* offsets, long long segments, CVJ_LOC_ARGS) {    \
        cvj::mml_locate<T>(CVJ_IMAGE(T), keys, offsets, segments, minLoc, lminN, lminM, lminC, minCap, maxLoc,     \
                           lmaxN, lmaxM, lmaxC, maxCap);                                                            \
    }                                                                                                               \
    extern "C" __global__ void __launch_bounds__(cvj::MML_THREADS) cvj_min_max_loc_first_##tn(                    \
        CVJ_IMAGE_ARGS, cvj::MmlFirst* recs, long long segments) {                                                  \
        cvj::mml_first<T>(CVJ_IMAGE(T), recs, segments);                                                            \
    }                                                                                                               \
    extern "C" __global__ void __launch_bounds__(cvj::MML_THREADS) cvj_min_max_loc_first_finish_##tn(             \
        CVJ_IMAGE_ARGS, const cvj::MmlFirst* recs, long long segments, uint8_t* minVal, long long vminN,           \
        uint8_t* numMin, long long nminN, uint8_t* maxVal, long long vmaxN, uint8_t* numMax, long long nmaxN,      \
        CVJ_LOC_ARGS) {                                                                                             \
        mml_first_finish<T>(CVJ_IMAGE(T), recs, segments, minVal, vminN, numMin, nminN, maxVal, vmaxN, numMax,     \
                            nmaxN, minLoc, lminN, lminM, lminC, minCap, maxLoc, lmaxN, lmaxM, lmaxC, maxCap);       \
    }                                                                                                               \
    extern "C" __global__ void __launch_bounds__(256) cvj_min_max_loc_finish_##tn(                                \
        const unsigned long long* keys, int* counts, long long segments, uint8_t* minVal, long long vminN,         \
        uint8_t* numMin, long long nminN, uint8_t* maxVal, long long vmaxN, uint8_t* numMax, long long nmaxN,      \
        CVJ_LOC_ARGS) {                                                                                             \
        mml_finish<T>(keys, counts, segments, minVal, vminN, numMin, nminN, minLoc, lminN, lminM, lminC, minCap,   \
                      maxVal, vmaxN, numMax, nmaxN, maxLoc, lmaxN, lmaxM, lmaxC, maxCap);                          \
    }

CVJ_MIN_MAX_LOC(u8, uint8_t)
CVJ_MIN_MAX_LOC(s8, int8_t)
CVJ_MIN_MAX_LOC(u16, uint16_t)
CVJ_MIN_MAX_LOC(s16, int16_t)
CVJ_MIN_MAX_LOC(u32, uint32_t)
CVJ_MIN_MAX_LOC(s32, int32_t)
CVJ_MIN_MAX_LOC(f32, float)
CVJ_MIN_MAX_LOC(f64, double)

#undef CVJ_MIN_MAX_LOC
#undef CVJ_LOC_ARGS
#undef CVJ_IMAGE
#undef CVJ_IMAGE_ARGS
