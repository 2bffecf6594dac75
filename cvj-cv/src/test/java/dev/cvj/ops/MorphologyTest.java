package dev.cvj.ops;

import static dev.cvj.ops.OpTestSupport.assertBytesEqual;
import static dev.cvj.ops.OpTestSupport.bytes;
import static dev.cvj.ops.OpTestSupport.host;
import static dev.cvj.ops.OpTestSupport.manifest;
import static dev.cvj.ops.OpTestSupport.randomHost;
import static dev.cvj.ops.OpTestSupport.rejected;
import static dev.cvj.ops.OpTestSupport.resource;
import static dev.cvj.ops.OpTestSupport.value;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cvj.cuda.test.GpuTest;
import dev.cvj.ops.Morphology.Element;
import dev.cvj.ops.Morphology.Operation;
import dev.cvj.ops.Morphology.Shape;
import dev.cvj.ops.OpTestSupport.Case;
import dev.cvj.tensor.DataType;
import dev.cvj.tensor.Tensor;
import dev.cvj.tensor.TensorLayout;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Morphology: the CPU path against OpenCV 4.6 (goldens from src/test/golden/gen_pixel_ops.py: every operation and data
 * type, RECT / CROSS / ELLIPSE elements as cv2.getStructuringElement builds them and user masks, anchors, iterations,
 * the default and explicit borders, images smaller than the element), against a brute-force min/max written out here,
 * its refusals, and the GPU against the CPU bit for bit.
 */
class MorphologyTest {
    private static final DataType[] TYPES = {DataType.U8, DataType.U16, DataType.S16, DataType.F32};

    @Test
    void matchesOpenCvForEveryOperationTypeElementAndBorder() {
        List<Case> cases = manifest("morphology");
        assertEquals(192, cases.size());
        for (Case c : cases) {
            DataType t = c.type("dtype");
            Element e = element(c);
            double value = c.s("value").equals("default") ? Morphology.DEFAULT_BORDER_VALUE : c.d("value");
            try (Tensor src = host(resource("morphology", c.name() + ".in"), t, TensorLayout.HWC, c.i("h"), c.i("w"), c.i("c"));
                 Tensor out = Morphology.morphology(src, Operation.valueOf(c.s("op")), e, c.i("iterations"),
                         BorderType.valueOf(c.s("border")), value)) {
                assertBytesEqual(resource("morphology", c.name() + ".out"), bytes(out), c.name() + " " + c.p());
            }
        }
    }

    private static Element element(Case c) {
        int kw = c.i("kw"), kh = c.i("kh"), ax = c.i("ax"), ay = c.i("ay");
        if (c.p().containsKey("shape")) {
            return Element.of(Shape.valueOf(c.s("shape")), kw, kh, ax, ay);
        }
        String m = c.s("mask");
        byte[] mask = new byte[m.length()];
        for (int i = 0; i < mask.length; i++) {
            mask[i] = (byte) (m.charAt(i) - '0');
        }
        return Element.of(mask, kw, kh, ax, ay);
    }

    @Test
    void elementsAreOpenCvsShapes() {
        assertEquals("""
                ...#...
                #######
                #######
                #######
                ...#...
                """, picture(Element.of(Shape.ELLIPSE, 7, 5)));
        assertEquals("""
                .#...
                #####
                .#...
                .#...
                """, picture(Element.of(Shape.CROSS, 5, 4, 1, 1)));
        Element fromTensor;
        try (Tensor m = host(new byte[] {0, 1, 0, 1, 1, 0}, DataType.U8, null, 2, 3)) {
            fromTensor = Element.of(m);
        }
        assertEquals(".#.\n##.\n", picture(fromTensor));
        assertEquals(1, fromTensor.anchorX());
        assertEquals(1, fromTensor.anchorY());
    }

    private static String picture(Element e) {
        StringBuilder b = new StringBuilder();
        for (int y = 0; y < e.height(); y++) {
            for (int x = 0; x < e.width(); x++) {
                b.append(e.isSet(x, y) ? '#' : '.');
            }
            b.append('\n');
        }
        return b.toString();
    }

