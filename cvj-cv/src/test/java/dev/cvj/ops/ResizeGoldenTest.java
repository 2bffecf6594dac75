package dev.cvj.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cvj.ops.internal.CpuImage;
import dev.cvj.tensor.DataType;
import dev.cvj.ops.internal.ResizeCpu;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The CPU path of Resize against cv2.resize on the committed goldens (OpenCV 4.6.0: provenance.properties), every
 * case of the manifest, and as many as the generator wrote. No GPU needed.
 */
class ResizeGoldenTest {

    /** Tolerance per case: U8 exact; U16/S16 within 1 (float rounding order); F32 relative 1e-5. */
    static double tolerance(Interpolation interp, DataType e) {
        if (e.isFloatingPoint()) {
            return 1e-5;
        }
        if (interp == Interpolation.NEAREST || e == DataType.U8) {
            return 0;
        }
        return 1;
    }

    @Test
    void matchesOpenCv() {
        List<String> failures = new ArrayList<>();
        int cases = 0;
        for (String[] m : GoldenFiles.manifest("resize")) {
            Interpolation interp = Interpolation.valueOf(m[0]);
            DataType e = GoldenFiles.elem(m[1]);
            int h = Integer.parseInt(m[3]), w = Integer.parseInt(m[4]), c = Integer.parseInt(m[5]);
            int dh = Integer.parseInt(m[6]), dw = Integer.parseInt(m[7]);
            CpuImage src = GoldenFiles.image("resize", m[2], e, h, w, c);
            CpuImage want = GoldenFiles.image("resize", m[8], e, dh, dw, c);
            CpuImage got = GoldenFiles.blank(e, 1, dh, dw, c);
            ResizeCpu.resize(src, got, interp);
            double tol = tolerance(interp, e);
            double[] r = GoldenFiles.compare(got, want, tol);
            cases++;
            if (r[1] > 0) {
                failures.add(String.join(" ", m) + " mode=" + ResizeCpu.mode(w, h, dw, dh, interp)
                        + ": max diff " + r[0] + ", " + (int) r[1] + " elements over " + tol);
            }
        }
        System.out.println("resize goldens (OpenCV " + GoldenFiles.openCvVersion("resize") + "): " + cases + " cases, "
                + failures.size() + " failing");
        assertEquals(GoldenFiles.expectedCases("resize"), cases, "cases run, against provenance.properties");
        failures.forEach(System.out::println);
        assertTrue(failures.isEmpty(), failures.size() + " of " + cases + " golden cases differ:\n"
                + String.join("\n", failures));
    }
}
