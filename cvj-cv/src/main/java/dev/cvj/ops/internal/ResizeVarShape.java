package dev.cvj.ops.internal;

import dev.cvj.cuda.Kernel;
import dev.cvj.cuda.KernelArgs;
import dev.cvj.cuda.Stream;
import dev.cvj.ops.Interpolation;
import dev.cvj.tensor.DataType;
import dev.cvj.tensor.ImageBatchVarShape;
import dev.cvj.tensor.ImageSize;
import dev.cvj.tensor.PixelType;
import dev.cvj.tensor.Tensor;
import dev.cvj.tensor.TensorLayout;
import java.util.Locale;
import java.util.Set;

/**
 * {@link dev.cvj.ops.Resize} of an {@link ImageBatchVarShape}: the checks, the CPU path ({@link ResizeCpu} image by
 * image) and the one GPU launch of resize_varshape.cu for the whole batch. Each image gets the algorithm and the
 * arithmetic of the single-image path, so the results are those of resizing the images one by one.
 */
public final class ResizeVarShape {
    private final OpCheck op;
    private final Set<DataType> types;

    /** The checks of {@code op} ("Resize"), accepting the data types {@code types}. */
    public ResizeVarShape(OpCheck op, Set<DataType> types) {
        this.op = op;
        this.types = types;
    }

    /** A new NHWC tensor of {@code src.size()} images of {@code size} pixels, beside the batch. */
    public Tensor resize(ImageBatchVarShape src, ImageSize size, Interpolation interp, Stream stream) {
        PixelType p = checkSource(src);
        op.notNull(size, "size");
        op.notNull(interp, "interpolation");
        if (size.width() < 1 || size.height() < 1) {
            throw op.fail("output size " + size + " must be at least 1 x 1");
        }
        long[] shape = {src.size(), size.height(), size.width(), p.channels()};
        return Outputs.allocate(op, src.image(0), shape, p.dataType(), TensorLayout.NHWC, stream,
                dst -> resizeInto(dst, src, interp, stream));
    }

    /** Every image of {@code src} into image i of the NHWC tensor {@code dst} (N = the batch size). */
    public void resizeInto(Tensor dst, ImageBatchVarShape src, Interpolation interp, Stream stream) {
        op.notNull(interp, "interpolation");
        PixelType p = checkSource(src);
        PixelGrid gd = op.stackOutput(dst, src, p);
        if (dst.isHost()) {
            for (int i = 0; i < src.size(); i++) {
                ResizeCpu.resize(grid("src image " + i, src.image(i)).cpu(), grid("dst", dst.slice(0, i, 1)).cpu(), interp);
            }
            return;
        }
        Stream s = op.stream(dst, stream);
        launch(p, src.descriptors(s), 0, dst.address(), gd.sN(), gd.sH(), gd.w(), gd.h(), src.size(), interp, s, dst);
    }

    /** A new batch of image i of {@code src} resized to {@code sizes[i]}. */
    public ImageBatchVarShape resize(ImageBatchVarShape src, ImageSize[] sizes, Interpolation interp, Stream stream) {
        PixelType p = checkSource(src);
        op.notNull(sizes, "sizes");
        op.notNull(interp, "interpolation");
        if (sizes.length != src.size()) {
            throw op.fail("sizes has " + sizes.length + " entries for " + src.size() + " images");
        }
        for (int i = 0; i < sizes.length; i++) {
            op.notNull(sizes[i], "sizes[" + i + "]");
            if (sizes[i].width() < 1 || sizes[i].height() < 1) {
                throw op.fail("sizes[" + i + "] " + sizes[i] + " must be at least 1 x 1");
            }
        }
        return Outputs.allocateBatch(op, src, i -> sizes[i], p.channels(), p.dataType(), stream,
                dst -> resizeInto(dst, src, interp, stream));
    }

    /** Every image of {@code src} into the image of {@code dst} at its index, at that image's size. */
    public void resizeInto(ImageBatchVarShape dst, ImageBatchVarShape src, Interpolation interp, Stream stream) {
        op.notNull(interp, "interpolation");
        PixelType p = checkSource(src);
        op.notNull(dst, "dst batch");
        if (!dst.isClosed() && dst.size() == src.size() && !p.equals(dst.uniqueFormat())) {
            throw op.fail("dst batch has " + describe(dst.uniqueFormat()) + " pixels but the src batch has " + describe(p));
        }
        op.batchOutput("dst batch", dst, "src batch", src, false);
        if (dst.isHost()) {
            for (int i = 0; i < src.size(); i++) {
                ResizeCpu.resize(grid("src image " + i, src.image(i)).cpu(), grid("dst image " + i, dst.image(i)).cpu(),
                        interp);
            }
            return;
        }
        Tensor first = src.image(0);
        Stream s = op.stream(first, stream);
        ImageSize max = dst.maxSize();
        launch(p, src.descriptors(s), dst.descriptors(s), 0, 0, 0, max.width(), max.height(), src.size(), interp, s, first);
    }

    private PixelType checkSource(ImageBatchVarShape src) {
        PixelType p = op.batch("src batch", src, types, 1, 4);
        if (p.channels() == 2) {
            throw op.fail("src batch has 2 channels; supported: 1, 3, 4");
        }
        return p;
    }

    private PixelGrid grid(String role, Tensor image) {
        return op.image(role, image, PixelGrid.INTERLEAVED);
    }

    private static String describe(PixelType p) {
        return p == null ? "no" : p.channels() + "-channel " + p.dataType();
    }

    /**
     * One launch over the largest output ({@code w x h}), grid z = image: dst images from the table {@code dstTable},
     * or (table 0) image i at {@code dst + i * dN} with rows {@code dH} apart.
     */
    private static void launch(PixelType p, long srcTable, long dstTable, long dst, long dN, long dH, int w, int h,
                               int images, Interpolation interp, Stream s, Tensor like) {
        String name = "cvj_resize_vs_" + interp.name().toLowerCase(Locale.ROOT) + "_" + KernelLibrary.typeName(p.dataType())
                + "_c" + p.channels();
        Kernel k = KernelLibrary.kernel(like.device(), name);
        KernelArgs a = Launch.args().pointer(srcTable).pointer(dstTable).pointer(dst).i64(dN).i64(dH).i32(w).i32(h);
        Launch.image(k, w, h, images, s, a);
    }
}
