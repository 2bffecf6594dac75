package dev.cvj.ops.internal;

import dev.cvj.cuda.Kernel;
import dev.cvj.cuda.KernelArgs;
import dev.cvj.cuda.Stream;
import dev.cvj.tensor.DataType;
import dev.cvj.tensor.ImageBatchVarShape;
import dev.cvj.tensor.ImageSize;
import dev.cvj.tensor.PixelType;
import dev.cvj.tensor.Tensor;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * {@link AffinePixels}' map (ConvertTo, Normalize) on an {@link ImageBatchVarShape} into a batch of the same sizes:
 * the checks, the CPU path ({@link AffinePixels#run} image by image) and the one GPU launch for the whole batch
 * ({@code cvj_pointwise_varshape_*} in convert.cu, the arithmetic of the single-image kernels).
 */
public final class AffineVarShape {
    private final OpCheck op;

    /** The checks of {@code op} ("ConvertTo", "Normalize"). */
    public AffineVarShape(OpCheck op) {
        this.op = op;
    }

    /** The source batch's pixels: open, not empty, of {@link AffinePixels#TYPES}, 1 to 4 channels. */
    public PixelType checkSource(ImageBatchVarShape src) {
        return op.batch("src batch", src, AffinePixels.TYPES, 1, 4);
    }

    /**
     * A new batch beside {@code src} (checked by {@link #checkSource}, giving {@code p}) of its sizes and channels, of
     * {@code dstType}, passed to {@code fill}; closed again when {@code fill} throws.
     */
    public ImageBatchVarShape allocate(ImageBatchVarShape src, PixelType p, DataType dstType, Stream stream,
                                       Consumer<ImageBatchVarShape> fill) {
        return Outputs.allocateBatch(op, src, src::imageSize, p.channels(), dstType, stream, fill);
    }

    /**
     * {@code dst} image i = the map of {@code src} image i, {@code p} and {@code q} holding 1 value or one per channel.
     * Checks first: dst batch open, of src's count, sizes and place, writable, of src's channels and one of
     * {@code dstTypes}, no dst image overlapping a src image (image i may be the very same view as src image i when
     * both types have one size: each element is read and written by one thread).
     */
    public void run(ImageBatchVarShape dst, ImageBatchVarShape src, Set<DataType> dstTypes, float[] p, float[] q,
                    float g, float h, Stream stream) {
        PixelType ps = checkSource(src);
        op.batchOutput("dst batch", dst, "src batch", src, true);
        PixelType pd = dst.uniqueFormat();
        if (pd.channels() != ps.channels()) {
            throw op.fail("dst batch has " + pd.channels() + " channels but the src batch has " + ps.channels());
        }
        if (!dstTypes.contains(pd.dataType())) {
            throw op.fail("dst batch has data type " + pd.dataType() + "; supported for a " + ps.dataType() + " src batch: "
                    + dstTypes.stream().map(Enum::name).sorted().collect(Collectors.joining(", ")));
        }
        op.sameSizes("dst batch", dst, "src batch", src);
        if (dst.isHost()) {
            for (int i = 0; i < src.size(); i++) {
                AffinePixels.run(grid("src image " + i, src.image(i)), grid("dst image " + i, dst.image(i)), p, q, g, h,
                        null);
            }
            return;
        }
        Tensor first = src.image(0);
        Stream s = op.stream(first, stream);
        ImageSize max = src.maxSize();
        Kernel k = KernelLibrary.kernel(first.device(), "cvj_pointwise_varshape_" + KernelLibrary.typeName(ps.dataType())
                + "_" + KernelLibrary.typeName(pd.dataType()));
        KernelArgs a = Launch.args().pointer(src.descriptors(s)).pointer(dst.descriptors(s)).i32(ps.channels())
                .struct(AffinePixels.struct(p, q, g, h), 4);
        // x: the elements of the widest row (W x C < 2^31: OpCheck.batch bounds device rows), y: the tallest image
        Launch.image(k, (long) max.width() * ps.channels(), max.height(), src.size(), s, a);
    }

    private PixelGrid grid(String role, Tensor image) {
        return op.image(role, image, PixelGrid.INTERLEAVED);
    }
}
