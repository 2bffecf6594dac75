package dev.cvj.ops;

import dev.cvj.tensor.DataType;
import dev.cvj.tensor.ImageFormat;
import java.util.EnumSet;
import java.util.Set;

/**
 * The conversions of {@link CvtColor}, named as OpenCV's {@code cv2.COLOR_*} codes and computed as OpenCV 4.x
 * does. Channel order is in the name (RGB, BGR, RGBA, BGRA); YUV is BT.601 full range as COLOR_RGB2YUV; the
 * YUV 4:2:0 images (NV12, NV21, I420, YV12) are one channel of {@code H * 3 / 2} rows (Y plane, then chroma; YV12
 * is I420 with the V plane before the U plane), BT.601 limited range by default as OpenCV; YUV 4:2:2 packed images
 * (UYVY, YUY2, YVYU) are two channels of H x W (W even), decoded with the 4:2:0 arithmetic; HSV is OpenCV's (U8: H
 * in [0, 180), or [0, 256) for *_FULL; S, V in [0, 255]; F32: H in [0, 360), S, V in [0, 1]); HLS likewise (H as
 * HSV's, L and S in [0, 255] or [0, 1]); XYZ is CIE XYZ of linear RGB (D65, OpenCV's matrices); YCrCb is BT.601 full
 * range (Y, Cr, Cb order); Lab is CIE L*a*b* of sRGB (gamma 2.4, D65; U8: L * 255 / 100, a + 128, b + 128; F32: L in
 * [0, 100], a and b about [-127, 127]).
 */
public enum ColorConversion {
    /** RGB to BGR (OpenCV's {@code COLOR_RGB2BGR}). */
    RGB2BGR(Family.REORDER, 3, 3, 2, 1, 0),
    /** BGR to RGB (OpenCV's {@code COLOR_BGR2RGB}). */
    BGR2RGB(Family.REORDER, 3, 3, 2, 1, 0),
    /** RGB to RGBA (OpenCV's {@code COLOR_RGB2RGBA}). */
    RGB2RGBA(Family.REORDER, 3, 4, 0, 1, 2, -1),
    /** BGR to BGRA (OpenCV's {@code COLOR_BGR2BGRA}). */
    BGR2BGRA(Family.REORDER, 3, 4, 0, 1, 2, -1),
    /** RGB to BGRA (OpenCV's {@code COLOR_RGB2BGRA}). */
    RGB2BGRA(Family.REORDER, 3, 4, 2, 1, 0, -1),
    /** BGR to RGBA (OpenCV's {@code COLOR_BGR2RGBA}). */
    BGR2RGBA(Family.REORDER, 3, 4, 2, 1, 0, -1),
    /** RGBA to RGB (OpenCV's {@code COLOR_RGBA2RGB}). */
    RGBA2RGB(Family.REORDER, 4, 3, 0, 1, 2),
    /** BGRA to BGR (OpenCV's {@code COLOR_BGRA2BGR}). */
    BGRA2BGR(Family.REORDER, 4, 3, 0, 1, 2),
    /** RGBA to BGR (OpenCV's {@code COLOR_RGBA2BGR}). */
    RGBA2BGR(Family.REORDER, 4, 3, 2, 1, 0),
    /** BGRA to RGB (OpenCV's {@code COLOR_BGRA2RGB}). */
    BGRA2RGB(Family.REORDER, 4, 3, 2, 1, 0),
    /** RGBA to BGRA (OpenCV's {@code COLOR_RGBA2BGRA}). */
    RGBA2BGRA(Family.REORDER, 4, 4, 2, 1, 0, 3),
    /** BGRA to RGBA (OpenCV's {@code COLOR_BGRA2RGBA}). */
    BGRA2RGBA(Family.REORDER, 4, 4, 2, 1, 0, 3),
    /** GRAY to RGB (OpenCV's {@code COLOR_GRAY2RGB}). */
    GRAY2RGB(Family.REORDER, 1, 3, 0, 0, 0),
    /** GRAY to BGR (OpenCV's {@code COLOR_GRAY2BGR}). */
    GRAY2BGR(Family.REORDER, 1, 3, 0, 0, 0),
    /** GRAY to RGBA (OpenCV's {@code COLOR_GRAY2RGBA}). */
    GRAY2RGBA(Family.REORDER, 1, 4, 0, 0, 0, -1),
    /** GRAY to BGRA (OpenCV's {@code COLOR_GRAY2BGRA}). */
    GRAY2BGRA(Family.REORDER, 1, 4, 0, 0, 0, -1),

