package dev.cvj.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cvj.ops.internal.ColorCpu;
import dev.cvj.ops.internal.CpuImage;
import dev.cvj.tensor.DataType;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The CPU path of CvtColor against cv2.cvtColor on the committed goldens (OpenCV 4.6.0: provenance.properties),
 * every case of the manifest, and as many as the generator wrote. No GPU needed.
 */
class CvtColorGoldenTest {

    /** Documented tolerance per conversion: see CvtColor's Javadoc. */
    static double tolerance(ColorConversion code, DataType e) {
        if (code.family() == ColorConversion.Family.TO_LAB) {
            return e.isFloatingPoint() ? 0.5 : 0;   // F32: OpenCV interpolates a fixed-point 33^3 table
        }
        if (code.family() == ColorConversion.Family.FROM_LAB) {
            return e.isFloatingPoint() ? 1e-4 : 1;  // OpenCV: spline-interpolated gamma (F32), integer tables (U8)
        }
        if (e.isFloatingPoint()) {
            return 1e-5;
        }
        return switch (code.family()) {
            case FROM_HSV, FROM_HLS -> 1;   // float math; OpenCV's SIMD path may round differently
            default -> 0;
        };
    }

    @Test
    void matchesOpenCv() {
        matchesOpenCv("cvtcolor");
    }

    /** HLS, XYZ, Lab, YCrCb, YUV 4:2:2, YV12 and YUV to GRAY (gen_color_spaces.py). */
    @Test
    void colorSpacesMatchOpenCv() {
        matchesOpenCv("cvtcolor_spaces");
    }

    private static void matchesOpenCv(String folder) {
        List<String> failures = new ArrayList<>();
        int cases = 0;
        for (String[] m : GoldenFiles.manifest(folder)) {
            ColorConversion code = ColorConversion.valueOf(m[0]);
            DataType e = GoldenFiles.elem(m[1]);
            int h = Integer.parseInt(m[3]), w = Integer.parseInt(m[4]), c = Integer.parseInt(m[5]);
            int oh = Integer.parseInt(m[7]), ow = Integer.parseInt(m[8]), oc = Integer.parseInt(m[9]);
            CpuImage src = GoldenFiles.image(folder, m[2], e, h, w, c);
            CpuImage want = GoldenFiles.image(folder, m[6], e, oh, ow, oc);
            CpuImage got = GoldenFiles.blank(e, 1, oh, ow, oc);
            ColorCpu.convert(src, got, code, false);
            double tol = tolerance(code, e);
            double[] r = GoldenFiles.compare(got, want, tol);
            cases++;
            if (r[1] > 0) {
                failures.add(String.join(" ", m) + ": max diff " + r[0] + ", " + (int) r[1] + " elements over " + tol);
            }
        }
        System.out.println(folder + " goldens (OpenCV " + GoldenFiles.openCvVersion(folder) + "): " + cases + " cases, "
                + failures.size() + " failing");
        assertEquals(GoldenFiles.expectedCases(folder), cases, "cases run, against provenance.properties");
        failures.forEach(System.out::println);
        assertTrue(failures.isEmpty(), failures.size() + " of " + cases + " golden cases differ:\n"
                + String.join("\n", failures));
    }
}
