package dev.cvj.ops.internal;

import dev.cvj.ops.ColorConversion;
import dev.cvj.tensor.DataType;

/**
 * The CPU path of {@link dev.cvj.ops.CvtColor}: OpenCV 4.x's color conversion arithmetic (fixed point for
 * integer types), which cvtcolor.cu mirrors on the GPU.
 */
public final class ColorCpu {
    private ColorCpu() {}

    // BT.601 full-range (COLOR_RGB2YUV), OpenCV's 14-bit coefficients.
    static final int YUV_SHIFT = 14;
    static final int R2Y = 4899, G2Y = 9617, B2Y = 1868, R2VI = 14369, B2UI = 8061;
    static final int V2RI = 18678, V2GI = -9519, U2GI = -6472, U2BI = 33292;
    // Gray: OpenCV's 15-bit coefficients (RY15, GY15, BY15), U8 and U16.
    static final int RY15 = 9798, GY15 = 19235, BY15 = 3735;
    static final float R2YF = 0.299f, G2YF = 0.587f, B2YF = 0.114f, R2VF = 0.877f, B2UF = 0.492f;
    static final float V2RF = 1.140f, V2GF = -0.581f, U2GF = -0.395f, U2BF = 2.032f;
    // YUV 4:2:0: OpenCV's ITU-R BT.601 limited range, 20-bit fixed point.
    static final int SHIFT420 = 20;
    static final int CY = 1220542, CUB = 2116026, CUG = -409993, CVG = -852492, CVR = 1673527;
    static final int CRY = 269484, CGY = 528482, CBY = 102760, CRU = -155188, CGU = -305135, CBU = 460324,
            CGV = -385875, CBV = -74448;
    // Full-range (JPEG) BT.601, same 20-bit fixed point (cvj's own: OpenCV has no full-range 4:2:0).
    static final int FCVR = 1470104, FCUG = -360853, FCVG = -748826, FCUB = 1858077;
    static final int FCRY = 313524, FCGY = 615514, FCBY = 119538, FCRU = -176933, FCGU = -347355, FCBU = 524288,
            FCGV = -439026, FCBV = -85262;

    // YCrCb (BT.601 full range): OpenCV's 14-bit and float coefficients.
    static final int YCRI = 11682, YCBI = 9241, CR2RI = 22987, CR2GI = -11698, CB2GI = -5636, CB2BI = 29049;
    static final float YCRF = 0.713f, YCBF = 0.564f, CR2RF = 1.403f, CR2GF = -0.714f, CB2GF = -0.344f, CB2BF = 1.773f;
    // CIE XYZ (D65) of linear RGB: OpenCV's matrices, rows X, Y, Z of columns R, G, B (and back: rows R, G, B of X, Y,
    // Z), as floats and in 12-bit fixed point.
    static final int XYZ_SHIFT = 12;
    static final float[] XYZ_F = {0.412453f, 0.357580f, 0.180423f, 0.212671f, 0.715160f, 0.072169f, 0.019334f,
            0.119193f, 0.950227f};
    static final float[] RGB_F = {3.240479f, -1.53715f, -0.498535f, -0.969256f, 1.875991f, 0.041556f, 0.055648f,
            -0.204043f, 1.057311f};
    static final int[] XYZ_I = {1689, 1465, 739, 871, 2929, 296, 79, 488, 3892};
    static final int[] RGB_I = {13273, -6296, -2042, -3970, 7684, 170, 228, -836, 4331};

    /** The R (0), G (1) or B (2) column of channel j of an image whose blue is at bidx. */
    private static int col(int j, int bidx) {
        return j == 1 ? 1 : j == bidx ? 2 : 0;
    }

    static final int HSV_SHIFT = 12;
    static final int[] SDIV = new int[256], HDIV180 = new int[256], HDIV256 = new int[256];

