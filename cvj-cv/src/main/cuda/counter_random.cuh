// Counter-based random numbers of the random operators (Erase's random fill, GaussianNoise): Philox4x32-10
// (Salmon et al., "Parallel random numbers: as easy as 1, 2, 3", SC 2011; Random123's philox4x32_10), a pure function
// of a 128-bit counter and a 64-bit key. dev.cvj.ops.internal.CounterRandom mirrors it in Java bit for bit, so a host
// tensor's CPU path draws the very numbers a device's kernel draws.
#pragma once
#include <cstdint>

namespace cvj {

struct Philox4 {
    uint32_t v[4];
};

__device__ __forceinline__ Philox4 philox4x32_10(uint32_t c0, uint32_t c1, uint32_t c2, uint32_t c3, uint32_t k0,
                                                 uint32_t k1) {
#pragma unroll
    for (int r = 0; r < 10; r++) {
        if (r > 0) {
            k0 += 0x9E3779B9u;
            k1 += 0xBB67AE85u;
        }
        const uint32_t lo0 = 0xD2511F53u * c0, hi0 = __umulhi(0xD2511F53u, c0);
        const uint32_t lo1 = 0xCD9E8D57u * c2, hi1 = __umulhi(0xCD9E8D57u, c2);
        const uint32_t n0 = hi1 ^ c1 ^ k0, n2 = hi0 ^ c3 ^ k1;
        c0 = n0;
        c1 = lo1;
        c2 = n2;
        c3 = lo0;
    }
    return {{c0, c1, c2, c3}};
}

// A standard normal from the first two words of a draw: Box-Muller in double, u1 in (0, 1], u2 in [0, 1), rounded to
// float once (CounterRandom.normal computes the same with Java's Math.log, sqrt and cos).
__device__ __forceinline__ float philox_normal(const Philox4& d) {
    const double u1 = ((double)d.v[0] + 1.0) * 2.3283064365386963e-10; // 2^-32
    const double u2 = (double)d.v[1] * 2.3283064365386963e-10;
    return (float)(sqrt(-2.0 * log(u1)) * cos(6.283185307179586 * u2));
}

} // namespace cvj