    /** RGB to GRAY (OpenCV's {@code COLOR_RGB2GRAY}). */
    RGB2GRAY(Family.TO_GRAY, 3, 1, 2),
    /** BGR to GRAY (OpenCV's {@code COLOR_BGR2GRAY}). */
    BGR2GRAY(Family.TO_GRAY, 3, 1, 0),
    /** RGBA to GRAY (OpenCV's {@code COLOR_RGBA2GRAY}). */
    RGBA2GRAY(Family.TO_GRAY, 4, 1, 2),
    /** BGRA to GRAY (OpenCV's {@code COLOR_BGRA2GRAY}). */
    BGRA2GRAY(Family.TO_GRAY, 4, 1, 0),

    /** RGB to YUV (OpenCV's {@code COLOR_RGB2YUV}). */
    RGB2YUV(Family.TO_YUV, 3, 3, 2),
    /** BGR to YUV (OpenCV's {@code COLOR_BGR2YUV}). */
    BGR2YUV(Family.TO_YUV, 3, 3, 0),
    /** YUV to RGB (OpenCV's {@code COLOR_YUV2RGB}). */
    YUV2RGB(Family.FROM_YUV, 3, 3, 2),
    /** YUV to BGR (OpenCV's {@code COLOR_YUV2BGR}). */
    YUV2BGR(Family.FROM_YUV, 3, 3, 0),

    /** YUV to RGB, NV12 4:2:0 (OpenCV's {@code COLOR_YUV2RGB_NV12}). */
    YUV2RGB_NV12(Family.FROM_YUV420, 1, 3, 2, Yuv420.NV12),
    /** YUV to BGR, NV12 4:2:0 (OpenCV's {@code COLOR_YUV2BGR_NV12}). */
    YUV2BGR_NV12(Family.FROM_YUV420, 1, 3, 0, Yuv420.NV12),
    /** YUV to RGBA, NV12 4:2:0 (OpenCV's {@code COLOR_YUV2RGBA_NV12}). */
    YUV2RGBA_NV12(Family.FROM_YUV420, 1, 4, 2, Yuv420.NV12),
    /** YUV to BGRA, NV12 4:2:0 (OpenCV's {@code COLOR_YUV2BGRA_NV12}). */
    YUV2BGRA_NV12(Family.FROM_YUV420, 1, 4, 0, Yuv420.NV12),
    /** YUV to RGB, NV21 4:2:0 (OpenCV's {@code COLOR_YUV2RGB_NV21}). */
    YUV2RGB_NV21(Family.FROM_YUV420, 1, 3, 2, Yuv420.NV21),
    /** YUV to BGR, NV21 4:2:0 (OpenCV's {@code COLOR_YUV2BGR_NV21}). */
    YUV2BGR_NV21(Family.FROM_YUV420, 1, 3, 0, Yuv420.NV21),
    /** YUV to RGBA, NV21 4:2:0 (OpenCV's {@code COLOR_YUV2RGBA_NV21}). */
    YUV2RGBA_NV21(Family.FROM_YUV420, 1, 4, 2, Yuv420.NV21),
    /** YUV to BGRA, NV21 4:2:0 (OpenCV's {@code COLOR_YUV2BGRA_NV21}). */
    YUV2BGRA_NV21(Family.FROM_YUV420, 1, 4, 0, Yuv420.NV21),
    /** YUV to RGB, I420 4:2:0 (OpenCV's {@code COLOR_YUV2RGB_I420}). */
    YUV2RGB_I420(Family.FROM_YUV420, 1, 3, 2, Yuv420.I420),
    /** YUV to BGR, I420 4:2:0 (OpenCV's {@code COLOR_YUV2BGR_I420}). */
    YUV2BGR_I420(Family.FROM_YUV420, 1, 3, 0, Yuv420.I420),
    /** YUV to RGBA, I420 4:2:0 (OpenCV's {@code COLOR_YUV2RGBA_I420}). */
    YUV2RGBA_I420(Family.FROM_YUV420, 1, 4, 2, Yuv420.I420),
    /** YUV to BGRA, I420 4:2:0 (OpenCV's {@code COLOR_YUV2BGRA_I420}). */
    YUV2BGRA_I420(Family.FROM_YUV420, 1, 4, 0, Yuv420.I420),
    /** YUV to RGB, YV12 4:2:0 (OpenCV's {@code COLOR_YUV2RGB_YV12}). */
    YUV2RGB_YV12(Family.FROM_YUV420, 1, 3, 2, Yuv420.YV12),
    /** YUV to BGR, YV12 4:2:0 (OpenCV's {@code COLOR_YUV2BGR_YV12}). */
    YUV2BGR_YV12(Family.FROM_YUV420, 1, 3, 0, Yuv420.YV12),
    /** YUV to RGBA, YV12 4:2:0 (OpenCV's {@code COLOR_YUV2RGBA_YV12}). */
    YUV2RGBA_YV12(Family.FROM_YUV420, 1, 4, 2, Yuv420.YV12),
    /** YUV to BGRA, YV12 4:2:0 (OpenCV's {@code COLOR_YUV2BGRA_YV12}). */
    YUV2BGRA_YV12(Family.FROM_YUV420, 1, 4, 0, Yuv420.YV12),

