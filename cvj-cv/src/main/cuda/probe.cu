#include "common.cuh"

// A kernel that writes its index: used by tests to prove the fatbin loads and runs on a device.
extern "C" __global__ void cvj_probe_iota(int32_t* out, int32_t n) {
    int32_t i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n) out[i] = i;
}
