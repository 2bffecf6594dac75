package dev.cvj.ops;

import dev.cvj.cuda.Kernel;
import dev.cvj.cuda.KernelArgs;
import dev.cvj.cuda.Stream;
import dev.cvj.ops.internal.CpuPixels;
import dev.cvj.ops.internal.DeviceParameters;
import dev.cvj.ops.internal.FilterVarShape;
import dev.cvj.ops.internal.KernelLibrary;
import dev.cvj.ops.internal.Launch;
import dev.cvj.ops.internal.OpCheck;
import dev.cvj.ops.internal.Outputs;
import dev.cvj.ops.internal.ParameterTensors;
import dev.cvj.ops.internal.PixelGrid;
import dev.cvj.tensor.DataType;
import dev.cvj.tensor.ImageBatchVarShape;
import dev.cvj.tensor.ImageSize;
import dev.cvj.tensor.PixelType;
import dev.cvj.tensor.Tensor;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Morphological filtering, OpenCV's {@code cv::erode}, {@code cv::dilate} and {@code cv::morphologyEx} with
 * {@code MORPH_OPEN} / {@code MORPH_CLOSE} (CV-CUDA's MorphologyEx): with the set pixels of a structuring
 * {@link Element} placed at each pixel by its anchor,
 * <pre>
 *   ERODE    dst(x, y) = min over set (i, j) of src(x + j - anchorX, y + i - anchorY)
 *   DILATE   dst(x, y) = max over the same pixels (the element is not reflected, as in OpenCV)
 *   OPEN     DILATE(ERODE(src))      CLOSE   ERODE(DILATE(src))      (each step run `iterations` times)
 * </pre>
 * Pixels outside the image follow the border: by default ({@link #DEFAULT_BORDER_VALUE}, OpenCV's
 * {@code morphologyDefaultBorderValue()}) a constant that never wins (the type's maximum for an erosion, its minimum
 * for a dilation, ±FLT_MAX for F32), else {@link BorderType#CONSTANT} with the given value (saturated to the type,
 * rounded half to even) or REPLICATE, REFLECT, REFLECT_101; WRAP is refused, as by OpenCV. Channels are filtered
 * independently. Bit-exact with OpenCV 4.6 on the goldens, and GPU equals CPU bit for bit (min and max are exact).
 *
 * <p>Design: every step is one or more min/max passes over a list of offsets. A rectangle (an element whose pixels
 * are all set) is separable: a row pass over its width, then a column pass over its height, {@code w + h} reads
 * per pixel instead of {@code w * h}, the same result since the border maps rows and columns independently; as
 * OpenCV does, {@code k > 1} iterations of a {@code w x h} rectangle run once as the rectangle
 * {@code (w + (k-1)(w-1)) x (h + (k-1)(h-1))} anchored at {@code k * anchor}. Any other element runs one pass over
 * its set pixels per iteration. Passes go through at most two temporary images of src's shape. The GPU kernel
 * computes one pixel per thread, reading the offsets from a small device table (cached). A benchmark should time a
 * 3x3 and a 15x15 rectangle and a 7x7 ellipse on a 1080p U8 RGB image, and several iterations.
 *
 * <p>NaN elements (F32): a NaN never replaces the running minimum or maximum (a NaN result needs every read to be
 * NaN); OpenCV's SIMD {@code min}/{@code max} may differ there.
 *
 * <table>
 *   <caption>Support</caption>
 *   <tr><th></th><th>src</th><th>dst</th></tr>
 *   <tr><td>Layouts</td><td>NHWC, HWC, NCHW, CHW</td><td>same as src</td></tr>
 *   <tr><td>Data types</td><td>U8, U16, S16, F32</td><td>same as src</td></tr>
 *   <tr><td>Channels</td><td>1, 2, 3, 4</td><td>same as src</td></tr>
 *   <tr><td>Shape</td><td>any; element sides up to 65535, pixels up to 2^26 (after the iterations' enlargement)</td><td>same as src</td></tr>
 *   <tr><td>Varshape</td><td>an {@link ImageBatchVarShape} (1 to 65535 images on a device, any number on the host;
 *       the types and channels above), an element per image (or CV-CUDA's mask size and anchor tensors); operation,
 *       iterations and border for all</td><td>a varshape batch of the same sizes, channels and type (new, or the
 *       caller's; no dst image may overlap a src image)</td></tr>
 * </table>
 * dst must not overlap src in memory. iterations must be at least 1.
 *
 * <pre>{@code
 * Morphology.Element e = Morphology.Element.of(Morphology.Shape.ELLIPSE, 5, 5);
 * Tensor opened = Morphology.morphology(mask, Morphology.Operation.OPEN, e, 1);   // current stream
 * }</pre>
 */
public final class Morphology {
    /** The operation. */
    public enum Operation {
        /** The minimum under the element. */
        ERODE,
        /** The maximum under the element. */
        DILATE,
        /** Erode, then dilate. */
        OPEN,
        /** Dilate, then erode. */
        CLOSE
    }

    /** The shapes of {@code cv::getStructuringElement} ({@code MORPH_RECT}, {@code MORPH_CROSS}, {@code MORPH_ELLIPSE}). */
    public enum Shape {
        /** Every pixel of the rectangle. */
        RECT,
        /** The anchor's row and column. */
        CROSS,
        /** The ellipse inscribed in the rectangle. */
        ELLIPSE
    }

    /** OpenCV's {@code morphologyDefaultBorderValue()}: with CONSTANT, a border that never wins. */
    public static final double DEFAULT_BORDER_VALUE = Double.MAX_VALUE;

    /** The largest element side, after the enlargement of iterated rectangles (kernels add offsets in 32 bits). */
    public static final int MAX_ELEMENT_SIDE = 65535;

    /** The most pixels of an element (2^26), after the enlargement of iterated rectangles. */
    public static final long MAX_ELEMENT_PIXELS = 1L << 26;

    private static final OpCheck OP = OpCheck.of("Morphology");
    private static final FilterVarShape VARSHAPE = new FilterVarShape(OP);
    /** Bytes per image of a varshape batch's pass table (morphology.cu's MorphImage). */
    private static final int PASS_BYTES = 64;
    private static final Set<DataType> TYPES = EnumSet.of(DataType.U8, DataType.U16, DataType.S16, DataType.F32);

    private Morphology() {}

    /**
     * A structuring element: a {@code width x height} mask (nonzero = set, at least one pixel set) and its anchor,
     * the pixel placed on the output pixel. Immutable.
     */
    public static final class Element {
        private final byte[] mask;
        private final int width, height, anchorX, anchorY;

        private Element(byte[] mask, int width, int height, int anchorX, int anchorY) {
            this.mask = mask;
            this.width = width;
            this.height = height;
            this.anchorX = anchorX;
            this.anchorY = anchorY;
        }

        /**
         * {@return {@code cv::getStructuringElement(shape, (width, height))}, anchored at its centre}
         *
         * @param shape the element's shape
         * @param width the element's width
         * @param height the element's height
         */
        public static Element of(Shape shape, int width, int height) {
            return of(shape, width, height, width / 2, height / 2);
        }

        /**
         * {@return {@code cv::getStructuringElement(shape, (width, height), (anchorX, anchorY))} (the anchor places a
         * CROSS's bars), anchored there} An ELLIPSE is inscribed in the box whatever the anchor, as in OpenCV.
         *
         * @param shape the element's shape
         * @param width the element's width
         * @param height the element's height
         * @param anchorX the kernel's anchor column; -1: the centre
         * @param anchorY the kernel's anchor row; -1: the centre
         */
        public static Element of(Shape shape, int width, int height, int anchorX, int anchorY) {
            OP.notNull(shape, "shape");
            checkBox(width, height, anchorX, anchorY);
            if (width == 1 && height == 1) {
                shape = Shape.RECT;
            }
            byte[] m = new byte[Math.multiplyExact(width, height)];
            int r = height / 2, c = width / 2;
            double invR2 = r != 0 ? 1.0 / ((double) r * r) : 0;
            for (int i = 0; i < height; i++) {
                int j1 = 0, j2 = 0;
                if (shape == Shape.RECT || (shape == Shape.CROSS && i == anchorY)) {
                    j2 = width;
                } else if (shape == Shape.CROSS) {
                    j1 = anchorX;
                    j2 = j1 + 1;
                } else {
                    int dy = i - r;
                    if (Math.abs(dy) <= r) {
                        int dx = (int) Math.rint(c * Math.sqrt((r * r - dy * dy) * invR2)); // saturate_cast<int>
                        j1 = Math.max(c - dx, 0);
                        j2 = Math.min(c + dx + 1, width);
                    }
                }
                Arrays.fill(m, i * width + j1, i * width + Math.max(j1, j2), (byte) 1);
            }
            return new Element(m, width, height, anchorX, anchorY);
        }

        /**
         * {@return a user mask, row-major {@code height x width} bytes (nonzero = set), anchored at its centre}
         *
         * @param mask the mask: nonzero pixels are set
         * @param width the element's width
         * @param height the element's height
         */
        public static Element of(byte[] mask, int width, int height) {
            return of(mask, width, height, width / 2, height / 2);
        }

        /**
         * {@return a user mask, row-major {@code height x width} bytes (nonzero = set), anchored at (anchorX,
         * anchorY)}
         *
         * @param mask the mask: nonzero pixels are set
         * @param width the element's width
         * @param height the element's height
         * @param anchorX the kernel's anchor column; -1: the centre
         * @param anchorY the kernel's anchor row; -1: the centre
         */
        public static Element of(byte[] mask, int width, int height, int anchorX, int anchorY) {
            OP.notNull(mask, "mask");
            checkBox(width, height, anchorX, anchorY);
            if (mask.length != (long) width * height) {
                throw OP.fail("mask has " + mask.length + " bytes, expected width x height = " + width + " x " + height);
            }
            byte[] m = mask.clone();
            for (byte b : m) {
                if (b != 0) {
                    return new Element(m, width, height, anchorX, anchorY);
                }
            }
            throw OP.fail("mask has no pixel set (every byte is 0)");
        }

        /**
         * {@return a U8 mask tensor (host or device), shape [height, width] or [height, width, 1], anchored at its
         * centre}
         *
         * @param mask the mask: nonzero pixels are set
         */
        public static Element of(Tensor mask) {
            int[] hw = maskSize(mask);
            return of(mask, hw[1] / 2, hw[0] / 2);
        }

        /**
         * {@return a U8 mask tensor (host or device), shape [height, width] or [height, width, 1], anchored at
         * (anchorX, anchorY)}
         *
         * @param mask the mask: nonzero pixels are set
         * @param anchorX the kernel's anchor column; -1: the centre
         * @param anchorY the kernel's anchor row; -1: the centre
         */
        public static Element of(Tensor mask, int anchorX, int anchorY) {
            int[] hw = maskSize(mask);
            byte[] b = new byte[hw[0] * hw[1]];
            mask.copyTo(b);
            return of(b, hw[1], hw[0], anchorX, anchorY);
        }

        private static int[] maskSize(Tensor mask) {
            OP.notNull(mask, "mask");
            long[] s = mask.shape();
            if (mask.dtype() != DataType.U8 || !(s.length == 2 || (s.length == 3 && s[2] == 1))) {
                throw OP.fail("mask must be a U8 tensor of shape [height, width] or [height, width, 1], not "
                        + mask.dtype() + " " + Arrays.toString(s));
            }
            if (s[0] < 1 || s[1] < 1 || s[0] > MAX_ELEMENT_SIDE || s[1] > MAX_ELEMENT_SIDE || s[0] * s[1] > MAX_ELEMENT_PIXELS) {
                throw OP.fail("mask has shape " + Arrays.toString(s) + ": sides must be 1.." + MAX_ELEMENT_SIDE
                        + ", pixels at most " + MAX_ELEMENT_PIXELS);
            }
            return new int[] {(int) s[0], (int) s[1]};
        }

        private static void checkBox(int width, int height, int anchorX, int anchorY) {
            if (width < 1 || height < 1 || width > MAX_ELEMENT_SIDE || height > MAX_ELEMENT_SIDE) {
                throw OP.fail("element size " + width + " x " + height + ": sides must be 1.." + MAX_ELEMENT_SIDE);
            }
            if ((long) width * height > MAX_ELEMENT_PIXELS) {
                throw OP.fail("element size " + width + " x " + height + ": at most " + MAX_ELEMENT_PIXELS + " pixels");
            }
            if (anchorX < 0 || anchorX >= width || anchorY < 0 || anchorY >= height) {
                throw OP.fail("anchor (" + anchorX + ", " + anchorY + ") lies outside the " + width + " x " + height
                        + " element");
            }
        }

        /** {@return the width} */
        public int width() {
            return width;
        }

        /** {@return the height} */
        public int height() {
            return height;
        }

        /** {@return the anchor's column} */
        public int anchorX() {
            return anchorX;
        }

        /** {@return the anchor's row} */
        public int anchorY() {
            return anchorY;
        }

        /**
         * {@return whether pixel (x, y) is set}
         *
         * @param x the column
         * @param y the row
         */
        public boolean isSet(int x, int y) {
            return mask[Math.addExact(Math.multiplyExact(Objects.checkIndex(y, height), width), Objects.checkIndex(x, width))] != 0;
        }

        private boolean isRect() {
            for (byte b : mask) {
                if (b == 0) {
                    return false;
                }
            }
            return true;
        }

        /** The (dx, dy) pairs of the set pixels relative to the anchor, row by row. */
        private int[] offsets() {
            int[] o = new int[2 * width * height];
            int k = 0;
            for (int i = 0; i < height; i++) {
                for (int j = 0; j < width; j++) {
                    if (mask[i * width + j] != 0) {
                        o[k++] = j - anchorX;
                        o[k++] = i - anchorY;
                    }
                }
            }
            return Arrays.copyOf(o, k);
        }

        @Override
        public String toString() {
            return "Element " + width + "x" + height + " anchor (" + anchorX + ", " + anchorY + ")" + (isRect() ? " rect" : "");
        }
    }

    // ---- public API ----

    /**
     * A new tensor: {@code src} filtered by {@code op} with the default border (see the class comment).
     *
     * @param src the input image(s), as the support table allows
     * @param op the operation
     * @param element the structuring element
     * @param iterations how many times the operation is applied
     * @param stream the stream for device work; null: the current stream
     * @return the new output, as the support table describes it
     * @throws IllegalArgumentException if an argument breaks the support table or the checks above (the
     *         message names the operator and the argument); nothing has run then
     * @throws NullPointerException if a required argument is null
     * @throws IllegalStateException if a tensor or batch argument is closed
     */
    public static Tensor morphology(Tensor src, Operation op, Element element, int iterations, Stream stream) {
        return morphology(src, op, element, iterations, BorderType.CONSTANT, DEFAULT_BORDER_VALUE, stream);
    }

    /**
     * As {@link #morphology(Tensor, Operation, Element, int, Stream)}, on the current stream.
     *
     * @param src the input image(s), as the support table allows
     * @param op the operation
     * @param element the structuring element
     * @param iterations how many times the operation is applied
     * @return the new output, as the support table describes it
     * @throws IllegalArgumentException if an argument breaks the support table or the checks above (the
     *         message names the operator and the argument); nothing has run then
     * @throws NullPointerException if a required argument is null
     * @throws IllegalStateException if a tensor or batch argument is closed
     */
    public static Tensor morphology(Tensor src, Operation op, Element element, int iterations) {
        return morphology(src, op, element, iterations, null);
    }

    /**
     * A new tensor: {@code src} filtered by {@code op}, {@code iterations} times per step, pixels outside the image
     * made by {@code border} ({@code borderValue} for CONSTANT; {@link #DEFAULT_BORDER_VALUE} for a border that never
     * wins). A null stream is the current stream.
     *
     * @param src the input image(s), as the support table allows
     * @param op the operation
     * @param element the structuring element
     * @param iterations how many times the operation is applied
     * @param border how pixels outside the image are read
     * @param borderValue the value of pixels outside the image, for {@link BorderType#CONSTANT}
     * @param stream the stream for device work; null: the current stream
     * @return the new output, as the support table describes it
     * @throws IllegalArgumentException if an argument breaks the support table or the checks above (the
     *         message names the operator and the argument); nothing has run then
     * @throws NullPointerException if a required argument is null
     * @throws IllegalStateException if a tensor or batch argument is closed
     */
    public static Tensor morphology(Tensor src, Operation op, Element element, int iterations, BorderType border,
                                    double borderValue, Stream stream) {
        PixelGrid s = check(src);
        List<Pass> plan = plan(s.dtype(), op, element, iterations, border, borderValue);
        return Outputs.allocate(OP, src, src.shape(), src.dtype(), src.layout(), stream, dst -> run(dst, s, plan, stream));
    }

    /**
     * As {@link #morphology(Tensor, Operation, Element, int, BorderType, double, Stream)}, on the current stream.
     *
     * @param src the input image(s), as the support table allows
     * @param op the operation
     * @param element the structuring element
     * @param iterations how many times the operation is applied
     * @param border how pixels outside the image are read
     * @param borderValue the value of pixels outside the image, for {@link BorderType#CONSTANT}
     * @return the new output, as the support table describes it
     * @throws IllegalArgumentException if an argument breaks the support table or the checks above (the
     *         message names the operator and the argument); nothing has run then
     * @throws NullPointerException if a required argument is null
     * @throws IllegalStateException if a tensor or batch argument is closed
     */
    public static Tensor morphology(Tensor src, Operation op, Element element, int iterations, BorderType border,
                                    double borderValue) {
        return morphology(src, op, element, iterations, border, borderValue, null);
    }

    /**
     * Writes {@code src} filtered into {@code dst} (same shape, layout and type), with the default border.
     *
     * @param dst the caller's output, as the support table allows
     * @param src the input image(s), as the support table allows
     * @param op the operation
     * @param element the structuring element
     * @param iterations how many times the operation is applied
     * @param stream the stream for device work; null: the current stream
     * @throws IllegalArgumentException if an argument breaks the support table or the checks above (the
     *         message names the operator and the argument); nothing has run then
     * @throws NullPointerException if a required argument is null
     * @throws IllegalStateException if a tensor or batch argument is closed
     */
    public static void morphologyInto(Tensor dst, Tensor src, Operation op, Element element, int iterations, Stream stream) {
        morphologyInto(dst, src, op, element, iterations, BorderType.CONSTANT, DEFAULT_BORDER_VALUE, stream);
    }

    /**
     * As {@link #morphologyInto(Tensor, Tensor, Operation, Element, int, Stream)}, on the current stream.
     *
     * @param dst the caller's output, as the support table allows
     * @param src the input image(s), as the support table allows
     * @param op the operation
     * @param element the structuring element
     * @param iterations how many times the operation is applied
     * @throws IllegalArgumentException if an argument breaks the support table or the checks above (the
     *         message names the operator and the argument); nothing has run then
     * @throws NullPointerException if a required argument is null
     * @throws IllegalStateException if a tensor or batch argument is closed
     */
    public static void morphologyInto(Tensor dst, Tensor src, Operation op, Element element, int iterations) {
        morphologyInto(dst, src, op, element, iterations, null);
    }

    /**
     * Writes {@code src} filtered into {@code dst} (same shape, layout and type); the arguments as for {@code
     * morphology}.
     *
     * @param dst the caller's output, as the support table allows
     * @param src the input image(s), as the support table allows
     * @param op the operation
     * @param element the structuring element
     * @param iterations how many times the operation is applied
     * @param border how pixels outside the image are read
     * @param borderValue the value of pixels outside the image, for {@link BorderType#CONSTANT}
     * @param stream the stream for device work; null: the current stream
     * @throws IllegalArgumentException if an argument breaks the support table or the checks above (the
     *         message names the operator and the argument); nothing has run then
     * @throws NullPointerException if a required argument is null
     * @throws IllegalStateException if a tensor or batch argument is closed
     */
    public static void morphologyInto(Tensor dst, Tensor src, Operation op, Element element, int iterations,
                                      BorderType border, double borderValue, Stream stream) {
        PixelGrid s = check(src);
        run(dst, s, plan(s.dtype(), op, element, iterations, border, borderValue), stream);
    }

    /**
     * As {@link #morphologyInto(Tensor, Tensor, Operation, Element, int, BorderType, double, Stream)}, on the current
     * stream.
     *
     * @param dst the caller's output, as the support table allows
     * @param src the input image(s), as the support table allows
     * @param op the operation
     * @param element the structuring element
     * @param iterations how many times the operation is applied
     * @param border how pixels outside the image are read
     * @param borderValue the value of pixels outside the image, for {@link BorderType#CONSTANT}
     * @throws IllegalArgumentException if an argument breaks the support table or the checks above (the
     *         message names the operator and the argument); nothing has run then
     * @throws NullPointerException if a required argument is null
     * @throws IllegalStateException if a tensor or batch argument is closed
     */
    public static void morphologyInto(Tensor dst, Tensor src, Operation op, Element element, int iterations,
                                      BorderType border, double borderValue) {
        morphologyInto(dst, src, op, element, iterations, border, borderValue, null);
    }

    // ---- varshape batches ----

    /**
     * A new varshape batch: image i of {@code src} filtered by {@code op} with {@code elements[i]} (1 entry for every
     * image, or one per image), {@code iterations} times per step, pixels outside each image made by {@code border}
     * ({@code borderValue} for CONSTANT; {@link #DEFAULT_BORDER_VALUE} for a border that never wins), as the single-image
     * call filters it (CV-CUDA's MorphologyVarShape, with any element). The batch owns its images. A null stream is the
     * current stream.
     *
     * @param src the input batch, as the support table allows
     * @param op the operation (for every image)
     * @param elements the structuring element per image; 1 entry for every image, or one per image
     * @param iterations how many times each step is applied, at least 1 (for every image)
     * @param border how pixels outside each image are read, not WRAP (for every image)
     * @param borderValue the value of pixels outside the image for {@link BorderType#CONSTANT}, saturated to the type
     *         ({@link #DEFAULT_BORDER_VALUE}: a border that never wins); not NaN
     * @param stream the stream for device work; null: the current stream
     * @return a new batch of src's count, sizes, channels and type, beside src (the host or its device); it owns its
     *         images (closing it frees them) and the caller closes it
     * @throws IllegalArgumentException if src is closed or empty or breaks the support table, elements has neither 1
     *         entry nor one per image, iterations is below 1, border is WRAP or borderValue is NaN, or an image's
     *         element (enlarged by the iterations) breaks the checks of the single-image call (the message names the
     *         operator, the argument and, for one image's parameters, the image); nothing has run then
     * @throws NullPointerException if src, op, border, elements or an entry of elements is null
     */
    public static ImageBatchVarShape morphology(ImageBatchVarShape src, Operation op, Element[] elements, int iterations,
                                                BorderType border, double borderValue, Stream stream) {
        PixelType p = VARSHAPE.source(src);
        Plan[] plans = plans(src, p, op, elements, iterations, border, borderValue);
        return VARSHAPE.allocate(src, p, p.dataType(), stream, dst -> run(dst, src, p, plans, border, stream));
    }

    /**
     * As {@link #morphology(ImageBatchVarShape, Operation, Element[], int, BorderType, double, Stream)}, on the current
     * stream.
     *
     * @param src the input batch, as the support table allows
     * @param op the operation (for every image)
     * @param elements the structuring element per image; 1 entry for every image, or one per image
     * @param iterations how many times each step is applied, at least 1 (for every image)
     * @param border how pixels outside each image are read, not WRAP (for every image)
     * @param borderValue the value of pixels outside the image for {@link BorderType#CONSTANT}, saturated to the type
     *         ({@link #DEFAULT_BORDER_VALUE}: a border that never wins); not NaN
     * @return a new batch of src's count, sizes, channels and type, beside src (the host or its device); it owns its
     *         images (closing it frees them) and the caller closes it
     * @throws IllegalArgumentException if src is closed or empty or breaks the support table, elements has neither 1
     *         entry nor one per image, iterations is below 1, border is WRAP or borderValue is NaN, or an image's
     *         element (enlarged by the iterations) breaks the checks of the single-image call (the message names the
     *         operator, the argument and, for one image's parameters, the image); nothing has run then
     * @throws NullPointerException if src, op, border, elements or an entry of elements is null
     */
    public static ImageBatchVarShape morphology(ImageBatchVarShape src, Operation op, Element[] elements, int iterations,
                                                BorderType border, double borderValue) {
        return morphology(src, op, elements, iterations, border, borderValue, null);
    }

    /**
     * As {@link #morphology(ImageBatchVarShape, Operation, Element[], int, BorderType, double, Stream)} with CV-CUDA's
     * tensors: rectangles of {@code masks} (S32, shape {@code [n, 2]}: width, height) anchored at {@code anchors} (S32,
     * shape {@code [n, 2]}: x, y; -1 the centre), {@code n} 1 or the batch size, on the host or a device (a device
     * tensor is read with a synchronous copy of a few bytes per image, which waits for the work queued before it on the
     * legacy default stream).
     *
     * @param src the input batch, as the support table allows
     * @param op the operation (for every image)
     * @param masks the S32 {@code [n, 2]} tensor of the rectangles' sizes: row i holds image i's (width, height), or
     *         row 0 every image's
     * @param anchors the S32 {@code [n, 2]} tensor of the rectangles' anchors: row i holds image i's (x, y), -1 the
     *         centre, or row 0 every image's
     * @param iterations how many times each step is applied, at least 1 (for every image)
     * @param border how pixels outside each image are read, not WRAP (for every image)
     * @param borderValue the value of pixels outside the image for {@link BorderType#CONSTANT}, saturated to the type
     *         ({@link #DEFAULT_BORDER_VALUE}: a border that never wins); not NaN
     * @param stream the stream for device work; null: the current stream
     * @return a new batch of src's count, sizes, channels and type, beside src (the host or its device); it owns its
     *         images (closing it frees them) and the caller closes it
     * @throws IllegalArgumentException if src is closed or empty or breaks the support table, iterations is below 1,
     *         border is WRAP or borderValue is NaN, masks or anchors is not of the type and shape above or its n is
     *         neither 1 nor the batch size, or an image's element (enlarged by the iterations) breaks the checks of the
     *         single-image call (the message names the operator, the argument and, for one image's parameters, the
     *         image); nothing has run then
     * @throws NullPointerException if src, op, border, masks or anchors is null
     * @throws IllegalStateException if masks or anchors is closed
     */
    public static ImageBatchVarShape morphology(ImageBatchVarShape src, Operation op, Tensor masks, Tensor anchors,
                                                int iterations, BorderType border, double borderValue, Stream stream) {
        VARSHAPE.source(src);
        int[][] m = ParameterTensors.rows(OP, "masks", masks, src.size(), 2);
        int[][] a = ParameterTensors.rows(OP, "anchors", anchors, src.size(), 2);
        Element[] e = VARSHAPE.each(new Element[Math.max(m.length, a.length)], m.length == 1 && a.length == 1, i -> {
            int[] mi = m[m.length == 1 ? 0 : i], ai = a[a.length == 1 ? 0 : i];
            return Element.of(Shape.RECT, mi[0], mi[1], ai[0] == -1 ? mi[0] / 2 : ai[0], ai[1] == -1 ? mi[1] / 2 : ai[1]);
        });
        return morphology(src, op, e, iterations, border, borderValue, stream);
    }

    /**
     * Writes image i of {@code src} filtered into image i of {@code dst} (a batch of the same count, sizes, channels and
     * type); the arguments as for {@link #morphology(ImageBatchVarShape, Operation, Element[], int, BorderType, double,
     * Stream)}.
     *
     * @param dst the caller's output batch: src's count, sizes, channels and type, on src's host or device, no image
     *         overlapping an image of src
     * @param src the input batch, as the support table allows
     * @param op the operation (for every image)
     * @param elements the structuring element per image; 1 entry for every image, or one per image
     * @param iterations how many times each step is applied, at least 1 (for every image)
     * @param border how pixels outside each image are read, not WRAP (for every image)
     * @param borderValue the value of pixels outside the image for {@link BorderType#CONSTANT}, saturated to the type
     *         ({@link #DEFAULT_BORDER_VALUE}: a border that never wins); not NaN
     * @param stream the stream for device work; null: the current stream
     * @throws IllegalArgumentException if src or dst is closed or empty or breaks the support table, dst is not of
     *         src's count, sizes, channels, type and place or an image of dst overlaps an image of src, a parameter
     *         array has neither 1 entry nor one per image, iterations is below 1, border is WRAP or borderValue is NaN,
     *         or an image's element (enlarged by the iterations) breaks the checks of the single-image call (the
     *         message names the operator, the argument and, for one image's parameters, the image); nothing has run
     *         then
     * @throws NullPointerException if dst, src, op, border, elements or an entry of elements is null
     */
    public static void morphologyInto(ImageBatchVarShape dst, ImageBatchVarShape src, Operation op, Element[] elements,
                                      int iterations, BorderType border, double borderValue, Stream stream) {
        PixelType p = VARSHAPE.source(src);
        run(dst, src, p, plans(src, p, op, elements, iterations, border, borderValue), border, stream);
    }

    /**
     * As {@link #morphologyInto(ImageBatchVarShape, ImageBatchVarShape, Operation, Element[], int, BorderType, double,
     * Stream)}, on the current stream.
     *
     * @param dst the caller's output batch: src's count, sizes, channels and type, on src's host or device, no image
     *         overlapping an image of src
     * @param src the input batch, as the support table allows
     * @param op the operation (for every image)
     * @param elements the structuring element per image; 1 entry for every image, or one per image
     * @param iterations how many times each step is applied, at least 1 (for every image)
     * @param border how pixels outside each image are read, not WRAP (for every image)
     * @param borderValue the value of pixels outside the image for {@link BorderType#CONSTANT}, saturated to the type
     *         ({@link #DEFAULT_BORDER_VALUE}: a border that never wins); not NaN
     * @throws IllegalArgumentException if src or dst is closed or empty or breaks the support table, dst is not of
     *         src's count, sizes, channels, type and place or an image of dst overlaps an image of src, a parameter
     *         array has neither 1 entry nor one per image, iterations is below 1, border is WRAP or borderValue is NaN,
     *         or an image's element (enlarged by the iterations) breaks the checks of the single-image call (the
     *         message names the operator, the argument and, for one image's parameters, the image); nothing has run
     *         then
     * @throws NullPointerException if dst, src, op, border, elements or an entry of elements is null
     */
    public static void morphologyInto(ImageBatchVarShape dst, ImageBatchVarShape src, Operation op, Element[] elements,
                                      int iterations, BorderType border, double borderValue) {
        morphologyInto(dst, src, op, elements, iterations, border, borderValue, null);
    }

    // ---- plan ----

    private static PixelGrid check(Tensor src) {
        PixelGrid s = OP.image("src", src);
        OP.dtype("src", s, TYPES);
        return s;
    }

    /** One min or max pass over {@code offsets} (dx, dy pairs); {@code value} is the constant border, if any. */
    private record Pass(boolean max, int[] offsets, BorderType border, float value) {}

    /** The passes of the operation, as OpenCV's {@code morphOp} runs them. */
    private static List<Pass> plan(DataType t, Operation op, Element e, int iterations, BorderType border, double value) {
        OP.notNull(op, "op");
        OP.notNull(e, "element");
        OP.notNull(border, "border");
        if (iterations < 1) {
            throw OP.fail("iterations " + iterations + " must be >= 1");
        }
        if (border == BorderType.WRAP) {
            throw OP.fail("border WRAP is not supported (OpenCV refuses it too)");
        }
        if (Double.isNaN(value)) {
            throw OP.fail("borderValue must be a number (not NaN)");
        }
        boolean[] steps = switch (op) { // max (dilate) per step
            case ERODE -> new boolean[] {false};
            case DILATE -> new boolean[] {true};
            case OPEN -> new boolean[] {false, true};
            case CLOSE -> new boolean[] {true, false};
        };
        Element el = e;
        int runs = iterations;
        if (iterations > 1 && e.isRect()) { // cv::morphOp: k rectangles in a row are one larger rectangle
            long w = e.width + (long) (iterations - 1) * (e.width - 1), h = e.height + (long) (iterations - 1) * (e.height - 1);
            if (w > MAX_ELEMENT_SIDE || h > MAX_ELEMENT_SIDE || w * h > MAX_ELEMENT_PIXELS) {
                throw OP.fail(iterations + " iterations of the " + e.width + " x " + e.height + " rectangle make a " + w
                        + " x " + h + " one: sides must be at most " + MAX_ELEMENT_SIDE + ", pixels at most "
                        + MAX_ELEMENT_PIXELS);
            }
            el = Element.of(Shape.RECT, (int) w, (int) h, e.anchorX * iterations, e.anchorY * iterations);
            runs = 1;
        }
        List<int[]> passes = new ArrayList<>(); // the offsets of one run of the element, shared by every run
        if (el.isRect()) {
            int[] row = new int[2 * el.width], col = new int[2 * el.height];
            for (int j = 0; j < el.width; j++) {
                row[2 * j] = j - el.anchorX;
            }
            for (int i = 0; i < el.height; i++) {
                col[2 * i + 1] = i - el.anchorY;
            }
            if (el.width > 1 || el.height == 1) {
                passes.add(row);
            }
            if (el.height > 1) {
                passes.add(col);
            }
        } else {
            passes.add(el.offsets());
        }
        List<Pass> plan = new ArrayList<>();
        for (boolean max : steps) {
            float bv = borderValue(t, max, value);
            for (int k = 0; k < runs; k++) {
                for (int[] o : passes) {
                    plan.add(new Pass(max, o, border, bv));
                }
            }
        }
        return plan;
    }

    /** The constant border as the type holds it: OpenCV's default (never wins) or the value saturated. */
    private static float borderValue(DataType t, boolean max, double value) {
        if (value == DEFAULT_BORDER_VALUE) {
            return t == DataType.F32 ? (max ? -Float.MAX_VALUE : Float.MAX_VALUE)
                    : max ? (t == DataType.S16 ? Short.MIN_VALUE : 0) : CpuPixels.maxValue(t);
        }
        if (t == DataType.F32) {
            return (float) value;
        }
        int lo = t == DataType.S16 ? Short.MIN_VALUE : 0;
        return (float) Math.clamp(Math.rint(value), lo, CpuPixels.maxValue(t));
    }

    // ---- run ----

    /**
     * A GPU step: one pass over its offsets ({@code rect} null), or a min or max over a {@code kw x kh} rectangle
     * anchored at {@code (ax, ay)} in one tiled launch: a row pass, a column pass, or a row pass and the column pass
     * after it (the two passes of a rectangle; a min of mins, so the same values).
     */
    private record Step(Pass pass, int[] rect) {}

    /** Tiled rectangle launches (morphology.cu's cvj_morph_rect_*): outputs per block side, threads, shared bytes. */
    private static final int TILE = 32, TILE_THREADS = 256, TILE_SHARED_MAX = 48 * 1024;

    /** {@code {kw, kh, ax, ay}} when {@code o} is a row (dy 0) or a column (dx 0) of consecutive offsets, else null. */
    private static int[] line(int[] o) {
        int n = o.length / 2;
        return isRow(o) ? new int[] {n, 1, -o[0], 0} : isColumn(o) ? new int[] {1, n, 0, -o[1]} : null;
    }

    /** Whether {@code o} is (dx, 0), (dx + 1, 0), ...: a row pass. */
    private static boolean isRow(int[] o) {
        for (int k = 0; k < o.length; k += 2) {
            if (o[k + 1] != 0 || o[k] != o[0] + k / 2) {
                return false;
            }
        }
        return true;
    }

    /** Whether {@code o} is (0, dy), (0, dy + 1), ...: a column pass. */
    private static boolean isColumn(int[] o) {
        for (int k = 0; k < o.length; k += 2) {
            if (o[k] != 0 || o[k + 1] != o[1] + k / 2) {
                return false;
            }
        }
        return true;
    }

    private static long rectShared(int c, int kw, int kh) {
        return 4L * c * ((long) (TILE + kw - 1) * (TILE + kh - 1) + (long) (TILE + kh - 1) * TILE);
    }

    /** The plan's passes as GPU steps, a row pass and the column pass after it merged where the tile fits. */
    private static List<Step> steps(List<Pass> plan, int channels) {
        List<Step> steps = new ArrayList<>();
        for (int i = 0; i < plan.size(); i++) {
            Pass p = plan.get(i);
            int[] r = line(p.offsets());
            // a row pass then a column pass (a single offset is both only when it is (0, 0): any other is a shift
            // along one axis, which the rectangle of the two could not hold)
            if (r != null && isRow(p.offsets()) && i + 1 < plan.size() && isColumn(plan.get(i + 1).offsets())) {
                Pass q = plan.get(i + 1);
                int[] c = line(q.offsets());
                if (q.max() == p.max() && q.border() == p.border()
                        && Float.compare(q.value(), p.value()) == 0) {
                    int[] both = {r[0], c[1], r[2], c[3]};
                    if (rectShared(channels, both[0], both[1]) <= TILE_SHARED_MAX) {
                        steps.add(new Step(p, both));
                        i++;
                        continue;
                    }
                }
            }
            steps.add(new Step(p, r != null && rectShared(channels, r[0], r[1]) <= TILE_SHARED_MAX ? r : null));
        }
        return steps;
    }

    /** One image's passes. */
    private record Plan(List<Pass> passes) {}

    /** Each image's plan, the arguments shared by every image checked first. */
    private static Plan[] plans(ImageBatchVarShape src, PixelType p, Operation op, Element[] elements, int iterations,
                                BorderType border, double value) {
        plan(p.dataType(), op, Element.of(Shape.RECT, 1, 1), iterations, border, value);
        OP.notNull(elements, "elements");
        OP.perImage("elements", elements.length, src.size());
        return VARSHAPE.each(new Plan[src.size()], elements.length == 1,
                i -> new Plan(plan(p.dataType(), op, elements[elements.length == 1 ? 0 : i], iterations, border, value)));
    }

    /**
     * The batch: on the host each image by the single-image path; on a device pass k of every image in one launch
     * (images with fewer passes sit it out), through two temporaries holding every image that needs them, each image's
     * reads, writes, offsets and min or max in one table uploaded per call.
     */
    private static void run(ImageBatchVarShape dst, ImageBatchVarShape src, PixelType p, Plan[] plans, BorderType border,
                            Stream stream) {
        VARSHAPE.checkOutput(dst, src, p, p.dataType());
        int n = src.size();
        if (dst.isHost()) {
            for (int i = 0; i < n; i++) {
                run(dst.image(i), VARSHAPE.grid("src image " + i, src.image(i)), plans[i].passes(), null);
            }
            return;
        }
        Stream st = OP.stream(src.image(0), stream);
        PixelGrid[] in = new PixelGrid[n], out = new PixelGrid[n];
        long[] at = new long[n];
        long temp = 0;
        int passes = 0, pixelBytes = p.channels() * p.dataType().byteSize();
        Map<int[], Integer> starts = new IdentityHashMap<>();
        int offsets = 0;
        for (int i = 0; i < n; i++) {
            in[i] = VARSHAPE.grid("src image " + i, src.image(i));
            out[i] = VARSHAPE.grid("dst image " + i, dst.image(i));
            List<Pass> plan = plans[i].passes();
            passes = Math.max(passes, plan.size());
            if (plan.size() > 1) {
                at[i] = temp;
                temp += ((long) in[i].h() * in[i].w() * pixelBytes + 255) & ~255L;
            }
            for (Pass q : plan) {
                if (!starts.containsKey(q.offsets())) {
                    starts.put(q.offsets(), offsets);
                    offsets += q.offsets().length;
                }
            }
        }
        long tableBytes = (long) passes * n * PASS_BYTES;
        ByteBuffer b = ByteBuffer.allocate(Math.toIntExact(tableBytes + 4L * offsets)).order(ByteOrder.LITTLE_ENDIAN);
        starts.forEach((o, start) -> {
            for (int j = 0; j < o.length; j++) {
                b.putInt((int) tableBytes + 4 * (start + j), o[j]);
            }
        });
        Tensor[] temps = new Tensor[2];
        Tensor table = null;
        try {
            for (int t = 0; t < 2 && temp > 0 && passes > t + 1; t++) {
                temps[t] = Tensor.allocate(new long[] {temp}, DataType.U8, null, st);
            }
            for (int k = 0; k < passes; k++) {
                for (int i = 0; i < n; i++) {
                    List<Pass> plan = plans[i].passes();
                    if (k >= plan.size()) {
                        continue; // count 0: the image sits this pass out
                    }
                    Pass q = plan.get(k);
                    int e = (k * n + i) * PASS_BYTES;
                    long rowBytes = (long) in[i].w() * pixelBytes;
                    b.putLong(e, k == 0 ? in[i].address() : temps[(k - 1) % 2].address() + at[i])
                            .putLong(e + 8, k == 0 ? in[i].sH() : rowBytes)
                            .putLong(e + 16, k == plan.size() - 1 ? out[i].address() : temps[k % 2].address() + at[i])
                            .putLong(e + 24, k == plan.size() - 1 ? out[i].sH() : rowBytes)
                            .putInt(e + 32, in[i].w()).putInt(e + 36, in[i].h()).putInt(e + 40, starts.get(q.offsets()))
                            .putInt(e + 44, q.offsets().length / 2).putInt(e + 48, q.max() ? 1 : 0);
                    if (p.dataType() == DataType.F32) {
                        b.putFloat(e + 52, q.value()).putFloat(e + 56, q.max() ? Float.NEGATIVE_INFINITY : Float.POSITIVE_INFINITY);
                    } else {
                        b.putInt(e + 52, (int) q.value()).putInt(e + 56, q.max() ? Integer.MIN_VALUE : Integer.MAX_VALUE);
                    }
                }
            }
            table = DeviceParameters.upload(b.array(), st);
            Kernel k = KernelLibrary.kernel(src.image(0).device(), "cvj_morph_vs_" + KernelLibrary.typeName(p.dataType()));
            ImageSize max = src.maxSize();
            for (int pass = 0; pass < passes; pass++) {
                Launch.image(k, max.width(), max.height(), n, st, Launch.args().pointer(table.address()
                        + (long) pass * n * PASS_BYTES).pointer(table.address() + tableBytes).i32(p.channels())
                        .i32(border.code()));
            }
        } finally {
            for (Tensor t : temps) {
                if (t != null) {
                    t.close(st);
                }
            }
            if (table != null) {
                table.close(st);
            }
        }
    }

    private static void run(Tensor dst, PixelGrid s, List<Pass> plan, Stream stream) {
        PixelGrid d = OP.image("dst", dst);
        OP.sameShape("dst", d, "src", s);
        OP.sameDtype("dst", d, "src", s);
        OP.output(d, s);
        Stream st = dst.isHost() ? null : OP.stream(dst, stream);
        List<Step> steps = st == null ? plan.stream().map(p -> new Step(p, null)).toList() : steps(plan, d.c());
        // one table of every distinct offsets array the GPU needs (the runs of an element share theirs), and where each starts
        Map<int[], Integer> starts = new IdentityHashMap<>();
        int size = 0;
        for (Step step : steps) {
            int[] o = step.pass().offsets();
            if (st != null && step.rect() == null && !starts.containsKey(o)) {
                starts.put(o, size);
                size += o.length;
            }
        }
        int[] table = new int[size];
        starts.forEach((o, at) -> System.arraycopy(o, 0, table, at, o.length));
        Tensor offsets = null;
        Tensor[] temps = new Tensor[2];
        try {
            if (size > 0) {
                offsets = DeviceParameters.upload(table, st);
            }
            PixelGrid in = s;
            for (int i = 0; i < steps.size(); i++) {
                PixelGrid out = d;
                if (i < steps.size() - 1) {
                    if (temps[i % 2] == null) {
                        temps[i % 2] = st == null ? Tensor.allocateHost(s.tensor().shape(), s.dtype(), s.tensor().layout())
                                : Tensor.allocate(s.tensor().shape(), s.dtype(), s.tensor().layout(), st);
                    }
                    out = OP.image("temporary", temps[i % 2]);
                }
                Step step = steps.get(i);
                if (st == null) {
                    cpu(in, out, step.pass());
                } else if (step.rect() != null) {
                    gpuRect(in, out, step.pass(), step.rect(), st);
                } else {
                    gpu(in, out, step.pass(), offsets.address() + 4L * starts.get(step.pass().offsets()), st);
                }
                in = out;
            }
        } finally {
            for (Tensor t : temps) {
                if (t != null) {
                    if (st != null) {
                        t.close(st);
                    } else {
                        t.close();
                    }
                }
            }
            if (offsets != null) {
                offsets.close(st);
            }
        }
    }

    private static void gpu(PixelGrid s, PixelGrid d, Pass p, long offsets, Stream st) {
        String name = (p.max() ? "cvj_dilate_" : "cvj_erode_") + s.dtype().name().toLowerCase(Locale.ROOT);
        Kernel k = KernelLibrary.kernel(d.tensor().device(), name);
        var a = Launch.args().pointer(s.address()).i64(s.sN()).i64(s.sH()).i64(s.sW()).i64(s.sC())
                .pointer(d.address()).i64(d.sN()).i64(d.sH()).i64(d.sW()).i64(d.sC()).i32(d.w()).i32(d.h()).i32(d.c())
                .pointer(offsets).i32(p.offsets().length / 2).i32(p.border().code());
        values(a, s.dtype(), p);
        Launch.image(k, d.w(), d.h(), d.n(), st, a);
    }

    private static void gpuRect(PixelGrid s, PixelGrid d, Pass p, int[] r, Stream st) {
        String name = (p.max() ? "cvj_morph_rect_dilate_" : "cvj_morph_rect_erode_") + s.dtype().name().toLowerCase(Locale.ROOT);
        Kernel k = KernelLibrary.kernel(d.tensor().device(), name);
        var a = Launch.args().pointer(s.address()).i64(s.sN()).i64(s.sH()).i64(s.sW()).i64(s.sC())
                .pointer(d.address()).i64(d.sN()).i64(d.sH()).i64(d.sW()).i64(d.sC()).i32(d.w()).i32(d.h()).i32(d.c())
                .i32(r[0]).i32(r[1]).i32(r[2]).i32(r[3]).i32(p.border().code());
        values(a, s.dtype(), p);
        Launch.tiles(k, d.w(), d.h(), d.n(), TILE, TILE_THREADS, (int) rectShared(d.c(), r[0], r[1]), st, a);
    }

    /** The border value and the identity (what a pass starts from), in the type the kernel compares in. */
    private static void values(KernelArgs a, DataType t, Pass p) {
        if (t == DataType.F32) {
            a.f32(p.value()).f32(p.max() ? Float.NEGATIVE_INFINITY : Float.POSITIVE_INFINITY);
        } else {
            a.i32((int) p.value()).i32(p.max() ? Integer.MIN_VALUE : Integer.MAX_VALUE);
        }
    }

    /** The CPU pass, pixel by pixel as the kernel (morphology.cu): min or max over the offsets, in float (exact). */
    private static void cpu(PixelGrid s, PixelGrid d, Pass p) {
        DataType t = s.dtype();
        MemorySegment in = s.host(), out = d.host();
        BorderType border = p.border();
        int[] o = p.offsets();
        float identity = p.max() ? Float.NEGATIVE_INFINITY : Float.POSITIVE_INFINITY;
        CpuPixels.forRows(d.n(), d.h(), (img, y) -> {
            float[] a = new float[d.c()];
            for (int x = 0; x < d.w(); x++) {
                Arrays.fill(a, identity);
                for (int k = 0; k < o.length; k += 2) {
                    int sx = border.interpolate(x + o[k], s.w()), sy = border.interpolate(y + o[k + 1], s.h());
                    for (int c = 0; c < d.c(); c++) {
                        float v = sx < 0 || sy < 0 ? p.value() : CpuPixels.load(in, s.offset(img, sy, sx, c), t);
                        a[c] = p.max() ? (v > a[c] ? v : a[c]) : (v < a[c] ? v : a[c]);
                    }
                }
                for (int c = 0; c < d.c(); c++) {
                    CpuPixels.store(out, d.offset(img, y, x, c), t, a[c]);
                }
            }
        });
    }
}
