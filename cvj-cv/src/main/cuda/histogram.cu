// Histogram (CV-CUDA's Histogram, OpenCV's calcHist of 256 bins per channel) and HistogramEq (OpenCV's equalizeHist
// per image and channel) of U8 images with C <= 4 channels. Histograms: per-block shared-memory histograms, merged
// into the global table by one atomic add per non-zero bin and block. Equalization: that histogram, a tiny kernel
// for each image's and channel's look-up table, then the table applied to every pixel. The same steps as
// Histogram.java's and HistogramEq.java's CPU paths.
#include "pixels.cuh"

namespace cvj {

constexpr int HIST_BINS = 256;
constexpr int HIST_MAX_C = 4;

// Adds one row's pixels (x = threadIdx.x, stepping by blockDim.x) to a block's histogram local[bin * C + c]; a
// pixel whose mask byte is 0 is skipped (mrow null: no mask).
__device__ __forceinline__ void histogram_row(const uint8_t* row, long long sW, long long sC, int W, int C,
                                              const uint8_t* mrow, long long mW, int* local) {
    for (int x = threadIdx.x; x < W; x += blockDim.x) {
        if (mrow != nullptr && mrow[x * mW] == 0) continue;
        for (int c = 0; c < C; c++) atomicAdd(&local[row[x * sW + c * sC] * C + c], 1);
    }
}

// Adds a block's histogram to the global table of its image (bin b, channel c at out + b * oB + c * oC).
__device__ __forceinline__ void histogram_merge(const int* local, int C, uint8_t* out, long long oB, long long oC) {
    for (int i = threadIdx.x; i < HIST_BINS * C; i += blockDim.x) {
        int v = local[i];
        if (v != 0) atomicAdd(at<int>(out, (i / C) * oB + (i % C) * oC), v);
    }
}

__device__ __forceinline__ void histogram_clear(int* local, int C) {
    for (int i = threadIdx.x; i < HIST_BINS * C; i += blockDim.x) local[i] = 0;
    __syncthreads();
}

// The look-up table of equalizeHist for one histogram h (bin b at h[b * C]): the first non-zero bin i maps to 0
// and every later bin b to saturate(rint(float(sum of h[i+1..b]) * scale)), scale = 255.f / float(total - h[i]),
// each float operation rounded on its own as OpenCV's scalar code; an image of one value maps everything to it.
__device__ void equalize_lut(const int* h, int C, uint8_t* lut) {
    int total = 0;
    for (int b = 0; b < HIST_BINS; b++) total += h[b * C];
    int i = 0;
    while (i < HIST_BINS - 1 && h[i * C] == 0) i++;
    if (h[i * C] == total) {
        for (int b = 0; b < HIST_BINS; b++) lut[b] = (uint8_t)i;
        return;
    }
    const float scale = __fdiv_rn(255.f, __int2float_rn(total - h[i * C]));
    for (int b = 0; b <= i; b++) lut[b] = 0;
    int sum = 0;
    for (int b = i + 1; b < HIST_BINS; b++) {
        sum += h[b * C];
        lut[b] = from_f<uint8_t>(__fmul_rn(__int2float_rn(sum), scale)); // rint, saturated
    }
}

} // namespace cvj

// Zeroes count = N * 256 * C ints of a [N, 256, C] table at byte strides (oN, oB, oC).
extern "C" __global__ void __launch_bounds__(256) cvj_histogram_zero(uint8_t* out, long long oN, long long oB, long long oC,
                                                                     int C, long long count) {
    for (long long i = blockIdx.x * (long long)blockDim.x + threadIdx.x; i < count; i += (long long)gridDim.x * blockDim.x) {
        long long n = i / (cvj::HIST_BINS * C);
        int r = (int)(i % (cvj::HIST_BINS * C));
        *cvj::at<int>(out, n * oN + (r / C) * oB + (r % C) * oC) = 0;
    }
}

// Grid (blocks per image, 1, N) of 256 threads: the blocks of image n stride over its rows, each counting into its
// own shared histogram, then add it to image n's table (zeroed before). mask: null, or U8 at byte strides (mN, mH, mW).
extern "C" __global__ void __launch_bounds__(256) cvj_histogram_u8(
    const uint8_t* src, long long sN, long long sH, long long sW, long long sC, int W, int H, int C, const uint8_t* mask,
    long long mN, long long mH, long long mW, uint8_t* out, long long oN, long long oB, long long oC) {
    __shared__ int local[cvj::HIST_BINS * cvj::HIST_MAX_C];
    cvj::histogram_clear(local, C);
    const long long n = blockIdx.z;
    const uint8_t* img = src + n * sN;
    const uint8_t* m = mask == nullptr ? nullptr : mask + n * mN;
    for (int y = blockIdx.x; y < H; y += gridDim.x) {
        cvj::histogram_row(img + y * sH, sW, sC, W, C, m == nullptr ? nullptr : m + y * mH, mW, local);
    }
    __syncthreads();
    cvj::histogram_merge(local, C, out + n * oN, oB, oC);
}

