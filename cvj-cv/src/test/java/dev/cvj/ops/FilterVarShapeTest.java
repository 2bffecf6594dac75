package dev.cvj.ops;

import static dev.cvj.ops.OpTestSupport.refused;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.cvj.cuda.Device;
import dev.cvj.cuda.test.GpuTest;
import dev.cvj.tensor.DataType;
import dev.cvj.tensor.ImageBatchVarShape;
import dev.cvj.tensor.ImageSize;
import dev.cvj.tensor.Tensor;
import java.util.List;
import java.util.Random;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;

/**
 * The filter operators on an ImageBatchVarShape: the into forms and the tensor forms against the single-image call, and
 * the refusals. The allocating forms are covered for every operator by VarShapeOperatorsTest and
 * VarShapeOperatorsGpuTest.
 */
class FilterVarShapeTest {
    private final Random rnd = new Random(47);
    private static final List<ImageSize> SIZES = List.of(ImageSize.of(5, 4), ImageSize.of(7, 3));

    @Test
    void gaussianBlurIntoAndTensors() {
        try (VarShapeImages imgs = new VarShapeImages()) {
            List<ImageSize> sizes = VarShapeImages.randomSizes(rnd, 5, 40, 30);
            List<Tensor> src = imgs.hostImages(rnd, sizes, 2, DataType.S16);
            List<Tensor> dst = imgs.hostImages(rnd, sizes, 2, DataType.S16);
            int[] kw = {3, 5, 1, 7, 9};
            double[] sx = {0.8, 0, 2.5, 1.1, 0};
            try (ImageBatchVarShape sb = VarShapeImages.hostBatch(src); ImageBatchVarShape db = VarShapeImages.hostBatch(dst)) {
                GaussianBlur.gaussianBlurInto(db, sb, kw, new int[] {5}, sx, new double[] {0}, BorderType.REFLECT);
                assertNull(indexed(dst, src, (s, i) -> GaussianBlur.gaussianBlur(s, kw[i], 5, sx[i], 0, BorderType.REFLECT)));
                try (Tensor ks = tensor(new int[] {0, 3}, 1, 2); Tensor sig = Tensor.allocateHost(new long[] {1, 2}, DataType.F64, null)) {
                    sig.copyFrom(new double[] {1.5, 0.5});
                    try (ImageBatchVarShape out = GaussianBlur.gaussianBlur(sb, ks, sig, BorderType.REPLICATE, null)) {
                        assertNull(VarShapeCalls.againstEach(VarShapeImages.images(out), src,
                                s -> GaussianBlur.gaussianBlur(s, 0, 3, 1.5, 0.5, BorderType.REPLICATE)));
                    }
                }
            }
        }
    }

    @Test
    void gaussianBlurRefusals() {
        try (VarShapeImages imgs = new VarShapeImages();
             ImageBatchVarShape empty = ImageBatchVarShape.createHost(2);
             ImageBatchVarShape two = imgs.hostBatch(rnd, SIZES, 3, DataType.U8);
             ImageBatchVarShape f32 = imgs.hostBatch(rnd, SIZES, 3, DataType.F32);
             ImageBatchVarShape otherSizes = imgs.hostBatch(rnd, List.of(ImageSize.of(5, 4), ImageSize.of(7, 4)), 3, DataType.U8);
             Tensor badSizes = tensor(new int[] {3, 3, 3}, 3, 1)) {
            String op = "GaussianBlur: ";
            int[] k3 = {3};
            double[] s0 = {0};
            refused(op, () -> GaussianBlur.gaussianBlur(empty, k3, k3, s0, s0, BorderType.REFLECT), "src batch is empty");
            refused(op, () -> GaussianBlur.gaussianBlur(two, new int[] {3, 3, 3}, k3, s0, s0, BorderType.REFLECT),
                    "kw has 3 entries for 2 images");
            refused(op, () -> GaussianBlur.gaussianBlur(two, new int[] {3, 4}, k3, s0, s0, BorderType.REFLECT),
                    "image 1: kw 4 must be odd");
            refused(op, () -> GaussianBlur.gaussianBlur(f32, k3, k3, s0, s0, BorderType.WRAP), "border WRAP is not supported");
            refused(op, () -> gaussianInto(otherSizes, two), "dst image 1 is 7 x 4 (W x H) but src image 1 is 7 x 3");
            refused(op, () -> gaussianInto(f32, two), "dst batch has pixels of");
            refused(op, () -> GaussianBlur.gaussianBlur(two, badSizes, badSizes, BorderType.REFLECT, null), "kernelSize");
        }
    }

