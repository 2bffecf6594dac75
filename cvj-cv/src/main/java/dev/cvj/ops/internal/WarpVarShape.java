package dev.cvj.ops.internal;

import dev.cvj.cuda.Kernel;
import dev.cvj.cuda.KernelArgs;
import dev.cvj.cuda.Stream;
import dev.cvj.ops.BorderType;
import dev.cvj.ops.Interpolation;
import dev.cvj.tensor.ImageBatchVarShape;
import dev.cvj.tensor.ImageSize;
import dev.cvj.tensor.PixelType;
import dev.cvj.tensor.Tensor;
import java.util.function.Consumer;
import java.util.function.IntFunction;

/**
 * {@link WarpPixels}' warps (WarpAffine, WarpPerspective, Rotate) and remap on an {@link ImageBatchVarShape}: the
 * checks, the CPU path (the single-image path, image by image) and one GPU launch for the batch
 * ({@code cvj_warp_vs_*} and {@code cvj_remap_vs_*} in warp.cu, the single-image kernels' device functions), each
 * image's matrix read from a device buffer uploaded once per call.
 */
public final class WarpVarShape {
    private final OpCheck op;

    /** The checks of {@code op} ("WarpAffine", "WarpPerspective", "Rotate", "Remap"). */
    public WarpVarShape(OpCheck op) {
        this.op = op;
    }

    /**
     * The source batch: open, not empty, of {@link WarpPixels#TYPES}, 1 to 4 channels, no empty image; the
     * interpolation and border options.
     */
    public PixelType source(ImageBatchVarShape src, Interpolation in, BorderType border, double[] value) {
        PixelType p = op.batch("src batch", src, WarpPixels.TYPES, 1, 4);
        op.notNull(in, "interpolation");
        WarpPixels.checkBorder(op, border, value, p.channels());
        for (int i = 0; i < src.size(); i++) {
            ImageSize s = src.imageSize(i);
            if (s.width() == 0 || s.height() == 0) {
                throw op.fail("src image " + i + " is empty (" + s + "): nothing to sample");
            }
        }
        return p;
    }

    /** The dst sizes of an allocating call: 1 size (for all images) or one per image, each at least 1 x 1. */
    public IntFunction<ImageSize> sizes(ImageSize[] sizes, int images) {
        op.notNull(sizes, "sizes");
        op.perImage("sizes", sizes.length, images);
        for (int i = 0; i < sizes.length; i++) {
            op.notNull(sizes[i], "sizes[" + i + "]");
            if (sizes[i].width() < 1 || sizes[i].height() < 1) {
                throw op.fail("sizes[" + i + "] " + sizes[i] + " must be at least 1 x 1");
            }
        }
        return i -> sizes[sizes.length == 1 ? 0 : i];
    }

    /** A new batch beside {@code src} of the pixels {@code p}, image i of {@code sizes.apply(i)}, passed to {@code fill}. */
    public ImageBatchVarShape allocate(ImageBatchVarShape src, PixelType p, IntFunction<ImageSize> sizes, Stream stream,
                                       Consumer<ImageBatchVarShape> fill) {
        return Outputs.allocateBatch(op, src, sizes, p.channels(), p.dataType(), stream, fill);
    }

    /**
     * A new batch, image i of {@code sizes} (1 or one per image): src image i warped by {@code matrices} (1 or one per
     * image, 6 or 9 values as the user gives them; {@code inverseMap}: they map dst to src).
     */
    public ImageBatchVarShape warp(ImageBatchVarShape src, ImageSize[] sizes, double[][] matrices, boolean perspective,
                                   boolean inverseMap, Interpolation in, BorderType border, double[] value, Stream stream) {
        PixelType p = source(src, in, border, value);
        IntFunction<ImageSize> size = sizes(sizes, src.size());
        double[][] maps = WarpPixels.inverseMaps(op, matrices, src.size(), perspective, inverseMap);
        return allocate(src, p, size, stream, dst -> warpInto(dst, src, maps, perspective, in, border, value, stream));
    }

    /** {@link #warpInto(ImageBatchVarShape, ImageBatchVarShape, double[][], boolean, Interpolation, BorderType, double[], Stream)} of the user's matrices. */
    public void warpInto(ImageBatchVarShape dst, ImageBatchVarShape src, double[][] matrices, boolean perspective,
                         boolean inverseMap, Interpolation in, BorderType border, double[] value, Stream stream) {
        source(src, in, border, value);
        double[][] maps = WarpPixels.inverseMaps(op, matrices, src.size(), perspective, inverseMap);
        warpInto(dst, src, maps, perspective, in, border, value, stream);
    }

    /** CV-CUDA's per-image matrices, an F32 or F64 tensor {@code [N, 2, 3]} (or {@code [N, 3, 3]}), as rows. */
    public double[][] matrices(Tensor matrices, ImageBatchVarShape src, boolean perspective) {
        op.batch("src batch", src, WarpPixels.TYPES, 1, 4);
        return ParameterTensors.doubles(op, "matrices", matrices, src.size(), perspective ? 3 : 2, 3);
    }

