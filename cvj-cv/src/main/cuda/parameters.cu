// DeviceParameters' upload: a launch's parameter table travels inside the arguments of one of these kernels, which
// writes it to device memory. A kernel launch copies its arguments when it is issued, so the host never waits for the
// stream (a copy from pageable memory would), nothing pinned has to outlive the call, and under stream capture the
// table is kept by the graph's kernel node: every replay writes it again.
#include <cstdint>

namespace cvj {

// Payloads of 256 B, 4 KiB and 32,736 B (the largest that fits CUDA's 32,764-byte argument limit beside dst and n).
template <int BYTES>
struct ParameterPayload {
    uint4 w[BYTES / 16];
};

// Writes bytes [0, n) of p to dst: whole 16-byte words, then the tail byte by byte.
template <int BYTES>
__device__ __forceinline__ void write_parameters(uint8_t* dst, const ParameterPayload<BYTES>& p, int n) {
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    int words = n / 16;
    if (i < words) {
        reinterpret_cast<uint4*>(dst)[i] = p.w[i];
    } else if (i == words) {
        const uint8_t* b = reinterpret_cast<const uint8_t*>(p.w);
        for (int k = words * 16; k < n; k++) {
            dst[k] = b[k];
        }
    }
}

} // namespace cvj

#define CVJ_PARAMETERS(bytes)                                                                                         \
    extern "C" __global__ void cvj_parameters_##bytes(uint8_t* dst, cvj::ParameterPayload<bytes> p, int n) {         \
        cvj::write_parameters<bytes>(dst, p, n);                                                                      \
    }
CVJ_PARAMETERS(256)
CVJ_PARAMETERS(4096)
CVJ_PARAMETERS(32736)
