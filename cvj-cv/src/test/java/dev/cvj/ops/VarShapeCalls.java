package dev.cvj.ops;

import dev.cvj.tensor.ImageSize;
import dev.cvj.tensor.Tensor;
import java.util.List;
import java.util.Random;

/**
 * Checks a registered varshape call ({@link VarShapeCall}) against its per-image oracle: the output of image i of the
 * batch call equals the single-image call on image i, shape and values, in any image layout.
 */
final class VarShapeCalls {
    private VarShapeCalls() {}

    /**
     * {@code count} random sizes from 1 x 1 to 300 x 200 for the generic varshape tests: image 0 is 1 x 1 and, in a
     * batch of 7, image 3 is 2000 x 3000.
     */
    static List<ImageSize> sizes(Random rnd, int count) {
        List<ImageSize> sizes = VarShapeImages.randomSizes(rnd, count, 300, 200);
        if (count == 7) {
            sizes.set(3, ImageSize.of(2000, 3000));
        }
        sizes.set(0, ImageSize.of(1, 1));
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

}
