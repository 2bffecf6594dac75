package dev.cvj.interop;

import dev.cvj.cuda.Device;
import dev.cvj.cuda.DeviceMemory;
import dev.cvj.cuda.Stream;
import dev.cvj.cuda.interop.CudaArray;
import dev.cvj.cuda.interop.CudaArrayInterface;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Objects;

/**
 * Host &lt;-&gt; device copies for anything that exposes the CUDA Array Interface: the
 * {@code cuda_memcpy_h2d} / {@code cuda_memcpy_d2h} helpers of CV-CUDA's CUDA Python samples.
 *
 * <p>The device side is any {@link CudaArray} ({@link CudaBuffer}, {@code Tensor}, {@code DeviceArray}) or a
 * {@link CudaArrayInterface}. The host side is a Java primitive array, a {@link MemorySegment} or a
 * {@link ByteBuffer} (its remaining bytes; its position does not move).
 *
 * <p>Checks, before anything is copied:
 * <ul>
 * <li>a typed array must match the element type: {@code float[]} ↔ {@code "<f4"}, {@code double[]} ↔
 *     {@code "<f8"}, {@code int[]} ↔ {@code "<i4"/"<u4"}, {@code long[]} ↔ {@code "<i8"/"<u8"},
 *     {@code short[]} and {@code char[]} ↔ {@code "<i2"/"<u2"/"<f2"} (F16 bits) {@code /"<V2"} (BF16 bits),
 *     with one array element per device element;</li>
 * <li>{@code byte[]}, {@code MemorySegment} and {@code ByteBuffer} are raw bytes: any element type, with
 *     the byte count equal to elements × item size;</li>
 * <li>{@code h2d} refuses a read-only interface;</li>
 * <li>strided device arrays are copied as 2D copies ({@link DeviceMemory#copy2DFrom}) when they are rows of contiguous
 *     elements at a fixed pitch (a crop, a column, a padded image); other layouts are refused with a
 *     message saying so.</li>
 * </ul>
 * The host data is always C-contiguous (row-major, densely packed).
 *
 * <p>Synchronization: when the interface names a stream, that stream is synchronized first (its pending
 * work may still write, or read, the array). The copies themselves are synchronous: when a call returns,
 * the data is in place.
 */
public final class CudaCopies {
    private CudaCopies() {}

    /** What a host buffer holds, for the element-type check. */
    private enum Host {
        RAW("raw bytes", ""), SHORT("short[]", "iufV"), CHAR("char[]", "iufV"), INT("int[]", "iu"),
        LONG("long[]", "iu"), FLOAT("float[]", "f"), DOUBLE("double[]", "f");

        final String name;
        final String kinds;

        Host(String name, String kinds) {
            this.name = name;
            this.kinds = kinds;
        }

        int itemSize() {
            return switch (this) {
                case RAW -> 1;
                case SHORT, CHAR -> 2;
                case INT, FLOAT -> 4;
                case LONG, DOUBLE -> 8;
            };
        }
    }

    // ---- host -> device -------------------------------------------------------------------------------