    @Test
    void boxAverageAndLaplacian() {
        try (VarShapeImages imgs = new VarShapeImages()) {
            List<ImageSize> sizes = VarShapeImages.randomSizes(rnd, 3, 30, 20);
            List<Tensor> src = imgs.hostImages(rnd, sizes, 3, DataType.U8);
            List<Tensor> dst = imgs.hostImages(rnd, sizes, 3, DataType.S16);
            try (ImageBatchVarShape sb = VarShapeImages.hostBatch(src); ImageBatchVarShape db = VarShapeImages.hostBatch(dst);
                 Tensor ks = tensor(new int[] {3, 5, 7, 1, 2, 2}, 3, 2); Tensor anchors = tensor(new int[] {-1, -1}, 1, 2);
                 ImageBatchVarShape avg = AverageBlur.averageBlur(sb, ks, anchors, BorderType.REFLECT, null)) {
                assertNull(indexed(VarShapeImages.images(avg), src, (s, i) -> {
                    return AverageBlur.averageBlur(s, new int[] {3, 7, 2}[i], new int[] {5, 1, 2}[i], -1, -1, BorderType.REFLECT);
                }));
                Laplacian.laplacianInto(db, sb, new int[] {1, 3, 1}, new double[] {2}, new double[] {0, 5, -3}, BorderType.CONSTANT);
                assertNull(indexed(dst, src, (s, i) -> {
                    return Laplacian.laplacian(s, new int[] {1, 3, 1}[i], 2, new double[] {0, 5, -3}[i], DataType.S16,
                            BorderType.CONSTANT);
                }));
            }
        }
    }

    @Test
    void boxAverageAndLaplacianRefusals() {
        try (VarShapeImages imgs = new VarShapeImages();
             ImageBatchVarShape two = imgs.hostBatch(rnd, SIZES, 3, DataType.U8);
             ImageBatchVarShape u16 = imgs.hostBatch(rnd, SIZES, 3, DataType.U16)) {
            int[] one = {1}, centre = {-1};
            refused("BoxFilter: ", () -> BoxFilter.boxFilter(two, new int[] {3, 5}, one, new int[] {-1, 5}, centre, true,
                    BorderType.REFLECT), "image 1: anchorX 5 must be -1 (the centre) or in 0..4");
            refused("BoxFilter: ", () -> BoxFilter.boxFilter(two, one, one, centre, centre, true, BorderType.WRAP),
                    "border WRAP is not supported");
            refused("AverageBlur: ", () -> AverageBlur.averageBlur(two, new int[] {0}, one, centre, centre, BorderType.REFLECT),
                    "kernel size 0 x 1 must be at least 1 x 1");
            refused("AverageBlur: ", () -> AverageBlur.averageBlur(two, one, one, new int[0], centre, BorderType.REFLECT),
                    "anchorX has 0 entries for 2 images");
            refused("AverageBlur: ", () -> AverageBlur.averageBlurInto(u16, two, one, one, centre,
                    centre, BorderType.REFLECT), "dst batch has pixels of");
            refused("Laplacian: ", () -> Laplacian.laplacian(two, new int[] {3, 5}, new double[] {1}, new double[] {0},
                    DataType.S16, BorderType.REFLECT), "image 1: ksize 5 must be 1 or 3");
            refused("Laplacian: ", () -> Laplacian.laplacian(two, new int[] {3}, new double[] {1}, new double[] {0},
                    DataType.U16, BorderType.REFLECT), "dst data type U16 is not supported for src of U8");
            refused("Laplacian: ", () -> Laplacian.laplacianInto(u16, two, new int[] {3}, new double[] {1}, new double[] {0},
                    BorderType.REFLECT), "dst data type U16 is not supported for src of U8");
        }
    }

