package dev.cvj.ops;

import dev.cvj.cuda.KernelArgs;
import dev.cvj.cuda.Stream;
import dev.cvj.ops.internal.CpuPixels;
import dev.cvj.ops.internal.DenseImages;
import dev.cvj.ops.internal.DeviceParameters;
import dev.cvj.ops.internal.KernelLibrary;
import dev.cvj.ops.internal.Launch;
import dev.cvj.ops.internal.OpCheck;
import dev.cvj.ops.internal.Outputs;
import dev.cvj.ops.internal.ParameterTensors;
import dev.cvj.ops.internal.PixelGrid;
import dev.cvj.tensor.DataType;
import dev.cvj.tensor.ImageBatchVarShape;
import dev.cvj.tensor.PixelType;
import dev.cvj.tensor.Tensor;
import java.lang.foreign.MemorySegment;
import java.util.EnumSet;
import java.util.Set;

/**
 * Adjusts brightness and contrast with values per image, CV-CUDA's BrightnessContrast
 * ({@code cvcudaBrightnessContrastSubmit}, {@code cvcuda.brightness_contrast}):
 * <pre>  dst = brightnessShift + brightness * (contrastCenter + contrast * (src - contrastCenter))</pre>
 * computed in float, each subtraction, product and sum rounded on its own (no fused multiply-add, so the GPU equals
 * the CPU path bit for bit), then converted to the dst type as CV-CUDA's {@code SaturateCast}: integer types round
 * half to even and saturate, NaN gives 0; F32 keeps the float. The shift is in the dst type's units (CV-CUDA's, not
 * DALI's fraction of the range). A null parameter takes CV-CUDA's neutral value: brightness 1, contrast 1, shift 0,
 * contrast center the middle of the src type's range as CV-CUDA's {@code HalfRange} (U8 128, U16 32768, S16 16384,
 * F32 0.5). Each parameter is 1 value (for every image) or one per image (N of an NHWC/NCHW tensor, 1 for HWC/CHW, the
 * batch size of a varshape batch), as Java arrays or as CV-CUDA's F32 tensors of shape {@code [N]}.
 *
 * <table>
 *   <caption>Support</caption>
 *   <tr><th></th><th>src</th><th>dst</th></tr>
 *   <tr><td>Layouts</td><td>NHWC, HWC, NCHW, CHW</td><td>same shape as src</td></tr>
 *   <tr><td>Data types</td><td>U8, U16, S16, F32</td><td>any of U8, U16, S16, F32 (the allocating forms and
 *       varshape batches: src's)</td></tr>
 *   <tr><td>Channels</td><td>1, 2, 3, 4</td><td>same as src</td></tr>
 *   <tr><td>Parameters</td><td colspan="2">each null, 1 value, or one per image; F32 (or F64) tensors of shape
 *       {@code [N]}</td></tr>
 *   <tr><td>Varshape</td><td>an {@link ImageBatchVarShape} (the types and channels above; 1 to 65535 images on a
 *       device)</td><td>a varshape batch of the same count, sizes and pixels</td></tr>
 * </table>
 * In place: dst may be the very same view as src when both have one data type; any other overlap of dst and src is
 * refused (for batches: dst image i may be src image i, and no other dst image may overlap a src image). Not
 * supported from CV-CUDA's table: S32 and F16 (cvj computes in float only; CV-CUDA takes F64 parameters for S32).
 *
 * <p>Varshape batches: image i gets exactly what the single-image call with its values gives it (the CPU path runs
 * the single-image CPU path image by image, the GPU one launch for the batch). On a device, one set of values for
 * every image goes into the kernel's arguments; values per image go into a device table written in stream order
 * (no host wait; a {@link Pipeline} records either form).
 *
 * <pre>{@code
 * Tensor brighter = BrightnessContrast.brightnessContrast(u8Rgb, new float[] {1.2f}, new float[] {1.5f}, null, null);
 * }</pre>
 */
public final class BrightnessContrast {
    private static final OpCheck OP = OpCheck.of("BrightnessContrast");
    private static final Set<DataType> TYPES = EnumSet.of(DataType.U8, DataType.U16, DataType.S16, DataType.F32);

    private BrightnessContrast() {}

