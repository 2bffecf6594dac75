// CvtColor: OpenCV 4.x color conversions, the same integer and explicitly rounded float steps as the CPU path
// (dev.cvj.ops.internal.ColorCpu). Per-pixel conversions: each thread converts PX consecutive pixels (4 for
// 8-bit), loading and storing them as 32-bit words when the row allows (aligned, whole group).
// Varshape kernels (cvj_cvtcolor_vs_*) run the same device functions on image blockIdx.z of an ImageBatchVarShape,
// at its own base pointer (image stride 0) and row pitch, from the batch's descriptor tables.
#include "common.cuh"
#include "pixels.cuh" // cvj::VarShapeImage
#include "lab_tables.cuh"
#include <type_traits>

namespace cvj_color {

enum Family { REORDER = 0, TO_GRAY = 1, TO_YUV = 2, FROM_YUV = 3, TO_HSV = 4, FROM_HSV = 5, TO_HLS = 6, FROM_HLS = 7, TO_XYZ = 8,
              FROM_XYZ = 9, TO_YCRCB = 10, FROM_YCRCB = 11, TO_LAB = 12, FROM_LAB = 13 };

// CIE XYZ (D65) of linear RGB, OpenCV's matrices (ColorCpu.XYZ_F, RGB_F, XYZ_I, RGB_I): rows X, Y, Z of columns R,
// G, B, and rows R, G, B of columns X, Y, Z.
__constant__ float kXyzF[9] = {0.412453f, 0.357580f, 0.180423f, 0.212671f, 0.715160f, 0.072169f, 0.019334f, 0.119193f,
                               0.950227f};
__constant__ float kRgbF[9] = {3.240479f, -1.53715f, -0.498535f, -0.969256f, 1.875991f, 0.041556f, 0.055648f,
                               -0.204043f, 1.057311f};
__constant__ int kXyzI[9] = {1689, 1465, 739, 871, 2929, 296, 79, 488, 3892};
__constant__ int kRgbI[9] = {13273, -6296, -2042, -3970, 7684, 170, 228, -836, 4331};
__constant__ double kXyzD[9] = {0.412453, 0.357580, 0.180423, 0.212671, 0.715160, 0.072169, 0.019334, 0.119193,
                                0.950227};
__constant__ double kRgbD[9] = {3.240479, -1.53715, -0.498535, -0.969256, 1.875991, 0.041556, 0.055648, -0.204043,
                                1.057311};
__constant__ double kWhite[3] = {0.950456, 1.0, 1.088754};

// The R (0), G (1) or B (2) column of channel j of an image whose blue is at bidx.
__device__ __forceinline__ int col(int j, int bidx) { return j == 1 ? 1 : j == bidx ? 2 : 0; }

// Lab (LabCpu): sRGB gamma, its inverse, CIE's f, in double.
__device__ __forceinline__ double labClip(double v) { return v > 0 ? (v < 1 ? v : 1) : 0; }
__device__ __forceinline__ double srgbGamma(double x) { return x <= 0.04045 ? x / 12.92 : pow((x + 0.055) / 1.055, 2.4); }
__device__ __forceinline__ double srgbInvGamma(double x) {
    return x <= 0.0031308 ? 12.92 * x : 1.055 * pow(x, 1 / 2.4) - 0.055;
}
__device__ __forceinline__ double labF(double t) {
    return t > 216.0 / 24389.0 ? cbrt(t) : 841.0 / 108.0 * t + 16.0 / 116.0;
}

// OpenCV's RGB2Lab_b (LabCpu.rgbToLab8): integer math on the tables of lab_tables.cuh, six gathers a pixel.
__device__ __forceinline__ void rgbToLab8(int r, int g, int b, int* o) {
    int rr = __ldg(&kLabGammaB[r]), gg = __ldg(&kLabGammaB[g]), bb = __ldg(&kLabGammaB[b]);
    int f[3];
#pragma unroll
    for (int i = 0; i < 3; i++) // index <= 2040: each row of kLabC sums to 4096
        f[i] = __ldg(&kLabCbrtB[(rr * kLabC[3 * i] + gg * kLabC[3 * i + 1] + bb * kLabC[3 * i + 2] + (1 << 11)) >> 12]);
    const int lScale = (116 * 255 + 50) / 100, lShift = -((16 * 255 * (1 << 15) + 50) / 100);
    o[0] = (lScale * f[1] + lShift + (1 << 14)) >> 15;
    o[1] = (500 * (f[0] - f[1]) + 128 * (1 << 15) + (1 << 14)) >> 15;
    o[2] = (200 * (f[1] - f[2]) + 128 * (1 << 15) + (1 << 14)) >> 15;
}

// LabCpu.rgbToLab: sRGB (clipped to [0, 1]) to L, a, b.
__device__ __forceinline__ void rgbToLab(double r, double g, double b, double* lab) {
    double c[3] = {srgbGamma(labClip(r)), srgbGamma(labClip(g)), srgbGamma(labClip(b))};
    double f[3], y = 0;
#pragma unroll
    for (int i = 0; i < 3; i++) {
        double v = (kXyzD[3 * i] * c[0] + kXyzD[3 * i + 1] * c[1] + kXyzD[3 * i + 2] * c[2]) / kWhite[i];
        if (i == 1) y = v;
        f[i] = labF(v);
    }
    lab[0] = y > 216.0 / 24389.0 ? 116 * f[1] - 16 : 116 * (841.0 / 108.0) * y;
    lab[1] = 500 * (f[0] - f[1]);
    lab[2] = 200 * (f[1] - f[2]);
}

// LabCpu.labToRgb: L, a, b to sRGB r, g, b in [0, 1].
__device__ __forceinline__ void labToRgb(double l, double a, double b, double* rgb) {
    const double k = 841.0 / 108.0;
    double y, fy;
    if (l <= 8) { y = l / (116 * k); fy = k * y + 16.0 / 116.0; }
    else { fy = (l + 16) / 116; y = fy * fy * fy; }
    double fxz[2] = {a / 500 + fy, fy - b / 200};
#pragma unroll
    for (int j = 0; j < 2; j++) {
        double v = fxz[j];
        fxz[j] = v <= 6.0 / 29.0 ? (v - 16.0 / 116.0) / k : v * v * v;
    }
    double x = fxz[0] * kWhite[0], z = fxz[1] * kWhite[2];
#pragma unroll
    for (int i = 0; i < 3; i++)
        rgb[i] = srgbInvGamma(labClip(kRgbD[3 * i] * x + kRgbD[3 * i + 1] * y + kRgbD[3 * i + 2] * z));
}

template <typename T> struct Ch;
template <> struct Ch<uint8_t> {
    static constexpr bool isFloat = false; static constexpr int half = 128; static constexpr int maxv = 255;
    __device__ static int i(uint8_t v) { return v; }
    __device__ static uint8_t sat(int v) { return (uint8_t)min(max(v, 0), 255); }
    __device__ static float f(uint8_t v) { return v; }
    __device__ static uint8_t fromF(float v) { return sat(__float2int_rn(v)); }
};
template <> struct Ch<uint16_t> {
    static constexpr bool isFloat = false; static constexpr int half = 32768; static constexpr int maxv = 65535;
    __device__ static int i(uint16_t v) { return v; }
    __device__ static uint16_t sat(int v) { return (uint16_t)min(max(v, 0), 65535); }
    __device__ static float f(uint16_t v) { return v; }
    __device__ static uint16_t fromF(float v) { return sat(__float2int_rn(v)); }
};
template <> struct Ch<int16_t> {
    static constexpr bool isFloat = false; static constexpr int half = 0; static constexpr int maxv = 32767;
    __device__ static int i(int16_t v) { return v; }
    __device__ static int16_t sat(int v) { return (int16_t)min(max(v, -32768), 32767); }
    __device__ static float f(int16_t v) { return v; }
    __device__ static int16_t fromF(float v) { return sat(__float2int_rn(v)); }
};
template <> struct Ch<float> {
    static constexpr bool isFloat = true; static constexpr int half = 0; static constexpr int maxv = 1;
    __device__ static int i(float v) { return (int)v; }
    __device__ static float sat(int v) { return (float)v; }
    __device__ static float f(float v) { return v; }
    __device__ static float fromF(float v) { return v; }
};
template <> struct Ch<__half> {
    static constexpr bool isFloat = true; static constexpr int half = 0; static constexpr int maxv = 1;
    __device__ static int i(__half v) { return (int)__half2float(v); }
    __device__ static __half sat(int v) { return __float2half_rn((float)v); }
    __device__ static float f(__half v) { return __half2float(v); }
    __device__ static __half fromF(float v) { return __float2half_rn(v); }
};

__device__ __forceinline__ int descale(int x, int n) { return (x + (1 << (n - 1))) >> n; }

// OpenCV's HSV2RGB_native: bgr[0..2].
__device__ __forceinline__ void hsvToRgb(float h, float s, float v, float hscale, float bgr[3]) {
    if (s == 0.f) { bgr[0] = bgr[1] = bgr[2] = v; return; }
    h = __fmul_rn(h, hscale);
    h = fmodf(h, 6.f);
    if (h < 0) h = __fadd_rn(h, 6.f);
    int sector = (int)floorf(h);
    h = __fsub_rn(h, (float)sector);
    if (sector < 0 || sector >= 6) { sector = 0; h = 0.f; }
    float tab[4];
    tab[0] = v;
    tab[1] = __fmul_rn(v, __fsub_rn(1.f, s));
    tab[2] = __fmul_rn(v, __fsub_rn(1.f, __fmul_rn(s, h)));
    tab[3] = __fmul_rn(v, __fsub_rn(1.f, __fmul_rn(s, __fsub_rn(1.f, h))));
    const int sd[6][3] = {{1, 3, 0}, {1, 0, 2}, {3, 0, 1}, {0, 2, 1}, {0, 1, 3}, {2, 1, 0}};
    bgr[0] = tab[sd[sector][0]];
    bgr[1] = tab[sd[sector][1]];
    bgr[2] = tab[sd[sector][2]];
}

// OpenCV's RGB2HLS_f: hls = {h * hscale, l, s}.
__device__ __forceinline__ void rgbToHls(float b, float g, float r, float hscale, float hls[3]) {
    float h = 0.f, s = 0.f;
    float vmax = r, vmin = r;
    if (vmax < g) vmax = g;
    if (vmax < b) vmax = b;
    if (vmin > g) vmin = g;
    if (vmin > b) vmin = b;
    float diff = __fsub_rn(vmax, vmin);
    float l = __fmul_rn(__fadd_rn(vmax, vmin), 0.5f);
    if (diff > 1.1920928955078125e-07f) {
        s = l < 0.5f ? __fdiv_rn(diff, __fadd_rn(vmax, vmin)) : __fdiv_rn(diff, __fsub_rn(__fsub_rn(2.f, vmax), vmin));
        diff = __fdiv_rn(60.f, diff);
        if (vmax == r) h = __fmul_rn(__fsub_rn(g, b), diff);
        else if (vmax == g) h = __fadd_rn(__fmul_rn(__fsub_rn(b, r), diff), 120.f);
        else h = __fadd_rn(__fmul_rn(__fsub_rn(r, g), diff), 240.f);
        if (h < 0.f) h = __fadd_rn(h, 360.f);
    }
    hls[0] = __fmul_rn(h, hscale);
    hls[1] = l;
    hls[2] = s;
}

// OpenCV's HLS2RGB_f: bgr[0..2]; the hue wrapped into [0, 6) by a remainder (ColorCpu.hlsToRgb says why).
__device__ __forceinline__ void hlsToRgb(float h, float l, float s, float hscale, float bgr[3]) {
    if (s == 0.f) { bgr[0] = bgr[1] = bgr[2] = l; return; }
    float p2 = l <= 0.5f ? __fmul_rn(l, __fadd_rn(1.f, s)) : __fsub_rn(__fadd_rn(l, s), __fmul_rn(l, s));
    float p1 = __fsub_rn(__fmul_rn(2.f, l), p2);
    h = __fmul_rn(h, hscale);
    if (h < 0.f || h >= 6.f) {
        h = fmodf(h, 6.f);
        if (h < 0) h = __fadd_rn(h, 6.f);
    }
    int sector = (int)floorf(h);
    h = __fsub_rn(h, (float)sector);
    if (sector < 0 || sector >= 6) { sector = 0; h = 0.f; }
    float d = __fsub_rn(p2, p1);
    float tab[4];
    tab[0] = p2;
    tab[1] = p1;
    tab[2] = __fadd_rn(p1, __fmul_rn(d, __fsub_rn(1.f, h)));
    tab[3] = __fadd_rn(p1, __fmul_rn(d, h));
    const int sd[6][3] = {{1, 3, 0}, {1, 0, 2}, {3, 0, 1}, {0, 2, 1}, {0, 1, 3}, {2, 1, 0}};
    bgr[0] = tab[sd[sector][0]];
    bgr[1] = tab[sd[sector][1]];
    bgr[2] = tab[sd[sector][2]];
}

// BT.601 full range luma and colour differences (ColorCpu.toLumaChroma, fromLumaChroma), serving YUV (U, V) and
// YCrCb (Cr, Cb): kr, kb scale R - Y and B - Y into channels ir and ib; back, R from Cr, G from Cr, G from Cb, B from Cb.
__device__ __forceinline__ void toLumaChroma(const int* s, int bidx, int half, int kr, int kb, int ir, int ib, int* o) {
    int delta = half * (1 << 14);
    int y = descale(s[bidx ^ 2] * 4899 + s[1] * 9617 + s[bidx] * 1868, 14);
    o[0] = y;
    o[ir] = descale((s[bidx ^ 2] - y) * kr + delta, 14);
    o[ib] = descale((s[bidx] - y) * kb + delta, 14);
}
__device__ __forceinline__ void fromLumaChroma(const int* s, int bidx, int half, int ir, int ib, int rcr, int gcr,
                                               int gcb, int bcb, int* o) {
    int y = s[0], cr = s[ir] - half, cb = s[ib] - half;
    o[bidx] = y + descale(cb * bcb, 14);
    o[1] = y + descale(cb * gcb + cr * gcr, 14);
    o[bidx ^ 2] = y + descale(cr * rcr, 14);
}
__device__ __forceinline__ void toLumaChroma(const float* s, int bidx, float kr, float kb, int ir, int ib, float* o) {
    float c0 = bidx == 0 ? 0.114f : 0.299f, c2 = bidx == 0 ? 0.299f : 0.114f;
    float y = __fadd_rn(__fadd_rn(__fmul_rn(s[0], c0), __fmul_rn(s[1], 0.587f)), __fmul_rn(s[2], c2));
    o[0] = y;
    o[ir] = __fadd_rn(__fmul_rn(__fsub_rn(s[bidx ^ 2], y), kr), 0.5f);
    o[ib] = __fadd_rn(__fmul_rn(__fsub_rn(s[bidx], y), kb), 0.5f);
}
__device__ __forceinline__ void fromLumaChroma(const float* s, int bidx, int ir, int ib, float rcr, float gcr,
                                               float gcb, float bcb, float* o) {
    float y = s[0], cr = __fsub_rn(s[ir], 0.5f), cb = __fsub_rn(s[ib], 0.5f);
    o[bidx] = __fadd_rn(y, __fmul_rn(cb, bcb));
    o[1] = __fadd_rn(__fadd_rn(y, __fmul_rn(cb, gcb)), __fmul_rn(cr, gcr));
    o[bidx ^ 2] = __fadd_rn(y, __fmul_rn(cr, rcr));
}

// One pixel of an integer-type conversion (outputs unsaturated).
template <int FAM>
__device__ __forceinline__ void pixelInt(const int* s, int* o, int bidx, int half, int hrange) {
    if (FAM == TO_GRAY) {
        int c0 = bidx == 0 ? 3735 : 9798, c2 = bidx == 0 ? 9798 : 3735;
        o[0] = descale(s[0] * c0 + s[1] * 19235 + s[2] * c2, 15);
    } else if (FAM == TO_YUV) {
        toLumaChroma(s, bidx, half, 14369, 8061, 2, 1, o);
    } else if (FAM == FROM_YUV) {
        fromLumaChroma(s, bidx, half, 2, 1, 18678, -9519, -6472, 33292, o);
    } else if (FAM == TO_HSV) {
        int b = s[bidx], g = s[1], r = s[bidx ^ 2];
        int v = max(b, max(g, r)), vmin = min(b, min(g, r));
        int diff = v - vmin;
        int vr = v == r ? -1 : 0, vg = v == g ? -1 : 0;
        int sdiv = v == 0 ? 0 : __double2int_rn(__ddiv_rn((double)(255 << 12), (double)v));
        int hdiv = diff == 0 ? 0 : __double2int_rn(__ddiv_rn((double)(hrange << 12), __dmul_rn(6.0, (double)diff)));
        int sat = (diff * sdiv + (1 << 11)) >> 12;
        int h = (vr & (g - b)) + (~vr & ((vg & (b - r + 2 * diff)) + ((~vg) & (r - g + 4 * diff))));
        h = (h * hdiv + (1 << 11)) >> 12;
        h += h < 0 ? hrange : 0;
        o[0] = h; o[1] = sat; o[2] = v;
    } else if (FAM == FROM_HSV) {
        float bgr[3];
        hsvToRgb((float)s[0], __fmul_rn((float)s[1], 1.0f / 255.0f), __fmul_rn((float)s[2], 1.0f / 255.0f),
                 6.0f / (float)hrange, bgr);
        o[bidx] = __float2int_rn(__fmul_rn(bgr[0], 255.f));
        o[1] = __float2int_rn(__fmul_rn(bgr[1], 255.f));
        o[bidx ^ 2] = __float2int_rn(__fmul_rn(bgr[2], 255.f));
    } else if (FAM == TO_HLS) {
        float hls[3];
        const float k = 1.f / 255.f;
        rgbToHls(__fmul_rn((float)s[bidx], k), __fmul_rn((float)s[1], k), __fmul_rn((float)s[bidx ^ 2], k),
                 __fdiv_rn((float)hrange, 360.f), hls);
        o[0] = __float2int_rn(hls[0]);
        o[1] = __float2int_rn(__fmul_rn(hls[1], 255.f));
        o[2] = __float2int_rn(__fmul_rn(hls[2], 255.f));
    } else if (FAM == FROM_HLS) {
        float bgr[3];
        hlsToRgb((float)s[0], __fmul_rn((float)s[1], 1.0f / 255.0f), __fmul_rn((float)s[2], 1.0f / 255.0f),
                 __fdiv_rn(6.0f, (float)hrange), bgr);
        o[bidx] = __float2int_rn(__fmul_rn(bgr[0], 255.f));
        o[1] = __float2int_rn(__fmul_rn(bgr[1], 255.f));
        o[bidx ^ 2] = __float2int_rn(__fmul_rn(bgr[2], 255.f));
    } else if (FAM == TO_XYZ) {
#pragma unroll
        for (int i = 0; i < 3; i++)
            o[i] = descale(s[bidx ^ 2] * kXyzI[3 * i] + s[1] * kXyzI[3 * i + 1] + s[bidx] * kXyzI[3 * i + 2], 12);
    } else if (FAM == FROM_XYZ) {
#pragma unroll
        for (int j = 0; j < 3; j++) {
            int row = 3 * col(j, bidx);
            o[j] = descale(s[0] * kRgbI[row] + s[1] * kRgbI[row + 1] + s[2] * kRgbI[row + 2], 12);
        }
    } else if (FAM == TO_YCRCB) {
        toLumaChroma(s, bidx, half, 11682, 9241, 1, 2, o);
    } else if (FAM == FROM_YCRCB) {
        fromLumaChroma(s, bidx, half, 1, 2, 22987, -11698, -5636, 29049, o);
    } else if (FAM == TO_LAB) {
        rgbToLab8(s[bidx ^ 2], s[1], s[bidx], o);
    } else if (FAM == FROM_LAB) {
        double rgb[3];
        labToRgb(s[0] * (100.0 / 255.0), s[1] - 128, s[2] - 128, rgb);
        o[bidx ^ 2] = __double2int_rn(rgb[0] * 255);
        o[1] = __double2int_rn(rgb[1] * 255);
        o[bidx] = __double2int_rn(rgb[2] * 255);
    }
}

template <int FAM>
__device__ __forceinline__ void pixelFloat(const float* s, float* o, int bidx) {
    if (FAM == TO_GRAY) {
        float c0 = bidx == 0 ? 0.114f : 0.299f, c2 = bidx == 0 ? 0.299f : 0.114f;
        o[0] = __fadd_rn(__fadd_rn(__fmul_rn(s[0], c0), __fmul_rn(s[1], 0.587f)), __fmul_rn(s[2], c2));
    } else if (FAM == TO_YUV) {
        toLumaChroma(s, bidx, 0.877f, 0.492f, 2, 1, o);
    } else if (FAM == FROM_YUV) {
        fromLumaChroma(s, bidx, 2, 1, 1.140f, -0.581f, -0.395f, 2.032f, o);
    } else if (FAM == TO_HSV) {
        float b = s[bidx], g = s[1], r = s[bidx ^ 2];
        float v = r, vmin = r;
        if (v < g) v = g;
        if (v < b) v = b;
        if (vmin > g) vmin = g;
        if (vmin > b) vmin = b;
        float diff = __fsub_rn(v, vmin);
        float sat = __fdiv_rn(diff, __fadd_rn(fabsf(v), 1.1920928955078125e-07f));
        diff = (float)__ddiv_rn(60., (double)__fadd_rn(diff, 1.1920928955078125e-07f));
        float h;
        if (v == r) h = __fmul_rn(__fsub_rn(g, b), diff);
        else if (v == g) h = __fadd_rn(__fmul_rn(__fsub_rn(b, r), diff), 120.f);
        else h = __fadd_rn(__fmul_rn(__fsub_rn(r, g), diff), 240.f);
        if (h < 0) h = __fadd_rn(h, 360.f);
        o[0] = h; o[1] = sat; o[2] = v;
    } else if (FAM == FROM_HSV) {
        float bgr[3];
        hsvToRgb(s[0], s[1], s[2], 6.0f / 360.f, bgr);
        o[bidx] = bgr[0]; o[1] = bgr[1]; o[bidx ^ 2] = bgr[2];
    } else if (FAM == TO_XYZ) {
#pragma unroll
        for (int i = 0; i < 3; i++)
            o[i] = __fadd_rn(__fadd_rn(__fmul_rn(s[0], kXyzF[3 * i + col(0, bidx)]), __fmul_rn(s[1], kXyzF[3 * i + 1])),
                             __fmul_rn(s[2], kXyzF[3 * i + col(2, bidx)]));
    } else if (FAM == FROM_XYZ) {
#pragma unroll
        for (int j = 0; j < 3; j++) {
            int row = 3 * col(j, bidx);
            o[j] = __fadd_rn(__fadd_rn(__fmul_rn(s[0], kRgbF[row]), __fmul_rn(s[1], kRgbF[row + 1])),
                             __fmul_rn(s[2], kRgbF[row + 2]));
        }
    } else if (FAM == TO_YCRCB) {
        toLumaChroma(s, bidx, 0.713f, 0.564f, 1, 2, o);
    } else if (FAM == FROM_YCRCB) {
        fromLumaChroma(s, bidx, 1, 2, 1.403f, -0.714f, -0.344f, 1.773f, o);
    } else if (FAM == TO_LAB) {
        double lab[3];
        rgbToLab(s[bidx ^ 2], s[1], s[bidx], lab);
        o[0] = (float)lab[0]; o[1] = (float)lab[1]; o[2] = (float)lab[2];
    } else if (FAM == FROM_LAB) {
        double rgb[3];
        labToRgb(s[0], s[1], s[2], rgb);
        o[bidx ^ 2] = (float)rgb[0]; o[1] = (float)rgb[1]; o[bidx] = (float)rgb[2];
    } else if (FAM == TO_HLS) {
        rgbToHls(s[bidx], s[1], s[bidx ^ 2], 1.f, o);
    } else if (FAM == FROM_HLS) {
        float bgr[3];
        hlsToRgb(s[0], s[1], s[2], 6.0f / 360.f, bgr);
        o[bidx] = bgr[0]; o[1] = bgr[1]; o[bidx ^ 2] = bgr[2];
    }
}

// Elements kept in 32-bit words (register arrays indexed only by compile-time constants after unrolling, so
// nothing goes to local memory): element i of type T in words w.
template <typename T, int NW> __device__ __forceinline__ T getT(const uint32_t (&w)[NW], int i) {
    if constexpr (sizeof(T) == 1) {
        return (T)((w[i / 4] >> (8 * (i % 4))) & 0xFFu);
    } else if constexpr (sizeof(T) == 2) {
        unsigned short h = (unsigned short)((w[i / 2] >> (16 * (i % 2))) & 0xFFFFu);
        if constexpr (std::is_same<T, __half>::value) return __ushort_as_half(h);
        else return (T)h;
    } else {
        return __uint_as_float(w[i]);
    }
}
template <typename T, int NW> __device__ __forceinline__ void setT(uint32_t (&w)[NW], int i, T v) {
    if constexpr (sizeof(T) == 1) {
        uint32_t b = (uint32_t)(uint8_t)v;
        w[i / 4] = i % 4 == 0 ? b : w[i / 4] | (b << (8 * (i % 4)));
    } else if constexpr (sizeof(T) == 2) {
        uint32_t h;
        if constexpr (std::is_same<T, __half>::value) h = __half_as_ushort(v);
        else h = (uint32_t)(uint16_t)v;
        w[i / 2] = i % 2 == 0 ? h : w[i / 2] | (h << 16);
    } else {
        w[i] = __float_as_uint(v);
    }
}
template <typename T> __device__ __forceinline__ T zeroT() {
    if constexpr (std::is_same<T, __half>::value) return __ushort_as_half((unsigned short)0);
    else return (T)0;
}

// Loads (or stores) the N elements at p (n of them valid) as 16-byte vectors when whole and 16-byte aligned,
// else 32-bit words when whole and 4-byte aligned, else one element at a time.
template <typename T, int N, int NW = N * (int)sizeof(T) / 4>
__device__ __forceinline__ void loadN(const T* p, int n, uint32_t (&w)[NW]) {
    static_assert(N * sizeof(T) % 4 == 0, "whole words");
    uintptr_t a = reinterpret_cast<uintptr_t>(p);
    if (NW % 4 == 0 && n == N && (a & 15) == 0) {
#pragma unroll
        for (int i = 0; i < NW / 4; i++) {
            uint4 v = __ldg(reinterpret_cast<const uint4*>(p) + i);
            w[4 * i] = v.x; w[4 * i + 1] = v.y; w[4 * i + 2] = v.z; w[4 * i + 3] = v.w;
        }
    } else if (n == N && (a & 3) == 0) {
#pragma unroll
        for (int i = 0; i < NW; i++) w[i] = __ldg(reinterpret_cast<const uint32_t*>(p) + i);
    } else {
#pragma unroll
        for (int i = 0; i < N; i++) setT<T, NW>(w, i, i < n ? p[i] : zeroT<T>());
    }
}
template <typename T, int N, int NW = N * (int)sizeof(T) / 4>
__device__ __forceinline__ void storeN(T* p, int n, const uint32_t (&w)[NW]) {
    uintptr_t a = reinterpret_cast<uintptr_t>(p);
    if (NW % 4 == 0 && n == N && (a & 15) == 0) {
#pragma unroll
        for (int i = 0; i < NW / 4; i++)
            reinterpret_cast<uint4*>(p)[i] = make_uint4(w[4 * i], w[4 * i + 1], w[4 * i + 2], w[4 * i + 3]);
    } else if (n == N && (a & 3) == 0) {
#pragma unroll
        for (int i = 0; i < NW; i++) reinterpret_cast<uint32_t*>(p)[i] = w[i];
    } else {
#pragma unroll
        for (int i = 0; i < N; i++)
            if (i < n) p[i] = getT<T, NW>(w, i);
    }
}

template <typename T, int FAM, int SCN, int DCN, int PX>
__device__ void pixels(const void* src, long long sN, long long sH, void* dst, long long dN, long long dH,
                       int w, int h, int bidx, int m0, int m1, int m2, int m3, int hrange) {
    int x0 = (blockIdx.x * blockDim.x + threadIdx.x) * PX;
    int y = blockIdx.y * blockDim.y + threadIdx.y;
    int n = blockIdx.z;
    if (x0 >= w || y >= h) return;
    int cnt = min(PX, w - x0);
    const T* srow = reinterpret_cast<const T*>(static_cast<const char*>(src) + n * sN + y * sH) + x0 * SCN;
    T* drow = reinterpret_cast<T*>(static_cast<char*>(dst) + n * dN + y * dH) + x0 * DCN;
    constexpr int NI = PX * SCN * sizeof(T) / 4, NO = PX * DCN * sizeof(T) / 4;
    uint32_t in[NI];
    uint32_t out[NO];
    loadN<T, PX * SCN>(srow, cnt * SCN, in);
#pragma unroll
    for (int p = 0; p < PX; p++) {
        if (FAM == REORDER) {
            const int map[4] = {m0, m1, m2, m3};
#pragma unroll
            for (int j = 0; j < DCN; j++) {
                T v = getT<T, NI>(in, p * SCN + 0);
#pragma unroll
                for (int k = 1; k < SCN; k++) v = map[j] == k ? getT<T, NI>(in, p * SCN + k) : v;
                setT<T, NO>(out, p * DCN + j, map[j] < 0 ? Ch<T>::sat(Ch<T>::maxv) : v);
            }
        } else if (Ch<T>::isFloat) {
            float s[4], o[4];
#pragma unroll
            for (int j = 0; j < SCN; j++) s[j] = Ch<T>::f(getT<T, NI>(in, p * SCN + j));
            pixelFloat<FAM>(s, o, bidx);
#pragma unroll
            for (int j = 0; j < DCN; j++) setT<T, NO>(out, p * DCN + j, Ch<T>::fromF(o[j]));
        } else {
            int s[4], o[4];
#pragma unroll
            for (int j = 0; j < SCN; j++) s[j] = Ch<T>::i(getT<T, NI>(in, p * SCN + j));
            pixelInt<FAM>(s, o, bidx, Ch<T>::half, hrange);
#pragma unroll
            for (int j = 0; j < DCN; j++) setT<T, NO>(out, p * DCN + j, Ch<T>::sat(o[j]));
        }
    }
    storeN<T, PX * DCN>(drow, cnt * DCN, out);
}

// YUV 4:2:0 chroma sample (r, c) of a W x H image with byte row stride: U and V addresses (kind 0 NV12, 1 NV21,
// 2 I420, 3 YV12: I420 with the planes swapped).
__device__ __forceinline__ void chroma(const uint8_t* img, long long stride, int w, int h, int kind, int r, int c,
                                       long long& u, long long& v) {
    if (kind >= 2) {
        int ku = r, kv = h / 2 + r;
        long long first = (h + ku / 2) * stride + (ku % 2) * (w / 2) + c;
        long long second = (h + kv / 2) * stride + (kv % 2) * (w / 2) + c;
        u = kind == 2 ? first : second;
        v = kind == 2 ? second : first;
    } else {
        long long base = (h + r) * stride + 2LL * c;
        u = base + kind;
        v = base + 1 - kind;
    }
}

// One thread per 2x2 block of the RGB image (one chroma sample).
template <int DCN>
__device__ void fromYuv420(const uint8_t* src, long long sN, long long sH, uint8_t* dst, long long dN, long long dH,
                           int w, int h, int kind, int bidx, int full) {
    int c = blockIdx.x * blockDim.x + threadIdx.x;
    int r = blockIdx.y * blockDim.y + threadIdx.y;
    int n = blockIdx.z;
    if (c >= w / 2 || r >= h / 2) return;
    const uint8_t* img = src + n * sN;
    long long uo, vo;
    chroma(img, sH, w, h, kind, r, c, uo, vo);
    int u = (int)img[uo] - 128, v = (int)img[vo] - 128;
    const int half = 1 << 19;
    int ruv, guv, buv;
    if (full) { ruv = half + 1470104 * v; guv = half - 748826 * v - 360853 * u; buv = half + 1858077 * u; }
    else { ruv = half + 1673527 * v; guv = half - 852492 * v - 409993 * u; buv = half + 2116026 * u; }
#pragma unroll
    for (int j = 0; j < 2; j++) {
        const uint8_t* yrow = img + (2 * r + j) * sH + 2 * c;
        uint8_t out[2 * DCN];
#pragma unroll
        for (int i = 0; i < 2; i++) {
            int yv = yrow[i];
            int yy = full ? (yv << 20) : max(0, yv - 16) * 1220542;
            uint8_t* o = out + i * DCN;
            o[bidx] = Ch<uint8_t>::sat((yy + buv) >> 20);
            o[1] = Ch<uint8_t>::sat((yy + guv) >> 20);
            o[bidx ^ 2] = Ch<uint8_t>::sat((yy + ruv) >> 20);
            if (DCN == 4) o[3] = 255;
        }
        uint8_t* drow = dst + n * dN + (2 * r + j) * dH + 2 * c * DCN;
#pragma unroll
        for (int i = 0; i < 2 * DCN; i++) drow[i] = out[i];
    }
}

// YUV 4:2:2 packed (two bytes a pixel): one thread per pair of pixels (4 bytes: one U, one V, two Y), the 4:2:0
// arithmetic. yb: luma byte of a pixel; ub, vb: U and V bytes of the pair.
template <int DCN>
__device__ void fromYuv422(const uint8_t* src, long long sN, long long sH, uint8_t* dst, long long dN, long long dH,
                           int w, int h, int yb, int ub, int vb, int bidx, int full) {
    int c = blockIdx.x * blockDim.x + threadIdx.x;
    int y = blockIdx.y * blockDim.y + threadIdx.y;
    int n = blockIdx.z;
    if (c >= w / 2 || y >= h) return;
    const uint8_t* pair = src + n * sN + y * sH + 4LL * c;
    uint8_t p[4];
#pragma unroll
    for (int i = 0; i < 4; i++) p[i] = pair[i];
    int u = (int)p[ub] - 128, v = (int)p[vb] - 128;
    const int half = 1 << 19;
    int ruv, guv, buv;
    if (full) { ruv = half + 1470104 * v; guv = half - 748826 * v - 360853 * u; buv = half + 1858077 * u; }
    else { ruv = half + 1673527 * v; guv = half - 852492 * v - 409993 * u; buv = half + 2116026 * u; }
    uint8_t out[2 * DCN];
#pragma unroll
    for (int i = 0; i < 2; i++) {
        int yv = p[2 * i + yb];
        int yy = full ? (yv << 20) : max(0, yv - 16) * 1220542;
        uint8_t* o = out + i * DCN;
        o[bidx] = Ch<uint8_t>::sat((yy + buv) >> 20);
        o[1] = Ch<uint8_t>::sat((yy + guv) >> 20);
        o[bidx ^ 2] = Ch<uint8_t>::sat((yy + ruv) >> 20);
        if (DCN == 4) o[3] = 255;
    }
    uint8_t* drow = dst + n * dN + y * dH + 2LL * c * DCN;
#pragma unroll
    for (int i = 0; i < 2 * DCN; i++) drow[i] = out[i];
}

// The luma of a YUV image: dst(y, x) = byte yb of src pixel (y, x), pixels of step bytes (4:2:0: the Y plane, step 1;
// 4:2:2 packed: step 2).
__device__ void luma(const uint8_t* src, long long sN, long long sH, uint8_t* dst, long long dN, long long dH, int w,
                     int h, int step, int yb) {
    int x = blockIdx.x * blockDim.x + threadIdx.x;
    int y = blockIdx.y * blockDim.y + threadIdx.y;
    int n = blockIdx.z;
    if (x >= w || y >= h) return;
    dst[n * dN + y * dH + x] = src[n * sN + y * sH + (long long)x * step + yb];
}

// One thread per 2x2 block: four Y samples and the chroma of the block's top-left pixel (as OpenCV).
template <int SCN>
__device__ void toYuv420(const uint8_t* src, long long sN, long long sH, uint8_t* dst, long long dN, long long dH,
                         int w, int h, int kind, int bidx, int full) {
    int c = blockIdx.x * blockDim.x + threadIdx.x;
    int r = blockIdx.y * blockDim.y + threadIdx.y;
    int n = blockIdx.z;
    if (c >= w / 2 || r >= h / 2) return;
    const int half = 1 << 19;
    int cry = full ? 313524 : 269484, cgy = full ? 615514 : 528482, cby = full ? 119538 : 102760;
    int cru = full ? -176933 : -155188, cgu = full ? -347355 : -305135, cbu = full ? 524288 : 460324;
    int cgv = full ? -439026 : -385875, cbv = full ? -85262 : -74448;
    int yoff = full ? 0 : (16 << 20);
    uint8_t* img = dst + n * dN;
    int r0 = 0, g0 = 0, b0 = 0;
#pragma unroll
    for (int j = 0; j < 2; j++) {
        const uint8_t* srow = src + n * sN + (2 * r + j) * sH + 2 * c * SCN;
#pragma unroll
        for (int i = 0; i < 2; i++) {
            int b = srow[i * SCN + bidx], g = srow[i * SCN + 1], rr = srow[i * SCN + (bidx ^ 2)];
            img[(2 * r + j) * dH + 2 * c + i] = Ch<uint8_t>::sat((cry * rr + cgy * g + cby * b + half + yoff) >> 20);
            if (i == 0 && j == 0) { r0 = rr; g0 = g; b0 = b; }
        }
    }
    long long uo, vo;
    chroma(img, dH, w, h, kind, r, c, uo, vo);
    img[uo] = Ch<uint8_t>::sat((cru * r0 + cgu * g0 + cbu * b0 + half + (128 << 20)) >> 20);
    img[vo] = Ch<uint8_t>::sat((cbu * r0 + cgv * g0 + cbv * b0 + half + (128 << 20)) >> 20);
}

// Image blockIdx.z of the tables srcs and dsts: the per-pixel conversion (src and dst of one size, else the image is
// left alone). Grid over the largest image, as the plain kernel's.
template <typename T, int FAM, int SCN, int DCN, int PX>
__device__ void pixelsVarShape(const cvj::VarShapeImage* srcs, const cvj::VarShapeImage* dsts, int bidx, int m0,
                               int m1, int m2, int m3, int hrange) {
    const cvj::VarShapeImage s = srcs[blockIdx.z], d = dsts[blockIdx.z];
    if (s.width != d.width || s.height != d.height) return;
    pixels<T, FAM, SCN, DCN, PX>(reinterpret_cast<const void*>(s.data), 0, s.rowPitch, reinterpret_cast<void*>(d.data),
                                 0, d.rowPitch, d.width, d.height, bidx, m0, m1, m2, m3, hrange);
}

// The 4:2:0 conversions of image blockIdx.z: the W x H RGB image and its 1-channel 4:2:0 image of W x (H * 3 / 2),
// W and H even (else the image is left alone). Grid over the largest RGB image's 2x2 blocks.
__device__ __forceinline__ bool yuv420Pair(const cvj::VarShapeImage& rgb, const cvj::VarShapeImage& yuv) {
    return rgb.width % 2 == 0 && rgb.height % 2 == 0 && yuv.width == rgb.width && yuv.height == rgb.height / 2 * 3;
}

template <int DCN>
__device__ void fromYuv420VarShape(const cvj::VarShapeImage* srcs, const cvj::VarShapeImage* dsts, int kind, int bidx,
                                   int full) {
    const cvj::VarShapeImage s = srcs[blockIdx.z], d = dsts[blockIdx.z];
    if (!yuv420Pair(d, s)) return;
    fromYuv420<DCN>(reinterpret_cast<const uint8_t*>(s.data), 0, s.rowPitch, reinterpret_cast<uint8_t*>(d.data), 0,
                    d.rowPitch, d.width, d.height, kind, bidx, full);
}

template <int SCN>
__device__ void toYuv420VarShape(const cvj::VarShapeImage* srcs, const cvj::VarShapeImage* dsts, int kind, int bidx,
                                 int full) {
    const cvj::VarShapeImage s = srcs[blockIdx.z], d = dsts[blockIdx.z];
    if (!yuv420Pair(s, d)) return;
    toYuv420<SCN>(reinterpret_cast<const uint8_t*>(s.data), 0, s.rowPitch, reinterpret_cast<uint8_t*>(d.data), 0,
                  d.rowPitch, s.width, s.height, kind, bidx, full);
}

// The 4:2:2 and luma conversions of image blockIdx.z (the dst image's size; a source of another width, or fewer rows
// than dst, leaves the image alone). Grid over the largest dst image.
template <int DCN>
__device__ void fromYuv422VarShape(const cvj::VarShapeImage* srcs, const cvj::VarShapeImage* dsts, int yb, int ub,
                                   int vb, int bidx, int full) {
    const cvj::VarShapeImage s = srcs[blockIdx.z], d = dsts[blockIdx.z];
    if (s.width != d.width || s.height != d.height || d.width % 2 != 0) return;
    fromYuv422<DCN>(reinterpret_cast<const uint8_t*>(s.data), 0, s.rowPitch, reinterpret_cast<uint8_t*>(d.data), 0,
                    d.rowPitch, d.width, d.height, yb, ub, vb, bidx, full);
}

__device__ void lumaVarShape(const cvj::VarShapeImage* srcs, const cvj::VarShapeImage* dsts, int step, int yb) {
    const cvj::VarShapeImage s = srcs[blockIdx.z], d = dsts[blockIdx.z];
    if (s.width != d.width || s.height < d.height) return;
    luma(reinterpret_cast<const uint8_t*>(s.data), 0, s.rowPitch, reinterpret_cast<uint8_t*>(d.data), 0, d.rowPitch,
         d.width, d.height, step, yb);
}

} // namespace cvj_color