    @Test
    void medianBlurIntoAndRefusals() {
        try (VarShapeImages imgs = new VarShapeImages()) {
            List<ImageSize> sizes = VarShapeImages.randomSizes(rnd, 3, 30, 20);
            List<Tensor> src = imgs.hostImages(rnd, sizes, 1, DataType.U8);
            List<Tensor> dst = imgs.hostImages(rnd, sizes, 1, DataType.U8);
            int[] ksize = {7, 3, 5};
            try (ImageBatchVarShape sb = VarShapeImages.hostBatch(src); ImageBatchVarShape db = VarShapeImages.hostBatch(dst);
                 ImageBatchVarShape f32 = imgs.hostBatch(rnd, SIZES, 1, DataType.F32)) {
                MedianBlur.medianBlurInto(db, sb, ksize);
                assertNull(indexed(dst, src, (s, i) -> MedianBlur.medianBlur(s, ksize[i])));
                refused("MedianBlur: ", () -> MedianBlur.medianBlur(f32, new int[] {3, 7}), "image 1: ksize 7 on F32");
                refused("MedianBlur: ", () -> MedianBlur.medianBlur(sb, new int[] {3, 3}), "ksize has 2 entries for 3 images");
                refused("MedianBlur: ", () -> MedianBlur.medianBlurInto(f32, sb, new int[] {3}), "dst batch has 2 images");
            }
        }
    }

    @Test
    void morphologyTensorsIntoAndRefusals() {
        try (VarShapeImages imgs = new VarShapeImages()) {
            List<ImageSize> sizes = VarShapeImages.randomSizes(rnd, 3, 30, 20);
            List<Tensor> src = imgs.hostImages(rnd, sizes, 2, DataType.U16);
            List<Tensor> dst = imgs.hostImages(rnd, sizes, 2, DataType.U16);
            try (ImageBatchVarShape sb = VarShapeImages.hostBatch(src); ImageBatchVarShape db = VarShapeImages.hostBatch(dst);
                 Tensor masks = tensor(new int[] {3, 1, 5, 5, 1, 2}, 3, 2); Tensor anchors = tensor(new int[] {-1, 0}, 1, 2);
                 ImageBatchVarShape out = Morphology.morphology(sb, Morphology.Operation.CLOSE, masks, anchors, 2,
                         BorderType.REPLICATE, 0, null)) {
                assertNull(indexed(VarShapeImages.images(out), src, (s, i) -> {
                    int w = new int[] {3, 5, 1}[i], h = new int[] {1, 5, 2}[i];
                    return Morphology.morphology(s, Morphology.Operation.CLOSE, Morphology.Element.of(Morphology.Shape.RECT,
                            w, h, w / 2, 0), 2, BorderType.REPLICATE, 0);
                }));
                Morphology.Element[] e = {Morphology.Element.of(Morphology.Shape.ELLIPSE, 5, 3),
                    Morphology.Element.of(Morphology.Shape.CROSS, 3, 3, 0, 2), Morphology.Element.of(Morphology.Shape.RECT, 2, 2)};
                Morphology.morphologyInto(db, sb, Morphology.Operation.OPEN, e, 2, BorderType.CONSTANT, 7);
                assertNull(indexed(dst, src, (s, i) -> Morphology.morphology(s, Morphology.Operation.OPEN, e[i], 2,
                        BorderType.CONSTANT, 7)));
                refused("Morphology: ", () -> Morphology.morphology(sb, Morphology.Operation.ERODE, new Morphology.Element[2], 1,
                        BorderType.REFLECT, 0), "elements has 2 entries for 3 images");
                refused("Morphology: ", () -> Morphology.morphology(sb, Morphology.Operation.ERODE, e, 0, BorderType.REFLECT, 0),
                        "iterations 0 must be >= 1");
                refused("Morphology: ", () -> Morphology.morphology(sb, Morphology.Operation.ERODE, e, 1, BorderType.WRAP, 0),
                        "border WRAP is not supported");
                try (Tensor bad = tensor(new int[] {3, 3, 3, 3, 0, 3}, 3, 2)) {
                    refused("Morphology: ", () -> Morphology.morphology(sb, Morphology.Operation.ERODE, bad, anchors, 1,
                            BorderType.REFLECT, 0, null), "image 2: element size 0 x 3");
                }
            }
        }
    }

