package dev.cvj.codec;

import dev.cvj.ops.FlipMode;
import dev.cvj.ops.Rotate;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.Objects;

/**
 * The EXIF orientation of a JPEG (TIFF tag 0x0112 in IFD0 of its APP1 {@code Exif} segment): how the stored pixels
 * must be turned to look upright. cvj's decoders, like nvJPEG and ImageIO, leave pixels in stored order; this tells
 * what a camera recorded, and {@link #rotateCode()} and {@link #flipAfter()} say how to make the image upright with
 * cvj's operators:
 *
 * <pre>{@code
 * ExifOrientation o = ExifOrientation.of(image.data());
 * Tensor upright = decoded;                                    // HWC or NHWC
 * if (o.rotateCode() >= 0) upright = Rotate.rotate90(upright, o.rotateCode(), stream);
 * if (o.flipAfter() != null) upright = Flip.flip(upright, o.flipAfter(), stream);  // close what you no longer need
 * }</pre>
 *
 * Reading is defensive: bytes that are not a JPEG, a missing or malformed EXIF block, a tag of another type or a value
 * outside 1..8 all give {@link #TOP_LEFT} (stored order is upright), never an exception; no read leaves the segment.
 */
public enum ExifOrientation {
    /** 1: stored order is upright. */
    TOP_LEFT(1, -1, null),
    /** 2: mirrored left to right. */
    TOP_RIGHT(2, -1, FlipMode.HORIZONTAL),
    /** 3: turned by 180 degrees. */
    BOTTOM_RIGHT(3, Rotate.ROTATE_180, null),
    /** 4: mirrored top to bottom. */
    BOTTOM_LEFT(4, -1, FlipMode.VERTICAL),
    /** 5: transposed (rows stored as columns). */
    LEFT_TOP(5, Rotate.ROTATE_90_CLOCKWISE, FlipMode.HORIZONTAL),
    /** 6: needs a quarter turn clockwise (a phone held upright, home button down). */
    RIGHT_TOP(6, Rotate.ROTATE_90_CLOCKWISE, null),
    /** 7: transposed across the other diagonal. */
    RIGHT_BOTTOM(7, Rotate.ROTATE_90_COUNTERCLOCKWISE, FlipMode.HORIZONTAL),
    /** 8: needs a quarter turn counter-clockwise. */
    LEFT_BOTTOM(8, Rotate.ROTATE_90_COUNTERCLOCKWISE, null);

    private static final byte[] EXIF = {'E', 'x', 'i', 'f', 0, 0};
    private static final int ORIENTATION_TAG = 0x0112, SHORT = 3;

    private final int tag;
    private final int rotateCode;
    private final FlipMode flipAfter;

    ExifOrientation(int tag, int rotateCode, FlipMode flipAfter) {
        this.tag = tag;
        this.rotateCode = rotateCode;
        this.flipAfter = flipAfter;
    }

    /** {@return the EXIF value, 1 to 8} */
    public int tag() {
        return tag;
    }

    /**
     * {@return the first step to upright: a {@link Rotate#rotate90} code ({@link Rotate#ROTATE_90_CLOCKWISE},
     * {@link Rotate#ROTATE_180} or {@link Rotate#ROTATE_90_COUNTERCLOCKWISE}), or -1 for none}
     */
    public int rotateCode() {
        return rotateCode;
    }

    /** {@return the second step to upright, after {@link #rotateCode()}: a flip, or null for none} */
    public FlipMode flipAfter() {
        return flipAfter;
    }

    /**
     * {@return the orientation of EXIF value {@code tag}: 1 to 8, anything else {@link #TOP_LEFT}}
     *
     * @param tag the EXIF value
     */
    public static ExifOrientation ofTag(int tag) {
        return tag >= 1 && tag <= 8 ? values()[tag - 1] : TOP_LEFT;
    }

    /**
     * {@return the orientation recorded in a JPEG's first APP1 {@code Exif} segment, {@link #TOP_LEFT} where there is
     * none or it cannot be read}
     *
     * @param jpeg the file's bytes
     * @throws NullPointerException if {@code jpeg} is null
     */
    public static ExifOrientation of(MemorySegment jpeg) {
        Objects.requireNonNull(jpeg, "ExifOrientation.of: jpeg");
        long n = jpeg.byteSize();
        if (n < 4 || u8(jpeg, 0) != 0xFF || u8(jpeg, 1) != 0xD8) {
            return TOP_LEFT;
        }
        long at = 2;
        while (at + 4 <= n) {
            if (u8(jpeg, at) != 0xFF) {
                return TOP_LEFT; // not a marker where one must be
            }
            int marker = u8(jpeg, at + 1);
            if (marker == 0xFF) {
                at++; // fill byte
                continue;
            }
            if (marker == 0xD9 || marker == 0xDA) {
                return TOP_LEFT; // end of image, or the scan: EXIF comes before it
            }
            if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) {
                at += 2; // markers without a length
                continue;
            }
            int length = u16(jpeg, at + 2, ByteOrder.BIG_ENDIAN);
            long end = at + 2 + length;
            if (length < 2 || end > n) {
                return TOP_LEFT;
            }
            if (marker == 0xE1 && startsWith(jpeg, at + 4, end, EXIF)) {
                return ofTag(tiffOrientation(jpeg, at + 4 + EXIF.length, end));
            }
            at = end;
        }
        return TOP_LEFT;
    }

    /** The orientation tag of IFD0 of the TIFF block at [t, end), or 0 where it cannot be read. */
    private static int tiffOrientation(MemorySegment s, long t, long end) {
        if (t + 8 > end) {
            return 0;
        }
        ByteOrder order;
        if (u8(s, t) == 'I' && u8(s, t + 1) == 'I') {
            order = ByteOrder.LITTLE_ENDIAN;
        } else if (u8(s, t) == 'M' && u8(s, t + 1) == 'M') {
            order = ByteOrder.BIG_ENDIAN;
        } else {
            return 0;
        }
        if (u16(s, t + 2, order) != 42) {
            return 0;
        }
        long ifd = t + u32(s, t + 4, order);
        if (ifd < t + 8 || ifd + 2 > end) {
            return 0;
        }
        int entries = u16(s, ifd, order);
        for (int i = 0; i < entries; i++) {
            long e = ifd + 2 + 12L * i;
            if (e + 12 > end) {
                return 0;
            }
            if (u16(s, e, order) == ORIENTATION_TAG) {
                return u16(s, e + 2, order) == SHORT && u32(s, e + 4, order) >= 1 ? u16(s, e + 8, order) : 0;
            }
        }
        return 0;
    }

    private static boolean startsWith(MemorySegment s, long at, long end, byte[] prefix) {
        if (at + prefix.length > end) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (s.get(ValueLayout.JAVA_BYTE, at + i) != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private static int u8(MemorySegment s, long at) {
        return s.get(ValueLayout.JAVA_BYTE, at) & 0xFF;
    }

    private static int u16(MemorySegment s, long at, ByteOrder order) {
        return s.get(ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(order), at) & 0xFFFF;
    }

    private static long u32(MemorySegment s, long at, ByteOrder order) {
        return s.get(ValueLayout.JAVA_INT_UNALIGNED.withOrder(order), at) & 0xFFFFFFFFL;
    }
}
