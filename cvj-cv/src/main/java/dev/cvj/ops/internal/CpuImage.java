package dev.cvj.ops.internal;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * A strided batch of interleaved images in host memory, as the CPU paths of Resize and CvtColor see it:
 * {@code n} images of {@code h} rows of {@code w} pixels of {@code c} packed channels, addressed by byte
 * strides (image, row, pixel) from {@code base} inside {@code seg}.
 */
public record CpuImage(MemorySegment seg, long base, Elem elem, int n, int h, int w, int c,
                       long strideN, long strideH, long strideW) {

    /** Element types of the CPU paths. */
    public enum Elem {
        U8(1), U16(2), S16(2), F32(4), F16(2);

        public final int size;

        Elem(int size) {
            this.size = size;
        }

        public boolean isFloat() {
            return this == F32 || this == F16;
        }

        /** The largest value of an integer type; 1 for floating point. */
        public double max() {
            return switch (this) {
                case U8 -> 255;
                case U16 -> 65535;
                case S16 -> 32767;
                case F32, F16 -> 1.0;
            };
        }
    }

    private static final ValueLayout.OfShort SHORT = ValueLayout.JAVA_SHORT_UNALIGNED;
    private static final ValueLayout.OfFloat FLOAT = ValueLayout.JAVA_FLOAT_UNALIGNED;

    /** A dense image (or batch) over a heap or native segment. */
    public static CpuImage dense(MemorySegment seg, Elem elem, int n, int h, int w, int c) {
        long sw = (long) c * elem.size;
        return new CpuImage(seg, 0, elem, n, h, w, c, sw * w * h, sw * w, sw);
    }

    public long offset(int img, int y, int x) {
        return base + img * strideN + y * strideH + x * strideW;
    }

    /** Integer element at a byte offset (U8, U16, S16). */
    public int getInt(long off) {
        return switch (elem) {
            case U8 -> seg.get(ValueLayout.JAVA_BYTE, off) & 0xff;
            case U16 -> seg.get(SHORT, off) & 0xffff;
            case S16 -> seg.get(SHORT, off);
            case F32 -> (int) seg.get(FLOAT, off);
            case F16 -> (int) Float.float16ToFloat(seg.get(SHORT, off));
        };
    }

    /** Element at a byte offset as a float. */
    public float getFloat(long off) {
        return switch (elem) {
            case U8 -> seg.get(ValueLayout.JAVA_BYTE, off) & 0xff;
            case U16 -> seg.get(SHORT, off) & 0xffff;
            case S16 -> seg.get(SHORT, off);
            case F32 -> seg.get(FLOAT, off);
            case F16 -> Float.float16ToFloat(seg.get(SHORT, off));
        };
    }

    /** Stores an integer, saturating to the type's range (floats: converted). */
    public void setInt(long off, int v) {
        switch (elem) {
            case U8 -> seg.set(ValueLayout.JAVA_BYTE, off, (byte) Math.clamp(v, 0, 255));
            case U16 -> seg.set(SHORT, off, (short) Math.clamp(v, 0, 65535));
            case S16 -> seg.set(SHORT, off, (short) Math.clamp(v, -32768, 32767));
            case F32 -> seg.set(FLOAT, off, v);
            case F16 -> seg.set(SHORT, off, Float.floatToFloat16(v));
        }
    }

    /** Stores a float: integer types round half to even and saturate (OpenCV's saturate_cast). */
    public void setFloat(long off, float v) {
        switch (elem) {
            case F32 -> seg.set(FLOAT, off, v);
            case F16 -> seg.set(SHORT, off, Float.floatToFloat16(v));
            default -> setInt(off, roundSat(v));
        }
    }

    /** OpenCV's cvRound of a float, saturated to the int range (NaN gives 0, as Java's cast). */
    public static int roundSat(float v) {
        return (int) Math.rint(v);
    }

    /** Copies one element (any type) between images. */
    public void copyElem(long off, CpuImage dst, long dstOff) {
        switch (elem.size) {
            case 1 -> dst.seg.set(ValueLayout.JAVA_BYTE, dstOff, seg.get(ValueLayout.JAVA_BYTE, off));
            case 2 -> dst.seg.set(SHORT, dstOff, seg.get(SHORT, off));
            default -> dst.seg.set(ValueLayout.JAVA_INT_UNALIGNED, dstOff, seg.get(ValueLayout.JAVA_INT_UNALIGNED, off));
        }
    }
}