    @Test
    void conv2DIntoAndRefusals() {
        try (VarShapeImages imgs = new VarShapeImages()) {
            List<ImageSize> sizes = VarShapeImages.randomSizes(rnd, 2, 30, 20);
            List<Tensor> src = imgs.hostImages(rnd, sizes, 4, DataType.F32);
            List<Tensor> dst = imgs.hostImages(rnd, sizes, 4, DataType.F32);
            float[][] k = {{1, -2, 0.5f, 0.25f, 0, 3}, {0.5f}};
            ImageSize[] ks = {ImageSize.of(3, 2), ImageSize.of(1, 1)};
            try (ImageBatchVarShape sb = VarShapeImages.hostBatch(src); ImageBatchVarShape db = VarShapeImages.hostBatch(dst);
                 ImageBatchVarShape u8 = imgs.hostBatch(rnd, SIZES, 1, DataType.U8)) {
                Conv2D.conv2DInto(db, sb, k, ks, new int[] {0, -1}, new int[] {-1}, 1.5, BorderType.REFLECT_101);
                float[][][] rows = {{{1, -2, 0.5f}, {0.25f, 0, 3}}, {{0.5f}}};
                assertNull(indexed(dst, src, (s, i) -> {
                    return Conv2D.conv2D(s, rows[i], new int[] {0, -1}[i], -1, 1.5, BorderType.REFLECT_101);
                }));
                int[] none = {-1};
                refused("Conv2D: ", () -> Conv2D.conv2D(sb, new float[3][], ks, none, none, 0, BorderType.REFLECT),
                        "kernels has 3 entries for 2 images");
                refused("Conv2D: ", () -> Conv2D.conv2D(sb, k, new ImageSize[] {ImageSize.of(3, 2), ImageSize.of(2, 1)}, none,
                        none, 0, BorderType.REFLECT), "image 1: kernel has 1 values but its size 2 x 1 (W x H) makes 2");
                refused("Conv2D: ", () -> Conv2D.conv2D(sb, k, ks, new int[] {3, 0}, none, 0, BorderType.REFLECT),
                        "image 0: anchorX 3 must be -1 (the centre) or in 0..2");
                try (Tensor anchors = tensor(new int[] {-1, -1}, 1, 2)) {
                    refused("Conv2D: ", () -> Conv2D.conv2D(sb, u8, anchors, 0, BorderType.REFLECT, null),
                            "kernels has data type U8; supported: F32");
                }
            }
        }
    }