// The same over a varshape batch (HWC images of C channels, sizes and pitches from the descriptors) into a dense
// [N, 256, C] int table.
extern "C" __global__ void __launch_bounds__(256) cvj_histogram_vs_u8(const void* srcs, int C, int* hist) {
    __shared__ int local[cvj::HIST_BINS * cvj::HIST_MAX_C];
    cvj::histogram_clear(local, C);
    const cvj::VarShapeImage s = static_cast<const cvj::VarShapeImage*>(srcs)[blockIdx.z];
    const uint8_t* img = reinterpret_cast<const uint8_t*>(s.data);
    for (int y = blockIdx.x; y < s.height; y += gridDim.x) {
        cvj::histogram_row(img + y * s.rowPitch, C, 1, s.width, C, nullptr, 0, local);
    }
    __syncthreads();
    const long long table = (long long)cvj::HIST_BINS * C * sizeof(int);
    cvj::histogram_merge(local, C, reinterpret_cast<uint8_t*>(hist) + blockIdx.z * table, C * (long long)sizeof(int),
                         sizeof(int));
}

// Grid (1, 1, N) of 32 threads: thread c < C writes the table of image n, channel c, from the dense [N, 256, C]
// histograms into lut[(n * C + c) * 256 + b].
extern "C" __global__ void __launch_bounds__(32) cvj_histogram_eq_lut(const int* hist, int C, uint8_t* lut) {
    const int c = threadIdx.x;
    if (c >= C) return;
    const long long n = blockIdx.z;
    cvj::equalize_lut(hist + n * cvj::HIST_BINS * C + c, C, lut + (n * C + c) * cvj::HIST_BINS);
}

namespace cvj {

// Image n's tables (C * 256 bytes) into shared memory.
__device__ __forceinline__ void load_luts(const uint8_t* lut, long long n, int C, uint8_t* shared) {
    const uint8_t* l = lut + n * C * HIST_BINS;
    for (int i = threadIdx.x; i < C * HIST_BINS; i += blockDim.x) shared[i] = l[i];
    __syncthreads();
}

} // namespace cvj

// Launch.pixels grid over N images of W x H: dst = table(image, channel)[src], any strides (in place: the same view).
extern "C" __global__ void __launch_bounds__(cvj::BLOCK) cvj_histogram_eq_apply_u8(
    const uint8_t* src, long long sN, long long sH, long long sW, long long sC, uint8_t* dst, long long dN,
    long long dH, long long dW, long long dC, int W, int C, const uint8_t* lut) {
    __shared__ uint8_t table[cvj::HIST_BINS * cvj::HIST_MAX_C];
    cvj::load_luts(lut, blockIdx.z, C, table);
    const long long n = blockIdx.z, y = blockIdx.y;
    const uint8_t* srow = src + n * sN + y * sH;
    uint8_t* drow = dst + n * dN + y * dH;
    for (int k = 0, x = blockIdx.x * (cvj::BLOCK * cvj::PIX) + threadIdx.x; k < cvj::PIX && x < W; k++, x += cvj::BLOCK) {
        for (int c = 0; c < C; c++) drow[x * dW + c * dC] = table[c * cvj::HIST_BINS + srow[x * sW + c * sC]];
    }
}

// Launch.batchPixels grid over a varshape batch of HWC images: image n's tables applied to its pixels.
extern "C" __global__ void __launch_bounds__(cvj::BLOCK) cvj_histogram_eq_apply_vs_u8(const void* srcs, const void* dsts,
                                                                                     int C, const uint8_t* lut) {
    __shared__ uint8_t table[cvj::HIST_BINS * cvj::HIST_MAX_C];
    cvj::load_luts(lut, blockIdx.z, C, table);
    const cvj::VarShapeImage d = static_cast<const cvj::VarShapeImage*>(dsts)[blockIdx.z];
    if ((int)(blockIdx.x * (cvj::BLOCK * cvj::PIX)) >= d.width) return;
    const cvj::VarShapeImage s = static_cast<const cvj::VarShapeImage*>(srcs)[blockIdx.z];
    const int x0 = blockIdx.x * (cvj::BLOCK * cvj::PIX) + threadIdx.x;
    for (int y = blockIdx.y; y < d.height; y += gridDim.y) {
        const uint8_t* srow = reinterpret_cast<const uint8_t*>(s.data) + y * s.rowPitch;
        uint8_t* drow = reinterpret_cast<uint8_t*>(d.data) + y * d.rowPitch;
        for (int k = 0, x = x0; k < cvj::PIX && x < d.width; k++, x += cvj::BLOCK) {
            for (int c = 0; c < C; c++) drow[x * C + c] = table[c * cvj::HIST_BINS + srow[x * C + c]];
        }
    }
}
