// Separable resizes from per-axis tap tables (dev.cvj.ops.internal.SeparableResize, SeparableTaps): PillowResize,
// HQResize and RandomResizedCrop. Pass "h" turns each source row into dstW pixels of an intermediate image (srcH
// rows), pass "v" turns the intermediate's columns into dstH rows. Output index o of an axis reads count source
// indices from start with the weights from woff (taps[3 * (table + o)] = start, count, woff). One launch per pass for a
// batch: grid z = job (one image, or one crop of one), each job's pointers, pitches, sizes and tables from the job
// table; threads past their job's size return. The sums are formed as the CPU path forms them, term by term from the
// first tap, with explicitly rounded operations (no fused multiply-add): the same bits.
#pragma once
#include "pixels.cuh"

namespace cvj_sep {

// SeparableResize.JOB_BYTES: 6 pointers/pitches, then sizes and the two tables' first entries.
struct Job {
    long long src, srcPitch, tmp, tmpPitch, dst, dstPitch;
    int srcW, srcH, dstW, dstH, xTaps, yTaps, pad0, pad1;
};
static_assert(sizeof(Job) == 80, "SeparableResize.JOB_BYTES");

// Pillow's 8-bit fixed point: int sums from 1 << 21, 22 fraction bits, the result clamped to a byte.
__device__ __forceinline__ void init(int& acc) { acc = 1 << 21; }
__device__ __forceinline__ void init(double& acc) { acc = 0.0; }
__device__ __forceinline__ void init(float& acc) { acc = 0.f; }

__device__ __forceinline__ int mac(int acc, uint8_t v, int w) { return acc + (int)v * w; }
__device__ __forceinline__ double mac(double acc, float v, double w) { return __dadd_rn(acc, __dmul_rn((double)v, w)); }
__device__ __forceinline__ float mac(float acc, uint8_t v, float w) { return __fadd_rn(acc, __fmul_rn((float)v, w)); }
__device__ __forceinline__ float mac(float acc, float v, float w) { return __fadd_rn(acc, __fmul_rn(v, w)); }

__device__ __forceinline__ void store(uint8_t* o, int acc) { *o = (uint8_t)min(max(acc >> 22, 0), 255); }
__device__ __forceinline__ void store(float* o, double acc) { *o = __double2float_rn(acc); }
__device__ __forceinline__ void store(float* o, float acc) { *o = acc; }
__device__ __forceinline__ void store(uint8_t* o, float acc) { *o = cvj::from_f<uint8_t>(acc); }

// One pass of job blockIdx.z: thread (x, y) computes the C <= 4 channels of pixel (x, y) of the pass's output.
template <typename Acc, typename W, typename S, typename D, bool VERTICAL>
__device__ __forceinline__ void pass(const Job* jobs, const int* taps, const W* weights, int C) {
    const Job j = jobs[blockIdx.z];
    const int x = blockIdx.x * blockDim.x + threadIdx.x;
    const int y = blockIdx.y * blockDim.y + threadIdx.y;
    if (x >= j.dstW || y >= (VERTICAL ? j.dstH : j.srcH)) return;
    const uint8_t* in = reinterpret_cast<const uint8_t*>(VERTICAL ? j.tmp : j.src);
    const long long inPitch = VERTICAL ? j.tmpPitch : j.srcPitch;
    uint8_t* out = reinterpret_cast<uint8_t*>(VERTICAL ? j.dst : j.tmp);
    const long long outPitch = VERTICAL ? j.dstPitch : j.tmpPitch;
    const int* t = taps + 3LL * (VERTICAL ? (long long)j.yTaps + y : (long long)j.xTaps + x);
    const int start = t[0], count = t[1];
    const W* k = weights + t[2];
    Acc acc[4];
#pragma unroll
    for (int c = 0; c < 4; c++) init(acc[c]);
    for (int i = 0; i < count; i++) {
        const W w = k[i];
        const S* p = VERTICAL ? reinterpret_cast<const S*>(in + (long long)(start + i) * inPitch) + (long long)x * C
                              : reinterpret_cast<const S*>(in + (long long)y * inPitch) + (long long)(start + i) * C;
#pragma unroll
        for (int c = 0; c < 4; c++)
            if (c < C) acc[c] = mac(acc[c], p[c], w);
    }
    D* o = reinterpret_cast<D*>(out + (long long)y * outPitch) + (long long)x * C;
#pragma unroll
    for (int c = 0; c < 4; c++)
        if (c < C) store(o + c, acc[c]);
}

} // namespace cvj_sep

#define CVJ_SEP_RESIZE(name, Acc, W, S, D, VERTICAL)                                                              \
    extern "C" __global__ void __launch_bounds__(256) cvj_sep_resize_##name(const void* jobs, const int* taps,   \
                                                                             const void* weights, int C) {        \
        cvj_sep::pass<Acc, W, S, D, VERTICAL>(static_cast<const cvj_sep::Job*>(jobs), taps,                       \
                                              static_cast<const W*>(weights), C);                                 \
    }

CVJ_SEP_RESIZE(h_fixed8_u8_u8, int, int, uint8_t, uint8_t, false)
CVJ_SEP_RESIZE(v_fixed8_u8_u8, int, int, uint8_t, uint8_t, true)
CVJ_SEP_RESIZE(h_double_f32_f32, double, double, float, float, false)
CVJ_SEP_RESIZE(v_double_f32_f32, double, double, float, float, true)
CVJ_SEP_RESIZE(h_float_u8_f32, float, float, uint8_t, float, false)
CVJ_SEP_RESIZE(h_float_f32_f32, float, float, float, float, false)
CVJ_SEP_RESIZE(v_float_f32_u8, float, float, float, uint8_t, true)
CVJ_SEP_RESIZE(v_float_f32_f32, float, float, float, float, true)
