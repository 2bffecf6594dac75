package dev.cvj.ops;

import static org.junit.jupiter.api.Assertions.assertNull;

import dev.cvj.cuda.Device;
import dev.cvj.cuda.test.GpuTest;
import dev.cvj.tensor.DataType;
import dev.cvj.tensor.ImageBatchVarShape;
import dev.cvj.tensor.ImageSize;
import dev.cvj.tensor.Tensor;
import dev.cvj.tensor.TensorLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * CropFlipNormalizeReformat and ResizeCropConvertReformat of a device ImageBatchVarShape against the same calls on
 * the host batch (the CPU path), bit for bit (the kernels round every float step like the Java code, as
 * FusedOpsGpuTest checks for the single-image forms), on fresh random images with padded rows: a batch of more
 * images than one CropFlipNormalizeReformat launch takes (so the later launches read the descriptors from their
 * own offset), its rectangles and flip codes given as device S32 tensors, and every source type. What
 * VarShapeOperatorsGpuTest covers for every varshape operator (batches of 1, 7 and 64) is not repeated here.
 */
@GpuTest
class FusedVarShapeGpuTest {
    private static final float[] MEAN = {123.675f, 116.28f, 103.53f}, STD = {58.395f, 57.12f, 57.375f};
    private final Device dev = Device.get(0);

    /** Host and device batches of the same random images of the given sizes (device rows padded). */
    private record Batches(ImageBatchVarShape host, ImageBatchVarShape device) implements AutoCloseable {
        static Batches of(VarShapeImages imgs, Random r, List<ImageSize> sizes, DataType t, Device dev) {
            List<Tensor> host = imgs.hostImages(r, sizes, 3, t);
            ImageBatchVarShape d = ImageBatchVarShape.create(host.size(), dev);
            for (Tensor h : host) {
                d.pushBack(imgs.deviceImage(r, h, dev));
            }
            return new Batches(VarShapeImages.hostBatch(host), d);
        }

        @Override
        public void close() {
            host.close();
            device.close();
        }
    }

    private static String sameImages(Tensor gpu, Tensor cpu) {
        try (Tensor got = gpu.toHost()) {
            for (int i = 0; i < cpu.shape(0); i++) {
                String m = ImageTensors.mismatch(got.slice(0, i, 1), cpu.slice(0, i, 1), 0, 0);
                if (m != null) {
                    return "image " + i + ": " + m;
                }
            }
        }
        return null;
    }

    @Test
    void cropFlipNormalizeReformatOverSeveralLaunchesWithDeviceParameters(Random r) {
        int n = 450; // three launches of at most 200 images
        List<ImageSize> sizes = VarShapeImages.randomSizes(r, n, 40, 30);
        int[] flat = new int[4 * n];
        int[] flips = new int[n];
        int[][] rects = new int[n][];
        for (int i = 0; i < n; i++) {
            ImageSize s = sizes.get(i);
            rects[i] = new int[] {r.nextInt(s.width() + 16) - 8, r.nextInt(s.height() + 16) - 8, 16, 12};
            flips[i] = r.nextInt(4) - 1;
            System.arraycopy(rects[i], 0, flat, 4 * i, 4);
        }
        try (VarShapeImages imgs = new VarShapeImages();
             Batches b = Batches.of(imgs, r, sizes, DataType.U8, dev);
             Tensor rt = Tensor.allocate(new long[] {n, 4}, DataType.S32, null);
             Tensor ft = Tensor.allocate(new long[] {n}, DataType.S32, null)) {
            rt.copyFrom(flat);
            ft.copyFrom(flips);
            for (BorderType border : BorderType.values()) {
                try (Tensor cpu = CropFlipNormalizeReformat.cropFlipNormalizeReformat(b.host(), rects, flips, MEAN, STD, 1f,
                        0f, 0f, true, true, border, 7f, DataType.F32, TensorLayout.NCHW);
                     Tensor gpu = CropFlipNormalizeReformat.cropFlipNormalizeReformat(b.device(), rt, ft, MEAN, STD, 1f, 0f, 0f,
                             true, true, border, 7f, DataType.F32, TensorLayout.NCHW)) {
                    assertNull(sameImages(gpu, cpu), border + " over " + n + " images");
                }
            }
        }
    }

    @Test
    void cropFlipNormalizeReformatEverySourceType(Random r) {
        List<ImageSize> sizes = VarShapeImages.randomSizes(r, 9, 60, 50);
        int[][] rect = {{-3, 5, 33, 21}};
        int[] flips = {0, 1, -1, 2, 0, 1, -1, 2, 1};
        for (DataType t : List.of(DataType.U8, DataType.U16, DataType.S16, DataType.F32)) {
            for (DataType dt : List.of(DataType.U8, DataType.F16, DataType.F32)) {
                try (VarShapeImages imgs = new VarShapeImages(); Batches b = Batches.of(imgs, r, sizes, t, dev);
                     Tensor cpu = CropFlipNormalizeReformat.cropFlipNormalizeReformat(b.host(), rect, flips, new float[] {1f},
                             new float[] {0.5f}, 2f, 1f, 0f, false, false, BorderType.REFLECT, 0f, dt, TensorLayout.NHWC);
                     Tensor gpu = CropFlipNormalizeReformat.cropFlipNormalizeReformat(b.device(), rect, flips,
                             new float[] {1f}, new float[] {0.5f}, 2f, 1f, 0f, false, false, BorderType.REFLECT, 0f, dt,
                             TensorLayout.NHWC)) {
                    assertNull(sameImages(gpu, cpu), t + " -> " + dt);
                }
            }
        }
    }

    @Test
    void resizeCropConvertReformatFromVideoSizes(Random r) {
        // 32 frames of 640x480 .. 1920x1080 to 256x256, centre 224x224: the classification input
        List<ImageSize> sizes = new ArrayList<>();
        for (int i = 0; i < 32; i++) {
            sizes.add(ImageSize.of(640 + r.nextInt(1281), 480 + r.nextInt(601)));
        }
        try (VarShapeImages imgs = new VarShapeImages(); Batches b = Batches.of(imgs, r, sizes, DataType.U8, dev)) {
            for (Interpolation in : List.of(Interpolation.NEAREST, Interpolation.LINEAR)) {
                for (DataType dt : List.of(DataType.U8, DataType.F16, DataType.F32)) {
                    try (Tensor cpu = ResizeCropConvertReformat.resizeCropConvertReformat(b.host(), ImageSize.of(256, 256), in,
                            16, 16, 224, 224, 1 / 127.5f, -1f, new int[] {2, 1, 0}, dt, TensorLayout.NCHW);
                         Tensor gpu = ResizeCropConvertReformat.resizeCropConvertReformat(b.device(), ImageSize.of(256, 256),
                                 in, 16, 16, 224, 224, 1 / 127.5f, -1f, new int[] {2, 1, 0}, dt, TensorLayout.NCHW)) {
                        assertNull(sameImages(gpu, cpu), in + " " + dt);
                    }
                }
            }
        }
    }
}
