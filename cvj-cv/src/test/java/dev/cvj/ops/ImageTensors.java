package dev.cvj.ops;

import dev.cvj.ops.internal.CpuPixels;
import dev.cvj.ops.internal.OpCheck;
import dev.cvj.ops.internal.PixelGrid;
import dev.cvj.tensor.DataType;
import dev.cvj.tensor.Tensor;
import dev.cvj.tensor.TensorLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Random;

/** Test helpers of Resize and CvtColor: random host tensors and element-wise comparison. */
final class ImageTensors {
    private ImageTensors() {}

    static Tensor randomHost(Random rnd, long[] shape, DataType t, TensorLayout layout) {
        Tensor x = Tensor.allocateHost(shape, t, layout);
        MemorySegment seg = x.hostSegment();
        long n = x.elementCount();
        for (long i = 0; i < n; i++) {
            switch (t) {
                case U8 -> seg.set(ValueLayout.JAVA_BYTE, i, (byte) rnd.nextInt(256));
                case U16, S16 -> seg.set(ValueLayout.JAVA_SHORT_UNALIGNED, 2 * i, (short) rnd.nextInt(65536));
                case F32 -> seg.set(ValueLayout.JAVA_FLOAT_UNALIGNED, 4 * i, rnd.nextFloat());
                case F16 -> seg.set(ValueLayout.JAVA_SHORT_UNALIGNED, 2 * i, Float.floatToFloat16(rnd.nextFloat()));
                default -> throw new IllegalArgumentException(t.toString());
            }
        }
        return x;
    }

    /**
     * Compares two host images of one shape in any image layout (HWC equals NHWC with N = 1): integers within
     * {@code intTol}, floats within {@code relTol} relative (to max(1, |expected|)), equal infinities and NaN equal to NaN. Returns a
     * description of the first mismatch and the count, or null.
     */
    static String mismatch(Tensor got, Tensor want, int intTol, double relTol) {
        PixelGrid a = OpCheck.of("test").image("got", got, PixelGrid.ANY_IMAGE), b = OpCheck.of("test").image("want", want, PixelGrid.ANY_IMAGE);
        if (a.n() != b.n() || a.h() != b.h() || a.w() != b.w() || a.c() != b.c() || a.dtype() != b.dtype()
                || !a.planar() == b.planar()) {
            return "got " + a + " but the single-image call gives " + b;
        }
        int count = 0;
        String first = null;
        for (int n = 0; n < a.n(); n++) {
            for (int y = 0; y < a.h(); y++) {
                for (int x = 0; x < a.w(); x++) {
                    for (int c = 0; c < a.c(); c++) {
                        double va = element(a, n, y, x, c), vb = element(b, n, y, x, c);
                        double d = Math.abs(va - vb);
                        boolean bad = a.dtype().isFloatingPoint() ? va != vb && !(d <= relTol * Math.max(1, Math.abs(vb)))
                                && !(Double.isNaN(va) && Double.isNaN(vb)) : d > intTol;
                        if (bad) {
                            if (first == null) {
                                first = "at [" + n + "," + y + "," + x + "," + c + "] got " + va + ", expected " + vb;
                            }
                            count++;
                        }
                    }
                }
            }
        }
        return count == 0 ? null : count + " elements differ, first " + first;
    }

    /** An element as a double: the 32-bit integers (MinMaxLoc's locations, counts) exactly, the others as loaded. */
    private static double element(PixelGrid g, int n, int y, int x, int c) {
        long off = g.offset(n, y, x, c);
        return switch (g.dtype()) {
            case S32 -> g.host().get(ValueLayout.JAVA_INT_UNALIGNED, off);
            case U32 -> Integer.toUnsignedLong(g.host().get(ValueLayout.JAVA_INT_UNALIGNED, off));
            default -> CpuPixels.load(g.host(), off, g.dtype());
        };
    }
}