    /** RGB to YUV, NV12 4:2:0 (OpenCV's {@code COLOR_RGB2YUV_NV12}). */
    RGB2YUV_NV12(Family.TO_YUV420, 3, 1, 2, Yuv420.NV12),
    /** BGR to YUV, NV12 4:2:0 (OpenCV's {@code COLOR_BGR2YUV_NV12}). */
    BGR2YUV_NV12(Family.TO_YUV420, 3, 1, 0, Yuv420.NV12),
    /** RGBA to YUV, NV12 4:2:0 (OpenCV's {@code COLOR_RGBA2YUV_NV12}). */
    RGBA2YUV_NV12(Family.TO_YUV420, 4, 1, 2, Yuv420.NV12),
    /** BGRA to YUV, NV12 4:2:0 (OpenCV's {@code COLOR_BGRA2YUV_NV12}). */
    BGRA2YUV_NV12(Family.TO_YUV420, 4, 1, 0, Yuv420.NV12),
    /** RGB to YUV, NV21 4:2:0 (OpenCV's {@code COLOR_RGB2YUV_NV21}). */
    RGB2YUV_NV21(Family.TO_YUV420, 3, 1, 2, Yuv420.NV21),
    /** BGR to YUV, NV21 4:2:0 (OpenCV's {@code COLOR_BGR2YUV_NV21}). */
    BGR2YUV_NV21(Family.TO_YUV420, 3, 1, 0, Yuv420.NV21),
    /** RGB to YUV, I420 4:2:0 (OpenCV's {@code COLOR_RGB2YUV_I420}). */
    RGB2YUV_I420(Family.TO_YUV420, 3, 1, 2, Yuv420.I420),
    /** BGR to YUV, I420 4:2:0 (OpenCV's {@code COLOR_BGR2YUV_I420}). */
    BGR2YUV_I420(Family.TO_YUV420, 3, 1, 0, Yuv420.I420),
    /** RGBA to YUV, I420 4:2:0 (OpenCV's {@code COLOR_RGBA2YUV_I420}). */
    RGBA2YUV_I420(Family.TO_YUV420, 4, 1, 2, Yuv420.I420),
    /** BGRA to YUV, I420 4:2:0 (OpenCV's {@code COLOR_BGRA2YUV_I420}). */
    BGRA2YUV_I420(Family.TO_YUV420, 4, 1, 0, Yuv420.I420),
    /** RGB to YUV, YV12 4:2:0 (OpenCV's {@code COLOR_RGB2YUV_YV12}). */
    RGB2YUV_YV12(Family.TO_YUV420, 3, 1, 2, Yuv420.YV12),
    /** BGR to YUV, YV12 4:2:0 (OpenCV's {@code COLOR_BGR2YUV_YV12}). */
    BGR2YUV_YV12(Family.TO_YUV420, 3, 1, 0, Yuv420.YV12),
    /** RGBA to YUV, YV12 4:2:0 (OpenCV's {@code COLOR_RGBA2YUV_YV12}). */
    RGBA2YUV_YV12(Family.TO_YUV420, 4, 1, 2, Yuv420.YV12),
    /** BGRA to YUV, YV12 4:2:0 (OpenCV's {@code COLOR_BGRA2YUV_YV12}). */
    BGRA2YUV_YV12(Family.TO_YUV420, 4, 1, 0, Yuv420.YV12),

