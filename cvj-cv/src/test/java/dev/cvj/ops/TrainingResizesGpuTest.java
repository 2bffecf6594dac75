package dev.cvj.ops;

import static org.junit.jupiter.api.Assertions.assertNull;

import dev.cvj.cuda.Device;
import dev.cvj.cuda.Stream;
import dev.cvj.cuda.test.GpuTest;
import dev.cvj.tensor.DataType;
import dev.cvj.tensor.ImageBatchVarShape;
import dev.cvj.tensor.ImageSize;
import dev.cvj.tensor.Tensor;
import dev.cvj.tensor.TensorLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;

/**
 * The separable training resizes on the GPU against their CPU paths on fresh random images: PillowResize (every
 * filter, U8 and F32, 1/3/4 channels), exactly (the same integer and double arithmetic from the same tables); odd
 * sizes up and down, 1 x 1 in and out, NHWC batches, column views (strided rows) and varshape batches with padded rows.
 */
@GpuTest
class TrainingResizesGpuTest {
    private final Device gpu = Device.get(0);

    /** {src h, src w, dst h, dst w}: shrinks, enlargements, mixed, 1 x 1 both ways, a large shrink. */
    private static final int[][] SIZES = {{37, 301, 19, 64}, {33, 17, 61, 120}, {1, 1, 3, 5}, {9, 7, 1, 1},
        {25, 40, 25, 13}, {480, 640, 37, 29}};

    @Test
    void pillowResizeMatchesCpu(Random rnd) {
        for (DataType t : new DataType[] {DataType.U8, DataType.F32}) {
            for (int c : new int[] {1, 3, 4}) {
                for (int[] z : SIZES) {
                    PillowFilter f = PillowFilter.values()[rnd.nextInt(PillowFilter.values().length)];
                    ImageSize size = ImageSize.of(z[3], z[2]);
                    String what = "PillowResize " + f + " " + t + " " + c + "ch " + z[0] + "x" + z[1] + " -> " + size;
                    try (Tensor batch = OpTestSupport.randomHost(rnd, t, TensorLayout.NHWC, 3, z[0], z[1], c);
                         Tensor one = OpTestSupport.randomHost(rnd, t, TensorLayout.HWC, z[0], z[1] + 2, c)) {
                        OpGpuSupport.sameOnGpu(what + " NHWC", batch, s -> PillowResize.pillowResize(s, size, f));
                        OpGpuSupport.sameOnGpuView(what + " view", one, 1, 1, z[1],
                                s -> PillowResize.pillowResize(s, size, f));
                    }
                }
            }
        }
        for (PillowFilter f : PillowFilter.values()) {
            try (Tensor src = OpTestSupport.randomHost(rnd, DataType.U8, TensorLayout.HWC, 97, 131, 3)) {
                OpGpuSupport.sameOnGpu("PillowResize " + f, src, s -> PillowResize.pillowResize(s, ImageSize.of(50, 61), f));
            }
        }
    }

    @Test
    void pillowResizeOfBatchesMatchesCpu(Random rnd) {
        for (DataType t : new DataType[] {DataType.U8, DataType.F32}) {
            List<ImageSize> sizes = VarShapeImages.randomSizes(rnd, 9, 90, 70);
            ImageSize[] out = new ImageSize[sizes.size()];
            for (int i = 0; i < out.length; i++) {
                out[i] = VarShapeImages.randomSize(rnd, 120, 90);
            }
            for (PillowFilter f : PillowFilter.values()) {
                assertDeviceEqualsHost(rnd, sizes, 3, t, "PillowResize " + f + " " + t,
                        (b, s) -> PillowResize.pillowResize(b, out, f, s));
            }
        }
    }

    /** {@code op} on a device batch equals {@code op} on the host batch of the same images, exactly. */
    private void assertDeviceEqualsHost(Random rnd, List<ImageSize> sizes, int c, DataType t, String what,
                                        BiFunction<ImageBatchVarShape, Stream, ImageBatchVarShape> op) {
        try (VarShapeImages imgs = new VarShapeImages(); Stream s = Stream.create(gpu)) {
            List<Tensor> host = imgs.hostImages(rnd, sizes, c, t);
            try (ImageBatchVarShape hb = VarShapeImages.hostBatch(host);
                 ImageBatchVarShape db = ImageBatchVarShape.create(host.size(), gpu)) {
                for (Tensor h : host) {
                    db.pushBack(imgs.deviceImage(rnd, h, gpu));
                }
                List<Tensor> got = new ArrayList<>();
                try (ImageBatchVarShape want = op.apply(hb, null); ImageBatchVarShape dev = op.apply(db, s)) {
                    s.synchronize();
                    for (Tensor x : dev) {
                        got.add(x.toHost());
                    }
                    List<Tensor> wanted = new ArrayList<>();
                    want.forEach(wanted::add);
                    assertNull(VarShapeCalls.mismatch(got, wanted, 0, 0), () -> what + " on " + sizes.size() + " images");
                } finally {
                    got.forEach(Tensor::close);
                }
            }
        }
    }
}