    /**
     * A new tensor of src's shape, layout and type: {@code src} with its brightness and contrast adjusted (see the class
     * comment).
     *
     * @param src the input image(s), as the support table allows
     * @param brightness the brightness multiplier per image (null: 1)
     * @param contrast the contrast multiplier per image (null: 1)
     * @param brightnessShift the value added per image (null: 0)
     * @param contrastCenter the level the contrast keeps per image (null: the middle of src's range)
     * @param stream the stream for device work; null: the current stream
     * @return the new output, beside src
     * @throws IllegalArgumentException if an argument breaks the support table (a parameter of neither 1 value nor
     *         one per image; the message names the operator and the argument); nothing has run then
     * @throws NullPointerException if src is null
     * @throws IllegalStateException if src is closed
     */
    public static Tensor brightnessContrast(Tensor src, float[] brightness, float[] contrast, float[] brightnessShift,
                                            float[] contrastCenter, Stream stream) {
        PixelGrid s = checkSrc(src);
        Values v = Values.of(s.dtype(), s.n(), brightness, contrast, brightnessShift, contrastCenter);
        return Outputs.allocate(OP, src, src.shape(), src.dtype(), src.layout(), stream, dst -> run(dst, s, v, stream));
    }

    /**
     * As {@link #brightnessContrast(Tensor, float[], float[], float[], float[], Stream)}, on the current stream.
     *
     * @param src the input image(s), as the support table allows
     * @param brightness the brightness multiplier per image (null: 1)
     * @param contrast the contrast multiplier per image (null: 1)
     * @param brightnessShift the value added per image (null: 0)
     * @param contrastCenter the level the contrast keeps per image (null: the middle of src's range)
     * @return the new output, beside src
     * @throws IllegalArgumentException if an argument breaks the support table (the message names the operator and
     *         the argument); nothing has run then
     * @throws NullPointerException if src is null
     * @throws IllegalStateException if src is closed
     */
    public static Tensor brightnessContrast(Tensor src, float[] brightness, float[] contrast, float[] brightnessShift,
                                            float[] contrastCenter) {
        return brightnessContrast(src, brightness, contrast, brightnessShift, contrastCenter, null);
    }

    /**
     * As {@link #brightnessContrast(Tensor, float[], float[], float[], float[], Stream)}, the values as CV-CUDA takes
     * them: F32 (or F64) tensors of shape {@code [N]}, N = 1 or the number of images, on the host or a device (a device
     * tensor is read back with a synchronous copy).
     *
     * @param src the input image(s), as the support table allows
     * @param brightness the brightness multiplier per image (null: 1)
     * @param contrast the contrast multiplier per image (null: 1)
     * @param brightnessShift the value added per image (null: 0)
     * @param contrastCenter the level the contrast keeps per image (null: the middle of src's range)
     * @param stream the stream for device work; null: the current stream
     * @return the new output, beside src
     * @throws IllegalArgumentException if an argument breaks the support table (the message names the operator and
     *         the argument); nothing has run then
     * @throws NullPointerException if src is null
     * @throws IllegalStateException if src or a parameter tensor is closed
     */
    public static Tensor brightnessContrast(Tensor src, Tensor brightness, Tensor contrast, Tensor brightnessShift,
                                            Tensor contrastCenter, Stream stream) {
        int n = checkSrc(src).n();
        return brightnessContrast(src, read("brightness", brightness, n), read("contrast", contrast, n),
                read("brightnessShift", brightnessShift, n), read("contrastCenter", contrastCenter, n), stream);
    }

    /**
     * Writes {@code src} with its brightness and contrast adjusted into {@code dst} (src's shape, any supported type).
     *
     * @param dst the caller's output, as the support table allows
     * @param src the input image(s), as the support table allows
     * @param brightness the brightness multiplier per image (null: 1)
     * @param contrast the contrast multiplier per image (null: 1)
     * @param brightnessShift the value added per image (null: 0)
     * @param contrastCenter the level the contrast keeps per image (null: the middle of src's range)
     * @param stream the stream for device work; null: the current stream
     * @throws IllegalArgumentException if an argument breaks the support table (the message names the operator and
     *         the argument); nothing has run then
     * @throws NullPointerException if dst or src is null
     * @throws IllegalStateException if dst or src is closed
     */
    public static void brightnessContrastInto(Tensor dst, Tensor src, float[] brightness, float[] contrast,
                                              float[] brightnessShift, float[] contrastCenter, Stream stream) {
        PixelGrid s = checkSrc(src);
        run(dst, s, Values.of(s.dtype(), s.n(), brightness, contrast, brightnessShift, contrastCenter), stream);
    }