    /** YUV 4:2:2 UYVY to RGB (OpenCV's {@code COLOR_YUV2RGB_UYVY}). */
    YUV2RGB_UYVY(Family.FROM_YUV422, 2, 3, 2, Yuv422.UYVY),
    /** YUV 4:2:2 UYVY to BGR (OpenCV's {@code COLOR_YUV2BGR_UYVY}). */
    YUV2BGR_UYVY(Family.FROM_YUV422, 2, 3, 0, Yuv422.UYVY),
    /** YUV 4:2:2 UYVY to RGBA (OpenCV's {@code COLOR_YUV2RGBA_UYVY}). */
    YUV2RGBA_UYVY(Family.FROM_YUV422, 2, 4, 2, Yuv422.UYVY),
    /** YUV 4:2:2 UYVY to BGRA (OpenCV's {@code COLOR_YUV2BGRA_UYVY}). */
    YUV2BGRA_UYVY(Family.FROM_YUV422, 2, 4, 0, Yuv422.UYVY),
    /** YUV 4:2:2 YUY2 (YUYV) to RGB (OpenCV's {@code COLOR_YUV2RGB_YUY2}). */
    YUV2RGB_YUY2(Family.FROM_YUV422, 2, 3, 2, Yuv422.YUY2),
    /** YUV 4:2:2 YUY2 (YUYV) to BGR (OpenCV's {@code COLOR_YUV2BGR_YUY2}). */
    YUV2BGR_YUY2(Family.FROM_YUV422, 2, 3, 0, Yuv422.YUY2),
    /** YUV 4:2:2 YUY2 (YUYV) to RGBA (OpenCV's {@code COLOR_YUV2RGBA_YUY2}). */
    YUV2RGBA_YUY2(Family.FROM_YUV422, 2, 4, 2, Yuv422.YUY2),
    /** YUV 4:2:2 YUY2 (YUYV) to BGRA (OpenCV's {@code COLOR_YUV2BGRA_YUY2}). */
    YUV2BGRA_YUY2(Family.FROM_YUV422, 2, 4, 0, Yuv422.YUY2),
    /** YUV 4:2:2 YVYU to RGB (OpenCV's {@code COLOR_YUV2RGB_YVYU}). */
    YUV2RGB_YVYU(Family.FROM_YUV422, 2, 3, 2, Yuv422.YVYU),
    /** YUV 4:2:2 YVYU to BGR (OpenCV's {@code COLOR_YUV2BGR_YVYU}). */
    YUV2BGR_YVYU(Family.FROM_YUV422, 2, 3, 0, Yuv422.YVYU),
    /** YUV 4:2:2 YVYU to RGBA (OpenCV's {@code COLOR_YUV2RGBA_YVYU}). */
    YUV2RGBA_YVYU(Family.FROM_YUV422, 2, 4, 2, Yuv422.YVYU),
    /** YUV 4:2:2 YVYU to BGRA (OpenCV's {@code COLOR_YUV2BGRA_YVYU}). */
    YUV2BGRA_YVYU(Family.FROM_YUV422, 2, 4, 0, Yuv422.YVYU),