// Per-pixel kernels: cvj_cvtcolor_<family>_<type>_<scn>to<dcn> (and cvj_cvtcolor_vs_... over descriptor tables);
// launched with ceil(w / PX) threads in x, PX = 16 / sizeof(T) pixels (16 bytes per channel plane: rows 16-byte
// aligned move as 16-byte vectors), except the HSV families (heavy per-pixel math): 4 for 8-bit types, 2 for 16-bit,
// 1 for F32 (see CvtColor.java).
#define CVJ_COLOR_HEAVY(FAM) (cvj_color::FAM == cvj_color::TO_HSV || cvj_color::FAM == cvj_color::FROM_HSV \
                              || cvj_color::FAM == cvj_color::TO_HLS || cvj_color::FAM == cvj_color::FROM_HLS \
                              || cvj_color::FAM == cvj_color::TO_LAB || cvj_color::FAM == cvj_color::FROM_LAB)
#define CVJ_COLOR_PX(T, FAM) (CVJ_COLOR_HEAVY(FAM) \
                                  ? (sizeof(T) == 1 ? 4 : sizeof(T) == 2 ? 2 : 1) : (int)(16 / sizeof(T)))
#define CVJ_COLOR_KERNEL(FNAME, FAM, T, TN, SCN, DCN)                                                              \
    extern "C" __global__ void cvj_cvtcolor_##FNAME##_##TN##_##SCN##to##DCN(const void* src, long long sN,          \
            long long sH, void* dst, long long dN, long long dH, int w, int h, int bidx, int m0, int m1, int m2,    \
            int m3, int hrange) {                                                                                  \
        cvj_color::pixels<T, cvj_color::FAM, SCN, DCN, CVJ_COLOR_PX(T, FAM)>(src, sN, sH, dst, dN, dH, w, h,      \
                                                                              bidx, m0, m1, m2, m3, hrange);       \
    }                                                                                                              \
    extern "C" __global__ void cvj_cvtcolor_vs_##FNAME##_##TN##_##SCN##to##DCN(const void* srcs, const void* dsts,  \
            int bidx, int m0, int m1, int m2, int m3, int hrange) {                                                \
        cvj_color::pixelsVarShape<T, cvj_color::FAM, SCN, DCN, CVJ_COLOR_PX(T, FAM)>(                              \
                static_cast<const cvj::VarShapeImage*>(srcs), static_cast<const cvj::VarShapeImage*>(dsts), bidx,  \
                m0, m1, m2, m3, hrange);                                                                           \
    }
