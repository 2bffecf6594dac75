package dev.cvj.ops;

import dev.cvj.tensor.ImageFormat;

/**
 * The conversions of {@link CvtColor}, named as OpenCV's {@code cv2.COLOR_*} codes and computed as OpenCV 4.x
 * does. Channel order is in the name (RGB, BGR, RGBA, BGRA); YUV is BT.601 full range as COLOR_RGB2YUV; the
 * YUV 4:2:0 images (NV12, NV21, I420) are one channel of {@code H * 3 / 2} rows (Y plane, then chroma), BT.601
 * limited range by default as OpenCV; HSV is OpenCV's (U8: H in [0, 180), or [0, 256) for *_FULL; S, V in
 * [0, 255]; F32: H in [0, 360), S, V in [0, 1]).
 */
public enum ColorConversion {
    RGB2BGR(Family.REORDER, 3, 3, 2, 1, 0),
    BGR2RGB(Family.REORDER, 3, 3, 2, 1, 0),
    RGB2RGBA(Family.REORDER, 3, 4, 0, 1, 2, -1),
    BGR2BGRA(Family.REORDER, 3, 4, 0, 1, 2, -1),
    RGB2BGRA(Family.REORDER, 3, 4, 2, 1, 0, -1),
    BGR2RGBA(Family.REORDER, 3, 4, 2, 1, 0, -1),
    RGBA2RGB(Family.REORDER, 4, 3, 0, 1, 2),
    BGRA2BGR(Family.REORDER, 4, 3, 0, 1, 2),
    RGBA2BGR(Family.REORDER, 4, 3, 2, 1, 0),
    BGRA2RGB(Family.REORDER, 4, 3, 2, 1, 0),
    RGBA2BGRA(Family.REORDER, 4, 4, 2, 1, 0, 3),
    BGRA2RGBA(Family.REORDER, 4, 4, 2, 1, 0, 3),
    GRAY2RGB(Family.REORDER, 1, 3, 0, 0, 0),
    GRAY2BGR(Family.REORDER, 1, 3, 0, 0, 0),
    GRAY2RGBA(Family.REORDER, 1, 4, 0, 0, 0, -1),
    GRAY2BGRA(Family.REORDER, 1, 4, 0, 0, 0, -1),

    RGB2GRAY(Family.TO_GRAY, 3, 1, 2),
    BGR2GRAY(Family.TO_GRAY, 3, 1, 0),
    RGBA2GRAY(Family.TO_GRAY, 4, 1, 2),
    BGRA2GRAY(Family.TO_GRAY, 4, 1, 0),

    RGB2YUV(Family.TO_YUV, 3, 3, 2),
    BGR2YUV(Family.TO_YUV, 3, 3, 0),
    YUV2RGB(Family.FROM_YUV, 3, 3, 2),
    YUV2BGR(Family.FROM_YUV, 3, 3, 0),

    YUV2RGB_NV12(Family.FROM_YUV420, 1, 3, 2, Yuv420.NV12),
    YUV2BGR_NV12(Family.FROM_YUV420, 1, 3, 0, Yuv420.NV12),
    YUV2RGBA_NV12(Family.FROM_YUV420, 1, 4, 2, Yuv420.NV12),
    YUV2BGRA_NV12(Family.FROM_YUV420, 1, 4, 0, Yuv420.NV12),
    YUV2RGB_NV21(Family.FROM_YUV420, 1, 3, 2, Yuv420.NV21),
    YUV2BGR_NV21(Family.FROM_YUV420, 1, 3, 0, Yuv420.NV21),
    YUV2RGBA_NV21(Family.FROM_YUV420, 1, 4, 2, Yuv420.NV21),
    YUV2BGRA_NV21(Family.FROM_YUV420, 1, 4, 0, Yuv420.NV21),
    YUV2RGB_I420(Family.FROM_YUV420, 1, 3, 2, Yuv420.I420),
    YUV2BGR_I420(Family.FROM_YUV420, 1, 3, 0, Yuv420.I420),
    YUV2RGBA_I420(Family.FROM_YUV420, 1, 4, 2, Yuv420.I420),
    YUV2BGRA_I420(Family.FROM_YUV420, 1, 4, 0, Yuv420.I420),

