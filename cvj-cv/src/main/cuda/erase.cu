// Erase: CV-CUDA's erase with rectangles clipped to their image at every edge and, where areas of one image overlap,
// the later area winning (a thread skips an element that a later area covers, so each element is written once and
// the result does not depend on thread order). Random fill: the low byte of Philox4x32-10's first word for the
// counter (x, y, c, ERASE_STREAM) and the key (seed + image, 0), as Erase's CPU path draws it.
// The area table holds ERASE_ROW ints per area: x0, y0, x1, y1 (clipped, empty when x0 >= x1 or y0 >= y1), channel
// mask, image, four values as float bits.
#include "pixels.cuh"
#include "counter_random.cuh"

namespace cvj {

constexpr int ERASE_ROW = 10;
constexpr uint32_t ERASE_STREAM = 0x45524153u;
// Areas of a table passed by value (4 KB of kernel parameters with the rest): no upload, no device allocation, and
// the table's reads, the same address across a warp, come from the constant bank.
constexpr int ERASE_BY_VALUE = 96;
struct EraseTable {
    int v[ERASE_BY_VALUE * ERASE_ROW];
};

// Whether an area after k (of count) of image img covers channel c of pixel (x, y).
__device__ __forceinline__ bool erase_covered_later(const int* table, int k, int count, int img, int x, int y, int c) {
    for (int j = k + 1; j < count; j++) {
        const int* b = table + (long long)j * ERASE_ROW;
        if (b[5] == img && ((b[4] >> c) & 1) && x >= b[0] && x < b[2] && y >= b[1] && y < b[3]) return true;
    }
    return false;
}

// Area blockIdx.z + first of the table, in the image whose element (0, 0, 0) is at base (byte strides sH, sW, sC):
// column x0 + blockIdx.x * blockDim.x + threadIdx.x, rows y0 + blockIdx.y stepping by gridDim.y.
template <typename T>
__device__ __forceinline__ void erase_rect(const int* table, int count, int k, int C, int random, uint32_t seed,
                                           uint8_t* base, long long sH, long long sW, long long sC) {
    const int* a = table + (long long)k * ERASE_ROW;
    if (a[0] >= a[2] || a[1] >= a[3]) return;
    const long long xl = (long long)a[0] + (long long)blockIdx.x * blockDim.x + threadIdx.x;
    if (xl >= a[2]) return;
    const int x = (int)xl, img = a[5], mask = a[4];
    for (int y = a[1] + (int)blockIdx.y; y < a[3]; y += gridDim.y) {
        for (int c = 0; c < C; c++) {
            if (!((mask >> c) & 1) || erase_covered_later(table, k, count, img, x, y, c)) continue;
            const float v = random ? (float)(philox4x32_10((uint32_t)x, (uint32_t)y, (uint32_t)c, ERASE_STREAM,
                                                           seed + (uint32_t)img, 0u).v[0] & 0xFFu)
                                   : __int_as_float(a[6 + c]);
            *reinterpret_cast<T*>(base + y * sH + x * sW + c * sC) = from_f<T>(v);
        }
    }
}

} // namespace cvj

// A tensor (any layout, byte strides): grid (ceil(max width / blockDim.x), min(max height, 65535), areas).
#define CVJ_ERASE(tn, T)                                                                                          \
    extern "C" __global__ void cvj_erase_##tn(uint8_t* dst, long long sN, long long sH, long long sW, long long sC, \
                                              int C, const int* table, int count, int first, int random,          \
                                              unsigned int seed) {                                                \
        const int k = first + blockIdx.z;                                                                         \
        const int img = table[(long long)k * cvj::ERASE_ROW + 5];                                                 \
        cvj::erase_rect<T>(table, count, k, C, random, seed, dst + img * sN, sH, sW, sC);                         \
    }                                                                                                             \
    extern "C" __global__ void cvj_erase_vs_##tn(const void* dsts, int C, const int* table, int count, int first,  \
                                                 int random, unsigned int seed) {                                 \
        const int k = first + blockIdx.z;                                                                         \
        const int img = table[(long long)k * cvj::ERASE_ROW + 5];                                                 \
        const cvj::VarShapeImage d = static_cast<const cvj::VarShapeImage*>(dsts)[img];                           \
        const long long e = sizeof(T);                                                                            \
        cvj::erase_rect<T>(table, count, k, C, random, seed, reinterpret_cast<uint8_t*>(d.data), d.rowPitch,       \
                           C * e, e);                                                                             \
    }

// A tensor with a table of count <= ERASE_BY_VALUE areas by value: grid (as cvj_erase_*, z = count).
#define CVJ_ERASE_BY_VALUE(tn, T)                                                                                 \
    extern "C" __global__ void cvj_erase_table_##tn(uint8_t* dst, long long sN, long long sH, long long sW,       \
                                                    long long sC, int C, const __grid_constant__ cvj::EraseTable t, \
                                                    int count, int random, unsigned int seed) {                  \
        const int k = blockIdx.z;                                                                                 \
        const int img = t.v[k * cvj::ERASE_ROW + 5];                                                              \
        cvj::erase_rect<T>(t.v, count, k, C, random, seed, dst + img * sN, sH, sW, sC);                           \
    }

CVJ_ERASE(u8, uint8_t)
CVJ_ERASE(u16, uint16_t)
CVJ_ERASE(s16, int16_t)
CVJ_ERASE(f32, float)
CVJ_ERASE_BY_VALUE(u8, uint8_t)
CVJ_ERASE_BY_VALUE(u16, uint16_t)
CVJ_ERASE_BY_VALUE(s16, int16_t)
CVJ_ERASE_BY_VALUE(f32, float)