    /**
     * Copies {@code host} to the device array, synchronously; the checks are in the class notes.
     *
     * @param host the host data, C-contiguous
     * @param device the device array to fill
     */
    public static void h2d(byte[] host, CudaArray device) { h2d(MemorySegment.ofArray(host), Host.RAW, cai(device)); }
    /**
     * Copies {@code host} to the device array, synchronously; the checks are in the class notes.
     *
     * @param host the host data, C-contiguous
     * @param device the device array to fill
     */
    public static void h2d(short[] host, CudaArray device) { h2d(MemorySegment.ofArray(host), Host.SHORT, cai(device)); }
    /**
     * Copies {@code host} to the device array, synchronously; the checks are in the class notes.
     *
     * @param host the host data, C-contiguous
     * @param device the device array to fill
     */
    public static void h2d(char[] host, CudaArray device) { h2d(MemorySegment.ofArray(host), Host.CHAR, cai(device)); }
    /**
     * Copies {@code host} to the device array, synchronously; the checks are in the class notes.
     *
     * @param host the host data, C-contiguous
     * @param device the device array to fill
     */
    public static void h2d(int[] host, CudaArray device) { h2d(MemorySegment.ofArray(host), Host.INT, cai(device)); }
    /**
     * Copies {@code host} to the device array, synchronously; the checks are in the class notes.
     *
     * @param host the host data, C-contiguous
     * @param device the device array to fill
     */
    public static void h2d(long[] host, CudaArray device) { h2d(MemorySegment.ofArray(host), Host.LONG, cai(device)); }
    /**
     * Copies {@code host} to the device array, synchronously; the checks are in the class notes.
     *
     * @param host the host data, C-contiguous
     * @param device the device array to fill
     */
    public static void h2d(float[] host, CudaArray device) { h2d(MemorySegment.ofArray(host), Host.FLOAT, cai(device)); }
    /**
     * Copies {@code host} to the device array, synchronously; the checks are in the class notes.
     *
     * @param host the host data, C-contiguous
     * @param device the device array to fill
     */
    public static void h2d(double[] host, CudaArray device) { h2d(MemorySegment.ofArray(host), Host.DOUBLE, cai(device)); }
    /**
     * Copies {@code host} to the device array, synchronously; the checks are in the class notes.
     *
     * @param host the host data, C-contiguous
     * @param device the device array to fill
     */
    public static void h2d(MemorySegment host, CudaArray device) { h2d(Objects.requireNonNull(host, "host"), Host.RAW, cai(device)); }
    /**
     * Copies {@code host} to the device array, synchronously; the checks are in the class notes.
     *
     * @param host the host data, C-contiguous
     * @param device the device array to fill
     */
    public static void h2d(ByteBuffer host, CudaArray device) { h2d(MemorySegment.ofBuffer(host), Host.RAW, cai(device)); }

    /**
     * Copies {@code host} to the device array, synchronously; the checks are in the class notes.
     *
     * @param host the host data, C-contiguous
     * @param device the device array to fill
     */
    public static void h2d(byte[] host, CudaArrayInterface device) { h2d(MemorySegment.ofArray(host), Host.RAW, nn(device)); }
    /**
     * Copies {@code host} to the device array, synchronously; the checks are in the class notes.
     *
     * @param host the host data, C-contiguous
     * @param device the device array to fill
     */
    public static void h2d(short[] host, CudaArrayInterface device) { h2d(MemorySegment.ofArray(host), Host.SHORT, nn(device)); }
    /**
     * Copies {@code host} to the device array, synchronously; the checks are in the class notes.
     *
     * @param host the host data, C-contiguous
     * @param device the device array to fill
     */
    public static void h2d(char[] host, CudaArrayInterface device) { h2d(MemorySegment.ofArray(host), Host.CHAR, nn(device)); }
    /**
     * Copies {@code host} to the device array, synchronously; the checks are in the class notes.
     *
     * @param host the host data, C-contiguous
     * @param device the device array to fill
     */
    public static void h2d(int[] host, CudaArrayInterface device) { h2d(MemorySegment.ofArray(host), Host.INT, nn(device)); }
    /**
     * Copies {@code host} to the device array, synchronously; the checks are in the class notes.
     *
     * @param host the host data, C-contiguous
     * @param device the device array to fill
     */
    public static void h2d(long[] host, CudaArrayInterface device) { h2d(MemorySegment.ofArray(host), Host.LONG, nn(device)); }
    /**
     * Copies {@code host} to the device array, synchronously; the checks are in the class notes.
     *
     * @param host the host data, C-contiguous
     * @param device the device array to fill
     */
    public static void h2d(float[] host, CudaArrayInterface device) { h2d(MemorySegment.ofArray(host), Host.FLOAT, nn(device)); }
    /**
     * Copies {@code host} to the device array, synchronously; the checks are in the class notes.
     *
     * @param host the host data, C-contiguous
     * @param device the device array to fill
     */
    public static void h2d(double[] host, CudaArrayInterface device) { h2d(MemorySegment.ofArray(host), Host.DOUBLE, nn(device)); }
    /**
     * Copies {@code host} to the device array, synchronously; the checks are in the class notes.
     *
     * @param host the host data, C-contiguous
     * @param device the device array to fill
     */
    public static void h2d(MemorySegment host, CudaArrayInterface device) { h2d(Objects.requireNonNull(host, "host"), Host.RAW, nn(device)); }
    /**
     * Copies {@code host} to the device array, synchronously; the checks are in the class notes.
     *
     * @param host the host data, C-contiguous
     * @param device the device array to fill
     */
    public static void h2d(ByteBuffer host, CudaArrayInterface device) { h2d(MemorySegment.ofBuffer(host), Host.RAW, nn(device)); }

