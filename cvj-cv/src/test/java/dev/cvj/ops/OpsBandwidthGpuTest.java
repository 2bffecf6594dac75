package dev.cvj.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cvj.cuda.Event;
import dev.cvj.cuda.Stream;
import dev.cvj.cuda.test.GpuTest;
import dev.cvj.cuda.test.SanitizerMode;
import dev.cvj.tensor.CurrentStream;
import dev.cvj.tensor.DataType;
import dev.cvj.tensor.Tensor;
import dev.cvj.tensor.TensorLayout;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Effective bandwidth of the copy, convert and fused kernels on a batch of 32 RGB 1080p U8 images (bytes read + written
 * per second, against the ~3.0 TB/s device-to-device figure of an H100). Prints a table; asserts nothing:
 * run it with {@code -Dtest=OpsBandwidthGpuTest} to see the numbers. Under compute-sanitizer (light mode) it
 * runs each kernel once on a batch of 2 (the timings mean nothing there) and checks the last outputs instead.
 */
@GpuTest
@Tag("bench")
class OpsBandwidthGpuTest {
    private static final int N = SanitizerMode.pick(32, 2), H = 1080, W = 1920, C = 3;
    private static final double PEAK = 3.0e12;

    private static void time(String what, long bytes, Stream s, Runnable op) {
        if (!SanitizerMode.active()) {
            op.run(); // warm-up (module load, pool growth)
        }
        try (Event a = Event.create(s.device(), Event.DEFAULT); Event b = Event.create(s.device(), Event.DEFAULT)) {
            int iters = SanitizerMode.pick(10, 1);
            a.record(s);
            for (int i = 0; i < iters; i++) {
                op.run();
            }
            b.record(s);
            b.synchronize();
            double ms = Event.elapsedMillis(a, b) / iters;
            double bw = bytes / (ms * 1e-3);
            System.out.printf("%-44s %9.3f ms %8.1f GB/s %5.1f%% of 3.0 TB/s%n", what, ms, bw / 1e9, 100 * bw / PEAK);
        }
    }

    @Test
    void batchOf32Rgb1080p() {
        Stream s = CurrentStream.get();
        long img = (long) N * H * W * C;
        List<Tensor> all = new ArrayList<>();
        try {
            Tensor src = track(all, Tensor.allocate(new long[] {N, H, W, C}, DataType.U8, TensorLayout.NHWC, s));
            src.deviceMemory().fill(7, s);
            Tensor f32 = track(all, Tensor.allocate(new long[] {N, H, W, C}, DataType.F32, TensorLayout.NHWC, s));
            Tensor u8 = track(all, Tensor.allocate(new long[] {N, H, W, C}, DataType.U8, TensorLayout.NHWC, s));
            Tensor nchw = track(all, Tensor.allocate(new long[] {N, C, H, W}, DataType.U8, TensorLayout.NCHW, s));
            Tensor crop = track(all, Tensor.allocate(new long[] {N, 720, 1280, C}, DataType.U8, TensorLayout.NHWC, s));
            Tensor padded = track(all, Tensor.allocate(new long[] {N, H + 16, W + 16, C}, DataType.U8, TensorLayout.NHWC, s));
            Tensor small = track(all, Tensor.allocate(new long[] {N, C, 224, 224}, DataType.F32, TensorLayout.NCHW, s));
            float[] mean = {123.675f, 116.28f, 103.53f}, std = {58.395f, 57.12f, 57.375f};
            System.out.println("copy, convert and fused kernels, " + N + " x " + H + " x " + W + " x " + C + " U8 on " + s.device());
            time("ConvertTo U8 -> F32", img * 5, s, () -> ConvertTo.convertToInto(f32, src, 1 / 255.0, 0, s));
            time("ConvertTo U8 -> U8", img * 2, s, () -> ConvertTo.convertToInto(u8, src, 2, 1, s));
            time("Normalize U8 -> F32 (stddev, per channel)", img * 5, s,
                    () -> Normalize.normalizeInto(f32, src, mean, std, 1f, 0f, 0f, true, s));
            time("Reformat NHWC -> NCHW U8", img * 2, s, () -> Reformat.reformatInto(nchw, src, s));
            time("Reformat NCHW -> NHWC U8", img * 2, s, () -> Reformat.reformatInto(u8, nchw, s));
            time("Flip vertical", img * 2, s, () -> Flip.flipInto(u8, src, FlipMode.VERTICAL, s));
            time("Flip horizontal", img * 2, s, () -> Flip.flipInto(u8, src, FlipMode.HORIZONTAL, s));
            time("Flip both", img * 2, s, () -> Flip.flipInto(u8, src, FlipMode.BOTH, s));
            time("CustomCrop 1280x720 at (3, 5)", 2L * N * 720 * 1280 * C, s, () -> CustomCrop.customCropInto(crop, src, 3, 5, s));
            time("ChannelReorder {2,1,0}", img * 2, s,
                    () -> ChannelReorder.channelReorderInto(u8, src, new int[][] {{2, 1, 0}}, s));
            time("CopyMakeBorder 8px REFLECT_101", img + (long) N * (H + 16) * (W + 16) * C, s,
                    () -> CopyMakeBorder.copyMakeBorderInto(padded, src, 8, 8, BorderType.REFLECT_101, null, s));
            long cfnrBytes = (long) N * 224 * 224 * C * (1 + 4);
            time("CropFlipNormalizeReformat 224 -> NCHW F32", cfnrBytes, s,
                    () -> CropFlipNormalizeReformat.cropFlipNormalizeReformatInto(small, src, new int[][] {{800, 400, 224, 224}},
                            new int[] {1}, mean, std, 1f, 0f, 0f, true, true, BorderType.CONSTANT, 0f, s));
            time("ResizeCropConvertReformat 256 -> 224 F32 (out)", (long) N * 224 * 224 * C * 4, s,
                    () -> ResizeCropConvertReformat.resizeCropConvertReformatInto(small, src, 256, 256,
                            Interpolation.LINEAR, 16, 16, 1 / 255f, 0f, new int[] {2, 1, 0}, s));
            List<Tensor> images = new ArrayList<>();
            for (int i = 0; i < N; i++) {
                images.add(src.slice(0, i, 1).reshape(new long[] {H, W, C}, TensorLayout.HWC));
            }
            time("Stack " + N + " HWC images", img * 2, s, () -> Stack.stackInto(u8, images, s));
            images.forEach(Tensor::close);
            s.synchronize();
            if (SanitizerMode.active()) {
                // every input byte is 7: the stack of the images is all 7, the resized crop 7/255 in every channel
                byte[] stacked = new byte[(int) img];
                u8.copyTo(stacked);
                for (int i = 0; i < stacked.length; i++) {
                    assertEquals(7, stacked[i], "stacked byte " + i);
                }
                float[] resized = new float[(int) ((long) N * C * 224 * 224)];
                small.copyTo(resized);
                for (int i = 0; i < resized.length; i++) {
                    assertEquals(7 / 255f, resized[i], 1e-6f, "ResizeCropConvertReformat element " + i);
                }
            }
        } finally {
            all.forEach(Tensor::close);
        }
    }

    private static Tensor track(List<Tensor> all, Tensor t) {
        all.add(t);
        return t;
    }
}
