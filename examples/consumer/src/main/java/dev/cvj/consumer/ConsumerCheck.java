package dev.cvj.consumer;

import dev.cvj.ops.Interpolation;
import dev.cvj.ops.Normalize;
import dev.cvj.ops.Resize;
import dev.cvj.tensor.DataType;
import dev.cvj.tensor.ImageSize;
import dev.cvj.tensor.Tensor;
import dev.cvj.tensor.TensorLayout;

/**
 * Runs a CPU pipeline through cvj's published modules (a host U8 image, Resize, Normalize to F32) and checks every
 * value against arithmetic done here, independently of cvj. Exits with status 1 on the first difference.
 */
public final class ConsumerCheck {
    private static final int H = 6, W = 8, C = 3;
    private static final int OUT_H = 3, OUT_W = 4;
    private static final float[] MEAN = {10f, 20f, 30f};
    private static final float[] SCALE = {0.5f, 0.25f, 2f};

    private ConsumerCheck() {}

    public static void main(String[] args) {
        checkModules();
        byte[] pixels = new byte[H * W * C];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (byte) ((i * 37 + 11) % 251);
        }
        float[] result = new float[OUT_H * OUT_W * C];
        try (Tensor image = Tensor.allocateHost(new long[] {H, W, C}, DataType.U8, TensorLayout.HWC)) {
            image.copyFrom(pixels);
            try (Tensor small = Resize.resize(image, ImageSize.of(OUT_W, OUT_H), Interpolation.NEAREST);
                 Tensor normalized = Normalize.normalize(small, MEAN, SCALE, 1f, 0f, 0f, false, DataType.F32)) {
                require(normalized.dtype() == DataType.F32, "Normalize's output type is " + normalized.dtype());
                require(java.util.Arrays.equals(normalized.shape(), new long[] {OUT_H, OUT_W, C}),
                        "the output shape is " + java.util.Arrays.toString(normalized.shape()));
                normalized.copyTo(result);
            }
        }
        // Nearest neighbour halving (an exact factor of 2) takes source pixel (2y, 2x); then (v - mean) * scale.
        for (int y = 0; y < OUT_H; y++) {
            for (int x = 0; x < OUT_W; x++) {
                for (int c = 0; c < C; c++) {
                    int v = pixels[((2 * y) * W + 2 * x) * C + c] & 0xFF;
                    float expected = (v - MEAN[c]) * SCALE[c];
                    float actual = result[(y * OUT_W + x) * C + c];
                    require(actual == expected, "pixel (" + y + ", " + x + ") channel " + c + ": expected " + expected
                            + ", got " + actual);
                }
            }
        }
        System.out.println("cvj consumer check passed: Resize + Normalize on the module path, "
                + result.length + " values as expected");
    }

    /** cvj must arrive as named modules, exporting its API and not its operator toolkit. */
    private static void checkModules() {
        Module cv = Tensor.class.getModule();
        require(ConsumerCheck.class.getModule().isNamed(), "this program is not on the module path");
        require("dev.cvj.cv".equals(cv.getName()), "Tensor is in module " + cv.getName() + ", not dev.cvj.cv");
        require(cv.isExported("dev.cvj.ops") && cv.isExported("dev.cvj.tensor") && cv.isExported("dev.cvj.interop"),
                "dev.cvj.cv does not export its API packages");
        require(!cv.isExported("dev.cvj.ops.internal"), "dev.cvj.cv exports dev.cvj.ops.internal");
        Module cuda = dev.cvj.cuda.Stream.class.getModule();
        require("dev.cvj.cuda".equals(cuda.getName()), "Stream is in module " + cuda.getName());
        require(cuda.isNativeAccessEnabled(), "dev.cvj.cuda has no native access (--enable-native-access=dev.cvj.cuda)");
    }

    private static void require(boolean ok, String problem) {
        if (!ok) {
            System.err.println("cvj consumer check FAILED: " + problem);
            System.exit(1);
        }
    }
}
