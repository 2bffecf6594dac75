package dev.cvj.tensor;

import java.util.Arrays;
import java.util.Objects;

/**
 * The shape and byte strides of a tensor, checked once: every way a tensor is made (allocation, wrapping,
 * an interface or DLPack import, reshape, slice) builds its geometry here, so the element count, the byte
 * size and the byte span are known to fit in a {@code long} and every refusal names the method, the
 * argument and the dimension.
 */
final class TensorGeometry {
    private static final String OVERFLOW = "more than 2^63-1";

    private final long[] shape;
    private final long[] strides;
    private final int itemSize;
    private final long elementCount;
    private final long byteSpan;

    private TensorGeometry(String who, long[] shape, long[] strides, int itemSize) {
        this.shape = shape;
        this.strides = strides;
        this.itemSize = itemSize;
        this.elementCount = count(who, shape);
        try {
            Math.multiplyExact(elementCount, (long) itemSize);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException(who + ": shape " + Arrays.toString(shape) + " of " + elementCount + " "
                    + itemSize + "-byte elements is " + OVERFLOW + " bytes");
        }
        this.byteSpan = span(who, shape, strides, itemSize, elementCount);
    }

    /** Dense (C order) strides; {@code who} names the calling method in errors. */
    static TensorGeometry dense(String who, long[] shape, TensorLayout layout, DataType dtype) {
        long[] sh = checkShape(who, shape, layout);
        count(who, sh); // a count that overflows is the clearer message than the stride it makes overflow
        return new TensorGeometry(who, sh, paddedStrides(who, sh, dtype.byteSize(), -1, 1), dtype.byteSize());
    }

    /** Rows (the H stride of an image layout) padded to {@code rowAlignment} bytes, as device images are. */
    static TensorGeometry padded(String who, long[] shape, TensorLayout layout, DataType dtype, int rowAlignment) {
        long[] sh = checkShape(who, shape, layout);
        if (rowAlignment < 1 || Integer.bitCount(rowAlignment) != 1) {
            throw new IllegalArgumentException(who + ": row alignment must be a power of two >= 1, got " + rowAlignment);
        }
        count(who, sh);
        int h = layout == null || rowAlignment == 1 ? -1 : rowDim(layout);
        return new TensorGeometry(who, sh, paddedStrides(who, sh, dtype.byteSize(), h, rowAlignment), dtype.byteSize());
    }

    /** The given byte strides (null: dense), each a non-negative multiple of the element size. */
    static TensorGeometry strided(String who, long[] shape, long[] strides, TensorLayout layout, DataType dtype) {
        if (strides == null) {
            return dense(who, shape, layout, dtype);
        }
        long[] sh = checkShape(who, shape, layout);
        long[] st = strides.clone();
        if (st.length != sh.length) {
            throw new IllegalArgumentException(who + ": " + st.length + " strides " + Arrays.toString(st)
                    + " for shape " + Arrays.toString(sh) + " of rank " + sh.length);
        }
        int item = dtype.byteSize();
        for (int d = 0; d < st.length; d++) {
            if (st[d] < 0 || st[d] % item != 0) {
                throw new IllegalArgumentException(who + ": stride " + st[d] + " of dimension " + d
                        + " is not a non-negative multiple of the " + item + "-byte elements of " + dtype);
            }
        }
        return new TensorGeometry(who, sh, st, item);
    }

    /** The strides {@link #padded} gives (tests read them). */
    static long[] deviceStrides(long[] shape, int item, TensorLayout layout, int rowAlignment) {
        int h = layout == null || rowAlignment == 1 ? -1 : rowDim(layout);
        return paddedStrides("Tensor.allocate", shape, item, h, rowAlignment);
    }

    private static long[] checkShape(String who, long[] shape, TensorLayout layout) {
        Objects.requireNonNull(shape, () -> who + ": shape is null");
        long[] sh = shape.clone();
        if (layout != null && layout.rank() != sh.length) {
            throw new IllegalArgumentException(who + ": shape " + Arrays.toString(sh) + " has rank " + sh.length
                    + " but layout " + layout + " has rank " + layout.rank());
        }
        if (sh.length > TensorLayout.MAX_RANK) {
            throw new IllegalArgumentException(who + ": shape " + Arrays.toString(sh) + " has more than "
                    + TensorLayout.MAX_RANK + " dimensions");
        }
        for (int d = 0; d < sh.length; d++) {
            if (sh[d] < 0) {
                throw new IllegalArgumentException(who + ": shape " + Arrays.toString(sh) + ": dimension " + d
                        + " is negative");
            }
        }
        return sh;
    }

    /** C-order strides, the stride of dimension {@code rowDim} (if any) rounded up to {@code alignment}. */
    private static long[] paddedStrides(String who, long[] shape, int item, int rowDim, int alignment) {
        long[] st = new long[shape.length];
        long step = item;
        int d = shape.length - 1;
        try {
            for (; d >= 0; d--) {
                if (d == rowDim) {
                    step = Math.multiplyExact(Math.ceilDiv(step, (long) alignment), (long) alignment);
                }
                st[d] = step;
                if (d > 0) { // the step past dimension 0 is the total size, which no stride needs
                    step = Math.multiplyExact(step, Math.max(shape[d], 1));
                }
            }
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException(who + ": shape " + Arrays.toString(shape) + " is too large: the byte"
                    + " stride outside dimension " + d + " is " + OVERFLOW);
        }
        return st;
    }