#define CVJ_COLOR_REORDER(T, TN)                                                                                    \
    CVJ_COLOR_KERNEL(reorder, REORDER, T, TN, 1, 3) CVJ_COLOR_KERNEL(reorder, REORDER, T, TN, 1, 4)                 \
    CVJ_COLOR_KERNEL(reorder, REORDER, T, TN, 3, 3) CVJ_COLOR_KERNEL(reorder, REORDER, T, TN, 3, 4)                 \
    CVJ_COLOR_KERNEL(reorder, REORDER, T, TN, 4, 3) CVJ_COLOR_KERNEL(reorder, REORDER, T, TN, 4, 4)
CVJ_COLOR_REORDER(uint8_t, u8)
CVJ_COLOR_REORDER(uint16_t, u16)
CVJ_COLOR_REORDER(int16_t, s16)
CVJ_COLOR_REORDER(float, f32)
CVJ_COLOR_REORDER(__half, f16)
#define CVJ_COLOR_MATH(T, TN)                                                                                       \
    CVJ_COLOR_KERNEL(gray, TO_GRAY, T, TN, 3, 1) CVJ_COLOR_KERNEL(gray, TO_GRAY, T, TN, 4, 1)                       \
    CVJ_COLOR_KERNEL(toyuv, TO_YUV, T, TN, 3, 3) CVJ_COLOR_KERNEL(fromyuv, FROM_YUV, T, TN, 3, 3)
