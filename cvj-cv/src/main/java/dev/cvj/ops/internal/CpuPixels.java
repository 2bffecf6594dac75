package dev.cvj.ops.internal;

import dev.cvj.tensor.DataType;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.stream.LongStream;

/**
 * The one CPU element accessor of the operators: loads (as float or int), saturating stores, raw element
 * copies, and the row loop (parallel across cores). The conversions are those of the kernels
 * ({@code pixels.cuh}): round half to even, clamp, NaN to 0.
 */
public final class CpuPixels {
    private static final ValueLayout.OfShort S16 = ValueLayout.JAVA_SHORT_UNALIGNED;
    private static final ValueLayout.OfFloat F32 = ValueLayout.JAVA_FLOAT_UNALIGNED;
    private static final ValueLayout.OfInt I32 = ValueLayout.JAVA_INT_UNALIGNED;
    private static final ValueLayout.OfLong I64 = ValueLayout.JAVA_LONG_UNALIGNED;

    private CpuPixels() {}

    /** The element at byte {@code off} as float (U8, U16, S16, F32, F16). */
    public static float load(MemorySegment s, long off, DataType t) {
        return switch (t) {
            case U8 -> s.get(ValueLayout.JAVA_BYTE, off) & 0xff;
            case U16 -> s.get(S16, off) & 0xffff;
            case S16 -> s.get(S16, off);
            case F32 -> s.get(F32, off);
            case F16 -> Float.float16ToFloat(s.get(S16, off));
            default -> throw new IllegalArgumentException("no float load for " + t);
        };
    }

    /** The element at byte {@code off} as an int: integer types exactly, floating point truncated toward 0. */
    public static int loadInt(MemorySegment s, long off, DataType t) {
        return switch (t) {
            case U8 -> s.get(ValueLayout.JAVA_BYTE, off) & 0xff;
            case U16 -> s.get(S16, off) & 0xffff;
            case S16 -> s.get(S16, off);
            default -> (int) load(s, off, t);
        };
    }

    /** Stores the int {@code v} at byte {@code off}: clamped to an integer type's range, converted for floats. */
    public static void storeInt(MemorySegment s, long off, DataType t, int v) {
        switch (t) {
            case U8 -> s.set(ValueLayout.JAVA_BYTE, off, (byte) Math.clamp(v, 0, 255));
            case U16 -> s.set(S16, off, (short) Math.clamp(v, 0, 65535));
            case S16 -> s.set(S16, off, (short) Math.clamp(v, -32768, 32767));
            case F32 -> s.set(F32, off, v);
            case F16 -> s.set(S16, off, Float.floatToFloat16(v));
            default -> throw new IllegalArgumentException("no int store for " + t);
        }
    }

    /** The largest value of an integer type of the CPU paths (U8, U16, S16); 1 for floating point. */
    public static int maxValue(DataType t) {
        return switch (t) {
            case U8 -> 255;
            case U16 -> 65535;
            case S16 -> 32767;
            default -> 1;
        };
    }

    /** Stores {@code v} at byte {@code off}, saturated to {@code t} (see {@link #saturate}). */
    public static void store(MemorySegment s, long off, DataType t, float v) {
        switch (t) {
            case U8 -> s.set(ValueLayout.JAVA_BYTE, off, (byte) saturate(v, t));
            case U16, S16 -> s.set(S16, off, (short) saturate(v, t));
            case F32 -> s.set(F32, off, v);
            case F16 -> s.set(S16, off, Float.floatToFloat16(v));
            default -> throw new IllegalArgumentException("no float store for " + t);
        }
    }

    /**
     * OpenCV's {@code saturate_cast} from float to an integer type: round half to even, then clamp to
     * the type's range; NaN gives 0 (as CUDA's {@code __float2int_rn}). Returns the value as an int.
     */
    public static int saturate(float v, DataType t) {
        int i = (int) Math.rint(v); // Java: NaN -> 0, saturates to the int range, like __float2int_rn
        return switch (t) {
            case U8 -> Math.clamp(i, 0, 255);
            case U16 -> Math.clamp(i, 0, 65535);
            case S16 -> Math.clamp(i, -32768, 32767);
            default -> throw new IllegalArgumentException("not an integer type of the pointwise operators: " + t);
        };
    }

    /** The bits of {@code v} saturated to {@code t}, as the low bytes of a long (a border constant). */
    public static long rawBits(double v, DataType t) {
        return switch (t) {
            case U8, U16, S16 -> saturate((float) v, t) & (t == DataType.U8 ? 0xffL : 0xffffL);
            case S8 -> Math.clamp((int) Math.rint(v), -128, 127) & 0xffL;
            case U32 -> Math.clamp((long) Math.rint(v), 0L, 0xffffffffL);
            case S32 -> Math.clamp((long) Math.rint(v), Integer.MIN_VALUE, Integer.MAX_VALUE) & 0xffffffffL;
            case U64, S64 -> (long) Math.rint(v);
            case F16 -> Float.floatToFloat16((float) v) & 0xffffL;
            case BF16 -> (Float.floatToRawIntBits((float) v) + 0x7fff + ((Float.floatToRawIntBits((float) v) >>> 16) & 1)) >>> 16;
            case F32 -> Float.floatToRawIntBits((float) v) & 0xffffffffL;
            case F64 -> Double.doubleToRawLongBits(v);
        };
    }

    /** Writes the low {@code size} bytes of {@code bits} at {@code off}. */
    public static void storeRaw(MemorySegment s, long off, int size, long bits) {
        switch (size) {
            case 1 -> s.set(ValueLayout.JAVA_BYTE, off, (byte) bits);
            case 2 -> s.set(S16, off, (short) bits);
            case 4 -> s.set(I32, off, (int) bits);
            case 8 -> s.set(I64, off, bits);
            default -> throw new IllegalArgumentException("element of " + size + " bytes");
        }
    }

    /** Copies one element of {@code size} bytes. */
    public static void copy(MemorySegment src, long srcOff, MemorySegment dst, long dstOff, int size) {
        switch (size) {
            case 1 -> dst.set(ValueLayout.JAVA_BYTE, dstOff, src.get(ValueLayout.JAVA_BYTE, srcOff));
            case 2 -> dst.set(S16, dstOff, src.get(S16, srcOff));
            case 4 -> dst.set(I32, dstOff, src.get(I32, srcOff));
            case 8 -> dst.set(I64, dstOff, src.get(I64, srcOff));
            default -> MemorySegment.copy(src, srcOff, dst, dstOff, size);
        }
    }

    /**
     * Runs {@code body(image, row)} for every row of {@code n} images of {@code h} rows, in parallel. The rows
     * are counted in a long: {@code n * h} may exceed 2^31.
     */
    public static void forRows(int n, int h, RowBody body) {
        long total = (long) n * h;
        if (total <= 0) {
            return;
        }
        LongStream.range(0, total).parallel().forEach(r -> body.run((int) (r / h), (int) (r % h)));
    }

    /** The work on one row. */
    @FunctionalInterface
    public interface RowBody {
        void run(int image, int y);
    }
}
