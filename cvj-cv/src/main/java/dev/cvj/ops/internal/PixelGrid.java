package dev.cvj.ops.internal;

import dev.cvj.cuda.Stream;
import dev.cvj.tensor.CurrentStream;
import dev.cvj.tensor.DataType;
import dev.cvj.tensor.Tensor;
import dev.cvj.tensor.TensorLayout;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * An image tensor (NHWC, HWC, NCHW or CHW) seen as {@code n x h x w} pixels of {@code c} elements, with
 * byte strides for each of the four axes (0 for the N of an unbatched layout). Kernels and CPU loops of the
 * group-A operators (ConvertTo, Normalize, Reformat, crops, Flip, ...) address every layout through it.
 */
public record PixelGrid(Tensor tensor, int n, int h, int w, int c, long sN, long sH, long sW, long sC) {
    public static final Set<String> INTERLEAVED = Set.of("NHWC", "HWC");
    public static final Set<String> ANY_IMAGE = Set.of("NHWC", "HWC", "NCHW", "CHW");

    /** Views {@code t}; {@code role} ("src", "dst", ...) names it in messages; its layout must be one of {@code layouts}. */
    public static PixelGrid of(Tensor t, String role, Set<String> layouts) {
        if (t == null) {
            throw new NullPointerException(role + " is null");
        }
        TensorLayout l = t.layout();
        if (l == null || !layouts.contains(l.labels())) {
            throw new IllegalArgumentException(role + " has layout " + l + "; supported: " + sorted(layouts));
        }
        long[] shape = t.shape();
        long[] st = t.strides();
        for (long s : shape) {
            if (s > Integer.MAX_VALUE) {
                throw new IllegalArgumentException(role + " shape " + Arrays.toString(shape) + " has an extent above 2^31-1");
            }
        }
        int in = l.indexOf('N'), ih = l.indexOf('H'), iw = l.indexOf('W'), ic = l.indexOf('C');
        return new PixelGrid(t, in < 0 ? 1 : (int) shape[in], (int) shape[ih], (int) shape[iw], (int) shape[ic],
                in < 0 ? 0 : st[in], st[ih], st[iw], st[ic]);
    }

    public DataType dtype() {
        return tensor.dtype();
    }

    public int elemSize() {
        return tensor.dtype().byteSize();
    }

    public String layout() {
        return tensor.layout().labels();
    }

    public boolean batched() {
        return tensor.layout().has('N');
    }

    /** Channel-planar layout (NCHW, CHW). */
    public boolean planar() {
        return tensor.layout().indexOf('C') < tensor.layout().indexOf('H');
    }

    /** Pixels are dense in each row: channels adjacent, pixels adjacent (interleaved layouts). */
    public boolean rowsDense() {
        return sC == elemSize() && sW == (long) c * elemSize();
    }

    /** Byte offset of element (img, y, x, ch) from element 0. */
    public long offset(int img, int y, int x, int ch) {
        return img * sN + y * sH + x * sW + ch * sC;
    }

    /** The host segment, element 0 at offset 0 (host tensors). */
    public MemorySegment host() {
        return tensor.hostSegment();
    }

    /** Device address of element 0 (device tensors). */
    public long address() {
        return tensor.address();
    }

    // ---- shared checks ----

    public void requireDtype(String role, Set<DataType> allowed) {
        if (!allowed.contains(dtype())) {
            throw new IllegalArgumentException(role + " has data type " + dtype() + "; supported: " + sortedTypes(allowed));
        }
    }

    public void requireChannels(String role, int min, int max) {
        if (c < min || c > max) {
            throw new IllegalArgumentException(role + " has " + c + " channels; supported: " + min + ".." + max);
        }
    }

    /** Both on the host, or both on the same device; a mix names both places (see {@link Placement}). */
    public static void requireSamePlace(Tensor a, String roleA, Tensor b, String roleB) {
        Placement.requireSame(null, roleA, a, roleB, b);
    }

    /**
     * The stream to launch on: {@code s} (it must be on {@code t}'s device), else the thread's current stream
     * when it is on {@code t}'s device, else {@code t}'s device's per-thread default stream. For a host tensor,
     * {@code s} or the current stream.
     */
    public static Stream stream(Stream s, Tensor t) {
        if (t.isHost()) {
            return s != null ? s : CurrentStream.get();
        }
        return Placement.stream(null, t, s);
    }

    /** A new tensor beside {@code like} (host, or the same device on {@code s}). */
    public static Tensor allocateLike(Tensor like, long[] shape, DataType dtype, TensorLayout layout, Stream s) {
        if (like.isHost()) {
            return Tensor.allocateHost(shape, dtype, layout);
        }
        return Tensor.allocate(shape, dtype, layout, stream(s, like));
    }

    /** The shape of an image tensor of {@code layout} with these extents ({@code n} ignored without N). */
    public static long[] shapeOf(TensorLayout layout, int n, int h, int w, int c) {
        String l = layout.labels();
        long[] s = new long[l.length()];
        for (int i = 0; i < s.length; i++) {
            s[i] = switch (l.charAt(i)) {
                case 'N' -> n;
                case 'H' -> h;
                case 'W' -> w;
                case 'C' -> c;
                default -> throw new IllegalArgumentException("layout " + l + " is not an image layout");
            };
        }
        return s;
    }

    private static String sorted(Set<String> s) {
        return s.stream().sorted().collect(Collectors.joining(", "));
    }

    private static String sortedTypes(Set<DataType> s) {
        return s.stream().sorted().map(Enum::name).collect(Collectors.joining(", "));
    }

    @Override
    public String toString() {
        return layout() + " " + dtype() + " " + n + "x" + h + "x" + w + "x" + c;
    }
}
