// BilateralFilter: OpenCV's cv::bilateralFilter of U8 images with 1 or 3 channels, one thread per pixel over the
// disc of the radius, step for step as BilateralFilter's CPU path: float weights (the colour table expf(i*i*coeff)
// built per block in shared memory, the space weight (float)exp(r*r*coeff) in double), float sums with one rounding
// per product (fma), rint(sum / wsum) for one channel and rint(sum * (1 / wsum)) for three. Explicit _rn intrinsics
// keep the compiler from contracting or approximating anything.
#include "pixels.cuh"

extern "C" __global__ void cvj_bilateral_u8(const uint8_t* __restrict__ src, long long sN, long long sH, long long sW,
                                            long long sC, uint8_t* __restrict__ dst, long long dN, long long dH,
                                            long long dW, long long dC, int W, int H, int C, int radius,
                                            float colorCoeff, float spaceCoeff, int border) {
    __shared__ float color[256 * 3];
    const int tid = threadIdx.y * blockDim.x + threadIdx.x, nt = blockDim.x * blockDim.y;
    for (int i = tid; i < 256 * C; i += nt) color[i] = (float)exp((double)__fmul_rn((float)(i * i), colorCoeff));
    __syncthreads();
    const int x = blockIdx.x * blockDim.x + threadIdx.x, y = blockIdx.y * blockDim.y + threadIdx.y, n = blockIdx.z;
    if (x >= W || y >= H) return;
    const uint8_t* img = src + n * sN;
    int v0[3] = {0, 0, 0};
    for (int c = 0; c < C; c++) v0[c] = img[y * sH + x * sW + c * sC];
    float sum[3] = {0.f, 0.f, 0.f}, wsum = 0.f;
    for (int i = -radius; i <= radius; i++) {
        const int sy = cvj::border_index(y + i, H, border);
        for (int j = -radius; j <= radius; j++) {
            const double dist = sqrt((double)i * i + (double)j * j);
            if (dist > radius) continue;
            const int sx = cvj::border_index(x + j, W, border);
            int v[3] = {0, 0, 0}, diff = 0;
            for (int c = 0; c < C; c++) {
                v[c] = sy < 0 || sx < 0 ? 0 : img[sy * sH + sx * sW + c * sC];
                diff += abs(v[c] - v0[c]);
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