    static {
        for (int i = 1; i < 256; i++) {
            SDIV[i] = (int) Math.rint((255 << HSV_SHIFT) / (1. * i));
            HDIV180[i] = (int) Math.rint((180 << HSV_SHIFT) / (6. * i));
            HDIV256[i] = (int) Math.rint((256 << HSV_SHIFT) / (6. * i));
        }
    }

    private static int descale(int x, int n) {
        return (x + (1 << (n - 1))) >> n;
    }

    /** Converts {@code src} into {@code dst}; for YUV 4:2:0 the image with chroma is the one of H*3/2 rows. */
    public static void convert(CpuImage src, CpuImage dst, ColorConversion code, boolean fullRange) {
        switch (code.family()) {
            case FROM_YUV420 -> CpuPixels.forRows(dst.n(), dst.h(),
                    (img, y) -> fromYuv420Row(src, dst, code, fullRange, img, y));
            case TO_YUV420 -> CpuPixels.forRows(src.n(), src.h() / 2,
                    (img, r) -> toYuv420Rows(src, dst, code, fullRange, img, r));
            case FROM_YUV422 -> CpuPixels.forRows(dst.n(), dst.h(),
                    (img, y) -> fromYuv422Row(src, dst, code, fullRange, img, y));
            case YUV_TO_GRAY -> CpuPixels.forRows(dst.n(), dst.h(), (img, y) -> lumaRow(src, dst, code, img, y));
            default -> CpuPixels.forRows(dst.n(), dst.h(), (img, y) -> pixelRow(src, dst, code, img, y));
        }
    }

    private static void pixelRow(CpuImage src, CpuImage dst, ColorConversion code, int img, int y) {
        int scn = src.c(), dcn = dst.c(), es = src.elemSize();
        boolean fl = src.type().isFloatingPoint();
        int[] si = new int[4];
        float[] sf = new float[4];
        int[] oi = new int[4];
        float[] of = new float[4];
        int bidx = code.blueIndex();
        int[] map = code.channelMap();
        for (int x = 0; x < dst.w(); x++) {
            long so = src.offset(img, y, x), d = dst.offset(img, y, x);
            if (code.family() == ColorConversion.Family.REORDER) {
                for (int j = 0; j < dcn; j++) {
                    if (map[j] < 0) {
                        if (fl) {
                            dst.setFloat(d + (long) j * es, 1f);
                        } else {
                            dst.setInt(d + (long) j * es, CpuPixels.maxValue(dst.type()));
                        }
                    } else {
                        src.copyElem(so + (long) map[j] * es, dst, d + (long) j * es);
                    }
                }
                continue;
            }
            for (int j = 0; j < scn; j++) {
                if (fl) {
                    sf[j] = src.getFloat(so + (long) j * es);
                } else {
                    si[j] = src.getInt(so + (long) j * es);
                }
            }
            if (fl) {
                pixelFloat(code, bidx, sf, of);
                for (int j = 0; j < dcn; j++) {
                    dst.setFloat(d + (long) j * es, of[j]);
                }
            } else {
                pixelInt(code, bidx, src.type() == DataType.U16 ? 32768 : 128, si, oi);
                for (int j = 0; j < dcn; j++) {
                    dst.setInt(d + (long) j * es, oi[j]);
                }
            }
        }
    }

    /** The hue conversions' float result (channel 0 to {@code bidx}) in [0, 1], scaled to 255 and rounded into {@code o}. */
    private static void store255(float[] rgb, int bidx, int[] o) {
        o[bidx] = (int) Math.rint(rgb[0] * 255.f);
        o[1] = (int) Math.rint(rgb[1] * 255.f);
        o[bidx ^ 2] = (int) Math.rint(rgb[2] * 255.f);
    }

