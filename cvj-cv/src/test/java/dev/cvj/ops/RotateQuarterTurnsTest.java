package dev.cvj.ops;

import static dev.cvj.ops.OpTestSupport.randomHost;
import static dev.cvj.ops.OpTestSupport.refused;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.cvj.cuda.Device;
import dev.cvj.cuda.Stream;
import dev.cvj.cuda.test.GpuTest;
import dev.cvj.tensor.DataType;
import dev.cvj.tensor.ImageBatchVarShape;
import dev.cvj.tensor.ImageSize;
import dev.cvj.tensor.Tensor;
import dev.cvj.tensor.TensorLayout;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Rotate's quarter turns (cv::rotate's codes; the goldens are in PixelOpsGoldenTest) and its per-image rotations of
 * a batch: a small turn by hand, the tensor forms, the refusals, and on a GPU the single-image and batch kernels
 * against the CPU path (exactly: a copy).
 */
class RotateQuarterTurnsTest {
    private final Random rnd = new Random(59);

    @Test
    void codesAreCvRotates() {
        try (Tensor src = Tensor.allocateHost(new long[] {2, 3, 1}, DataType.U8, TensorLayout.HWC)) {
            src.copyFrom(new byte[] {1, 2, 3, 4, 5, 6}); // rows (1 2 3) and (4 5 6)
            try (Tensor cw = Rotate.rotate90(src, Rotate.ROTATE_90_CLOCKWISE);
                 Tensor half = Rotate.rotate90(src, Rotate.ROTATE_180);
                 Tensor ccw = Rotate.rotate90(src, Rotate.ROTATE_90_COUNTERCLOCKWISE)) {
                assertArrayEquals(new long[] {3, 2, 1}, cw.shape());
                assertArrayEquals(new byte[] {4, 1, 5, 2, 6, 3}, OpTestSupport.bytes(cw));
                assertArrayEquals(new byte[] {6, 5, 4, 3, 2, 1}, OpTestSupport.bytes(half));
                assertArrayEquals(new byte[] {3, 6, 2, 5, 1, 4}, OpTestSupport.bytes(ccw));
            }
        }
    }

    @Test
    void batchTensorFormsEqualSingleImageCalls() {
        try (VarShapeImages imgs = new VarShapeImages();
             Tensor angles = Tensor.allocateHost(new long[] {3}, DataType.F64, null);
             Tensor shifts = Tensor.allocateHost(new long[] {1, 2}, DataType.F64, null)) {
            double[] a = {12.5, -90, 200};
            angles.copyFrom(a);
            shifts.copyFrom(new double[] {3, -2});
            List<Tensor> src = imgs.hostImages(rnd, VarShapeImages.randomSizes(rnd, 3, 40, 30), 3, DataType.U8);
            try (ImageBatchVarShape sb = VarShapeImages.hostBatch(src);
                 ImageBatchVarShape out = Rotate.rotate(sb, angles, shifts, Interpolation.LINEAR, null)) {
                assertNull(VarShapeCalls.againstEach(VarShapeImages.images(out), src,
                        (s, k) -> Rotate.rotate(s, a[k], 3, -2, Interpolation.LINEAR)));
                try (ImageBatchVarShape turned = Rotate.rotate90(sb, new int[] {Rotate.ROTATE_90_CLOCKWISE})) {
                    assertNull(VarShapeCalls.againstEach(VarShapeImages.images(turned), src,
                            s -> Rotate.rotate90(s, Rotate.ROTATE_90_CLOCKWISE)));
                }
            }
        }
    }

