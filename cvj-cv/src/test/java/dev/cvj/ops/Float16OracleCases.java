package dev.cvj.ops;

import dev.cvj.ops.Float16Oracle.Case;
import dev.cvj.tensor.DataType;
import dev.cvj.tensor.TensorLayout;
import java.util.ArrayList;
import java.util.List;

/**
 * The F16 results checked against {@link Float16Oracle}: Resize, CvtColor (F16 is a reorder type only),
 * ConvertTo, Normalize, CropFlipNormalizeReformat and ResizeCropConvertReformat, each with F16 output (and F16
 * input where the operator takes it). Every case allows 0 ulps: each operator computes in float and rounds to the
 * output type last, so the F16 result is the F32 result rounded, exactly, on the CPU path (Float16OracleTest) and
 * on the GPU (Float16OracleGpuTest). Scales keep outputs inside F16's range (65504): what F16 does with an
 * overflow is a saturation rule, not a rounding, and is not what this oracle checks.
 */
final class Float16OracleCases {
    private Float16OracleCases() {}

    private static final DataType[] ALL_SOURCES = {DataType.F16, DataType.U8, DataType.U16, DataType.S16, DataType.F32};
    private static final float[] MEAN = {123.675f, 116.28f, 103.53f}, STD = {58.395f, 57.12f, 57.375f};

    static List<Case> all() {
        List<Case> cases = new ArrayList<>();
        resize(cases);
        cvtColor(cases);
        convertToAndNormalize(cases);
        fused(cases);
        return cases;
    }

    private static void resize(List<Case> cases) {
        // {h, w, dh, dw}: fractional down, up, exact 2x down (OpenCV's area path for LINEAR), same size (a copy)
        int[][] sizes = {{37, 53, 20, 31}, {37, 53, 71, 97}, {40, 40, 20, 20}, {24, 30, 24, 30}};
        for (int c : new int[] {1, 3, 4}) {
            for (int[] s : sizes) {
                for (Interpolation interp : Interpolation.values()) {
                    cases.add(new Case("Resize " + interp + " c" + c + " " + s[0] + "x" + s[1] + "->" + s[2] + "x" + s[3],
                            DataType.F16, new long[] {2, s[0], s[1], c}, TensorLayout.NHWC, 0,
                            (src, t) -> Resize.resize(src, s[3], s[2], interp, null)));
                }
            }
        }
    }

    private static void cvtColor(List<Case> cases) {
        for (ColorConversion code : List.of(ColorConversion.RGB2BGR, ColorConversion.RGB2RGBA, ColorConversion.BGRA2RGB,
                ColorConversion.RGBA2BGRA, ColorConversion.GRAY2BGRA)) {
            cases.add(new Case("CvtColor " + code, DataType.F16, new long[] {2, 9, 13, code.srcChannels()},
                    TensorLayout.NHWC, 0, (src, t) -> CvtColor.cvtColor(src, code, null)));
        }
    }

    private static void convertToAndNormalize(List<Case> cases) {
        for (DataType st : ALL_SOURCES) {
            for (boolean planar : new boolean[] {false, true}) {
                long[] shape = planar ? new long[] {2, 3, 6, 40} : new long[] {2, 5, 33, 3};
                TensorLayout layout = planar ? TensorLayout.NCHW : TensorLayout.NHWC;
                String w = st + " " + layout;
                cases.add(new Case("ConvertTo " + w + " x0.37-11.5", st, shape, layout, 0,
                        (src, t) -> ConvertTo.convertTo(src, t, 0.37, -11.5, null)));
                cases.add(new Case("ConvertTo " + w + " /255", st, shape, layout, 0,
                        (src, t) -> ConvertTo.convertTo(src, t, 1 / 255.0, 0, null)));
                cases.add(new Case("ConvertTo " + w + " x-0.75+300.25", st, shape, layout, 0,
                        (src, t) -> ConvertTo.convertTo(src, t, -0.75, 300.25, null)));
                cases.add(new Case("Normalize " + w + " stddev", st, shape, layout, 0,
                        (src, t) -> Normalize.normalize(src, MEAN, STD, 1f, 0f, 1e-5f, true, t, null)));
                cases.add(new Case("Normalize " + w + " scale", st, shape, layout, 0,
                        (src, t) -> Normalize.normalize(src, new float[] {7f}, new float[] {1.7f}, 0.5f, 3f, 0f, false, t, null)));
            }
        }
    }

    private static void fused(List<Case> cases) {
        int[][] rects = {{0, 0, 48, 40}, {-5, 10, 48, 40}, {30, -3, 48, 40}, {20, 25, 48, 40}};
        int[] flips = {0, 1, -1, 7};
        for (DataType st : new DataType[] {DataType.U8, DataType.U16, DataType.S16, DataType.F32}) {
            for (BorderType b : List.of(BorderType.CONSTANT, BorderType.REFLECT)) {
                cases.add(new Case("CropFlipNormalizeReformat " + st + " " + b + " NCHW", st, new long[] {4, 50, 70, 3},
                        TensorLayout.NHWC, 0, (src, t) -> CropFlipNormalizeReformat.cropFlipNormalizeReformat(src, rects,
                        flips, MEAN, STD, 1f, 0f, 0f, true, true, b, 9f, t, TensorLayout.NCHW, null)));
                cases.add(new Case("CropFlipNormalizeReformat " + st + " " + b + " NHWC", st, new long[] {4, 50, 70, 3},
                        TensorLayout.NHWC, 0, (src, t) -> CropFlipNormalizeReformat.cropFlipNormalizeReformat(src, rects,
                        flips, new float[] {1f}, new float[] {0.5f}, 2f, 1f, 0f, false, false, b, 0f, t, TensorLayout.NHWC,
                        null)));
            }
        }
        for (Interpolation interp : List.of(Interpolation.NEAREST, Interpolation.LINEAR)) {
            for (int c : new int[] {1, 3, 4}) {
                int[] order = c == 3 ? new int[] {2, 1, 0} : null;
                String w = "ResizeCropConvertReformat " + interp + " c" + c;
                cases.add(new Case(w + " down", DataType.U8, new long[] {3, 108, 192, c}, TensorLayout.NHWC, 0,
                        (src, t) -> ResizeCropConvertReformat.resizeCropConvertReformat(src, 80, 64, interp, 8, 4, 64, 56,
                                1 / 255f, 0f, order, t, TensorLayout.NCHW, null)));
                cases.add(new Case(w + " up", DataType.U8, new long[] {3, 108, 192, c}, TensorLayout.NHWC, 0,
                        (src, t) -> ResizeCropConvertReformat.resizeCropConvertReformat(src, 401, 250, interp, 100, 33, 223,
                                201, 1 / 127.5f, -1f, order, t, TensorLayout.NHWC, null)));
            }
        }
    }
}