#define CVJ_COLOR_SPACES(T, TN)                                                                                     \
    CVJ_COLOR_KERNEL(toxyz, TO_XYZ, T, TN, 3, 3) CVJ_COLOR_KERNEL(fromxyz, FROM_XYZ, T, TN, 3, 3)                   \
    CVJ_COLOR_KERNEL(toycrcb, TO_YCRCB, T, TN, 3, 3) CVJ_COLOR_KERNEL(fromycrcb, FROM_YCRCB, T, TN, 3, 3)
CVJ_COLOR_MATH(uint8_t, u8)
CVJ_COLOR_MATH(uint16_t, u16)
CVJ_COLOR_MATH(float, f32)
CVJ_COLOR_SPACES(uint8_t, u8)
CVJ_COLOR_SPACES(uint16_t, u16)
CVJ_COLOR_SPACES(float, f32)
CVJ_COLOR_KERNEL(tolab, TO_LAB, uint8_t, u8, 3, 3)
CVJ_COLOR_KERNEL(fromlab, FROM_LAB, uint8_t, u8, 3, 3)
CVJ_COLOR_KERNEL(tolab, TO_LAB, float, f32, 3, 3)
CVJ_COLOR_KERNEL(fromlab, FROM_LAB, float, f32, 3, 3)
CVJ_COLOR_KERNEL(tohsv, TO_HSV, uint8_t, u8, 3, 3)
CVJ_COLOR_KERNEL(fromhsv, FROM_HSV, uint8_t, u8, 3, 3)
CVJ_COLOR_KERNEL(tohsv, TO_HSV, float, f32, 3, 3)
CVJ_COLOR_KERNEL(fromhsv, FROM_HSV, float, f32, 3, 3)
CVJ_COLOR_KERNEL(tohls, TO_HLS, uint8_t, u8, 3, 3)
CVJ_COLOR_KERNEL(fromhls, FROM_HLS, uint8_t, u8, 3, 3)
CVJ_COLOR_KERNEL(tohls, TO_HLS, float, f32, 3, 3)
CVJ_COLOR_KERNEL(fromhls, FROM_HLS, float, f32, 3, 3)

