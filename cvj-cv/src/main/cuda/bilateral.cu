// BilateralFilter and JointBilateralFilter: OpenCV's cv::bilateralFilter of U8 and F32 images with 1 or 3 channels,
// the colour distances taken in a guide image (src itself for BilateralFilter), one thread per pixel over the disc of
// the radius, step for step as BilateralPixels' CPU path: float weights (the colour table expf(i*i*coeff)
// built per block in shared memory, the space weight (float)exp(r*r*coeff) in double), float sums with one rounding
// per product (fma), rint(sum / wsum) for one channel and rint(sum * (1 / wsum)) for three. F32: first the image's
// range (one block per image), then OpenCV's colour table over it, its entries computed where needed, interpolated
// linearly. Explicit _rn intrinsics keep the compiler from contracting or approximating anything.
#include "pixels.cuh"

extern "C" __global__ void cvj_bilateral_u8(const uint8_t* __restrict__ src, long long sN, long long sH, long long sW,
                                            long long sC, const uint8_t* __restrict__ guide, long long gN,
                                            long long gH, long long gW, long long gC, uint8_t* __restrict__ dst, long long dN, long long dH,
                                            long long dW, long long dC, int W, int H, int C, int radius, int border,
                                            float colorCoeff, float spaceCoeff) {
    __shared__ float color[256 * 3];
    const int tid = threadIdx.y * blockDim.x + threadIdx.x, nt = blockDim.x * blockDim.y;
    for (int i = tid; i < 256 * C; i += nt) color[i] = (float)exp((double)__fmul_rn((float)(i * i), colorCoeff));
    __syncthreads();
    const int x = blockIdx.x * blockDim.x + threadIdx.x, y = blockIdx.y * blockDim.y + threadIdx.y, n = blockIdx.z;
    if (x >= W || y >= H) return;
    const uint8_t* img = src + n * sN;
    const uint8_t* gimg = guide + n * gN;
    int v0[3] = {0, 0, 0};
    for (int c = 0; c < C; c++) v0[c] = gimg[y * gH + x * gW + c * gC];
    float sum[3] = {0.f, 0.f, 0.f}, wsum = 0.f;
    for (int i = -radius; i <= radius; i++) {
        const int sy = cvj::border_index(y + i, H, border);
        for (int j = -radius; j <= radius; j++) {
            const double dist = sqrt((double)i * i + (double)j * j);
            if (dist > radius) continue;
            const int sx = cvj::border_index(x + j, W, border);
            int v[3] = {0, 0, 0}, diff = 0;
            for (int c = 0; c < C; c++) {
                const bool out0 = sy < 0 || sx < 0;
                v[c] = out0 ? 0 : img[sy * sH + sx * sW + c * sC];
                diff += abs((out0 ? 0 : (int)gimg[sy * gH + sx * gW + c * gC]) - v0[c]);
            }
            const float w = __fmul_rn((float)exp(dist * dist * (double)spaceCoeff), color[diff]);
            wsum = __fadd_rn(wsum, w);
            for (int c = 0; c < C; c++) sum[c] = __fmaf_rn((float)v[c], w, sum[c]);
        }
    }
    uint8_t* out = dst + n * dN + y * dH + x * dW;
    const float inv = __fdiv_rn(1.f, wsum);
    for (int c = 0; c < C; c++) {
        const float q = C == 1 ? __fdiv_rn(sum[c], wsum) : __fmul_rn(sum[c], inv);
        out[c * dC] = (uint8_t)min(max((int)rintf(q), 0), 255);
    }
}

// Grid (1, 1, N) of 256 threads: range[2n], range[2n + 1] = the smallest and largest value of (guide) image n, NaNs left out
// (fminf / fmaxf), +inf and -inf for an image of NaNs only.
extern "C" __global__ void __launch_bounds__(256) cvj_bilateral_range_f32(const uint8_t* __restrict__ src, long long sN,
                                                                         long long sH, long long sW, long long sC,
                                                                         int W, int H, int C, float* range) {
    __shared__ float lo[256], hi[256];
    const uint8_t* img = src + blockIdx.z * sN;
    float l = __int_as_float(0x7f800000), h = -l;
    for (long long p = threadIdx.x; p < (long long)W * H; p += 256) {
        const int y = (int)(p / W), x = (int)(p % W);
        for (int c = 0; c < C; c++) {
            const float v = *cvj::at<float>(img, y * sH + x * sW + c * sC);
            l = fminf(l, v);
            h = fmaxf(h, v);
        }
    }
    lo[threadIdx.x] = l;
    hi[threadIdx.x] = h;
    __syncthreads();
    for (int s = 128; s > 0; s >>= 1) {
        if (threadIdx.x < s) {
            lo[threadIdx.x] = fminf(lo[threadIdx.x], lo[threadIdx.x + s]);
            hi[threadIdx.x] = fmaxf(hi[threadIdx.x], hi[threadIdx.x + s]);
        }
        __syncthreads();
    }
    if (threadIdx.x == 0) {
        range[2 * blockIdx.z] = lo[0];
        range[2 * blockIdx.z + 1] = hi[0];
    }
}