    RGB2YUV_NV12(Family.TO_YUV420, 3, 1, 2, Yuv420.NV12),
    BGR2YUV_NV12(Family.TO_YUV420, 3, 1, 0, Yuv420.NV12),
    RGBA2YUV_NV12(Family.TO_YUV420, 4, 1, 2, Yuv420.NV12),
    BGRA2YUV_NV12(Family.TO_YUV420, 4, 1, 0, Yuv420.NV12),
    RGB2YUV_NV21(Family.TO_YUV420, 3, 1, 2, Yuv420.NV21),
    BGR2YUV_NV21(Family.TO_YUV420, 3, 1, 0, Yuv420.NV21),
    RGB2YUV_I420(Family.TO_YUV420, 3, 1, 2, Yuv420.I420),
    BGR2YUV_I420(Family.TO_YUV420, 3, 1, 0, Yuv420.I420),
    RGBA2YUV_I420(Family.TO_YUV420, 4, 1, 2, Yuv420.I420),
    BGRA2YUV_I420(Family.TO_YUV420, 4, 1, 0, Yuv420.I420),

    RGB2HSV(Family.TO_HSV, 3, 3, 2, 180),
    BGR2HSV(Family.TO_HSV, 3, 3, 0, 180),
    RGB2HSV_FULL(Family.TO_HSV, 3, 3, 2, 256),
    BGR2HSV_FULL(Family.TO_HSV, 3, 3, 0, 256),
    HSV2RGB(Family.FROM_HSV, 3, 3, 2, 180),
    HSV2BGR(Family.FROM_HSV, 3, 3, 0, 180),
    HSV2RGB_FULL(Family.FROM_HSV, 3, 3, 2, 255),
    HSV2BGR_FULL(Family.FROM_HSV, 3, 3, 0, 255);

    /** How a conversion computes. */
    public enum Family { REORDER, TO_GRAY, TO_YUV, FROM_YUV, TO_HSV, FROM_HSV, FROM_YUV420, TO_YUV420 }

    /** YUV 4:2:0 arrangements: chroma interleaved UV (NV12) or VU (NV21), or planar U then V (I420). */
    public enum Yuv420 { NV12, NV21, I420 }

    private final Family family;
    private final int srcChannels;
    private final int dstChannels;
    private final int blueIndex;
    private final int[] map;
    private final Yuv420 yuv420;
    private final int hueRange;

    ColorConversion(Family family, int srcChannels, int dstChannels, int... map) {
        this(family, srcChannels, dstChannels, family == Family.REORDER ? -1 : map[0], family == Family.REORDER ? map : null,
                null, family == Family.TO_HSV || family == Family.FROM_HSV ? map[1] : 0);
    }

    ColorConversion(Family family, int srcChannels, int dstChannels, int blueIndex, Yuv420 yuv420) {
        this(family, srcChannels, dstChannels, blueIndex, null, yuv420, 0);
    }

    ColorConversion(Family family, int srcChannels, int dstChannels, int blueIndex, int[] map, Yuv420 yuv420,
                    int hueRange) {
        this.family = family;
        this.srcChannels = srcChannels;
        this.dstChannels = dstChannels;
        this.blueIndex = blueIndex;
        this.map = map;
        this.yuv420 = yuv420;
        this.hueRange = hueRange;
    }

    public Family family() {
        return family;
    }

    /** Channels of the source tensor (1 for a YUV 4:2:0 source). */
    public int srcChannels() {
        return srcChannels;
    }

    /** Channels of the destination tensor (1 for a YUV 4:2:0 destination). */
    public int dstChannels() {
        return dstChannels;
    }

    /** Index of blue on the RGB side (2 for RGB order, 0 for BGR); -1 for REORDER. */
    public int blueIndex() {
        return blueIndex;
    }

    /** REORDER: source channel of each destination channel, -1 for an added alpha (the type's maximum). */
    public int[] channelMap() {
        return map == null ? null : map.clone();
    }

    public Yuv420 yuv420() {
        return yuv420;
    }

    /** HSV hue range of U8: 180; *_FULL: 256 into HSV, 255 out of HSV, as OpenCV (F32 is always 360). */
    public int hueRange() {
        return hueRange;
    }

    /** The cvj image format of the source (U8), or null where there is none (GRAY has Y8). */
    public ImageFormat srcFormat() {
        return format(name().substring(0, name().indexOf('2')), srcChannels);
    }

    /** The cvj image format of the destination (U8). */
    public ImageFormat dstFormat() {
        String to = name().substring(name().indexOf('2') + 1);
        if (family == Family.FROM_YUV420) {
            to = to.substring(0, to.indexOf('_'));
        } else if (family == Family.TO_YUV420) {
            to = to.substring(to.indexOf('_') + 1);
        }
        return format(to.replace("_FULL", ""), dstChannels);
    }

    private ImageFormat format(String s, int channels) {
        if (s.equals("YUV") && yuv420 != null) {
            return ImageFormat.valueOf(yuv420.name());
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