    /** One pixel of an integer (U8, U16) conversion; {@code half} is 128 or 32768. Outputs are not saturated. */
    static void pixelInt(ColorConversion code, int bidx, int half, int[] s, int[] o) {
        switch (code.family()) {
            case TO_GRAY -> {
                int c0 = bidx == 0 ? BY15 : RY15, c2 = bidx == 0 ? RY15 : BY15;
                o[0] = descale(s[0] * c0 + s[1] * GY15 + s[2] * c2, 15);
            }
            case TO_YUV -> toLumaChroma(s, bidx, half, R2VI, B2UI, 2, 1, o);
            case FROM_YUV -> fromLumaChroma(s, bidx, half, 2, 1, new int[] {V2RI, V2GI, U2GI, U2BI}, o);
            case TO_HSV -> {
                int b = s[bidx], g = s[1], r = s[bidx ^ 2];
                int hr = code.hueRange();
                int v = Math.max(b, Math.max(g, r));
                int vmin = Math.min(b, Math.min(g, r));
                int diff = v - vmin;
                int vr = v == r ? -1 : 0;
                int vg = v == g ? -1 : 0;
                int sat = (diff * SDIV[v] + (1 << (HSV_SHIFT - 1))) >> HSV_SHIFT;
                int h = (vr & (g - b)) + (~vr & ((vg & (b - r + 2 * diff)) + ((~vg) & (r - g + 4 * diff))));
                h = (h * (hr == 180 ? HDIV180 : HDIV256)[diff] + (1 << (HSV_SHIFT - 1))) >> HSV_SHIFT;
                h += h < 0 ? hr : 0;
                o[0] = h;
                o[1] = sat;
                o[2] = v;
            }
            case FROM_HSV -> {
                float[] rgb = new float[3];
                hsvToRgb(s[0], s[1] * (1.0f / 255.0f), s[2] * (1.0f / 255.0f), 6.0f / code.hueRange(), rgb);
                store255(rgb, bidx, o);
            }
            case TO_HLS -> {
                // OpenCV's RGB2HLS_b: the float conversion of src / 255, hue scaled to the code's range
                float[] hls = new float[3];
                rgbToHls(s[bidx] * (1.f / 255.f), s[1] * (1.f / 255.f), s[bidx ^ 2] * (1.f / 255.f),
                        code.hueRange() / 360.f, hls);
                o[0] = (int) Math.rint(hls[0]);
                o[1] = (int) Math.rint(hls[1] * 255.f);
                o[2] = (int) Math.rint(hls[2] * 255.f);
            }
            case FROM_HLS -> {
                float[] rgb = new float[3];
                hlsToRgb(s[0], s[1] * (1.f / 255.f), s[2] * (1.f / 255.f), 6.f / code.hueRange(), rgb);
                store255(rgb, bidx, o);
            }
            case TO_XYZ -> {
                for (int i = 0; i < 3; i++) {
                    o[i] = descale(s[bidx ^ 2] * XYZ_I[3 * i] + s[1] * XYZ_I[3 * i + 1] + s[bidx] * XYZ_I[3 * i + 2],
                            XYZ_SHIFT);
                }
            }
            case FROM_XYZ -> {
                for (int i = 0; i < 3; i++) {
                    int row = i == 0 ? bidx ^ 2 : i == 1 ? 1 : bidx; // R, G, B rows to their channels
                    o[row] = descale(s[0] * RGB_I[3 * i] + s[1] * RGB_I[3 * i + 1] + s[2] * RGB_I[3 * i + 2], XYZ_SHIFT);
                }
            }
            case TO_YCRCB -> toLumaChroma(s, bidx, half, YCRI, YCBI, 1, 2, o);
            case FROM_YCRCB -> fromLumaChroma(s, bidx, half, 1, 2, new int[] {CR2RI, CR2GI, CB2GI, CB2BI}, o);
            case TO_LAB -> LabCpu.rgbToLab8(s[bidx ^ 2], s[1], s[bidx], o);
            case FROM_LAB -> {
                double[] rgb = LabCpu.labToRgb(s[0] * (100.0 / 255.0), s[1] - 128, s[2] - 128);
                o[bidx ^ 2] = (int) Math.rint(rgb[0] * 255);
                o[1] = (int) Math.rint(rgb[1] * 255);
                o[bidx] = (int) Math.rint(rgb[2] * 255);
            }
            default -> throw new IllegalStateException(code.toString());
        }
    }

