package dev.cvj.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cvj.tensor.DataType;
import dev.cvj.tensor.ImageSize;
import dev.cvj.tensor.Tensor;
import dev.cvj.tensor.TensorLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;

/**
 * The CPU paths of PillowResize and HQResize against Pillow's {@code Image.resize} and torchvision's
 * {@code resize(antialias=True)} on goldens written by {@code src/test/golden/gen_training_resizes.py} (Pillow, torch
 * and torchvision: not on the build machine; the folders golden/pillow_resize and golden/torch_resize are generated
 * where they are, and this test fails while they are missing). Tolerances: Pillow U8 within 1 (the filters' sin and
 * cos are Java's; the count of unequal pixels is printed), F32 1e-5 relative; torchvision U8 within 1 (its CPU U8 path
 * computes in fixed point, ours in float as its float path), F32 1e-5; except torchvision's CUBIC enlargements of U8
 * images (an output side longer than the input's), within {@value #TORCH_U8_CUBIC_ENLARGE}: torch's CPU U8 kernel
 * rounds and clamps the horizontal pass to U8 before the vertical pass, so where the bicubic ringing of the first pass
 * leaves 0..255 it differs from the float path cvj follows (torch's F32 path, as CV-CUDA's hq_resize); the goldens of
 * torch 2.11 differ by up to 13 there, and only there.
 */
class TrainingResizesGoldenTest {
    static final int TORCH_U8_CUBIC_ENLARGE = 16;

    @Test
    void pillowResizeMatchesPillow() {
        run("pillow_resize", (m, src) -> PillowResize.pillowResize(src, size(m), PillowFilter.valueOf(m[0])));
    }

    @Test
    void hqResizeMatchesTorchvision() {
        run("torch_resize", (m, src) -> HQResize.hqResize(src, size(m), HQFilter.valueOf(m[0])));
    }

    private static ImageSize size(String[] m) {
        return ImageSize.of(Integer.parseInt(m[7]), Integer.parseInt(m[6]));
    }

    private static void run(String op, BiFunction<String[], Tensor, Tensor> resize) {
        List<String> failures = new ArrayList<>();
        int cases = 0, unequal = 0;
        for (String[] m : GoldenFiles.manifest(op)) {
            DataType t = GoldenFiles.elem(m[1]);
            int h = Integer.parseInt(m[3]), w = Integer.parseInt(m[4]), c = Integer.parseInt(m[5]);
            boolean enlarges = Integer.parseInt(m[6]) > h || Integer.parseInt(m[7]) > w;
            double tol = t != DataType.U8 ? 1e-5
                    : op.equals("torch_resize") && m[0].equals("CUBIC") && enlarges ? TORCH_U8_CUBIC_ENLARGE : 1;
            try (Tensor src = OpTestSupport.host(GoldenFiles.bytes(op, m[2]), t, TensorLayout.HWC, h, w, c);
                 Tensor got = resize.apply(m, src)) {
                byte[] want = GoldenFiles.bytes(op, m[8]), have = OpTestSupport.bytes(got);
                assertEquals(want.length, have.length, String.join(" ", m));
                double max = 0;
                for (int i = 0; i < want.length / t.byteSize(); i++) {
                    double a = OpTestSupport.value(have, t, i), b = OpTestSupport.value(want, t, i);
                    double d = Math.abs(a - b) / (t == DataType.U8 ? 1 : Math.max(1, Math.abs(b)));
                    max = Math.max(max, d);
                    unequal += d > 0 ? 1 : 0;
                }
                if (max > tol) {
                    failures.add(String.join(" ", m) + ": max diff " + max + " over " + tol);
                }
            }
            cases++;
        }
        System.out.println(op + " goldens " + GoldenFiles.provenance(op) + ": " + cases + " cases, " + unequal
                + " unequal elements, " + failures.size() + " failing");
        assertEquals(GoldenFiles.expectedCases(op), cases, "cases run, against provenance.properties");
        assertTrue(failures.isEmpty(), failures.size() + " of " + cases + " cases differ:\n" + String.join("\n", failures));
    }
}