    /** One erosion or dilation written out: every set pixel, REPLICATE border (clamped indices). */
    private static double[] bruteForce(double[] in, int h, int w, int c, Element e, boolean max) {
        double[] out = new double[in.length];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                for (int ch = 0; ch < c; ch++) {
                    double acc = max ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
                    for (int i = 0; i < e.height(); i++) {
                        for (int j = 0; j < e.width(); j++) {
                            if (e.isSet(j, i)) {
                                int sy = Math.clamp(y + i - e.anchorY(), 0, h - 1), sx = Math.clamp(x + j - e.anchorX(), 0, w - 1);
                                double v = in[(sy * w + sx) * c + ch];
                                acc = max ? Math.max(acc, v) : Math.min(acc, v);
                            }
                        }
                    }
                    out[(y * w + x) * c + ch] = acc;
                }
            }
        }
        return out;
    }

    @Test
    void erodeAndDilateAreTheMinAndMaxOverTheElement() {
        Random r = OpGpuSupport.seeded("Morphology brute force");
        for (DataType t : TYPES) {
            for (Shape shape : Shape.values()) {
                int kw = 1 + r.nextInt(9), kh = 1 + r.nextInt(9), h = 1 + r.nextInt(13), w = 1 + r.nextInt(13), c = 1 + r.nextInt(4);
                Element e = Element.of(shape, kw, kh, r.nextInt(kw), r.nextInt(kh));
                try (Tensor src = randomHost(r, t, TensorLayout.HWC, h, w, c)) {
                    byte[] in = bytes(src);
                    double[] vals = new double[h * w * c];
                    for (int i = 0; i < vals.length; i++) {
                        vals[i] = value(in, t, i);
                    }
                    for (boolean max : new boolean[] {false, true}) {
                        double[] expected = bruteForce(vals, h, w, c, e, max);
                        try (Tensor out = Morphology.morphology(src, max ? Operation.DILATE : Operation.ERODE, e, 1,
                                BorderType.REPLICATE, 0)) {
                            byte[] got = bytes(out);
                            for (int i = 0; i < vals.length; i++) {
                                assertEquals(expected[i], value(got, t, i), t + " " + e + " max " + max + " element " + i);
                            }
                        }
                    }
                }
            }
        }
    }

    @Test
    void planarLayoutsEqualInterleaved() {
        Random r = OpGpuSupport.seeded("Morphology planar");
        Element e = Element.of(Shape.ELLIPSE, 5, 3);
        try (Tensor src = randomHost(r, DataType.U8, TensorLayout.NHWC, 2, 9, 11, 3);
             Tensor planar = Reformat.reformat(src, TensorLayout.NCHW);
             Tensor a = Morphology.morphology(src, Operation.CLOSE, e, 2);
             Tensor b = Morphology.morphology(planar, Operation.CLOSE, e, 2);
             Tensor back = Reformat.reformat(b, TensorLayout.NHWC)) {
            assertBytesEqual(bytes(a), bytes(back), "NCHW against NHWC");
        }
    }

    @Test
    void refusesBadInputBeforeAnyWork() {
        Element e = Element.of(Shape.RECT, 3, 3);
        try (Tensor u8 = Tensor.allocateHost(new long[] {4, 4, 3}, DataType.U8, TensorLayout.HWC);
             Tensor f16 = Tensor.allocateHost(new long[] {4, 4, 3}, DataType.F16, TensorLayout.HWC);
             Tensor s16 = Tensor.allocateHost(new long[] {4, 4, 3}, DataType.S16, TensorLayout.HWC);
             Tensor small = Tensor.allocateHost(new long[] {4, 3, 3}, DataType.U8, TensorLayout.HWC);
             Tensor f32mask = Tensor.allocateHost(new long[] {3, 3}, DataType.F32, null);
             Tensor big = Tensor.allocateHost(new long[] {5, 4, 3}, DataType.U8, TensorLayout.HWC)) {
            rejected("Morphology: src has data type F16", () -> Morphology.morphology(f16, Operation.ERODE, e, 1));
            rejected("Morphology: op is null", () -> Morphology.morphology(u8, null, e, 1));
            rejected("Morphology: element is null", () -> Morphology.morphology(u8, Operation.ERODE, null, 1));
            rejected("Morphology: iterations 0", () -> Morphology.morphology(u8, Operation.ERODE, e, 0));
            rejected("WRAP", () -> Morphology.morphology(u8, Operation.ERODE, e, 1, BorderType.WRAP, 0));
            rejected("NaN", () -> Morphology.morphology(u8, Operation.ERODE, e, 1, BorderType.CONSTANT, Double.NaN));
            rejected("Morphology: element size 0 x 3", () -> Element.of(Shape.RECT, 0, 3));
            rejected("at most 67108864 pixels", () -> Element.of(Shape.RECT, 65535, 65535));
            rejected("pixels at most 67108864",
                    () -> Morphology.morphology(u8, Operation.ERODE, Element.of(Shape.RECT, 4000, 4000), 3));
            rejected("anchor (3, 0)", () -> Element.of(Shape.RECT, 3, 3, 3, 0));
            rejected("no pixel set", () -> Element.of(new byte[4], 2, 2));
            rejected("mask has 3 bytes", () -> Element.of(new byte[3], 2, 2));
            rejected("mask must be a U8 tensor", () -> Element.of(f32mask));
            rejected("sides must be at most 65535",
                    () -> Morphology.morphology(u8, Operation.ERODE, Element.of(Shape.RECT, 30000, 1), 3));
            rejected("Morphology: dst has shape", () -> Morphology.morphologyInto(small, u8, Operation.ERODE, e, 1));
            rejected("Morphology: dst has data type S16", () -> Morphology.morphologyInto(s16, u8, Operation.ERODE, e, 1));
            Tensor shifted = big.slice(0, 1, 4);
            Tensor first = big.slice(0, 0, 4);
            rejected("overlaps", () -> Morphology.morphologyInto(shifted, first, Operation.DILATE, e, 1));
            rejected("overlaps", () -> Morphology.morphologyInto(first, first, Operation.DILATE, e, 1));
        }
    }

    @GpuTest
    @Test
    void gpuEqualsCpuForEveryOperationTypeElementBorderAndView() {
        Random r = OpGpuSupport.seeded("Morphology GPU");
        List<BorderType> borders = List.of(BorderType.CONSTANT, BorderType.REPLICATE, BorderType.REFLECT, BorderType.REFLECT_101);
        for (DataType t : TYPES) {
            for (Operation op : Operation.values()) {
                for (TensorLayout l : List.of(TensorLayout.NHWC, TensorLayout.NCHW, TensorLayout.HWC)) {
                    long[] shape = switch (l.labels()) {
                        case "NHWC" -> new long[] {2, 37, 301, 1 + r.nextInt(4)};
                        case "NCHW" -> new long[] {2, 3, 45, 129};
                        default -> new long[] {1 + r.nextInt(3), 1 + r.nextInt(3), 3}; // smaller than the element, 1x1 too
                    };
                    int kw = 1 + r.nextInt(9), kh = 1 + r.nextInt(9);
                    Element e = r.nextInt(4) == 0 ? randomMask(r, kw, kh)
                            : Element.of(Shape.values()[r.nextInt(3)], kw, kh, r.nextInt(kw), r.nextInt(kh));
                    int iterations = 1 + r.nextInt(3);
                    BorderType border = borders.get(r.nextInt(borders.size()));
                    double value = r.nextBoolean() ? Morphology.DEFAULT_BORDER_VALUE : r.nextInt(300) - 20;
                    String what = t + " " + op + " " + l + " " + e + " x" + iterations + " " + border + " " + value;
                    try (Tensor src = randomHost(r, t, l, shape)) {
                        OpGpuSupport.sameOnGpu(what, src, x -> Morphology.morphology(x, op, e, iterations, border, value));
                        int wDim = l.indexOf('W');
                        if (shape[wDim] > 6) {
                            OpGpuSupport.sameOnGpuView(what, src, wDim, 3, shape[wDim] - 5,
                                    x -> Morphology.morphology(x, op, e, iterations, border, value));
                        }
                    }
                }
            }
        }
    }

    private static Element randomMask(Random r, int kw, int kh) {
        byte[] m = new byte[kw * kh];
        for (int i = 0; i < m.length; i++) {
            m[i] = (byte) (r.nextBoolean() ? 1 : 0);
        }
        int ax = r.nextInt(kw), ay = r.nextInt(kh);
        m[ay * kw + ax] = 1;
        return Element.of(m, kw, kh, ax, ay);
    }

    @GpuTest
    @Test
    void gpuLargeRectangleAndManyIterationsEqualCpu() {
        Random r = OpGpuSupport.seeded("Morphology GPU large");
        try (Tensor src = randomHost(r, DataType.U8, TensorLayout.HWC, 97, 131, 3)) {
            OpGpuSupport.sameOnGpu("31x17 rectangle, 4 iterations", src,
                    x -> Morphology.morphology(x, Operation.OPEN, Element.of(Shape.RECT, 31, 17), 4));
            OpGpuSupport.sameOnGpu("ellipse, 5 iterations, REFLECT_101", src,
                    x -> Morphology.morphology(x, Operation.CLOSE, Element.of(Shape.ELLIPSE, 5, 7), 5,
                            BorderType.REFLECT_101, 0));
            OpGpuSupport.sameOnGpu("1x1", src, x -> Morphology.morphology(x, Operation.ERODE, Element.of(Shape.CROSS, 1, 1), 2));
            // one set pixel off the anchor: a shift, which a pass after it must not absorb (a row pass is not a column)
            Element right = Element.of(new byte[] {0, 0, 1}, 3, 1, 0, 0), down = Element.of(new byte[] {0, 0, 1}, 1, 3, 0, 0);
            for (Element e : List.of(right, down)) {
                for (Operation op : Operation.values()) {
                    OpGpuSupport.sameOnGpu(e + " " + op + " x2", src, x -> Morphology.morphology(x, op, e, 2, BorderType.REPLICATE, 0));
                }
            }
        }
    }
}
