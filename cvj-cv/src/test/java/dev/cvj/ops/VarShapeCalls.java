package dev.cvj.ops;

import dev.cvj.tensor.ImageSize;
import dev.cvj.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Checks a registered varshape call ({@link VarShapeCall}) against its per-image oracle: the output of image i of the
 * batch call equals the single-image call on image i, shape and values, in any image layout.
 */
final class VarShapeCalls {
    private VarShapeCalls() {}

    /**
     * {@code count} random sizes from 1 x 1 to 300 x 200 for the generic varshape tests: a batch of one image holds
     * a 2000 x 3000 image, a larger batch a 1 x 1 image first (a batch with one large image makes outputs of one size,
     * such as PadAndStack's, as large for every image).
     */
    static List<ImageSize> sizes(Random rnd, int count) {
        List<ImageSize> sizes = VarShapeImages.randomSizes(rnd, count, 300, 200);
        sizes.set(0, count == 1 ? ImageSize.of(2000, 3000) : ImageSize.of(1, 1));
        return sizes;
    }

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
            String m = ImageTensors.mismatch(got.get(i), want.get(i), intTol, relTol);
            if (m != null) {
                return "image " + i + ": " + m;
            }
        }
        return null;
    }

    /**
     * As {@link #againstEach(List, List, Function)}, {@code single} also given the image's index (its per-image
     * parameters).
     */
    static String againstEach(List<Tensor> got, List<Tensor> src, BiFunction<Tensor, Integer, Tensor> single) {
        List<Tensor> want = new ArrayList<>();
        try {
            for (int i = 0; i < src.size(); i++) {
                want.add(single.apply(src.get(i), i));
            }
            return mismatch(got, want, 0, 0);
        } finally {
            want.forEach(Tensor::close);
        }
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

}