    /** One pixel of a floating-point conversion. */
    static void pixelFloat(ColorConversion code, int bidx, float[] s, float[] o) {
        switch (code.family()) {
            case TO_GRAY -> {
                float c0 = bidx == 0 ? B2YF : R2YF, c2 = bidx == 0 ? R2YF : B2YF;
                o[0] = s[0] * c0 + s[1] * G2YF + s[2] * c2;
            }
            case TO_YUV -> toLumaChroma(s, bidx, R2VF, B2UF, 2, 1, o);
            case FROM_YUV -> fromLumaChroma(s, bidx, 2, 1, new float[] {V2RF, V2GF, U2GF, U2BF}, o);
            case TO_HSV -> {
                float b = s[bidx], g = s[1], r = s[bidx ^ 2];
                float v = r, vmin = r;
                if (v < g) v = g;
                if (v < b) v = b;
                if (vmin > g) vmin = g;
                if (vmin > b) vmin = b;
                float diff = v - vmin;
                float sat = diff / (Math.abs(v) + Math.ulp(1f));
                diff = (float) (60. / (diff + Math.ulp(1f)));
                float h;
                if (v == r) {
                    h = (g - b) * diff;
                } else if (v == g) {
                    h = (b - r) * diff + 120.f;
                } else {
                    h = (r - g) * diff + 240.f;
                }
                if (h < 0) h += 360.f;
                o[0] = h;
                o[1] = sat;
                o[2] = v;
            }
            case FROM_HSV -> {
                float[] rgb = new float[3];
                hsvToRgb(s[0], s[1], s[2], 6.0f / 360f, rgb);
                o[bidx] = rgb[0];
                o[1] = rgb[1];
                o[bidx ^ 2] = rgb[2];
            }
            case TO_HLS -> rgbToHls(s[bidx], s[1], s[bidx ^ 2], 1.f, o);
            case TO_XYZ -> {
                for (int i = 0; i < 3; i++) {
                    o[i] = s[0] * XYZ_F[3 * i + col(0, bidx)] + s[1] * XYZ_F[3 * i + 1] + s[2] * XYZ_F[3 * i + col(2, bidx)];
                }
            }
            case FROM_XYZ -> {
                for (int j = 0; j < 3; j++) {
                    int row = 3 * col(j, bidx); // the R, G or B row of output channel j
                    o[j] = s[0] * RGB_F[row] + s[1] * RGB_F[row + 1] + s[2] * RGB_F[row + 2];
                }
            }
            case TO_YCRCB -> toLumaChroma(s, bidx, YCRF, YCBF, 1, 2, o);
            case FROM_YCRCB -> fromLumaChroma(s, bidx, 1, 2, new float[] {CR2RF, CR2GF, CB2GF, CB2BF}, o);
            case TO_LAB -> {
                double[] lab = LabCpu.rgbToLab(s[bidx ^ 2], s[1], s[bidx]);
                o[0] = (float) lab[0];
                o[1] = (float) lab[1];
                o[2] = (float) lab[2];
            }
            case FROM_LAB -> {
                double[] rgb = LabCpu.labToRgb(s[0], s[1], s[2]);
                o[bidx ^ 2] = (float) rgb[0];
                o[1] = (float) rgb[1];
                o[bidx] = (float) rgb[2];
            }
            case FROM_HLS -> {
                float[] rgb = new float[3];
                hlsToRgb(s[0], s[1], s[2], 6.0f / 360f, rgb);
                o[bidx] = rgb[0];
                o[1] = rgb[1];
                o[bidx ^ 2] = rgb[2];
            }
            default -> throw new IllegalStateException(code.toString());
        }
    }

