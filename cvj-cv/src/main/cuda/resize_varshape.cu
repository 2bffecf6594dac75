// Resize of an ImageBatchVarShape in one launch: each image's pointer, row pitch and size come from the batch's
// descriptor table (dev.cvj.tensor.ImageBatchVarShape, 32 bytes per image), the output either from a second table
// (a size per image) or from one NHWC tensor (one size). Each image runs resize.cu's per-image device templates
// with the algorithm cv::resize picks for its own size pair (ResizeCpu.mode), its scale factors computed in double
// exactly as Resize.java computes them: the same bits as resizing the images one by one. The U8 LINEAR / AREA
// shapes use the plain per-pixel templates, which compute the same bits as resize.cu's warp-staged kernels.
// Launch: Launch.image over the largest output size, grid z = image; threads outside their image return.
#include "pixels.cuh" // cvj::VarShapeImage, a descriptor table entry
#include "resize.cu"

namespace cvj_resize_vs {

// The interpolation asked for (Interpolation's order) and the algorithm run for one size pair (ResizeCpu.Mode's).
enum Interp { NEAREST = 0, LINEAR = 1, CUBIC = 2, AREA = 3 };
enum Algo { COPY, NEAREST_PX, LINEAR_PX, CUBIC_PX, AREA_UP, AREA_FAST, AREA_PX };

// ResizeCpu.mode, step for step (Math.rint is rint: both round half to even).
__device__ __forceinline__ int algo(int sw, int sh, int dw, int dh, int interp, double scaleX, double scaleY) {
    if (sw == dw && sh == dh) return COPY;
    if (interp == NEAREST) return NEAREST_PX;
    const double eps = 2.220446049250313e-16; // DBL_EPSILON, Java's Math.ulp(1.0)
    int iscaleX = (int)rint(scaleX), iscaleY = (int)rint(scaleY);
    bool fast = fabs(__dsub_rn(scaleX, (double)iscaleX)) < eps && fabs(__dsub_rn(scaleY, (double)iscaleY)) < eps;
    if (interp == LINEAR && fast && iscaleX == 2 && iscaleY == 2) interp = AREA;
    if (interp == AREA && scaleX >= 1 && scaleY >= 1) return fast ? AREA_FAST : AREA_PX;
    return interp == LINEAR ? LINEAR_PX : interp == CUBIC ? CUBIC_PX : AREA_UP;
}

// Image blockIdx.z of srcs into dsts[z] (dsts non-null) or into the NHWC tensor dst (image stride dN, row stride dH,
// dw x dh pixels).
template <typename T, int CN, int INTERP>
__device__ void resize(const cvj::VarShapeImage* srcs, const cvj::VarShapeImage* dsts, void* dst, long long dN,
                       long long dH, int dw, int dh) {
    const int z = blockIdx.z;
    const cvj::VarShapeImage s = srcs[z];
    char* out;
    if (dsts != nullptr) {
        const cvj::VarShapeImage d = dsts[z];
        out = reinterpret_cast<char*>(d.data);
        dH = d.rowPitch;
        dw = d.width;
        dh = d.height;
    } else {
        out = static_cast<char*>(dst) + z * dN;
    }
    if ((int)(blockIdx.x * blockDim.x) >= dw || (int)(blockIdx.y * blockDim.y) >= dh) return; // a block past this image
    const void* in = reinterpret_cast<const void*>(s.data);
    const int sw = s.width, sh = s.height;
    // Resize.java: invX = (double) dw / sw, scaleX = 1.0 / invX.
    const double invX = __ddiv_rn((double)dw, (double)sw), invY = __ddiv_rn((double)dh, (double)sh);
    const double scaleX = __ddiv_rn(1.0, invX), scaleY = __ddiv_rn(1.0, invY);
    // The templates address image n at n * strideN: strideN 0 puts every image at its own base pointer.
    const int a = algo(sw, sh, dw, dh, INTERP, scaleX, scaleY);
    switch (a) {
    case COPY: // Resize.java's row copy; nearest at scale 1 reads pixel (x, y) for (x, y): the same bytes
    case NEAREST_PX:
        cvj_resize::nearest<T, CN, 1>(in, 0, s.rowPitch, sw, sh, out, 0, dH, dw, dh, scaleX, scaleY);
        break;
    case LINEAR_PX:
    case AREA_UP:
        if (INTERP == LINEAR || INTERP == AREA)
            cvj_resize::separable<T, CN, 2, 1>(in, 0, s.rowPitch, sw, sh, out, 0, dH, dw, dh, invX, scaleX, invY, scaleY,
                                               a == AREA_UP ? cvj_resize::AREA_UP : cvj_resize::LINEAR);
        break;
    case CUBIC_PX:
        if (INTERP == CUBIC)
            cvj_resize::separable<T, CN, 4, 1>(in, 0, s.rowPitch, sw, sh, out, 0, dH, dw, dh, invX, scaleX, invY, scaleY,
                                               cvj_resize::CUBIC);
        break;
    case AREA_FAST:
        if (INTERP == LINEAR || INTERP == AREA)
            cvj_resize::areaFast<T, CN, 1>(in, 0, s.rowPitch, (int)rint(scaleX), (int)rint(scaleY), out, 0, dH, dw, dh);
        break;
    default:
        if (INTERP == AREA)
            cvj_resize::area<T, CN>(in, 0, s.rowPitch, sw, sh, out, 0, dH, dw, dh, scaleX, scaleY);
        break;
    }
}

} // namespace cvj_resize_vs

// Kernels: cvj_resize_vs_{nearest,linear,cubic,area}_{u8,u16,s16,f32,f16}_c{1,3,4}(srcTable, dstTable or 0,
// dst, dN, dH, dw, dh): dst, dN, dH, dw and dh are read only when dstTable is 0.
#define CVJ_RESIZE_VS_KERNEL(T, TN, CN, IN, INTERP)                                                             \
    extern "C" __global__ void cvj_resize_vs_##IN##_##TN##_c##CN(const void* srcs, const void* dsts, void* dst,  \
            long long dN, long long dH, int dw, int dh) {                                                        \
        cvj_resize_vs::resize<T, CN, cvj_resize_vs::INTERP>(static_cast<const cvj::VarShapeImage*>(srcs),         \
                static_cast<const cvj::VarShapeImage*>(dsts), dst, dN, dH, dw, dh);                              \
    }
#define CVJ_RESIZE_VS_CN(T, TN, CN)                                                                             \
    CVJ_RESIZE_VS_KERNEL(T, TN, CN, nearest, NEAREST) CVJ_RESIZE_VS_KERNEL(T, TN, CN, linear, LINEAR)              \
    CVJ_RESIZE_VS_KERNEL(T, TN, CN, cubic, CUBIC) CVJ_RESIZE_VS_KERNEL(T, TN, CN, area, AREA)
#define CVJ_RESIZE_VS_ALL_CN(T, TN) CVJ_RESIZE_VS_CN(T, TN, 1) CVJ_RESIZE_VS_CN(T, TN, 3) CVJ_RESIZE_VS_CN(T, TN, 4)
CVJ_RESIZE_VS_ALL_CN(uint8_t, u8)
CVJ_RESIZE_VS_ALL_CN(uint16_t, u16)
CVJ_RESIZE_VS_ALL_CN(int16_t, s16)
CVJ_RESIZE_VS_ALL_CN(float, f32)
CVJ_RESIZE_VS_ALL_CN(__half, f16)
