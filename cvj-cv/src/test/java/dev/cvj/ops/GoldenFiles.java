package dev.cvj.ops;

import dev.cvj.ops.internal.CpuImage;
import dev.cvj.tensor.DataType;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;

/**
 * Reads the OpenCV goldens under src/test/resources/golden (see src/test/golden/gen_resize_cvtcolor.py and
 * gen_pixel_ops.py): per operator a manifest, the raw files it names, and provenance.properties (the OpenCV version
 * that made them, {@code opencv_version}, and the number of cases, {@code cases}).
 */
final class GoldenFiles {
    /** The operators with goldens: one folder each. */
    static final List<String> OPERATORS = List.of("resize", "cvtcolor", "cvtcolor_spaces", "copy_make_border", "flip", "convert_to", "resize_crop",
            "morphology", "median_blur", "warp_affine", "warp_perspective", "rotate", "box_filter", "gaussian_blur", "conv2d",
            "laplacian", "remap", "threshold_auto", "adaptive_threshold", "bilateral_filter", "histogram", "histogram_eq", "min_max_loc",
            "adv_cvtcolor");

    private GoldenFiles() {}

    /** The folder's provenance.properties. */
    static Properties provenance(String op) {
        Properties p = new Properties();
        try {
            p.load(new StringReader(new String(bytes(op, "provenance.properties"), StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }

    /** The number of cases the generator wrote: a golden test that ran fewer (an empty manifest) fails. */
    static int expectedCases(String op) {
        return Integer.parseInt(provenance(op).getProperty("cases", "-1"));
    }

    /** The OpenCV version that made the folder's goldens. */
    static String openCvVersion(String op) {
        return provenance(op).getProperty("opencv_version", "unknown");
    }

    static List<String[]> manifest(String op) {
        String text = new String(bytes(op, "manifest.txt"), StandardCharsets.UTF_8);
        return text.lines().filter(l -> !l.isBlank()).map(l -> l.trim().split(" ")).toList();
    }

    static byte[] bytes(String op, String file) {
        String path = "/golden/" + op + "/" + file;
        try (InputStream in = GoldenFiles.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + path);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static DataType elem(String dtype) {
        return DataType.valueOf(dtype);
    }

    /** A dense single image over a copy of the file's bytes (native-order segment of a heap array). */
    static CpuImage image(String op, String file, DataType e, int h, int w, int c) {
        byte[] b = bytes(op, file);
        if (b.length != (long) h * w * c * e.byteSize()) {
            throw new IllegalStateException(file + ": " + b.length + " bytes, expected " + h * w * c * e.byteSize());
        }
        return CpuImage.dense(MemorySegment.ofArray(Arrays.copyOf(b, b.length)), e, 1, h, w, c);
    }

    static CpuImage blank(DataType e, int n, int h, int w, int c) {
        return CpuImage.dense(MemorySegment.ofArray(new byte[n * h * w * c * e.byteSize()]), e, n, h, w, c);
    }

    /** Largest absolute difference, and the count of elements that differ (by more than {@code tol}). */
    static double[] compare(CpuImage a, CpuImage b, double tol) {
        double max = 0;
        int count = 0;
        for (int i = 0; i < a.n(); i++) {
            for (int y = 0; y < a.h(); y++) {
                for (int x = 0; x < a.w(); x++) {
                    for (int ch = 0; ch < a.c(); ch++) {
                        double va = a.getFloat(a.offset(i, y, x) + (long) ch * a.elemSize());
                        double vb = b.getFloat(b.offset(i, y, x) + (long) ch * b.elemSize());
                        double d = Math.abs(va - vb);
                        if (a.type().isFloatingPoint()) {
                            d = d / Math.max(1.0, Math.abs(vb));
                        }
                        if (Double.isNaN(d) || d > tol) {
                            count++;
                        }
                        max = Math.max(max, Double.isNaN(d) ? Double.POSITIVE_INFINITY : d);
                    }
                }
            }
        }
        return new double[] {max, count};
    }
}