    /** The Y plane of an NV12 image (OpenCV's {@code COLOR_YUV2GRAY_NV12}). */
    YUV2GRAY_NV12(Family.YUV_TO_GRAY, 1, 1, -1, Yuv420.NV12),
    /** The Y plane of an NV21 image (OpenCV's {@code COLOR_YUV2GRAY_NV21}). */
    YUV2GRAY_NV21(Family.YUV_TO_GRAY, 1, 1, -1, Yuv420.NV21),
    /** The Y plane of an I420 image (OpenCV's {@code COLOR_YUV2GRAY_I420}). */
    YUV2GRAY_I420(Family.YUV_TO_GRAY, 1, 1, -1, Yuv420.I420),
    /** The Y plane of a YV12 image (OpenCV's {@code COLOR_YUV2GRAY_YV12}). */
    YUV2GRAY_YV12(Family.YUV_TO_GRAY, 1, 1, -1, Yuv420.YV12),
    /** The Y samples of a UYVY image (OpenCV's {@code COLOR_YUV2GRAY_UYVY}). */
    YUV2GRAY_UYVY(Family.YUV_TO_GRAY, 2, 1, -1, Yuv422.UYVY),
    /** The Y samples of a YUY2 (YUYV) image (OpenCV's {@code COLOR_YUV2GRAY_YUY2}). */
    YUV2GRAY_YUY2(Family.YUV_TO_GRAY, 2, 1, -1, Yuv422.YUY2),
    /** The Y samples of a YVYU image (OpenCV's {@code COLOR_YUV2GRAY_YVYU}). */
    YUV2GRAY_YVYU(Family.YUV_TO_GRAY, 2, 1, -1, Yuv422.YVYU),

    /** RGB to HSV (OpenCV's {@code COLOR_RGB2HSV}). */
    RGB2HSV(Family.TO_HSV, 3, 3, 2, 180),
    /** BGR to HSV (OpenCV's {@code COLOR_BGR2HSV}). */
    BGR2HSV(Family.TO_HSV, 3, 3, 0, 180),
    /** RGB to HSV (the full hue range) (OpenCV's {@code COLOR_RGB2HSV_FULL}). */
    RGB2HSV_FULL(Family.TO_HSV, 3, 3, 2, 256),
    /** BGR to HSV (the full hue range) (OpenCV's {@code COLOR_BGR2HSV_FULL}). */
    BGR2HSV_FULL(Family.TO_HSV, 3, 3, 0, 256),
    /** HSV to RGB (OpenCV's {@code COLOR_HSV2RGB}). */
    HSV2RGB(Family.FROM_HSV, 3, 3, 2, 180),
    /** HSV to BGR (OpenCV's {@code COLOR_HSV2BGR}). */
    HSV2BGR(Family.FROM_HSV, 3, 3, 0, 180),
    /** HSV to RGB (the full hue range) (OpenCV's {@code COLOR_HSV2RGB_FULL}). */
    HSV2RGB_FULL(Family.FROM_HSV, 3, 3, 2, 255),
    /** HSV to BGR (the full hue range) (OpenCV's {@code COLOR_HSV2BGR_FULL}). */
    HSV2BGR_FULL(Family.FROM_HSV, 3, 3, 0, 255),

