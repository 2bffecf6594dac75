package dev.cvj.ops;

import dev.cvj.ops.internal.CpuPixels;
import dev.cvj.ops.internal.OpCheck;
import dev.cvj.ops.internal.PixelGrid;
import dev.cvj.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Checks a registered varshape call ({@link VarShapeCall}) against its per-image oracle: the output of image i of the
 * batch call equals the single-image call on image i, shape and values, in any image layout.
 */
final class VarShapeCalls {
    private static final OpCheck CHECK = OpCheck.of("test");

    private VarShapeCalls() {}

    /**
     * The first difference between the batch outputs {@code got} (host tensors) and {@code want} (host tensors, one
     * per image), or null: shapes must match as images (N x H x W x C; HWC equals NHWC with N = 1), integers within
     * {@code intTol}, floats within {@code relTol} relative to max(1, |want|).
     */
    static String mismatch(List<Tensor> got, List<Tensor> want, int intTol, double relTol) {
        if (got.size() != want.size()) {
            return got.size() + " output images for " + want.size() + " inputs";
        }
        for (int i = 0; i < got.size(); i++) {
            String m = mismatch(got.get(i), want.get(i), intTol, relTol);
            if (m != null) {
                return "image " + i + ": " + m;
            }
        }
        return null;
    }

    /**
     * The first difference between {@code got} (host tensors) and {@code single} applied to each of {@code src}, exactly
     * ({@link #mismatch(List, List, int, double)} with no tolerance), or null; the single-image results are closed.
     */
    static String againstEach(List<Tensor> got, List<Tensor> src, Function<Tensor, Tensor> single) {
        List<Tensor> want = new ArrayList<>();
        try {
            for (Tensor s : src) {
                want.add(single.apply(s));
            }
            return mismatch(got, want, 0, 0);
        } finally {
            want.forEach(Tensor::close);
        }
    }

    /** {@code check} applied to host copies of the device tensors {@code device}, which are closed after. */
    static String onHost(List<Tensor> device, Function<List<Tensor>, String> check) {
        List<Tensor> host = new ArrayList<>();
        try {
            for (Tensor t : device) {
                host.add(t.toHost());
            }
            return check.apply(host);
        } finally {
            host.forEach(Tensor::close);
        }
    }

    static String mismatch(Tensor got, Tensor want, int intTol, double relTol) {
        PixelGrid a = CHECK.image("got", got, PixelGrid.ANY_IMAGE), b = CHECK.image("want", want, PixelGrid.ANY_IMAGE);
        if (a.n() != b.n() || a.h() != b.h() || a.w() != b.w() || a.c() != b.c() || a.dtype() != b.dtype()
                || !a.planar() == b.planar()) {
            return "got " + a + " but the single-image call gives " + b;
        }
        int count = 0;
        String first = null;
        for (int n = 0; n < a.n(); n++) {
            for (int y = 0; y < a.h(); y++) {
                for (int x = 0; x < a.w(); x++) {
                    for (int c = 0; c < a.c(); c++) {
                        float va = CpuPixels.load(a.host(), a.offset(n, y, x, c), a.dtype());
                        float vb = CpuPixels.load(b.host(), b.offset(n, y, x, c), b.dtype());
                        double d = Math.abs(va - vb);
                        boolean bad = a.dtype().isFloatingPoint() ? !(d <= relTol * Math.max(1, Math.abs(vb)))
                                && !(Float.isNaN(va) && Float.isNaN(vb)) : d > intTol;
                        if (bad) {
                            if (first == null) {
                                first = "at [" + n + "," + y + "," + x + "," + c + "] got " + va + ", expected " + vb;
                            }
                            count++;
                        }
                    }
                }
            }
        }
        return count == 0 ? null : count + " elements differ, first " + first;
    }
}
