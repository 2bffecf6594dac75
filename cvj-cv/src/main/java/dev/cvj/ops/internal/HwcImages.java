package dev.cvj.ops.internal;

import dev.cvj.cuda.Stream;
import dev.cvj.tensor.DataType;
import dev.cvj.tensor.Tensor;
import java.util.Objects;
import java.util.Set;

/**
 * Checks and geometry of interleaved image tensors (NHWC batches and HWC images) for Resize and CvtColor:
 * every problem is reported with the operator's name before any GPU work.
 */
public final class HwcImages {
    private HwcImages() {}

    /** Batch, height, width and channels of an NHWC or HWC tensor, with its byte strides. */
    public record Geometry(int n, int h, int w, int c, long strideN, long strideH, long strideW, boolean batched) {}

    /** Checks layout NHWC/HWC, sizes, packed channels (channel stride = element size, pixel stride = C elements). */
    public static Geometry geometry(String op, String role, Tensor t) {
        Objects.requireNonNull(t, role);
        if (t.layout() == null || !(t.layout().labels().equals("NHWC") || t.layout().labels().equals("HWC"))) {
            throw new IllegalArgumentException(op + ": " + role + " layout must be NHWC or HWC, got "
                    + (t.layout() == null ? "none" : t.layout().labels()));
        }
        boolean batched = t.rank() == 4;
        int o = batched ? 1 : 0;
        long[] s = t.shape();
        long[] st = t.strides();
        for (long v : s) {
            if (v > Integer.MAX_VALUE) {
                throw new IllegalArgumentException(op + ": " + role + " shape " + java.util.Arrays.toString(s)
                        + " has a dimension over " + Integer.MAX_VALUE);
            }
        }
        if (s[o] < 1 || s[o + 1] < 1 || (batched && s[0] < 1)) {
            throw new IllegalArgumentException(op + ": " + role + " shape " + java.util.Arrays.toString(s)
                    + " is empty");
        }
        int es = t.dtype().byteSize();
        int c = (int) s[o + 2];
        if ((c > 1 && st[o + 2] != es) || (s[o + 1] > 1 && st[o + 1] != (long) c * es)) {
            throw new IllegalArgumentException(op + ": " + role + " pixels must be packed (channel stride " + es
                    + ", pixel stride " + (long) c * es + " bytes), got strides " + java.util.Arrays.toString(st));
        }
        for (long v : st) {
            if (v < 0) {
                throw new IllegalArgumentException(op + ": " + role + " has a negative stride "
                        + java.util.Arrays.toString(st));
            }
        }
        return new Geometry(batched ? (int) s[0] : 1, (int) s[o], (int) s[o + 1], c,
                batched ? st[0] : 0, st[o], (long) c * es, batched);
    }

    /** Fails unless {@code t}'s type is one of {@code allowed}. */
    public static void checkType(String op, String role, Tensor t, Set<DataType> allowed) {
        if (!allowed.contains(t.dtype())) {
            throw new IllegalArgumentException(op + ": " + role + " data type " + t.dtype() + " is not supported ("
                    + allowed + ")");
        }
    }

    /** Both host, or both on one device (a mix names both places); dst writable. */
    public static void checkPlacement(String op, Tensor src, Tensor dst) {
        Placement.requireSame(op, "src", src, "dst", dst);
        if (dst.isReadOnly()) {
            throw new IllegalArgumentException(op + ": dst is read-only");
        }
    }

    /**
     * The stream to launch on: {@code stream} (it must be on the tensors' device), else the current one when it
     * is on that device, else that device's per-thread default stream. See {@link Placement#stream}.
     */
    public static Stream stream(String op, Tensor t, Stream stream) {
        return Placement.stream(op, t, stream);
    }

    /** The CPU element type of a host tensor type. */
    public static CpuImage.Elem elem(DataType t) {
        return switch (t) {
            case U8 -> CpuImage.Elem.U8;
            case U16 -> CpuImage.Elem.U16;
            case S16 -> CpuImage.Elem.S16;
            case F32 -> CpuImage.Elem.F32;
            case F16 -> CpuImage.Elem.F16;
            default -> throw new IllegalArgumentException("no CPU path for " + t);
        };
    }

    /** A host tensor as a {@link CpuImage} (shares its memory). */
    public static CpuImage cpu(Tensor t, Geometry g) {
        return new CpuImage(t.hostSegment(), 0, elem(t.dtype()), g.n(), g.h(), g.w(), g.c(),
                g.strideN(), g.strideH(), g.strideW());
    }

    /** Short name of a kernel element type. */
    public static String typeName(DataType t) {
        return t.name().toLowerCase(java.util.Locale.ROOT);
    }
}