    /** RGB to HLS (OpenCV's {@code COLOR_RGB2HLS}). */
    RGB2HLS(Family.TO_HLS, 3, 3, 2, 180),
    /** BGR to HLS (OpenCV's {@code COLOR_BGR2HLS}). */
    BGR2HLS(Family.TO_HLS, 3, 3, 0, 180),
    /** RGB to HLS (the full hue range) (OpenCV's {@code COLOR_RGB2HLS_FULL}). */
    RGB2HLS_FULL(Family.TO_HLS, 3, 3, 2, 256),
    /** BGR to HLS (the full hue range) (OpenCV's {@code COLOR_BGR2HLS_FULL}). */
    BGR2HLS_FULL(Family.TO_HLS, 3, 3, 0, 256),
    /** HLS to RGB (OpenCV's {@code COLOR_HLS2RGB}). */
    HLS2RGB(Family.FROM_HLS, 3, 3, 2, 180),
    /** HLS to BGR (OpenCV's {@code COLOR_HLS2BGR}). */
    HLS2BGR(Family.FROM_HLS, 3, 3, 0, 180),
    /** HLS to RGB (the full hue range) (OpenCV's {@code COLOR_HLS2RGB_FULL}). */
    HLS2RGB_FULL(Family.FROM_HLS, 3, 3, 2, 255),
    /** HLS to BGR (the full hue range) (OpenCV's {@code COLOR_HLS2BGR_FULL}). */
    HLS2BGR_FULL(Family.FROM_HLS, 3, 3, 0, 255),

    /** RGB to CIE XYZ, D65 (OpenCV's {@code COLOR_RGB2XYZ}). */
    RGB2XYZ(Family.TO_XYZ, 3, 3, 2),
    /** BGR to CIE XYZ, D65 (OpenCV's {@code COLOR_BGR2XYZ}). */
    BGR2XYZ(Family.TO_XYZ, 3, 3, 0),
    /** CIE XYZ, D65, to RGB (OpenCV's {@code COLOR_XYZ2RGB}). */
    XYZ2RGB(Family.FROM_XYZ, 3, 3, 2),
    /** CIE XYZ, D65, to BGR (OpenCV's {@code COLOR_XYZ2BGR}). */
    XYZ2BGR(Family.FROM_XYZ, 3, 3, 0),
    /** RGB to YCrCb, BT.601 full range (OpenCV's {@code COLOR_RGB2YCrCb}). */
    RGB2YCrCb(Family.TO_YCRCB, 3, 3, 2),
    /** BGR to YCrCb, BT.601 full range (OpenCV's {@code COLOR_BGR2YCrCb}). */
    BGR2YCrCb(Family.TO_YCRCB, 3, 3, 0),
    /** YCrCb to RGB (OpenCV's {@code COLOR_YCrCb2RGB}). */
    YCrCb2RGB(Family.FROM_YCRCB, 3, 3, 2),
    /** YCrCb to BGR (OpenCV's {@code COLOR_YCrCb2BGR}). */
    YCrCb2BGR(Family.FROM_YCRCB, 3, 3, 0),
    /** sRGB to CIE L*a*b*, D65 (OpenCV's {@code COLOR_RGB2Lab}). */
    RGB2Lab(Family.TO_LAB, 3, 3, 2),
    /** sBGR to CIE L*a*b*, D65 (OpenCV's {@code COLOR_BGR2Lab}). */
    BGR2Lab(Family.TO_LAB, 3, 3, 0),
    /** CIE L*a*b*, D65, to sRGB (OpenCV's {@code COLOR_Lab2RGB}). */
    Lab2RGB(Family.FROM_LAB, 3, 3, 2),
    /** CIE L*a*b*, D65, to sBGR (OpenCV's {@code COLOR_Lab2BGR}). */
    Lab2BGR(Family.FROM_LAB, 3, 3, 0);

    /** How a conversion computes. */
    public enum Family {
        /** Channels picked or added (alpha), no arithmetic. */
        REORDER,
        /** RGB to gray. */
        TO_GRAY,
        /** RGB to YUV 4:4:4. */
        TO_YUV,
        /** YUV 4:4:4 to RGB. */
        FROM_YUV,
        /** RGB to HSV. */
        TO_HSV,
        /** HSV to RGB. */
        FROM_HSV,
        /** RGB to HLS. */
        TO_HLS,
        /** HLS to RGB. */
        FROM_HLS,
        /** RGB to CIE XYZ. */
        TO_XYZ,
        /** CIE XYZ to RGB. */
        FROM_XYZ,
        /** RGB to YCrCb. */
        TO_YCRCB,
        /** YCrCb to RGB. */
        FROM_YCRCB,
        /** sRGB to CIE L*a*b*. */
        TO_LAB,
        /** CIE L*a*b* to sRGB. */
        FROM_LAB,
        /** YUV 4:2:0 (NV12, NV21, I420) to RGB. */
        FROM_YUV420,
        /** RGB to YUV 4:2:0. */
        TO_YUV420,
        /** YUV 4:2:2 packed (UYVY, YUY2, YVYU: two channels, W even) to RGB. */
        FROM_YUV422,
        /** The luma of a YUV 4:2:0 or 4:2:2 image. */
        YUV_TO_GRAY;