    /** The dimension whose stride is padded: H, when the layout ends with HW or HWC. */
    private static int rowDim(TensorLayout layout) {
        if (layout.endsWith("HWC")) {
            return layout.rank() - 3;
        }
        if (layout.endsWith("HW")) {
            return layout.rank() - 2;
        }
        return -1;
    }

    private static long count(String who, long[] shape) {
        long n = 1;
        for (int d = 0; d < shape.length; d++) {
            try {
                n = Math.multiplyExact(n, shape[d]);
            } catch (ArithmeticException e) {
                if (Arrays.stream(shape).anyMatch(s -> s == 0)) {
                    return 0;
                }
                throw new IllegalArgumentException(who + ": shape " + Arrays.toString(shape) + " has " + OVERFLOW
                        + " elements (the product overflows at dimension " + d + ")");
            }
        }
        return n;
    }

    private static long span(String who, long[] shape, long[] strides, int item, long count) {
        if (count == 0) {
            return 0;
        }
        long last = 0;
        for (int d = 0; d < shape.length; d++) {
            try {
                last = Math.addExact(last, Math.multiplyExact(shape[d] - 1, strides[d]));
            } catch (ArithmeticException e) {
                throw new IllegalArgumentException(who + ": shape " + Arrays.toString(shape) + " with strides "
                        + Arrays.toString(strides) + " spans " + OVERFLOW + " bytes (overflow at dimension " + d + ")");
            }
        }
        try {
            return Math.addExact(last, item);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException(who + ": shape " + Arrays.toString(shape) + " with strides "
                    + Arrays.toString(strides) + " spans " + OVERFLOW + " bytes");
        }
    }

    // ---- views -----------------------------------------------------------------------------------------

    /** The same elements with another shape: the count must match and this geometry be contiguous. */
    TensorGeometry reshape(String who, long[] newShape, TensorLayout layout, DataType dtype) {
        TensorGeometry g = dense(who, newShape, layout, dtype);
        if (g.elementCount != elementCount) {
            throw new IllegalArgumentException(who + ": cannot reshape " + Arrays.toString(shape) + " (" + elementCount
                    + " elements) to " + Arrays.toString(g.shape) + " (" + g.elementCount + " elements)");
        }
        if (!isContiguous()) {
            throw new IllegalStateException(who + ": cannot reshape a non-contiguous tensor (shape "
                    + Arrays.toString(shape) + ", strides " + Arrays.toString(strides)
                    + "): copy it into a dense tensor first");
        }
        return g;
    }

    /** {@code [start, start + length)} of dimension {@code dim}; see {@link #sliceOffset} for where it starts. */
    TensorGeometry slice(String who, int dim, long start, long length) {
        checkDim(who, dim);
        if (start < 0 || length < 0 || start > shape[dim] - length) {
            throw new IndexOutOfBoundsException(who + ": slice [" + start + ", " + start + " + " + length
                    + ") of dimension " + dim + " is outside its extent " + shape[dim] + " (start and length must be"
                    + " >= 0 and start + length <= " + shape[dim] + ")");
        }
        long[] sh = shape.clone();
        sh[dim] = length;
        return new TensorGeometry(who, sh, strides.clone(), itemSize);
    }

    /** Bytes from element 0 to the first element of a slice (0 for an empty one, whose start may be the end). */
    long sliceOffset(int dim, long start, long length) {
        return length == 0 ? 0 : start * strides[dim];
    }

    /** Throws an {@link IndexOutOfBoundsException} naming the method and the rank unless {@code dim} is a dimension. */
    int checkDim(String who, int dim) {
        if (dim < 0 || dim >= shape.length) {
            throw new IndexOutOfBoundsException(who + ": dimension " + dim + " is out of range for a tensor of rank "
                    + shape.length + " (shape " + Arrays.toString(shape) + ")");
        }
        return dim;
    }

    // ---- description -----------------------------------------------------------------------------------

    long[] shape() {
        return shape.clone();
    }

    long shape(int dim) {
        return shape[dim];
    }

    long[] strides() {
        return strides.clone();
    }

    long stride(int dim) {
        return strides[dim];
    }

    int rank() {
        return shape.length;
    }

    long elementCount() {
        return elementCount;
    }

    /** {@code elementCount * itemSize}, padding not counted. */
    long byteSize() {
        return elementCount * itemSize;
    }

    /** Bytes from element 0 to one past the last element. */
    long byteSpan() {
        return byteSpan;
    }

    boolean sameShape(TensorGeometry other) {
        return Arrays.equals(shape, other.shape);
    }

    boolean sameStrides(TensorGeometry other) {
        return Arrays.equals(strides, other.strides);
    }

    /** Whether the elements are densely packed in C order (strides of extent-1 dimensions do not matter). */
    boolean isContiguous() {
        if (elementCount == 0) {
            return true;
        }
        long step = itemSize;
        for (int d = shape.length - 1; d >= 0; d--) {
            if (shape[d] > 1 && strides[d] != step) {
                return false;
            }
            step *= shape[d]; // cannot overflow: the count times the item size fits
        }
        return true;
    }

    /** Byte offset of element {@code index} (C order), each index checked against its extent. */
    long offsetOf(long[] index) {
        long o = 0;
        for (int d = 0; d < index.length; d++) {
            o += Objects.checkIndex(index[d], shape[d]) * strides[d];
        }
        return o;
    }

    @Override
    public String toString() {
        return Arrays.toString(shape);
    }
}