    /**
     * dst image i = src image i warped by {@code maps[i]} ({@link WarpPixels#inverseMaps}: 1 for all images or one
     * per image). Checks dst first: open, src's count, place and pixels, writable, apart from every src image.
     */
    public void warpInto(ImageBatchVarShape dst, ImageBatchVarShape src, double[][] maps, boolean perspective,
                         Interpolation in, BorderType border, double[] value, Stream stream) {
        PixelType p = source(src, in, border, value);
        output(dst, src, p);
        if (dst.isHost()) {
            for (int i = 0; i < src.size(); i++) {
                WarpPixels.into(op, dst.image(i), op.image("src image " + i, src.image(i)),
                        new double[][] {maps[maps.length == 1 ? 0 : i]}, perspective, in, border, value, null);
            }
            return;
        }
        Stream s = op.stream(src.image(0), stream);
        double[] flat = new double[maps.length * 9];
        for (int i = 0; i < maps.length; i++) {
            System.arraycopy(maps[i], 0, flat, 9 * i, 9);
        }
        Tensor m = DeviceParameters.upload(flat, s);
        try {
            KernelArgs a = Launch.args().pointer(src.descriptors(s)).pointer(dst.descriptors(s)).pointer(m.address())
                    .i32(maps.length == 1 ? 0 : 9).i32(p.channels()).i32(WarpPixels.method(in)).i32(border.code())
                    .i32(perspective ? 1 : 0).struct(WarpPixels.cvalBytes(WarpPixels.borderValues(p.dataType(), value)), 4);
            launch("cvj_warp_vs_", p, dst, src, s, a);
        } finally {
            m.close(s);
        }
    }

    /**
     * The remap map for a batch: one F32 map of 2 channels (x, y), HWC or NHWC with N = 1, not empty, in the batch's
     * place.
     */
    public PixelGrid map(Tensor map, ImageBatchVarShape src) {
        PixelGrid m = WarpPixels.mapGrid(op, map);
        if (m.n() != 1) {
            throw op.fail("map has N = " + m.n() + "; a batch takes 1 map for all its images");
        }
        op.samePlace("map", map, "src image 0", src.image(0));
        return m;
    }

    /**
     * dst image i = src image i sampled at the positions of {@code m} (from {@link #map}), every dst image of the
     * map's size.
     */
    public void remapInto(ImageBatchVarShape dst, ImageBatchVarShape src, PixelGrid m, boolean relative,
                          Interpolation in, BorderType border, double[] value, Stream stream) {
        PixelType p = source(src, in, border, value);
        output(dst, src, p);
        ImageSize size = ImageSize.of(m.w(), m.h());
        for (int i = 0; i < dst.size(); i++) {
            if (!dst.imageSize(i).equals(size)) {
                throw op.fail("dst image " + i + " is " + dst.imageSize(i) + " but the map is " + size);
            }
            op.apart("dst image " + i, dst.image(i), "map", m.tensor(), false);
        }
        if (dst.isHost()) {
            for (int i = 0; i < src.size(); i++) {
                WarpPixels.remapInto(op, dst.image(i), op.image("src image " + i, src.image(i)), m, relative, in, border,
                        value, null);
            }
            return;
        }
        Stream s = op.stream(src.image(0), stream);
        KernelArgs a = Launch.args().pointer(src.descriptors(s)).pointer(dst.descriptors(s)).pointer(m.address())
                .i64(m.sH()).i64(m.sW()).i64(m.sC()).i32(p.channels()).i32(WarpPixels.method(in)).i32(border.code())
                .i32(relative ? 1 : 0).struct(WarpPixels.cvalBytes(WarpPixels.borderValues(p.dataType(), value)), 4);
        launch("cvj_remap_vs_", p, dst, src, s, a);
    }

    private void output(ImageBatchVarShape dst, ImageBatchVarShape src, PixelType p) {
        op.batchOutput("dst batch", dst, "src batch", src, false);
        op.batchPixels("dst batch", dst, p);
        for (int i = 0; i < dst.size(); i++) {
            ImageSize d = dst.imageSize(i);
            if (d.width() == 0 || d.height() == 0) {
                throw op.fail("dst image " + i + " is empty (" + d + ")");
            }
        }
    }

    /** One launch over the largest dst image, grid z = image; threads past their own dst image return. */
    private static void launch(String kernel, PixelType p, ImageBatchVarShape dst, ImageBatchVarShape src, Stream s,
                               KernelArgs a) {
        Kernel k = KernelLibrary.kernel(src.device(), kernel + KernelLibrary.typeName(p.dataType()));
        ImageSize max = dst.maxSize();
        Launch.image(k, max.width(), max.height(), src.size(), s, a);
    }
}
