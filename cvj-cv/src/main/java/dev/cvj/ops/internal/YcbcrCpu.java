package dev.cvj.ops.internal;

/**
 * AdvCvtColor's CPU path (the oracle of its kernels): a {@link YcbcrMatrix} applied to U8 images, pixel by pixel
 * (4:4:4), or per 2x2 block of the RGB image with the 4:2:0 image of {@code H * 3 / 2} rows (Y plane, then one row of
 * interleaved chroma per two image rows: U, V for NV12, V, U for NV21).
 */
public final class YcbcrCpu {
    /** The shape of a conversion. */
    public enum Kind {
        /** 3 channels to 3 channels, pixel by pixel. */
        PIXELS,
        /** RGB (3 or 4 channels) to a 4:2:0 image. */
        TO_420,
        /** A 4:2:0 image to RGB (3 or 4 channels, alpha 255). */
        FROM_420
    }

    private YcbcrCpu() {}

    /**
     * Converts {@code src} into {@code dst}.
     *
     * @param src the source images
     * @param dst the output images
     * @param kind the shape of the conversion
     * @param vFirst for 4:2:0: V before U in the chroma rows (NV21)
     * @param m the map: RGB to Y, Cb, Cr or back, channel order folded in
     */
    public static void convert(CpuImage src, CpuImage dst, Kind kind, boolean vFirst, YcbcrMatrix m) {
        switch (kind) {
            case PIXELS -> CpuPixels.forRows(src.n(), src.h(), (img, y) -> {
                for (int x = 0; x < src.w(); x++) {
                    long s = src.offset(img, y, x), d = dst.offset(img, y, x);
                    int x0 = src.getInt(s), x1 = src.getInt(s + 1), x2 = src.getInt(s + 2);
                    for (int i = 0; i < 3; i++) {
                        dst.setInt(d + i, m.apply(i, x0, x1, x2));
                    }
                }
            });
            case TO_420 -> CpuPixels.forRows(src.n(), src.h() / 2, (img, r) -> toYuv420(src, dst, vFirst, m, img, r));
            case FROM_420 -> CpuPixels.forRows(dst.n(), dst.h() / 2,
                    (img, r) -> fromYuv420(src, dst, vFirst, m, img, r));
        }
    }

    /** Block row {@code r}: the Y of its pixels, the chroma of each block's mean. */
    private static void toYuv420(CpuImage src, CpuImage dst, boolean vFirst, YcbcrMatrix m, int img, int r) {
        int h = src.h();
        for (int c = 0; c < src.w() / 2; c++) {
            int s0 = 0, s1 = 0, s2 = 0;
            for (int j = 0; j < 2; j++) {
                for (int i = 0; i < 2; i++) {
                    long s = src.offset(img, 2 * r + j, 2 * c + i);
                    int x0 = src.getInt(s), x1 = src.getInt(s + 1), x2 = src.getInt(s + 2);
                    dst.setInt(dst.offset(img, 2 * r + j, 2 * c + i), m.apply(0, x0, x1, x2));
                    s0 += x0;
                    s1 += x1;
                    s2 += x2;
                }
            }
            long uv = dst.offset(img, h + r, 2 * c);
            dst.setInt(uv + (vFirst ? 1 : 0), m.applyToMeanOf4(1, s0, s1, s2));
            dst.setInt(uv + (vFirst ? 0 : 1), m.applyToMeanOf4(2, s0, s1, s2));
        }
    }

    /** Block row {@code r}: its four pixels from their Y and the block's chroma. */
    private static void fromYuv420(CpuImage src, CpuImage dst, boolean vFirst, YcbcrMatrix m, int img, int r) {
        int h = dst.h(), dcn = dst.c();
        for (int c = 0; c < dst.w() / 2; c++) {
            long uv = src.offset(img, h + r, 2 * c);
            int u = src.getInt(uv + (vFirst ? 1 : 0)), v = src.getInt(uv + (vFirst ? 0 : 1));
            for (int j = 0; j < 2; j++) {
                for (int i = 0; i < 2; i++) {
                    int yv = src.getInt(src.offset(img, 2 * r + j, 2 * c + i));
                    long d = dst.offset(img, 2 * r + j, 2 * c + i);
                    for (int k = 0; k < 3; k++) {
                        dst.setInt(d + k, m.apply(k, yv, u, v));
                    }
                    if (dcn == 4) {
                        dst.setInt(d + 3, 255);
                    }
                }
            }
        }
    }
}