    @Test
    void bilateralIntoTensorsAndRefusals() {
        try (VarShapeImages imgs = new VarShapeImages()) {
            List<ImageSize> sizes = VarShapeImages.randomSizes(rnd, 2, 30, 20);
            List<Tensor> src = imgs.hostImages(rnd, sizes, 3, DataType.F32);
            List<Tensor> guide = imgs.hostImages(rnd, sizes, 3, DataType.F32);
            List<Tensor> dst = imgs.hostImages(rnd, sizes, 3, DataType.F32);
            int[] d = {5, 0};
            double[] sc = {0.3, 0.1}, ss = {2, 1.2};
            try (ImageBatchVarShape sb = VarShapeImages.hostBatch(src); ImageBatchVarShape gb = VarShapeImages.hostBatch(guide);
                 ImageBatchVarShape db = VarShapeImages.hostBatch(dst);
                 ImageBatchVarShape two = imgs.hostBatch(rnd, SIZES, 2, DataType.U8);
                 Tensor diameter = Tensor.allocateHost(new long[] {1}, DataType.S32, null)) {
                diameter.copyFrom(new int[] {3});
                JointBilateralFilter.jointBilateralFilterInto(db, sb, gb, d, sc, ss, BorderType.REFLECT);
                for (int i = 0; i < 2; i++) {
                    try (Tensor want = JointBilateralFilter.jointBilateralFilter(src.get(i), guide.get(i), d[i], sc[i], ss[i],
                            BorderType.REFLECT)) {
                        assertNull(ImageTensors.mismatch(dst.get(i), want, 0, 0));
                    }
                }
                Tensor sigma = Tensor.allocateHost(new long[] {2}, DataType.F32, null);
                try (sigma) {
                    sigma.copyFrom(new float[] {0.5f, 1.5f});
                    try (ImageBatchVarShape out = BilateralFilter.bilateralFilter(sb, diameter, sigma, sigma, BorderType.CONSTANT,
                            null)) {
                        assertNull(indexed(VarShapeImages.images(out), src, (s, i) -> {
                            float v = new float[] {0.5f, 1.5f}[i];
                            return BilateralFilter.bilateralFilter(s, 3, v, v, BorderType.CONSTANT);
                        }));
                    }
                }
                refused("BilateralFilter: ", () -> BilateralFilter.bilateralFilter(two, d, sc, ss, BorderType.REFLECT),
                        "src batch has 2 channels; supported: 1, 3");
                refused("BilateralFilter: ", () -> BilateralFilter.bilateralFilter(sb, new int[] {3, 600}, sc, ss,
                        BorderType.REFLECT), "image 1: radius 300.0 (d 600, sigmaSpace 1.2) is above 255");
                refused("JointBilateralFilter: ", () -> JointBilateralFilter.jointBilateralFilter(sb, two, d, sc, ss,
                        BorderType.REFLECT), "guide batch has pixels of");
                refused("JointBilateralFilter: ", () -> JointBilateralFilter.jointBilateralFilterInto(gb, sb, gb, d, sc, ss,
                        BorderType.REFLECT), "overlaps guide image");
            }
        }
    }