    /**
     * As {@link #brightnessContrastInto(Tensor, Tensor, float[], float[], float[], float[], Stream)}, on the current
     * stream.
     *
     * @param dst the caller's output, as the support table allows
     * @param src the input image(s), as the support table allows
     * @param brightness the brightness multiplier per image (null: 1)
     * @param contrast the contrast multiplier per image (null: 1)
     * @param brightnessShift the value added per image (null: 0)
     * @param contrastCenter the level the contrast keeps per image (null: the middle of src's range)
     * @throws IllegalArgumentException if an argument breaks the support table (the message names the operator and
     *         the argument); nothing has run then
     * @throws NullPointerException if dst or src is null
     * @throws IllegalStateException if dst or src is closed
     */
    public static void brightnessContrastInto(Tensor dst, Tensor src, float[] brightness, float[] contrast,
                                              float[] brightnessShift, float[] contrastCenter) {
        brightnessContrastInto(dst, src, brightness, contrast, brightnessShift, contrastCenter, null);
    }

    /**
     * As {@link #brightnessContrastInto(Tensor, Tensor, float[], float[], float[], float[], Stream)}, the values as
     * F32 (or F64) tensors of shape {@code [N]} (CV-CUDA's form; a device tensor is read back with a synchronous copy).
     *
     * @param dst the caller's output, as the support table allows
     * @param src the input image(s), as the support table allows
     * @param brightness the brightness multiplier per image (null: 1)
     * @param contrast the contrast multiplier per image (null: 1)
     * @param brightnessShift the value added per image (null: 0)
     * @param contrastCenter the level the contrast keeps per image (null: the middle of src's range)
     * @param stream the stream for device work; null: the current stream
     * @throws IllegalArgumentException if an argument breaks the support table (the message names the operator and
     *         the argument); nothing has run then
     * @throws NullPointerException if dst or src is null
     * @throws IllegalStateException if dst, src or a parameter tensor is closed
     */
    public static void brightnessContrastInto(Tensor dst, Tensor src, Tensor brightness, Tensor contrast,
                                              Tensor brightnessShift, Tensor contrastCenter, Stream stream) {
        int n = checkSrc(src).n();
        brightnessContrastInto(dst, src, read("brightness", brightness, n), read("contrast", contrast, n),
                read("brightnessShift", brightnessShift, n), read("contrastCenter", contrastCenter, n), stream);
    }

    // ---- varshape batches ----

    /**
     * A new batch of src's sizes and pixels: image i with its brightness and contrast adjusted by its values.
     *
     * @param src the input batch, as the support table allows
     * @param brightness the brightness multiplier per image (null: 1)
     * @param contrast the contrast multiplier per image (null: 1)
     * @param brightnessShift the value added per image (null: 0)
     * @param contrastCenter the level the contrast keeps per image (null: the middle of src's range)
     * @param stream the stream for device work; null: the current stream
     * @return the new batch beside src; it owns its images: the caller closes it
     * @throws IllegalArgumentException if an argument breaks the support table (a closed or empty batch, a parameter
     *         of neither 1 value nor one per image; the message names the operator and the argument); nothing has run
     * @throws NullPointerException if src is null
     */
    public static ImageBatchVarShape brightnessContrast(ImageBatchVarShape src, float[] brightness, float[] contrast,
                                                        float[] brightnessShift, float[] contrastCenter, Stream stream) {
        PixelType p = OP.batch("src batch", src, TYPES, 1, 4);
        Values v = Values.of(p.dataType(), src.size(), brightness, contrast, brightnessShift, contrastCenter);
        return Outputs.allocateBatch(OP, src, src::imageSize, p.channels(), p.dataType(), stream,
                dst -> runBatch(dst, src, p, v, stream));
    }

