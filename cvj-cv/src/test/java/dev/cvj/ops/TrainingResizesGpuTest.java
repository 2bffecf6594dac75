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
 * The separable training resizes on the GPU against their CPU paths on fresh random images, exactly (the same integer,
 * double and explicitly rounded float arithmetic from the same tables): PillowResize and HQResize with every filter,
 * U8 and F32, 1/3/4 channels, and RandomResizedCrop (the same crops from the same seed); odd sizes up and down, 1 x 1
 * in and out, NHWC batches, column views (strided rows) and varshape batches with padded rows.
 */
@GpuTest
class TrainingResizesGpuTest {
    private final Device gpu = Device.get(0);

    /** {src h, src w, dst h, dst w}: shrinks, enlargements, mixed, 1 x 1 both ways, a large shrink. */
    private static final int[][] SIZES = {{37, 301, 19, 64}, {33, 17, 61, 120}, {1, 1, 3, 5}, {9, 7, 1, 1},
        {25, 40, 25, 13}, {480, 640, 37, 29}};

    @Test
    void pillowResizeMatchesCpu(Random rnd) {
        PillowFilter[] filters = PillowFilter.values();
        matchesCpu(rnd, "PillowResize", filters.length,
                (k, src, size) -> PillowResize.pillowResize(src, size, filters[k]));
    }

    @Test
    void hqResizeMatchesCpu(Random rnd) {
        HQFilter[] filters = HQFilter.values();
        matchesCpu(rnd, "HQResize", filters.length, (k, src, size) -> HQResize.hqResize(src, size, filters[k]));
    }

    @Test
    void batchesMatchCpu(Random rnd) {
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
            for (HQFilter f : HQFilter.values()) {
                assertDeviceEqualsHost(rnd, sizes, 4, t, "HQResize " + f + " " + t,
                        (b, s) -> HQResize.hqResize(b, out, f, s));
            }
        }
    }

    @Test
    void randomResizedCropMatchesCpu(Random rnd) {
        long seed = rnd.nextLong();
        HQFilter[] filters = HQFilter.values();
        RandomResizedCrop.Params p = RandomResizedCrop.Params.DEFAULT;
        matchesCpu(rnd, "RandomResizedCrop seed " + seed, filters.length,
                (k, src, size) -> RandomResizedCrop.randomResizedCrop(src, size, filters[k], p, seed).output());
        for (DataType t : new DataType[] {DataType.U8, DataType.F32}) {
            List<ImageSize> sizes = VarShapeImages.randomSizes(rnd, 11, 90, 70);
            ImageSize[] out = {VarShapeImages.randomSize(rnd, 120, 90)};
            for (HQFilter f : filters) {
                assertDeviceEqualsHost(rnd, sizes, 3, t, "RandomResizedCrop " + f + " " + t + " seed " + seed,
                        (b, s) -> RandomResizedCrop.randomResizedCrop(b, out, f, p, seed, s).output());
            }
        }
    }

    /** A resize with filter number {@code k} (of the operator's enum). */
    private interface Resizer {
        Tensor apply(int k, Tensor src, ImageSize size);
    }

    /**
     * {@code op} on device tensors equals {@code op} on host tensors exactly, for U8 and F32, 1/3/4 channels, every
     * size of {@link #SIZES} (a random filter each), NHWC batches and column views; then every filter on one image.
     */
    private static void matchesCpu(Random rnd, String name, int filters, Resizer op) {
        for (DataType t : new DataType[] {DataType.U8, DataType.F32}) {
            for (int c : new int[] {1, 3, 4}) {
                for (int[] z : SIZES) {
                    int k = rnd.nextInt(filters);
                    ImageSize size = ImageSize.of(z[3], z[2]);
                    String what = name + " filter " + k + " " + t + " " + c + "ch " + z[0] + "x" + z[1] + " -> " + size;
                    try (Tensor batch = OpTestSupport.randomHost(rnd, t, TensorLayout.NHWC, 3, z[0], z[1], c);
                         Tensor one = OpTestSupport.randomHost(rnd, t, TensorLayout.HWC, z[0], z[1] + 2, c)) {
                        OpGpuSupport.sameOnGpu(what + " NHWC", batch, s -> op.apply(k, s, size));
                        OpGpuSupport.sameOnGpuView(what + " view", one, 1, 1, z[1], s -> op.apply(k, s, size));
                    }
                }
            }
        }
        for (int k = 0; k < filters; k++) {
            final int f = k;
            try (Tensor src = OpTestSupport.randomHost(rnd, DataType.U8, TensorLayout.HWC, 97, 131, 3)) {
                OpGpuSupport.sameOnGpu(name + " filter " + k, src, s -> op.apply(f, s, ImageSize.of(50, 61)));
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
