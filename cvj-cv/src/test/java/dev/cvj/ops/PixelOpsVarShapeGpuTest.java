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
 * The varshape Flip, CustomCrop, ChannelReorder and CvtColor on device batches against the same calls on host batches
 * (the CPU path), exactly, on fresh random images with padded rows: pixel sizes that move whole (2, 4, 8, 16 bytes)
 * and element by element (3, 6, 12 bytes, or an image whose address is not a multiple of the pixel size), 300 images
 * (two launches of 256); CvtColor on other types (floats within 1e-5 relative, as CvtColorGpuTest) and the 4:2:0
 * conversions the registry's sampler cannot make (they need even sizes).
 * VarShapeOperatorsGpuTest covers the allocating forms on U8 RGB.
 */
@GpuTest
class PixelOpsVarShapeGpuTest {
    private final Device gpu = Device.get(0);

    private record Pixels(int channels, DataType type) {}

    private static final List<Pixels> PIXELS = List.of(new Pixels(1, DataType.U8), new Pixels(2, DataType.U8),
            new Pixels(4, DataType.U8), new Pixels(3, DataType.U16), new Pixels(4, DataType.U16),
            new Pixels(3, DataType.F32), new Pixels(4, DataType.F32), new Pixels(2, DataType.F16));

    @Test
    void copiesAndReordersMatchCpu(Random rnd) {
        for (Pixels p : PIXELS) {
            for (int count : new int[] {1, 300}) {
                List<ImageSize> sizes = VarShapeImages.randomSizes(rnd, count, 40, 30);
                assertOps(rnd, sizes, p, false);
            }
        }
    }

    @Test
    void imageOffTheAlignmentOfItsPixels(Random rnd) {
        // image 1 starts 1 byte into its memory: 4-byte pixels cannot move as words, the batch goes element by element
        assertOps(rnd, VarShapeImages.randomSizes(rnd, 5, 40, 30), new Pixels(4, DataType.U8), true);
    }

    @Test
    void yuv420MatchesCpu(Random rnd) {
        for (ColorConversion code : ColorConversion.values()) {
            if (code.yuv420() == null) {
                continue;
            }
            boolean from = code.family() != ColorConversion.Family.TO_YUV420; // a 4:2:0 source (to RGB or GRAY)
            List<ImageSize> sizes = new ArrayList<>();
            for (int i = 0; i < 9; i++) { // even RGB sizes; a 4:2:0 source has 3/2 of their rows
                ImageSize s = ImageSize.of(2 + 2 * rnd.nextInt(30), 2 + 2 * rnd.nextInt(20));
                sizes.add(from ? ImageSize.of(s.width(), s.height() / 2 * 3) : s);
            }
            for (boolean full : new boolean[] {false, true}) {
                assertDeviceEqualsHost(rnd, sizes, new Pixels(code.srcChannels(), DataType.U8), false, 0,
                        code + (full ? " full range" : ""), (b, s) -> CvtColor.cvtColor(b, code, full, s));
            }
        }
    }

    @Test
    void yuv422MatchesCpu(Random rnd) {
        for (ColorConversion code : ColorConversion.values()) {
            if (code.yuv422() == null) {
                continue;
            }
            List<ImageSize> sizes = new ArrayList<>();
            for (int i = 0; i < 9; i++) { // even widths: pairs of pixels share chroma
                sizes.add(ImageSize.of(2 + 2 * rnd.nextInt(30), 1 + rnd.nextInt(40)));
            }
            for (boolean full : new boolean[] {false, true}) {
                assertDeviceEqualsHost(rnd, sizes, new Pixels(2, DataType.U8), false, 0,
                        code + (full ? " full range" : ""), (b, s) -> CvtColor.cvtColor(b, code, full, s));
            }
        }
    }

    @Test
    void otherTypesOfCvtColor(Random rnd) {
        List<ImageSize> sizes = VarShapeImages.randomSizes(rnd, 7, 60, 30);
        for (ColorConversion code : List.of(ColorConversion.BGRA2RGB, ColorConversion.RGB2HSV, ColorConversion.YUV2BGR)) {
            for (DataType t : List.of(DataType.U16, DataType.F32)) {
                if (t == DataType.U16 && code == ColorConversion.RGB2HSV) {
                    continue; // HSV: U8 and F32 only
                }
                assertDeviceEqualsHost(rnd, sizes, new Pixels(code.srcChannels(), t), false, 1e-5, code + " " + t,
                        (b, s) -> CvtColor.cvtColor(b, code, s));
            }
        }
    }