    /**
     * As {@link #brightnessContrast(ImageBatchVarShape, float[], float[], float[], float[], Stream)}, on the current
     * stream.
     *
     * @param src the input batch, as the support table allows
     * @param brightness the brightness multiplier per image (null: 1)
     * @param contrast the contrast multiplier per image (null: 1)
     * @param brightnessShift the value added per image (null: 0)
     * @param contrastCenter the level the contrast keeps per image (null: the middle of src's range)
     * @return the new batch beside src; it owns its images: the caller closes it
     * @throws IllegalArgumentException if an argument breaks the support table (the message names the operator and
     *         the argument); nothing has run then
     * @throws NullPointerException if src is null
     */
    public static ImageBatchVarShape brightnessContrast(ImageBatchVarShape src, float[] brightness, float[] contrast,
                                                        float[] brightnessShift, float[] contrastCenter) {
        return brightnessContrast(src, brightness, contrast, brightnessShift, contrastCenter, null);
    }

    /**
     * As {@link #brightnessContrast(ImageBatchVarShape, float[], float[], float[], float[], Stream)}, the values as
     * CV-CUDA's BrightnessContrast varshape form takes them: F32 (or F64) tensors of shape {@code [N]}.
     *
     * @param src the input batch, as the support table allows
     * @param brightness the brightness multiplier per image (null: 1)
     * @param contrast the contrast multiplier per image (null: 1)
     * @param brightnessShift the value added per image (null: 0)
     * @param contrastCenter the level the contrast keeps per image (null: the middle of src's range)
     * @param stream the stream for device work; null: the current stream
     * @return the new batch beside src; it owns its images: the caller closes it
     * @throws IllegalArgumentException if an argument breaks the support table (the message names the operator and
     *         the argument); nothing has run then
     * @throws NullPointerException if src is null
     * @throws IllegalStateException if a parameter tensor is closed
     */
    public static ImageBatchVarShape brightnessContrast(ImageBatchVarShape src, Tensor brightness, Tensor contrast,
                                                        Tensor brightnessShift, Tensor contrastCenter, Stream stream) {
        OP.batch("src batch", src, TYPES, 1, 4);
        int n = src.size();
        return brightnessContrast(src, read("brightness", brightness, n), read("contrast", contrast, n),
                read("brightnessShift", brightnessShift, n), read("contrastCenter", contrastCenter, n), stream);
    }

    /**
     * Writes image i of {@code src} with its brightness and contrast adjusted into image i of {@code dst}.
     *
     * @param dst the caller's output batch: src's image count, place, sizes and pixels; image i may be the very same
     *        view as src image i (in place), no other overlap with a src image
     * @param src the input batch, as the support table allows
     * @param brightness the brightness multiplier per image (null: 1)
     * @param contrast the contrast multiplier per image (null: 1)
     * @param brightnessShift the value added per image (null: 0)
     * @param contrastCenter the level the contrast keeps per image (null: the middle of src's range)
     * @param stream the stream for device work; null: the current stream
     * @throws IllegalArgumentException if an argument breaks the support table (a dst batch that does not fit src; the
     *         message names the operator and the argument); nothing has run then
     * @throws NullPointerException if dst or src is null
     */
    public static void brightnessContrastInto(ImageBatchVarShape dst, ImageBatchVarShape src, float[] brightness,
                                              float[] contrast, float[] brightnessShift, float[] contrastCenter,
                                              Stream stream) {
        PixelType p = OP.batch("src batch", src, TYPES, 1, 4);
        runBatch(dst, src, p, Values.of(p.dataType(), src.size(), brightness, contrast, brightnessShift, contrastCenter),
                stream);
    }

    /**
     * As {@link #brightnessContrastInto(ImageBatchVarShape, ImageBatchVarShape, float[], float[], float[], float[],
     * Stream)}, on the current stream.
     *
     * @param dst the caller's output batch: src's image count, place, sizes and pixels
     * @param src the input batch, as the support table allows
     * @param brightness the brightness multiplier per image (null: 1)
     * @param contrast the contrast multiplier per image (null: 1)
     * @param brightnessShift the value added per image (null: 0)
     * @param contrastCenter the level the contrast keeps per image (null: the middle of src's range)
     * @throws IllegalArgumentException if an argument breaks the support table (the message names the operator and
     *         the argument); nothing has run then
     * @throws NullPointerException if dst or src is null
     */
    public static void brightnessContrastInto(ImageBatchVarShape dst, ImageBatchVarShape src, float[] brightness,
                                              float[] contrast, float[] brightnessShift, float[] contrastCenter) {
        brightnessContrastInto(dst, src, brightness, contrast, brightnessShift, contrastCenter, null);
    }