    /*
     * BT.601 full range luma and colour differences, OpenCV's RGB2YCrCb and YCrCb2RGB, which serve YUV (U, V) and
     * YCrCb (Cr, Cb): kr, kb scale R - Y and B - Y into channels ir and ib; back, k = {R from Cr, G from Cr, G from
     * Cb, B from Cb}.
     */
    private static void toLumaChroma(int[] s, int bidx, int half, int kr, int kb, int ir, int ib, int[] o) {
        int delta = half * (1 << YUV_SHIFT);
        int yv = descale(s[bidx ^ 2] * R2Y + s[1] * G2Y + s[bidx] * B2Y, YUV_SHIFT);
        o[0] = yv;
        o[ir] = descale((s[bidx ^ 2] - yv) * kr + delta, YUV_SHIFT);
        o[ib] = descale((s[bidx] - yv) * kb + delta, YUV_SHIFT);
    }

    private static void fromLumaChroma(int[] s, int bidx, int half, int ir, int ib, int[] k, int[] o) {
        int yv = s[0], cr = s[ir] - half, cb = s[ib] - half;
        o[bidx] = yv + descale(cb * k[3], YUV_SHIFT);
        o[1] = yv + descale(cb * k[2] + cr * k[1], YUV_SHIFT);
        o[bidx ^ 2] = yv + descale(cr * k[0], YUV_SHIFT);
    }

    private static void toLumaChroma(float[] s, int bidx, float kr, float kb, int ir, int ib, float[] o) {
        float c0 = bidx == 0 ? B2YF : R2YF, c2 = bidx == 0 ? R2YF : B2YF;
        float yv = s[0] * c0 + s[1] * G2YF + s[2] * c2;
        o[0] = yv;
        o[ir] = (s[bidx ^ 2] - yv) * kr + 0.5f;
        o[ib] = (s[bidx] - yv) * kb + 0.5f;
    }

    private static void fromLumaChroma(float[] s, int bidx, int ir, int ib, float[] k, float[] o) {
        float yv = s[0], cr = s[ir], cb = s[ib];
        o[bidx] = yv + (cb - 0.5f) * k[3];
        o[1] = yv + (cb - 0.5f) * k[2] + (cr - 0.5f) * k[1];
        o[bidx ^ 2] = yv + (cr - 0.5f) * k[0];
    }

    /** OpenCV's RGB2HLS_f: {@code hls = {h * hscale, l, s}}, h in [0, 360) before scaling. */
    static void rgbToHls(float b, float g, float r, float hscale, float[] hls) {
        float h = 0.f, sat = 0.f;
        float vmax = r, vmin = r;
        if (vmax < g) vmax = g;
        if (vmax < b) vmax = b;
        if (vmin > g) vmin = g;
        if (vmin > b) vmin = b;
        float diff = vmax - vmin;
        float l = (vmax + vmin) * 0.5f;
        if (diff > Math.ulp(1f)) {
            sat = l < 0.5f ? diff / (vmax + vmin) : diff / (2 - vmax - vmin);
            diff = 60.f / diff;
            if (vmax == r) {
                h = (g - b) * diff;
            } else if (vmax == g) {
                h = (b - r) * diff + 120.f;
            } else {
                h = (r - g) * diff + 240.f;
            }
            if (h < 0.f) h += 360.f;
        }
        hls[0] = h * hscale;
        hls[1] = l;
        hls[2] = sat;
    }