        /**
         * Whether a pixel costs many operations (hue, gamma): the GPU then converts fewer pixels per thread.
         *
         * @return true for the HSV, HLS and Lab families
         */
        public boolean perPixelHeavy() {
            return this == TO_HSV || this == FROM_HSV || this == TO_HLS || this == FROM_HLS || this == TO_LAB
                    || this == FROM_LAB;
        }
    }

    /**
     * YUV 4:2:0 arrangements: chroma interleaved UV (NV12) or VU (NV21), or planar U then V (I420) or V then U
     * (YV12).
     */
    public enum Yuv420 {
        /** A Y plane, then interleaved U, V. */
        NV12,
        /** A Y plane, then interleaved V, U. */
        NV21,
        /** Y, U and V planes. */
        I420,
        /** Y, V and U planes. */
        YV12
    }

    /**
     * YUV 4:2:2 packed arrangements: two channels per pixel, each pair of pixels sharing one U and one V; the four
     * bytes of a pair in order.
     */
    public enum Yuv422 {
        /** U, Y0, V, Y1. */
        UYVY(1, 0),
        /** Y0, U, Y1, V (also called YUYV). */
        YUY2(0, 0),
        /** Y0, V, Y1, U. */
        YVYU(0, 1);

        private final int yIndex;
        private final int uIndex;

        Yuv422(int yIndex, int uIndex) {
            this.yIndex = yIndex;
            this.uIndex = uIndex;
        }

        /** {@return the byte of luma in each pixel's two (0 or 1)} */
        public int lumaByte() {
            return yIndex;
        }

        /** {@return the byte of U in a pair's four} */
        public int uByte() {
            return 1 - yIndex + uIndex * 2;
        }

        /** {@return the byte of V in a pair's four} */
        public int vByte() {
            return (2 + uByte()) % 4;
        }
    }

    private final Family family;
    private final int srcChannels;
    private final int dstChannels;
    private final int blueIndex;
    private final int[] map;
    private final Yuv420 yuv420;
    private final Yuv422 yuv422;
    private final int hueRange;

    ColorConversion(Family family, int srcChannels, int dstChannels, int... map) {
        this(family, srcChannels, dstChannels, family == Family.REORDER ? -1 : map[0], family == Family.REORDER ? map : null,
                null, null, hasHue(family) ? map[1] : 0);
    }

    ColorConversion(Family family, int srcChannels, int dstChannels, int blueIndex, Yuv420 yuv420) {
        this(family, srcChannels, dstChannels, blueIndex, null, yuv420, null, 0);
    }

    ColorConversion(Family family, int srcChannels, int dstChannels, int blueIndex, Yuv422 yuv422) {
        this(family, srcChannels, dstChannels, blueIndex, null, null, yuv422, 0);
    }

    ColorConversion(Family family, int srcChannels, int dstChannels, int blueIndex, int[] map, Yuv420 yuv420,
                    Yuv422 yuv422, int hueRange) {
        this.family = family;
        this.srcChannels = srcChannels;
        this.dstChannels = dstChannels;
        this.blueIndex = blueIndex;
        this.map = map;
        this.yuv420 = yuv420;
        this.yuv422 = yuv422;
        this.hueRange = hueRange;
    }

    private static boolean hasHue(Family f) {
        return f == Family.TO_HSV || f == Family.FROM_HSV || f == Family.TO_HLS || f == Family.FROM_HLS;
    }