// YUV 4:2:0 kernels (and their cvj_cvtcolor_vs_ twins): one thread per 2x2 block; grid (w/2, h/2, n) of the RGB
// image. kind: 0 NV12, 1 NV21, 2 I420.
#define CVJ_COLOR_420(CN)                                                                                           \
    extern "C" __global__ void cvj_cvtcolor_fromyuv420_u8_1to##CN(const uint8_t* src, long long sN, long long sH,   \
            uint8_t* dst, long long dN, long long dH, int w, int h, int kind, int bidx, int full) {                 \
        cvj_color::fromYuv420<CN>(src, sN, sH, dst, dN, dH, w, h, kind, bidx, full);                               \
    }                                                                                                              \
    extern "C" __global__ void cvj_cvtcolor_toyuv420_u8_##CN##to1(const uint8_t* src, long long sN, long long sH,   \
            uint8_t* dst, long long dN, long long dH, int w, int h, int kind, int bidx, int full) {                 \
        cvj_color::toYuv420<CN>(src, sN, sH, dst, dN, dH, w, h, kind, bidx, full);                                 \
    }                                                                                                              \
    extern "C" __global__ void cvj_cvtcolor_vs_fromyuv420_u8_1to##CN(const void* srcs, const void* dsts, int kind,  \
                                                                      int bidx, int full) {                        \
        cvj_color::fromYuv420VarShape<CN>(static_cast<const cvj::VarShapeImage*>(srcs),                            \
                                          static_cast<const cvj::VarShapeImage*>(dsts), kind, bidx, full);         \
    }                                                                                                              \
    extern "C" __global__ void cvj_cvtcolor_vs_toyuv420_u8_##CN##to1(const void* srcs, const void* dsts, int kind,  \
                                                                      int bidx, int full) {                        \
        cvj_color::toYuv420VarShape<CN>(static_cast<const cvj::VarShapeImage*>(srcs),                              \
                                        static_cast<const cvj::VarShapeImage*>(dsts), kind, bidx, full);           \
    }