    private void assertOps(Random rnd, List<ImageSize> sizes, Pixels p, boolean misaligned) {
        int n = sizes.size();
        FlipMode[] modes = new FlipMode[n];
        int[][] rects = new int[n][];
        int[][] orders = new int[n][1 + rnd.nextInt(4)];
        for (int i = 0; i < n; i++) {
            modes[i] = FlipMode.values()[rnd.nextInt(3)];
            ImageSize s = sizes.get(i);
            int w = 1 + rnd.nextInt(s.width()), h = 1 + rnd.nextInt(s.height());
            rects[i] = new int[] {rnd.nextInt(s.width() - w + 1), rnd.nextInt(s.height() - h + 1), w, h};
            for (int c = 0; c < orders[i].length; c++) {
                orders[i][c] = rnd.nextInt(p.channels() + 1) - 1;
            }
        }
        assertDeviceEqualsHost(rnd, sizes, p, misaligned, 0, "Flip", (b, s) -> Flip.flip(b, modes, s));
        assertDeviceEqualsHost(rnd, sizes, p, misaligned, 0, "CustomCrop", (b, s) -> CustomCrop.customCrop(b, rects, s));
        assertDeviceEqualsHost(rnd, sizes, p, misaligned, 0, "ChannelReorder",
                (b, s) -> ChannelReorder.channelReorder(b, orders, s));
    }

    /**
     * {@code op} on a device batch (on a side stream) equals {@code op} on the host batch of the same images: integers
     * exactly, floats within {@code relTol} relative.
     */
    private void assertDeviceEqualsHost(Random rnd, List<ImageSize> sizes, Pixels p, boolean misaligned, double relTol,
                                        String what,
                                        BiFunction<ImageBatchVarShape, Stream, ImageBatchVarShape> op) {
        List<Tensor> owned = new ArrayList<>();
        try (VarShapeImages imgs = new VarShapeImages(); Stream s = Stream.create(gpu)) {
            List<Tensor> host = imgs.hostImages(rnd, sizes, p.channels(), p.type());
            List<Tensor> device = new ArrayList<>();
            for (int i = 0; i < host.size(); i++) {
                device.add(misaligned && i == 1 ? offByOneByte(host.get(i), owned) : imgs.deviceImage(rnd, host.get(i), gpu));
            }
            try (ImageBatchVarShape hb = VarShapeImages.hostBatch(host);
                 ImageBatchVarShape db = ImageBatchVarShape.create(device.size(), gpu)) {
                device.forEach(db::pushBack);
                List<Tensor> got = new ArrayList<>();
                try (ImageBatchVarShape want = op.apply(hb, null); ImageBatchVarShape out = op.apply(db, s)) {
                    s.synchronize();
                    for (Tensor t : out) {
                        got.add(t.toHost());
                    }
                    List<Tensor> wanted = new ArrayList<>();
                    want.forEach(wanted::add);
                    assertNull(VarShapeCalls.mismatch(got, wanted, 0, relTol),
                            () -> what + " on " + sizes.size() + " images of " + p + (misaligned ? ", one misaligned" : ""));
                } finally {
                    got.forEach(Tensor::close);
                }
            }
        } finally {
            owned.forEach(Tensor::close);
        }
    }

    /** A device copy of the U8 image {@code host} (dense rows) starting 1 byte into its memory, which joins {@code owned}. */
    private static Tensor offByOneByte(Tensor host, List<Tensor> owned) {
        long[] shape = host.shape();
        long bytes = shape[0] * shape[1] * shape[2];
        Tensor raw = Tensor.allocate(new long[] {bytes + 1}, DataType.U8, null);
        owned.add(raw);
        Tensor image = raw.slice(0, 1, bytes).reshape(shape, TensorLayout.HWC);
        image.copyFrom(host, null);
        return image;
    }
}