namespace cvj {
// OpenCV's F32 colour table entry i: (float)exp(v * v * coeff) in double, v = i / scale in float.
__device__ __forceinline__ float bilateral_lut(int i, float scale, double coeff) {
    const double v = __fdiv_rn((float)i, scale);
    return (float)exp(v * v * coeff);
}
} // namespace cvj

// F32, as BilateralPixels.cpuF32: NaN neighbours (of src or guide) left out, a NaN guide centre weighs every
// neighbour's colour 1 and is not added itself; a guide's range below FLT_EPSILON copies the image.
extern "C" __global__ void cvj_bilateral_f32(const uint8_t* __restrict__ src, long long sN, long long sH, long long sW,
                                             long long sC, const uint8_t* __restrict__ guide, long long gN,
                                             long long gH, long long gW, long long gC, uint8_t* __restrict__ dst, long long dN, long long dH,
                                             long long dW, long long dC, int W, int H, int C, int radius, int border,
                                             double colorCoeff, double spaceCoeff, const float* __restrict__ range) {
    const int x = blockIdx.x * blockDim.x + threadIdx.x, y = blockIdx.y * blockDim.y + threadIdx.y, n = blockIdx.z;
    if (x >= W || y >= H) return;
    const uint8_t* img = src + n * sN;
    const uint8_t* gimg = guide + n * gN;
    uint8_t* out = dst + n * dN + y * dH + x * dW;
    const float lo = range[2 * n], hi = range[2 * n + 1];
    float v0[3] = {0.f, 0.f, 0.f}, c0[3] = {0.f, 0.f, 0.f};
    bool centreNaN = false;
    for (int c = 0; c < C; c++) {
        v0[c] = *cvj::at<float>(img, y * sH + x * sW + c * sC);
        c0[c] = *cvj::at<float>(gimg, y * gH + x * gW + c * gC);
        centreNaN |= isnan(c0[c]);
    }
    if (fabs((double)lo - (double)hi) < 1.1920928955078125e-7 /* FLT_EPSILON */) {
        for (int c = 0; c < C; c++) *cvj::at<float>(out, c * dC) = v0[c];
        return;
    }
    const int bins = 4096 * C;
    const float scale = __fdiv_rn((float)bins, __fmul_rn((float)((double)hi - (double)lo), (float)C));
    const float limit = (float)(bins + 1);
    float sum[3] = {0.f, 0.f, 0.f}, wsum = 0.f;
    for (int i = -radius; i <= radius; i++) {
        const int sy = cvj::border_index(y + i, H, border);
        for (int j = -radius; j <= radius; j++) {
            const double dist = sqrt((double)i * i + (double)j * j);
            if (dist > radius || (i == 0 && j == 0)) continue;
            const int sx = cvj::border_index(x + j, W, border);
            float v[3] = {0.f, 0.f, 0.f}, diff = 0.f;
            bool nan = false;
            for (int c = 0; c < C; c++) {
                const bool out0 = sy < 0 || sx < 0;
                v[c] = out0 ? 0.f : *cvj::at<float>(img, sy * sH + sx * sW + c * sC);
                const float gv = out0 ? 0.f : *cvj::at<float>(gimg, sy * gH + sx * gW + c * gC);
                nan |= isnan(v[c]) || isnan(gv);
                diff = __fadd_rn(diff, fabsf(__fsub_rn(gv, c0[c])));
            }
            if (nan) continue;
            float alpha = __fmul_rn(diff, scale);
            alpha = alpha < limit ? alpha : limit; // a CONSTANT border's zeros may lie outside the range
            const int idx = (int)floorf(alpha);
            const float frac = __fsub_rn(alpha, (float)idx);
            float cw = 1.f;
            if (!centreNaN) {
                const float a = cvj::bilateral_lut(idx, scale, colorCoeff), b = cvj::bilateral_lut(idx + 1, scale, colorCoeff);
                cw = __fadd_rn(a, __fmul_rn(frac, __fsub_rn(b, a)));
            }
            const float w = __fmul_rn((float)exp(dist * dist * spaceCoeff), cw);
            wsum = __fadd_rn(wsum, w);
            for (int c = 0; c < C; c++) sum[c] = __fmaf_rn(v[c], w, sum[c]);
        }
    }
    for (int c = 0; c < C; c++) {
        const float q = centreNaN ? __fdiv_rn(sum[c], wsum) : __fdiv_rn(__fadd_rn(sum[c], v0[c]), __fadd_rn(wsum, 1.f));
        *cvj::at<float>(out, c * dC) = q;
    }
}
