package dev.cvj.ops.internal;

import dev.cvj.tensor.DataType;
import dev.cvj.tensor.Tensor;
import dev.cvj.tensor.TensorLayout;
import java.lang.foreign.MemorySegment;
import java.util.Set;

/**
 * The one image geometry of the operators: an image tensor (NHWC, HWC, NCHW or CHW) seen as {@code n x h x w}
 * pixels of {@code c} elements, with byte strides for each of the four axes (0 for the N of an unbatched
 * layout). Kernels and CPU loops address every layout through it. Made by {@link OpCheck#image}, which checks
 * the layout and the extents first.
 */
public record PixelGrid(Tensor tensor, int n, int h, int w, int c, long sN, long sH, long sW, long sC) {
    public static final Set<String> INTERLEAVED = Set.of("NHWC", "HWC");
    public static final Set<String> ANY_IMAGE = Set.of("NHWC", "HWC", "NCHW", "CHW");

    /**
     * The longest image row a device tensor may have, in bytes ({@code W x C x element size}, whatever the
     * layout): the kernels index pixels and elements within a row in 32 bits, and a thread's index may run a few
     * thousand past the row's end before its bounds check, so rows stay 2^16 bytes short of 2^31. Longer rows
     * are refused ({@link OpCheck#image}, {@link Outputs#allocate}) instead of wrapping to negative offsets.
     */
    public static final long MAX_DEVICE_ROW_BYTES = Integer.MAX_VALUE - 65535L;

    /** Views {@code t}, whose layout is an image layout and whose extents fit an int (see {@link OpCheck#image}). */
    static PixelGrid of(Tensor t) {
        TensorLayout l = t.layout(); // extents and strides one by one: no array copied on an operator's hot path
        int in = l.indexOf('N'), ih = l.indexOf('H'), iw = l.indexOf('W'), ic = l.indexOf('C');
        return new PixelGrid(t, in < 0 ? 1 : (int) t.shape(in), (int) t.shape(ih), (int) t.shape(iw), (int) t.shape(ic),
                in < 0 ? 0 : t.stride(in), t.stride(ih), t.stride(iw), t.stride(ic));
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

    /** Bytes of one row's elements, {@code W x C x element size} (whatever the layout). */
    public long rowBytes() {
        return (long) w * c * elemSize();
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

    /** The four strides (N, H, W, C). */
    public long[] strides() {
        return new long[] {sN, sH, sW, sC};
    }

    /** A host image of packed pixels as the CPU paths of Resize and CvtColor address it (shares its memory). */
    public CpuImage cpu() {
        return new CpuImage(host(), dtype(), n, h, w, c, sN, sH, sW);
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

    @Override
    public String toString() {
        return layout() + " " + dtype() + " " + n + "x" + h + "x" + w + "x" + c;
    }
}