    @Test
    void refusals() {
        try (VarShapeImages imgs = new VarShapeImages();
             ImageBatchVarShape two = imgs.hostBatch(rnd, List.of(ImageSize.of(5, 4), ImageSize.of(7, 3)), 3, DataType.U8);
             ImageBatchVarShape same = imgs.hostBatch(rnd, List.of(ImageSize.of(5, 4), ImageSize.of(7, 3)), 3, DataType.U8);
             Tensor src = Tensor.allocateHost(new long[] {4, 6, 3}, DataType.U8, TensorLayout.HWC);
             Tensor unturned = Tensor.allocateHost(new long[] {4, 6, 3}, DataType.U8, TensorLayout.HWC);
             Tensor shift3 = Tensor.allocateHost(new long[] {2, 3}, DataType.F64, null)) {
            String op = "Rotate: ";
            refused(op, () -> Rotate.rotate90(src, 3), "rotateCode is 3; cv::rotate's codes");
            refused(op, () -> Rotate.rotate90(src, -1), "rotateCode is -1");
            refused(op, () -> Rotate.rotate90Into(unturned, src, Rotate.ROTATE_90_CLOCKWISE), "W x H 4x6");
            refused(op, () -> Rotate.rotate90Into(src, src, Rotate.ROTATE_180), "overlap");
            refused(op, () -> Rotate.rotate90(two, new int[] {0, 1, 2}), "rotateCodes has 3 entries for 2 images");
            refused(op, () -> Rotate.rotate90(two, new int[] {0, 5}), "rotateCodes[1] is 5");
            refused(op, () -> Rotate.rotate90Into(same, two, new int[] {Rotate.ROTATE_90_CLOCKWISE}),
                    "dst image 0 is 5 x 4 (W x H) but src image 0 turned by its code is 4 x 5");
            refused(op, () -> Rotate.rotate(two, new double[] {1, 2, 3}, new double[] {0}, new double[] {0},
                    Interpolation.LINEAR), "angleDeg has 3 entries for 2 images");
            refused(op, () -> Rotate.rotate(two, new double[] {1}, new double[] {0, 1, 2}, new double[] {0},
                    Interpolation.LINEAR), "shiftX has 3 entries");
            try (Tensor angles = Tensor.allocateHost(new long[] {2}, DataType.F64, null)) {
                refused(op, () -> Rotate.rotate(two, angles, shift3, Interpolation.LINEAR, null),
                        "shift is a F64 tensor of shape [2, 3]");
            }
        }
    }

    @GpuTest
    @Test
    void gpuEqualsCpuForEveryCodeLayoutAndElementSize() {
        Random r = OpGpuSupport.seeded("Rotate quarter turns GPU");
        for (DataType t : new DataType[] {DataType.U8, DataType.S16, DataType.F32, DataType.F64}) {
            for (TensorLayout l : List.of(TensorLayout.NHWC, TensorLayout.HWC, TensorLayout.NCHW)) {
                for (int code = 0; code < 3; code++) {
                    int n = 1 + r.nextInt(3), c = 1 + r.nextInt(4), h = 1 + r.nextInt(100), w = 1 + r.nextInt(130);
                    long[] shape = switch (l.labels()) {
                        case "NHWC" -> new long[] {n, h, w, c};
                        case "NCHW" -> new long[] {n, c, h, w};
                        default -> new long[] {h, w, c};
                    };
                    int k = code;
                    try (Tensor src = randomHost(r, t, l, shape)) {
                        OpGpuSupport.sameOnGpu("rotate90 " + t + " " + l + " code " + k, src, x -> Rotate.rotate90(x, k));
                        if (w > 4) {
                            OpGpuSupport.sameOnGpuView("rotate90 view " + t + " " + l + " code " + k, src, l.indexOf('W'), 2,
                                    w - 3, x -> Rotate.rotate90(x, k));
                        }
                    }
                }
            }
        }
    }

    @GpuTest
    @Test
    void gpuBatchEqualsCpu(Random seeded) {
        Device gpu = Device.get(0);
        try (VarShapeImages imgs = new VarShapeImages(); Stream s = Stream.create(gpu)) {
            List<ImageSize> sizes = VarShapeImages.randomSizes(seeded, 70, 300, 200);
            List<Tensor> host = imgs.hostImages(seeded, sizes, 4, DataType.U16);
            int[] codes = new int[sizes.size()];
            for (int i = 0; i < codes.length; i++) {
                codes[i] = seeded.nextInt(3);
            }
            try (ImageBatchVarShape sb = imgs.deviceBatch(seeded, host, gpu);
                 ImageBatchVarShape db = Rotate.rotate90(sb, codes, s)) {
                s.synchronize();
                assertNull(VarShapeCalls.onHost(VarShapeImages.images(db), got -> VarShapeCalls.againstEach(got, host,
                        (h, k) -> Rotate.rotate90(h, codes[k]))));
            }
        }
    }
}
