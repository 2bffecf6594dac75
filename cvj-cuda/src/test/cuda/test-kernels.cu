// Kernels for cvj-cuda's GPU tests and the CUDA benchmarks. Built into test-kernels.fatbin by
// build-test-fatbin.sh; the fatbin is committed so that tests need no nvcc.
#include <cstdint>

extern "C" __global__ void empty() {}

// y[i] = a * x[i] + y[i]
extern "C" __global__ void saxpy(float a, const float* x, float* y, int n) {
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n) y[i] = a * x[i] + y[i];
}

// out[i] = in[i] + delta, over n elements
extern "C" __global__ void add_i32(const int* in, int* out, int delta, long long n) {
    long long i = (long long) blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n) out[i] = in[i] + delta;
}

// Writes to address 8: an illegal address, which leaves the context unusable (a sticky error).
extern "C" __global__ void illegal_address() {
    *reinterpret_cast<volatile int*>(static_cast<uintptr_t>(8)) = 1;
}