    // ---- device -> host -------------------------------------------------------------------------------

    /**
     * Copies the device array into {@code host}, synchronously; the checks are in the class notes.
     *
     * @param device the device array to copy from
     * @param host the host data to fill, C-contiguous
     */
    public static void d2h(CudaArray device, byte[] host) { d2h(cai(device), MemorySegment.ofArray(host), Host.RAW); }
    /**
     * Copies the device array into {@code host}, synchronously; the checks are in the class notes.
     *
     * @param device the device array to copy from
     * @param host the host data to fill, C-contiguous
     */
    public static void d2h(CudaArray device, short[] host) { d2h(cai(device), MemorySegment.ofArray(host), Host.SHORT); }
    /**
     * Copies the device array into {@code host}, synchronously; the checks are in the class notes.
     *
     * @param device the device array to copy from
     * @param host the host data to fill, C-contiguous
     */
    public static void d2h(CudaArray device, char[] host) { d2h(cai(device), MemorySegment.ofArray(host), Host.CHAR); }
    /**
     * Copies the device array into {@code host}, synchronously; the checks are in the class notes.
     *
     * @param device the device array to copy from
     * @param host the host data to fill, C-contiguous
     */
    public static void d2h(CudaArray device, int[] host) { d2h(cai(device), MemorySegment.ofArray(host), Host.INT); }
    /**
     * Copies the device array into {@code host}, synchronously; the checks are in the class notes.
     *
     * @param device the device array to copy from
     * @param host the host data to fill, C-contiguous
     */
    public static void d2h(CudaArray device, long[] host) { d2h(cai(device), MemorySegment.ofArray(host), Host.LONG); }
    /**
     * Copies the device array into {@code host}, synchronously; the checks are in the class notes.
     *
     * @param device the device array to copy from
     * @param host the host data to fill, C-contiguous
     */
    public static void d2h(CudaArray device, float[] host) { d2h(cai(device), MemorySegment.ofArray(host), Host.FLOAT); }
    /**
     * Copies the device array into {@code host}, synchronously; the checks are in the class notes.
     *
     * @param device the device array to copy from
     * @param host the host data to fill, C-contiguous
     */
    public static void d2h(CudaArray device, double[] host) { d2h(cai(device), MemorySegment.ofArray(host), Host.DOUBLE); }
    /**
     * Copies the device array into {@code host}, synchronously; the checks are in the class notes.
     *
     * @param device the device array to copy from
     * @param host the host data to fill, C-contiguous
     */
    public static void d2h(CudaArray device, MemorySegment host) { d2h(cai(device), Objects.requireNonNull(host, "host"), Host.RAW); }
    /**
     * Copies the device array into {@code host}, synchronously; the checks are in the class notes.
     *
     * @param device the device array to copy from
     * @param host the host data to fill, C-contiguous
     */
    public static void d2h(CudaArray device, ByteBuffer host) { d2h(cai(device), writable(host), Host.RAW); }