    /**
     * As {@link #brightnessContrastInto(ImageBatchVarShape, ImageBatchVarShape, float[], float[], float[], float[],
     * Stream)}, the values as F32 (or F64) tensors of shape {@code [N]} (CV-CUDA's form).
     *
     * @param dst the caller's output batch: src's image count, place, sizes and pixels
     * @param src the input batch, as the support table allows
     * @param brightness the brightness multiplier per image (null: 1)
     * @param contrast the contrast multiplier per image (null: 1)
     * @param brightnessShift the value added per image (null: 0)
     * @param contrastCenter the level the contrast keeps per image (null: the middle of src's range)
     * @param stream the stream for device work; null: the current stream
     * @throws IllegalArgumentException if an argument breaks the support table (the message names the operator and
     *         the argument); nothing has run then
     * @throws NullPointerException if dst or src is null
     * @throws IllegalStateException if a parameter tensor is closed
     */
    public static void brightnessContrastInto(ImageBatchVarShape dst, ImageBatchVarShape src, Tensor brightness,
                                              Tensor contrast, Tensor brightnessShift, Tensor contrastCenter,
                                              Stream stream) {
        OP.batch("src batch", src, TYPES, 1, 4);
        int n = src.size();
        brightnessContrastInto(dst, src, read("brightness", brightness, n), read("contrast", contrast, n),
                read("brightnessShift", brightnessShift, n), read("contrastCenter", contrastCenter, n), stream);
    }

    /**
     * CV-CUDA's default contrast center for a src type: the middle of its range ({@code HalfRange}).
     *
     * @param t the src data type
     * @return 128 for U8, 32768 for U16, 16384 for S16, 0.5 for F32
     * @throws IllegalArgumentException if {@code t} is not a supported type
     */
    public static float defaultContrastCenter(DataType t) {
        return switch (t) {
            case U8 -> 128f;
            case U16 -> 32768f;
            case S16 -> 16384f;
            case F32 -> 0.5f;
            default -> throw OP.fail("data type " + t + " is not supported; supported: " + TYPES);
        };
    }

    private static PixelGrid checkSrc(Tensor src) {
        PixelGrid s = OP.image("src", src);
        OP.dtype("src", s, TYPES);
        return s;
    }

    /** A parameter tensor as an array (null stays null: the default). */
    private static float[] read(String role, Tensor t, int images) {
        return t == null ? null : ParameterTensors.floats(OP, role, t, images);
    }

    /**
     * Each image's {brightness, contrast, shift, center} in {@code table} (4 floats per entry): one entry for every
     * image, or one per image.
     */
    private record Values(float[] table, int entries) {
        static Values of(DataType t, int images, float[] brightness, float[] contrast, float[] shift, float[] center) {
            float[][] given = {brightness, contrast, shift, center};
            String[] roles = {"brightness", "contrast", "brightnessShift", "contrastCenter"};
            float[] neutral = {1f, 1f, 0f, defaultContrastCenter(t)};
            int entries = 1;
            for (int k = 0; k < 4; k++) {
                if (given[k] != null && OP.perImage(roles[k], given[k].length, images) != 1) {
                    entries = images;
                }
            }
            float[] table = new float[4 * entries];
            for (int i = 0; i < entries; i++) {
                for (int k = 0; k < 4; k++) {
                    float[] g = given[k];
                    table[4 * i + k] = g == null ? neutral[k] : g[g.length == 1 ? 0 : i];
                }
            }
            return new Values(table, entries);
        }

        /** Image {@code img}'s values alone. */
        Values image(int img) {
            int i = entries == 1 ? 0 : img;
            return new Values(java.util.Arrays.copyOfRange(table, 4 * i, 4 * i + 4), 1);
        }

