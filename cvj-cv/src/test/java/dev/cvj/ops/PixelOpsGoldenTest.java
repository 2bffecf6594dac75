package dev.cvj.ops;

import static dev.cvj.ops.OpTestSupport.assertBytesEqual;
import static dev.cvj.ops.OpTestSupport.assertClose;
import static dev.cvj.ops.OpTestSupport.bytes;
import static dev.cvj.ops.OpTestSupport.host;
import static dev.cvj.ops.OpTestSupport.manifest;
import static dev.cvj.ops.OpTestSupport.resource;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cvj.ops.OpTestSupport.Case;
import dev.cvj.tensor.DataType;
import dev.cvj.tensor.Tensor;
import dev.cvj.tensor.TensorLayout;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The CPU paths against OpenCV 4.6 (goldens from src/test/golden/gen_pixel_ops.py; Rotate.rotate90 against cv::rotate). */
class PixelOpsGoldenTest {

    private static Tensor in(String op, Case c, DataType t, int h, int w, int ch) {
        return host(resource(op, c.name() + ".in"), t, TensorLayout.HWC, h, w, ch);
    }

    @Test
    void copyMakeBorderMatchesOpenCvForEveryBorderTypeChannelCountAndType() {
        List<Case> cases = manifest("copy_make_border");
        assertEquals(90, cases.size());
        for (Case c : cases) {
            DataType t = c.type("dtype");
            int h = c.i("h"), w = c.i("w"), ch = c.i("c");
            double[] value = Arrays.stream(c.s("value").split(",")).mapToDouble(Double::parseDouble).toArray();
            BorderType b = BorderType.valueOf(c.s("border"));
            byte[] expected = resource("copy_make_border", c.name() + ".out");
            try (Tensor src = in("copy_make_border", c, t, h, w, ch);
                 Tensor out = CopyMakeBorder.copyMakeBorder(src, c.i("top"), c.i("bottom"), c.i("left"), c.i("right"), b,
                         value, null)) {
                assertEquals(c.i("oh"), out.shape(0));
                assertEquals(c.i("ow"), out.shape(1));
                assertBytesEqual(expected, bytes(out), c.name() + " " + c.p());
                // the same through the planar layout
                try (Tensor planar = Reformat.reformat(src, TensorLayout.CHW, null);
                     Tensor outP = CopyMakeBorder.copyMakeBorder(planar, c.i("top"), c.i("bottom"), c.i("left"), c.i("right"),
                             b, value, null);
                     Tensor back = Reformat.reformat(outP, TensorLayout.HWC, null)) {
                    assertBytesEqual(expected, bytes(back), c.name() + " CHW " + c.p());
                }
            }
        }
    }

    @Test
    void flipMatchesOpenCv() {
        for (Case c : manifest("flip")) {
            DataType t = c.type("dtype");
            try (Tensor src = in("flip", c, t, c.i("h"), c.i("w"), c.i("c"));
                 Tensor out = Flip.flip(src, FlipMode.fromCode(c.i("code")), null)) {
                assertBytesEqual(resource("flip", c.name() + ".out"), bytes(out), c.name() + " " + c.p());
            }
        }
    }

    @Test
    void rotate90MatchesCvRotateInEveryLayout() {
        List<Case> cases = manifest("rotate90");
        assertEquals(63, cases.size());
        for (Case c : cases) {
            byte[] expected = resource("rotate90", c.name() + ".out");
            try (Tensor src = in("rotate90", c, c.type("dtype"), c.i("h"), c.i("w"), c.i("c"));
                 Tensor out = Rotate.rotate90(src, c.i("code"));
                 Tensor planar = Reformat.reformat(src, TensorLayout.CHW, null);
                 Tensor outP = Rotate.rotate90(planar, c.i("code"));
                 Tensor back = Reformat.reformat(outP, TensorLayout.HWC, null)) {
                assertEquals(c.i("oh"), out.shape(0));
                assertEquals(c.i("ow"), out.shape(1));
                assertBytesEqual(expected, bytes(out), c.name() + " " + c.p());
                assertBytesEqual(expected, bytes(back), c.name() + " CHW " + c.p());
            }
        }
    }

    @Test
    void convertToMatchesOpenCvRoundingAndSaturation() {
        List<Case> cases = manifest("convert_to");
        assertEquals(80, cases.size());
        for (Case c : cases) {
            DataType st = c.type("src_dtype"), dt = c.type("dst_dtype");
            try (Tensor src = in("convert_to", c, st, c.i("h"), c.i("w"), c.i("c"));
                 Tensor out = ConvertTo.convertTo(src, dt, c.d("alpha"), c.d("beta"), null)) {
                assertEquals(dt, out.dtype());
                assertBytesEqual(resource("convert_to", c.name() + ".out"), bytes(out), c.name() + " " + c.p());
            }
        }
    }

    @Test
    void resizeCropConvertReformatMatchesCvResizePlusCrop() {
        for (Case c : manifest("resize_crop")) {
            int h = c.i("h"), w = c.i("w"), ch = c.i("c");
            Interpolation interp = Interpolation.valueOf(c.s("interp"));
            DataType kind = c.type("kind");
            byte[] expected = resource("resize_crop", c.name() + ".out");
            try (Tensor src = in("resize_crop", c, DataType.U8, h, w, ch);
                 Tensor out = ResizeCropConvertReformat.resizeCropConvertReformat(src, c.i("rw"), c.i("rh"), interp, c.i("cx"),
                         c.i("cy"), c.i("cw"), c.i("ch"), 1f, 0f, null, DataType.F32, TensorLayout.HWC, null)) {
                byte[] actual = bytes(out);
                String what = c.name() + " " + c.p();
                if (interp == Interpolation.NEAREST) {
                    assertClose(expected, kind, actual, DataType.F32, 0, 0, what);
                } else if (kind == DataType.U8) {
                    // OpenCV's U8 path: 11-bit fixed-point weights, rounded to U8; ours stays in float
                    assertClose(expected, kind, actual, DataType.F32, 1.0, 0, what);
                } else {
                    assertClose(expected, kind, actual, DataType.F32, 1e-3, 0, what);
                }
                // U8 output: the float result rounded
                try (Tensor out8 = ResizeCropConvertReformat.resizeCropConvertReformat(src, c.i("rw"), c.i("rh"), interp,
                        c.i("cx"), c.i("cy"), c.i("cw"), c.i("ch"), 1f, 0f, null, DataType.U8, TensorLayout.HWC, null)) {
                    assertClose(expected, kind, bytes(out8), DataType.U8, interp == Interpolation.NEAREST ? 0 : 1,
                            0, what + " U8");
                }
            }
        }
    }
}