    /**
     * OpenCV's HLS2RGB_f: out = {b, g, r}. OpenCV wraps the hue into [0, 6) by repeated steps of 6; a remainder
     * gives the same value for every hue whose loop ends (and cannot hang on an infinite hue).
     */
    static void hlsToRgb(float h, float l, float s, float hscale, float[] bgr) {
        if (s == 0) {
            bgr[0] = bgr[1] = bgr[2] = l;
            return;
        }
        float p2 = l <= 0.5f ? l * (1 + s) : l + s - l * s;
        float p1 = 2 * l - p2;
        h *= hscale;
        if (h < 0 || h >= 6) {
            h = h % 6.f;
            if (h < 0) h += 6;
        }
        int sector = (int) Math.floor(h);
        h -= sector;
        if (sector < 0 || sector >= 6) {
            sector = 0;
            h = 0.f;
        }
        float[] tab = {p2, p1, p1 + (p2 - p1) * (1 - h), p1 + (p2 - p1) * h};
        bgr[0] = tab[SECTOR[sector][0]];
        bgr[1] = tab[SECTOR[sector][1]];
        bgr[2] = tab[SECTOR[sector][2]];
    }

    private static final int[][] SECTOR = {{1, 3, 0}, {1, 0, 2}, {3, 0, 1}, {0, 2, 1}, {0, 1, 3}, {2, 1, 0}};

    /** OpenCV's HSV2RGB_native: out = {b, g, r}. */
    static void hsvToRgb(float h, float s, float v, float hscale, float[] bgr) {
        if (s == 0) {
            bgr[0] = bgr[1] = bgr[2] = v;
            return;
        }
        h *= hscale;
        h = h % 6.f;
        if (h < 0) h += 6;
        int sector = (int) Math.floor(h);
        h -= sector;
        if (sector < 0 || sector >= 6) {
            sector = 0;
            h = 0.f;
        }
        float[] tab = {v, v * (1.f - s), v * (1.f - s * h), v * (1.f - s * (1.f - h))};
        bgr[0] = tab[SECTOR[sector][0]];
        bgr[1] = tab[SECTOR[sector][1]];
        bgr[2] = tab[SECTOR[sector][2]];
    }

    /** Byte offsets (from the image) of U and V for chroma sample (r, c) of a W x H 4:2:0 image. */
    static long[] chroma(CpuImage yuv, int img, int h, int w, ColorConversion.Yuv420 kind, int r, int c) {
        long base = yuv.offset(img, 0, 0);
        return switch (kind) {
            case NV12 -> new long[] {base + (h + r) * yuv.strideH() + 2L * c, base + (h + r) * yuv.strideH() + 2L * c + 1};
            case NV21 -> new long[] {base + (h + r) * yuv.strideH() + 2L * c + 1, base + (h + r) * yuv.strideH() + 2L * c};
            case I420, YV12 -> {
                int ku = r, kv = h / 2 + r;
                long first = base + (h + ku / 2) * yuv.strideH() + (long) (ku % 2) * (w / 2) + c;
                long second = base + (h + kv / 2) * yuv.strideH() + (long) (kv % 2) * (w / 2) + c;
                yield kind == ColorConversion.Yuv420.I420 ? new long[] {first, second} : new long[] {second, first};
            }
        };
    }

    /** Row y of a 4:2:2 packed image (two bytes a pixel, a pair's four bytes hold one U and one V) to RGB. */
    private static void fromYuv422Row(CpuImage src, CpuImage dst, ColorConversion code, boolean full, int img, int y) {
        ColorConversion.Yuv422 k = code.yuv422();
        int bidx = code.blueIndex(), dcn = dst.c();
        for (int x = 0; x < dst.w(); x++) {
            long pair = src.offset(img, y, x & ~1);
            int u = src.getInt(pair + k.uByte()) - 128, v = src.getInt(pair + k.vByte()) - 128;
            int[] rgb = yuvToRgb420(src.getInt(src.offset(img, y, x) + k.lumaByte()), u, v, full);
            long d = dst.offset(img, y, x);
            dst.setInt(d + bidx, rgb[2]);
            dst.setInt(d + 1, rgb[1]);
            dst.setInt(d + (bidx ^ 2), rgb[0]);
            if (dcn == 4) {
                dst.setInt(d + 3, 255);
            }
        }
    }