        /** The kernel's table pointer (0: the by-value set) and the by-value set. */
        KernelArgs append(KernelArgs a, long tablePointer) {
            return a.pointer(tablePointer).f32(table[0]).f32(table[1]).f32(table[2]).f32(table[3]);
        }
    }

    private static void run(Tensor dst, PixelGrid s, Values v, Stream stream) {
        PixelGrid d = OP.image("dst", dst);
        OP.dtype("dst", d, TYPES);
        OP.sameShape("dst", d, "src", s);
        OP.output("dst", d, "src", s, d.dtype() == s.dtype());
        if (dst.isHost()) {
            cpu(s, d, v);
            return;
        }
        Stream st = OP.stream(dst, stream);
        if (d.n() == 0 || d.h() == 0 || d.w() == 0) {
            return;
        }
        boolean dense = DenseImages.fit(s, d); // U8 images without row padding: 16 bytes per thread
        var k = KernelLibrary.kernel(dst.device(), dense ? "cvj_brightness_contrast_dense_u8"
                : "cvj_brightness_contrast_" + KernelLibrary.typeName(s.dtype()) + "_" + KernelLibrary.typeName(d.dtype()));
        KernelArgs a = dense ? DenseImages.args(s, d)
                : Launch.args().pointer(s.address()).i64(s.sN()).i64(s.sH()).i64(s.sW()).i64(s.sC())
                .pointer(d.address()).i64(d.sN()).i64(d.sH()).i64(d.sW()).i64(d.sC()).i32(d.w()).i32(d.c());
        java.util.function.LongConsumer launch = table -> {
            if (dense) {
                DenseImages.launch(k, d, st, v.append(a, table));
            } else {
                Launch.pixels(k, d.w(), d.h(), d.n(), st, v.append(a, table));
            }
        };
        if (v.entries() == 1) {
            launch.accept(0);
            return;
        }
        Tensor table = DeviceParameters.upload(v.table(), st);
        try {
            launch.accept(table.address());
        } finally {
            table.close(st);
        }
    }

    /** The CPU path, element by element as brightness_contrast.cu. */
    private static void cpu(PixelGrid s, PixelGrid d, Values v) {
        DataType st = s.dtype(), dt = d.dtype();
        MemorySegment in = s.host(), out = d.host();
        float[] p = v.table();
        CpuPixels.forRows(d.n(), d.h(), (img, y) -> {
            int o = v.entries() == 1 ? 0 : 4 * img;
            float brightness = p[o], contrast = p[o + 1], shift = p[o + 2], center = p[o + 3];
            for (int x = 0; x < d.w(); x++) {
                for (int c = 0; c < d.c(); c++) {
                    float e = CpuPixels.load(in, s.offset(img, y, x, c), st);
                    CpuPixels.store(out, d.offset(img, y, x, c), dt, shift + brightness * (center + contrast * (e - center)));
                }
            }
        });
    }

    private static void runBatch(ImageBatchVarShape dst, ImageBatchVarShape src, PixelType p, Values v, Stream stream) {
        OP.batchOutput("dst batch", dst, "src batch", src, true);
        OP.batchPixels("dst batch", dst, p);
        OP.sameSizes("dst batch", dst, "src batch", src);
        if (dst.isHost()) {
            for (int i = 0; i < src.size(); i++) {
                run(dst.image(i), OP.image("src image " + i, src.image(i)), v.image(i), null);
            }
            return;
        }
        Stream s = OP.stream(src.image(0), stream);
        var k = KernelLibrary.kernel(src.device(), "cvj_brightness_contrast_vs_" + KernelLibrary.typeName(p.dataType()));
        KernelArgs a = Launch.args().pointer(src.descriptors(s)).pointer(dst.descriptors(s)).i32(p.channels());
        if (v.entries() == 1) {
            Launch.batchPixels(k, dst.maxSize(), src.size(), s, v.append(a, 0));
            return;
        }
        Tensor table = DeviceParameters.upload(v.table(), s);
        try {
            Launch.batchPixels(k, dst.maxSize(), src.size(), s, v.append(a, table.address()));
        } finally {
            table.close(s);
        }
    }
}