    /**
     * Copies the device array into {@code host}, synchronously; the checks are in the class notes.
     *
     * @param device the device array to copy from
     * @param host the host data to fill, C-contiguous
     */
    public static void d2h(CudaArrayInterface device, byte[] host) { d2h(nn(device), MemorySegment.ofArray(host), Host.RAW); }
    /**
     * Copies the device array into {@code host}, synchronously; the checks are in the class notes.
     *
     * @param device the device array to copy from
     * @param host the host data to fill, C-contiguous
     */
    public static void d2h(CudaArrayInterface device, short[] host) { d2h(nn(device), MemorySegment.ofArray(host), Host.SHORT); }
    /**
     * Copies the device array into {@code host}, synchronously; the checks are in the class notes.
     *
     * @param device the device array to copy from
     * @param host the host data to fill, C-contiguous
     */
    public static void d2h(CudaArrayInterface device, char[] host) { d2h(nn(device), MemorySegment.ofArray(host), Host.CHAR); }
    /**
     * Copies the device array into {@code host}, synchronously; the checks are in the class notes.
     *
     * @param device the device array to copy from
     * @param host the host data to fill, C-contiguous
     */
    public static void d2h(CudaArrayInterface device, int[] host) { d2h(nn(device), MemorySegment.ofArray(host), Host.INT); }
    /**
     * Copies the device array into {@code host}, synchronously; the checks are in the class notes.
     *
     * @param device the device array to copy from
     * @param host the host data to fill, C-contiguous
     */
    public static void d2h(CudaArrayInterface device, long[] host) { d2h(nn(device), MemorySegment.ofArray(host), Host.LONG); }
    /**
     * Copies the device array into {@code host}, synchronously; the checks are in the class notes.
     *
     * @param device the device array to copy from
     * @param host the host data to fill, C-contiguous
     */
    public static void d2h(CudaArrayInterface device, float[] host) { d2h(nn(device), MemorySegment.ofArray(host), Host.FLOAT); }
    /**
     * Copies the device array into {@code host}, synchronously; the checks are in the class notes.
     *
     * @param device the device array to copy from
     * @param host the host data to fill, C-contiguous
     */
    public static void d2h(CudaArrayInterface device, double[] host) { d2h(nn(device), MemorySegment.ofArray(host), Host.DOUBLE); }
    /**
     * Copies the device array into {@code host}, synchronously; the checks are in the class notes.
     *
     * @param device the device array to copy from
     * @param host the host data to fill, C-contiguous
     */
    public static void d2h(CudaArrayInterface device, MemorySegment host) { d2h(nn(device), Objects.requireNonNull(host, "host"), Host.RAW); }
    /**
     * Copies the device array into {@code host}, synchronously; the checks are in the class notes.
     *
     * @param device the device array to copy from
     * @param host the host data to fill, C-contiguous
     */
    public static void d2h(CudaArrayInterface device, ByteBuffer host) { d2h(nn(device), writable(host), Host.RAW); }

    private static CudaArrayInterface cai(CudaArray x) {
        return Objects.requireNonNull(x, "device array").cudaArrayInterface();
    }

    private static CudaArrayInterface nn(CudaArrayInterface cai) {
        return Objects.requireNonNull(cai, "device array interface");
    }

    private static MemorySegment writable(ByteBuffer b) {
        if (Objects.requireNonNull(b, "host").isReadOnly()) {
            throw new IllegalArgumentException("d2h: the destination ByteBuffer is read-only");
        }
        return MemorySegment.ofBuffer(b);
    }

    // ---- the copy ------------------------------------------------------------------------------------

    private static void h2d(MemorySegment host, Host kind, CudaArrayInterface cai) {
        if (cai.readOnly()) {
            throw new IllegalArgumentException("h2d: the device array is read-only (its interface says data[1] = true): " + cai);
        }
        copy(host, kind, cai, true);
    }

    private static void d2h(CudaArrayInterface cai, MemorySegment host, Host kind) {
        if (host.isReadOnly()) {
            throw new IllegalArgumentException("d2h: the destination host memory is read-only");
        }
        copy(host, kind, cai, false);
    }

    private static void copy(MemorySegment host, Host kind, CudaArrayInterface cai, boolean toDevice) {
        String op = toDevice ? "h2d" : "d2h";
        checkTypes(host, kind, cai, op);
        if (cai.elementCount() == 0) {
            return;
        }
        Plan plan = Plan.of(cai, op);
        Device device = Pointers.deviceOf(cai.data(), op);
        if (cai.stream().isPresent()) {
            Stream.wrap(device, cai.stream().getAsLong()).synchronize(); // its pending work may use the array
        }
        DeviceMemory m = DeviceMemory.wrap(device, cai.data(), (plan.height - 1) * plan.pitch + plan.width);
        if (plan.height == 1 || plan.pitch == plan.width) { // one block: copied in chunks of bytes, not of rows
            if (toDevice) {
                m.copyFrom(host);
            } else {
                m.copyTo(host);
            }
        } else if (toDevice) {
            m.copy2DFrom(0, plan.pitch, host, 0, plan.width, plan.width, plan.height, null);
        } else {
            m.copy2DTo(0, plan.pitch, host, 0, plan.width, plan.width, plan.height, null);
        }
    }