    /** Row y of the luma: the 4:2:0 image's Y plane row, or each 4:2:2 pixel's Y byte. */
    private static void lumaRow(CpuImage src, CpuImage dst, ColorConversion code, int img, int y) {
        int yByte = code.yuv422() == null ? 0 : code.yuv422().lumaByte();
        for (int x = 0; x < dst.w(); x++) {
            src.copyElem(src.offset(img, y, x) + yByte, dst, dst.offset(img, y, x));
        }
    }

    private static void fromYuv420Row(CpuImage src, CpuImage dst, ColorConversion code, boolean full, int img, int y) {
        int h = dst.h(), w = dst.w(), bidx = code.blueIndex(), dcn = dst.c();
        for (int x = 0; x < w; x++) {
            int yv = src.getInt(src.offset(img, y, x));
            long[] uv = chroma(src, img, h, w, code.yuv420(), y / 2, x / 2);
            int u = src.getInt(uv[0]) - 128, v = src.getInt(uv[1]) - 128;
            int[] rgb = yuvToRgb420(yv, u, v, full);
            long d = dst.offset(img, y, x);
            dst.setInt(d + bidx, rgb[2]);
            dst.setInt(d + 1, rgb[1]);
            dst.setInt(d + (bidx ^ 2), rgb[0]);
            if (dcn == 4) {
                dst.setInt(d + 3, 255);
            }
        }
    }

    /** r, g, b (unsaturated) of one 4:2:0 sample; u and v already minus 128. */
    static int[] yuvToRgb420(int yv, int u, int v, boolean full) {
        int half = 1 << (SHIFT420 - 1);
        if (full) {
            int yy = yv << SHIFT420;
            return new int[] {(yy + half + FCVR * v) >> SHIFT420, (yy + half + FCVG * v + FCUG * u) >> SHIFT420,
                    (yy + half + FCUB * u) >> SHIFT420};
        }
        int yy = Math.max(0, yv - 16) * CY;
        return new int[] {(yy + half + CVR * v) >> SHIFT420, (yy + half + CVG * v + CUG * u) >> SHIFT420,
                (yy + half + CUB * u) >> SHIFT420};
    }

    private static void toYuv420Rows(CpuImage src, CpuImage dst, ColorConversion code, boolean full, int img, int r) {
        int h = src.h(), w = src.w(), bidx = code.blueIndex();
        int half = 1 << (SHIFT420 - 1);
        int cry = full ? FCRY : CRY, cgy = full ? FCGY : CGY, cby = full ? FCBY : CBY;
        int cru = full ? FCRU : CRU, cgu = full ? FCGU : CGU, cbu = full ? FCBU : CBU;
        int cgv = full ? FCGV : CGV, cbv = full ? FCBV : CBV;
        int yoff = full ? 0 : 16 << SHIFT420;
        for (int c = 0; c < w / 2; c++) {
            int rs = 0, gs = 0, bs = 0;
            for (int j = 0; j < 2; j++) {
                for (int i = 0; i < 2; i++) {
                    long so = src.offset(img, 2 * r + j, 2 * c + i);
                    int b = src.getInt(so + bidx), g = src.getInt(so + 1), rr = src.getInt(so + (bidx ^ 2));
                    dst.setInt(dst.offset(img, 2 * r + j, 2 * c + i),
                            (cry * rr + cgy * g + cby * b + half + yoff) >> SHIFT420);
                    if (j == 0 && i == 0) {
                        rs = rr;
                        gs = g;
                        bs = b;
                    }
                }
            }
            int uu = (cru * rs + cgu * gs + cbu * bs + half + (128 << SHIFT420)) >> SHIFT420;
            int vv = (cbu * rs + cgv * gs + cbv * bs + half + (128 << SHIFT420)) >> SHIFT420;
            long[] uv = chroma(dst, img, h, w, code.yuv420(), r, c);
            dst.setInt(uv[0], uu);
            dst.setInt(uv[1], vv);
        }
    }
}