    /** {@return how the conversion computes} */
    public Family family() {
        return family;
    }

    /**
     * Channels of the source tensor (1 for a YUV 4:2:0 source).
     *
     * @return the source's channels
     */
    public int srcChannels() {
        return srcChannels;
    }

    /**
     * Channels of the destination tensor (1 for a YUV 4:2:0 destination).
     *
     * @return the destination's channels
     */
    public int dstChannels() {
        return dstChannels;
    }

    /**
     * Index of blue on the RGB side (2 for RGB order, 0 for BGR); -1 for REORDER.
     *
     * @return the index of blue, or -1
     */
    public int blueIndex() {
        return blueIndex;
    }

    /**
     * REORDER: source channel of each destination channel, -1 for an added alpha (the type's maximum).
     *
     * @return the source channel of each destination channel
     */
    public int[] channelMap() {
        return map == null ? null : map.clone();
    }

    /**
     * The data types {@link CvtColor} converts with this conversion (dst has src's type).
     *
     * @return a new set of the supported types
     */
    public Set<DataType> dataTypes() {
        return switch (family) {
            case REORDER -> EnumSet.of(DataType.U8, DataType.U16, DataType.S16, DataType.F32, DataType.F16);
            case TO_GRAY, TO_YUV, FROM_YUV, TO_XYZ, FROM_XYZ, TO_YCRCB, FROM_YCRCB ->
                    EnumSet.of(DataType.U8, DataType.U16, DataType.F32);
            case TO_HSV, FROM_HSV, TO_HLS, FROM_HLS, TO_LAB, FROM_LAB -> EnumSet.of(DataType.U8, DataType.F32);
            case FROM_YUV420, TO_YUV420, FROM_YUV422, YUV_TO_GRAY -> EnumSet.of(DataType.U8);
        };
    }

    /** {@return the 4:2:0 arrangement of the YUV side, or null when there is none} */
    public Yuv420 yuv420() {
        return yuv420;
    }

    /** {@return the 4:2:2 arrangement of the YUV source, or null when there is none} */
    public Yuv422 yuv422() {
        return yuv422;
    }

    /**
     * HSV and HLS hue range of U8: 180; *_FULL: 256 into HSV/HLS, 255 out of them, as OpenCV (F32 is always 360).
     *
     * @return the hue range
     */
    public int hueRange() {
        return hueRange;
    }

    /** {@return the cvj image format of the source (U8), or null where there is none (GRAY has Y8)} */
    public ImageFormat srcFormat() {
        return format(name().substring(0, name().indexOf('2')), srcChannels);
    }

    /** {@return the cvj image format of the destination (U8)} */
    public ImageFormat dstFormat() {
        String to = name().substring(name().indexOf('2') + 1);
        if (family == Family.FROM_YUV420 || family == Family.FROM_YUV422 || family == Family.YUV_TO_GRAY) {
            to = to.substring(0, to.indexOf('_'));
        } else if (family == Family.TO_YUV420) {
            to = to.substring(to.indexOf('_') + 1);
        }
        return format(to.replace("_FULL", ""), dstChannels);
    }

    private ImageFormat format(String s, int channels) {
        if (s.equals("YUV") && (yuv420 != null || yuv422 != null)) {
            String name = (yuv420 != null ? yuv420 : yuv422).name();
            return java.util.Arrays.stream(ImageFormat.values()).filter(f -> f.name().equals(name)).findFirst()
                    .orElse(null);
        }
        return switch (s) {
            case "RGB" -> ImageFormat.RGB8;
            case "BGR" -> ImageFormat.BGR8;
            case "RGBA" -> ImageFormat.RGBA8;
            case "BGRA" -> ImageFormat.BGRA8;
            case "GRAY" -> ImageFormat.Y8;
            case "HSV" -> ImageFormat.HSV8;
            case "NV12", "NV21", "I420" -> ImageFormat.valueOf(s);
            default -> null;
        };
    }
}