    private static void checkTypes(MemorySegment host, Host kind, CudaArrayInterface cai, String op) {
        String typestr = cai.typestr();
        int item = cai.itemSize();
        long count = cai.elementCount();
        if (kind == Host.RAW) {
            long need = Math.multiplyExact(count, (long) item);
            if (host.byteSize() != need) {
                throw new IllegalArgumentException(op + ": the host buffer has " + host.byteSize() + " bytes, the device array "
                        + Arrays.toString(cai.shape()) + " of " + typestr + " has " + need);
            }
            return;
        }
        char k = typestr.charAt(1);
        if (item != kind.itemSize() || kind.kinds.indexOf(k) < 0) {
            throw new IllegalArgumentException(op + ": a " + kind.name + " cannot hold elements of type " + typestr
                    + "; use " + suggestion(typestr) + ", or a byte[]/MemorySegment/ByteBuffer for raw bytes");
        }
        long have = host.byteSize() / kind.itemSize();
        if (have != count) {
            throw new IllegalArgumentException(op + ": the " + kind.name + " has " + have + " elements, the device array "
                    + Arrays.toString(cai.shape()) + " has " + count);
        }
    }

    private static String suggestion(String typestr) {
        char k = typestr.charAt(1);
        int n;
        try {
            n = Integer.parseInt(typestr.substring(2));
        } catch (NumberFormatException e) {
            return "a byte[]";
        }
        return switch (n) {
            case 1 -> "a byte[]";
            case 2 -> "a short[] or char[]";
            case 4 -> k == 'f' ? "a float[]" : "an int[]";
            case 8 -> k == 'f' ? "a double[]" : "a long[]";
            default -> "a byte[]";
        };
    }

    /**
     * How the device array's bytes lie: {@code height} rows of {@code width} contiguous bytes, {@code pitch}
     * bytes apart (height 1 or pitch == width: one contiguous block).
     */
    record Plan(long width, long height, long pitch) {
        static Plan of(CudaArrayInterface cai, String op) {
            long item = cai.itemSize();
            long[] shape = cai.shape();
            long[] strides = cai.stridesOrContiguous();
            // Innermost first: (extent, stride) of dimensions merged wherever they are contiguous together.
            long[] ext = new long[shape.length];
            long[] str = new long[shape.length];
            int n = 0;
            for (int d = shape.length - 1; d >= 0; d--) {
                if (shape[d] == 1) {
                    continue;
                }
                if (n > 0 && strides[d] == str[n - 1] * ext[n - 1]) {
                    ext[n - 1] *= shape[d];
                } else {
                    ext[n] = shape[d];
                    str[n] = strides[d];
                    n++;
                }
            }
            if (n == 0) {
                return new Plan(item, 1, item);
            }
            if (n == 1) {
                return str[0] == item ? new Plan(item * ext[0], 1, item * ext[0]) : pitched(item, ext[0], str[0], cai, op);
            }
            if (n == 2 && str[0] == item) {
                return pitched(item * ext[0], ext[1], str[1], cai, op);
            }
            throw refuse(cai, op, "it is not rows of contiguous elements at one pitch");
        }

        private static Plan pitched(long width, long height, long pitch, CudaArrayInterface cai, String op) {
            if (pitch < width) {
                throw refuse(cai, op, "its rows overlap (pitch " + pitch + " < row of " + width + " bytes)");
            }
            return new Plan(width, height, pitch);
        }

        private static IllegalArgumentException refuse(CudaArrayInterface cai, String op, String why) {
            return new IllegalArgumentException(op + ": cannot copy the strided device array " + Arrays.toString(cai.shape())
                    + " with byte strides " + Arrays.toString(cai.stridesOrContiguous()) + " of " + cai.typestr() + ": " + why
                    + ". Copy it into a contiguous array on the device first (e.g. Tensor.copyFrom).");
        }
    }
}