    /**
     * On a GPU, the into forms against the single-image CPU call, exactly: Morphology OPEN twice with a rectangle, an
     * ellipse and a cross (one, two and several passes per image through the temporaries), MedianBlur with the sort and
     * the bisection, JointBilateralFilter of F32 (the range launch), Conv2D with a kernel per image; and the descriptor
     * tables uploaded once for the calls on one batch.
     */
    @GpuTest
    @Test
    void gpuIntoFormsEqualCpu(Random seeded) {
        Device gpu = Device.get(0);
        try (VarShapeImages imgs = new VarShapeImages(); dev.cvj.cuda.Stream st = dev.cvj.cuda.Stream.create(gpu)) {
            List<ImageSize> sizes = List.of(ImageSize.of(300, 200), ImageSize.of(1, 1), ImageSize.of(77, 5));
            List<Tensor> u8 = imgs.hostImages(seeded, sizes, 3, DataType.U8);
            List<Tensor> f32 = imgs.hostImages(seeded, sizes, 3, DataType.F32);
            List<Tensor> g32 = imgs.hostImages(seeded, sizes, 3, DataType.F32);
            try (ImageBatchVarShape su = imgs.deviceBatch(seeded, u8, gpu); ImageBatchVarShape sf = imgs.deviceBatch(seeded, f32, gpu);
                 ImageBatchVarShape gf = imgs.deviceBatch(seeded, g32, gpu);
                 ImageBatchVarShape du = imgs.deviceBatch(seeded, u8, gpu); ImageBatchVarShape df = imgs.deviceBatch(seeded, f32, gpu)) {
                Morphology.Element[] e = {Morphology.Element.of(Morphology.Shape.RECT, 5, 3),
                    Morphology.Element.of(Morphology.Shape.ELLIPSE, 5, 5), Morphology.Element.of(Morphology.Shape.CROSS, 3, 3)};
                Morphology.morphologyInto(du, su, Morphology.Operation.OPEN, e, 2, BorderType.REFLECT, 0, st);
                st.synchronize();
                assertNull(VarShapeCalls.onHost(VarShapeImages.images(du), got -> indexed(got, u8,
                        (h, i) -> Morphology.morphology(h, Morphology.Operation.OPEN, e[i], 2, BorderType.REFLECT, 0))));
                int[] ksize = {7, 3, 5};
                MedianBlur.medianBlurInto(du, su, ksize, st);
                st.synchronize();
                assertNull(VarShapeCalls.onHost(VarShapeImages.images(du), got -> indexed(got, u8,
                        (h, i) -> MedianBlur.medianBlur(h, ksize[i]))));
                int[] d = {5, 0, 3};
                double[] sc = {0.3, 0.1, 20}, ss = {2, 1.2, 0.7};
                JointBilateralFilter.jointBilateralFilterInto(df, sf, gf, d, sc, ss, BorderType.REFLECT_101, st);
                st.synchronize();
                List<Tensor> got = VarShapeImages.images(df);
                for (int i = 0; i < sizes.size(); i++) {
                    try (Tensor h = got.get(i).toHost(); Tensor want = JointBilateralFilter.jointBilateralFilter(f32.get(i),
                            g32.get(i), d[i], sc[i], ss[i], BorderType.REFLECT_101)) {
                        assertNull(ImageTensors.mismatch(h, want, 0, 0));
                    }
                }
                float[][] kernels = {{1, -2, 0.5f, 0.25f, 0, 3}, {0.5f}, {0.1f, 0.2f, 0.3f}};
                ImageSize[] ks = {ImageSize.of(3, 2), ImageSize.of(1, 1), ImageSize.of(1, 3)};
                Conv2D.conv2DInto(df, sf, kernels, ks, new int[] {-1}, new int[] {0}, 2.5, BorderType.CONSTANT, st);
                st.synchronize();
                float[][][] rows = {{{1, -2, 0.5f}, {0.25f, 0, 3}}, {{0.5f}}, {{0.1f}, {0.2f}, {0.3f}}};
                assertNull(VarShapeCalls.onHost(VarShapeImages.images(df), g -> indexed(g, f32,
                        (h, i) -> Conv2D.conv2D(h, rows[i], -1, 0, 2.5, BorderType.CONSTANT))));
                assertEquals(1, su.uploadCount(), "descriptors uploaded once for two calls on one batch");
            }
        }
    }

    private static void gaussianInto(ImageBatchVarShape dst, ImageBatchVarShape src) {
        GaussianBlur.gaussianBlurInto(dst, src, new int[] {3}, new int[] {3}, new double[] {0}, new double[] {0},
                BorderType.REFLECT_101);
    }

    /** {@link VarShapeCalls#againstEach} with the image's index: {@code single.apply(src image i, i)}. */
    private static String indexed(List<Tensor> got, List<Tensor> src, BiFunction<Tensor, Integer, Tensor> single) {
        int[] next = {0}; // againstEach calls single once per image, in order
        return VarShapeCalls.againstEach(got, src, s -> single.apply(s, next[0]++));
    }

    /** A host S32 tensor of {@code values}, shape {@code [rows, cols]}. */
    static Tensor tensor(int[] values, int rows, int cols) {
        Tensor t = Tensor.allocateHost(new long[] {rows, cols}, DataType.S32, null);
        t.copyFrom(values);
        return t;
    }
}