CVJ_COLOR_420(3)
CVJ_COLOR_420(4)

// YUV 4:2:2 packed to RGB (and the cvj_cvtcolor_vs_ twins): one thread per pair of pixels; grid (w/2, h, n).
#define CVJ_COLOR_422(CN)                                                                                           \
    extern "C" __global__ void cvj_cvtcolor_fromyuv422_u8_2to##CN(const uint8_t* src, long long sN, long long sH,   \
            uint8_t* dst, long long dN, long long dH, int w, int h, int yb, int ub, int vb, int bidx, int full) {   \
        cvj_color::fromYuv422<CN>(src, sN, sH, dst, dN, dH, w, h, yb, ub, vb, bidx, full);                         \
    }                                                                                                              \
    extern "C" __global__ void cvj_cvtcolor_vs_fromyuv422_u8_2to##CN(const void* srcs, const void* dsts, int yb,    \
                                                                      int ub, int vb, int bidx, int full) {        \
        cvj_color::fromYuv422VarShape<CN>(static_cast<const cvj::VarShapeImage*>(srcs),                            \
                                          static_cast<const cvj::VarShapeImage*>(dsts), yb, ub, vb, bidx, full);   \
    }
CVJ_COLOR_422(3)
CVJ_COLOR_422(4)

// The luma of 4:2:0 (1 byte a pixel) and 4:2:2 packed (2) images: one thread per pixel; grid (w, h, n).
#define CVJ_COLOR_LUMA(SCN)                                                                                         \
    extern "C" __global__ void cvj_cvtcolor_luma_u8_##SCN##to1(const uint8_t* src, long long sN, long long sH,      \
            uint8_t* dst, long long dN, long long dH, int w, int h, int step, int yb) {                             \
        cvj_color::luma(src, sN, sH, dst, dN, dH, w, h, step, yb);                                                  \
    }                                                                                                              \
    extern "C" __global__ void cvj_cvtcolor_vs_luma_u8_##SCN##to1(const void* srcs, const void* dsts, int step,     \
                                                                   int yb) {                                       \
        cvj_color::lumaVarShape(static_cast<const cvj::VarShapeImage*>(srcs),                                       \
                                static_cast<const cvj::VarShapeImage*>(dsts), step, yb);                           \
    }
CVJ_COLOR_LUMA(1)
CVJ_COLOR_LUMA(2)
