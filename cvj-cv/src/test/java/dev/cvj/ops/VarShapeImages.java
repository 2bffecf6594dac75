package dev.cvj.ops;

import dev.cvj.cuda.Device;
import dev.cvj.cuda.Stream;
import dev.cvj.tensor.DataType;
import dev.cvj.tensor.ImageBatchVarShape;
import dev.cvj.tensor.ImageSize;
import dev.cvj.tensor.Tensor;
import dev.cvj.tensor.TensorLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Test helpers of the varshape operators: batches of random images of random sizes whose rows are padded (each image
 * a column slice of a wider one, so its row pitch is not W x C elements), and the per-image oracle of Resize.
 */
final class VarShapeImages implements AutoCloseable {
    /** The wider parents of the images (closed with this object; the batches hold their own counts). */
    private final List<Tensor> parents = new ArrayList<>();

    /** A random size from 1 x 1 to {@code maxW} x {@code maxH}. */
    static ImageSize randomSize(Random rnd, int maxW, int maxH) {
        return ImageSize.of(1 + rnd.nextInt(maxW), 1 + rnd.nextInt(maxH));
    }

    /** A host image of {@code size} pixels, random values, rows padded by 0 to 5 pixels. */
    Tensor hostImage(Random rnd, ImageSize size, int c, DataType t) {
        Tensor wide = ImageTensors.randomHost(rnd, new long[] {size.height(), size.width() + rnd.nextInt(6), c}, t,
                TensorLayout.HWC);
        parents.add(wide);
        return wide.slice(1, 0, size.width());
    }

    /** A device image equal to {@code host}, rows padded by 0 to 5 pixels. */
    Tensor deviceImage(Random rnd, Tensor host, Device dev) {
        long[] s = host.shape();
        Stream st = Stream.perThreadDefault(dev);
        Tensor wide = Tensor.allocate(new long[] {s[0], s[1] + rnd.nextInt(6), s[2]}, host.dtype(), TensorLayout.HWC, st);
        parents.add(wide);
        Tensor view = wide.slice(1, 0, s[1]);
        view.copyFrom(host, st);
        st.synchronize();
        return view;
    }

    /** A host batch of the host images {@code images}. */
    static ImageBatchVarShape hostBatch(List<Tensor> images) {
        ImageBatchVarShape b = ImageBatchVarShape.createHost(Math.max(1, images.size()));
        images.forEach(b::pushBack);
        return b;
    }

    /** A device batch of copies of the host images {@code host} ({@link #deviceImage}), in order. */
    ImageBatchVarShape deviceBatch(Random rnd, List<Tensor> host, Device dev) {
        ImageBatchVarShape b = ImageBatchVarShape.create(Math.max(1, host.size()), dev);
        for (Tensor h : host) {
            b.pushBack(deviceImage(rnd, h, dev));
        }
        return b;
    }

    /** The images of {@code b}, as views. */
    static List<Tensor> images(ImageBatchVarShape b) {
        List<Tensor> out = new ArrayList<>();
        b.forEach(out::add);
        return out;
    }

    /** A host batch of random host images of the given sizes. */
    ImageBatchVarShape hostBatch(Random rnd, List<ImageSize> sizes, int c, DataType t) {
        return hostBatch(hostImages(rnd, sizes, c, t));
    }

    /** Random host images of the given sizes. */
    List<Tensor> hostImages(Random rnd, List<ImageSize> sizes, int c, DataType t) {
        List<Tensor> out = new ArrayList<>();
        for (ImageSize s : sizes) {
            out.add(hostImage(rnd, s, c, t));
        }
        return out;
    }

    /** {@code count} random sizes up to {@code maxW} x {@code maxH}. */
    static List<ImageSize> randomSizes(Random rnd, int count, int maxW, int maxH) {
        List<ImageSize> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            out.add(randomSize(rnd, maxW, maxH));
        }
        return out;
    }

    /** Source and output sizes of a resize with a size per image. */
    record SizePairs(List<ImageSize> in, List<ImageSize> out) {}

    /**
     * {@code count} random source and output sizes up to 300 x 200, with the shapes cv::resize runs differently:
     * image 0 keeps its size (a copy), image 1 (if any) shrinks by exactly 3 x 2 (AREA's integer-factor path).
     */
    static SizePairs sizePairs(Random rnd, int count) {
        List<ImageSize> in = randomSizes(rnd, count, 300, 200);
        List<ImageSize> out = randomSizes(rnd, count, 300, 200);
        out.set(0, in.get(0));
        if (count > 1) {
            in.set(1, ImageSize.of(out.get(1).width() * 3, out.get(1).height() * 2));
        }
        return new SizePairs(in, out);
    }

    /** Image i of an NHWC tensor (a view, N = 1). */
    static Tensor imageOf(Tensor nhwc, int i) {
        return nhwc.slice(0, i, 1);
    }

    /**
     * The first difference between {@code got} (the NHWC result of a varshape resize, or null) or {@code gotImages}
     * and the single-image Resize of each host image to its size, with the tolerances of ImageTensors.mismatch;
     * null when equal.
     */
    static String againstPerImage(List<Tensor> hostSrc, List<Tensor> gotImages, List<ImageSize> sizes, Interpolation interp,
                                  int intTol, double relTol) {
        for (int i = 0; i < hostSrc.size(); i++) {
            try (Tensor want = Resize.resize(hostSrc.get(i), sizes.get(i), interp)) {
                String m = ImageTensors.mismatch(gotImages.get(i), want, intTol, relTol);
                if (m != null) {
                    return "image " + i + " " + hostSrc.get(i).shape(1) + "x" + hostSrc.get(i).shape(0) + " -> " + sizes.get(i)
                            + " " + interp + ": " + m;
                }
            }
        }
        return null;
    }

    @Override
    public void close() {
        parents.forEach(Tensor::close);
        parents.clear();
    }
}
