package dev.cvj.ops;

import static dev.cvj.ops.OpTestSupport.assertBytesEqual;
import static dev.cvj.ops.OpTestSupport.bytes;
import static dev.cvj.ops.OpTestSupport.randomHost;
import static dev.cvj.ops.OpTestSupport.rejected;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cvj.ops.RandomResizedCrop.Crop;
import dev.cvj.ops.RandomResizedCrop.Params;
import dev.cvj.tensor.DataType;
import dev.cvj.tensor.ImageBatchVarShape;
import dev.cvj.tensor.ImageSize;
import dev.cvj.tensor.Tensor;
import dev.cvj.tensor.TensorLayout;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * RandomResizedCrop: the crops against torchvision's get_params written out here with the documented SplitMix64
 * draws (exactly), their ranges over many seeds, the central-crop fallback, the output against HQResize of the crop
 * (exactly: the same kernels), the varshape form image by image, and its refusals.
 */
class RandomResizedCropTest {

    /** torchvision's RandomResizedCrop.get_params with the class comment's generator, for image 0 of {@code seed}. */
    private static Crop getParams(int width, int height, Params p, long seed) {
        long[] state = {mix(seed)};
        for (int i = 0; i < 10; i++) {
            double area = (double) width * height * uniform(state, p.minScale(), p.maxScale());
            double ratio = Math.exp(uniform(state, Math.log(p.minRatio()), Math.log(p.maxRatio())));
            int w = (int) Math.rint(Math.sqrt(area * ratio)), h = (int) Math.rint(Math.sqrt(area / ratio));
            if (0 < w && w <= width && 0 < h && h <= height) {
                int y = (int) Math.floor(uniform(state, 0, 1) * (height - h + 1));
                int x = (int) Math.floor(uniform(state, 0, 1) * (width - w + 1));
                return new Crop(x, y, w, h);
            }
        }
        double in = (double) width / height;
        int w = width, h = height;
        if (in < p.minRatio()) {
            h = (int) Math.rint(w / p.minRatio());
        } else if (in > p.maxRatio()) {
            w = (int) Math.rint(h * p.maxRatio());
        }
        return new Crop((width - w) / 2, (height - h) / 2, w, h);
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    private static double uniform(long[] s, double lo, double hi) {
        s[0] += 0x9E3779B97F4A7C15L;
        return lo + (hi - lo) * ((mix(s[0]) >>> 11) / 9007199254740992.0);
    }

    @Test
    void cropsAreGetParamsWithTheDocumentedGenerator() {
        Random r = OpGpuSupport.seeded("RandomResizedCrop crops");
        Set<Crop> distinct = new HashSet<>();
        for (int i = 0; i < 2000; i++) {
            int w = 1 + r.nextInt(300), h = 1 + r.nextInt(300);
            long seed = r.nextLong();
            Crop c = RandomResizedCrop.crop(w, h, Params.DEFAULT, seed);
            assertEquals(getParams(w, h, Params.DEFAULT, seed), c, w + "x" + h + " seed " + seed);
            assertEquals(c, RandomResizedCrop.crop(w, h, Params.DEFAULT, seed), "the same seed, the same crop");
            assertTrue(c.x() >= 0 && c.y() >= 0 && c.width() >= 1 && c.height() >= 1 && c.x() + c.width() <= w
                    && c.y() + c.height() <= h, c + " inside " + w + "x" + h);
            if (w >= 100 && h >= 100) {
                double area = (double) c.width() * c.height() / ((double) w * h), ratio = (double) c.width() / c.height();
                assertTrue(area > 0.07 && area <= 1.0 && ratio > 0.7 && ratio < 1.4, c + " of " + w + "x" + h);
                distinct.add(c);
            }
        }
        assertTrue(distinct.size() > 100, "different seeds give different crops: " + distinct.size());
    }

    @Test
    void fallsBackToTheCentralCropClampedToTheRatios() {
        // a 1000 x 10 image cannot hold 90 % of its area at ratio 1: every attempt misses; the centre 10 x 10 remains
        Params square = new Params(0.9, 1.0, 1.0, 1.0);
        assertEquals(new Crop(495, 0, 10, 10), RandomResizedCrop.crop(1000, 10, square, 7));
        assertEquals(new Crop(0, 495, 10, 10), RandomResizedCrop.crop(10, 1000, square, 7));
    }

    @Test
    void outputIsHqResizeOfTheCropAndBatchesGoImageByImage() {
        Random r = OpGpuSupport.seeded("RandomResizedCrop output");
        long seed = r.nextLong();
        ImageSize size = ImageSize.of(13, 9);
        for (DataType t : new DataType[] {DataType.U8, DataType.F32}) {
            try (Tensor src = randomHost(r, t, TensorLayout.NHWC, 3, 41, 57, 3)) {
                RandomResizedCrop.Cropped got = RandomResizedCrop.randomResizedCrop(src, size, HQFilter.CUBIC,
                        Params.DEFAULT, seed);
                try (Tensor out = got.output()) {
                    for (int i = 0; i < 3; i++) {
                        Crop c = got.crops().get(i);
                        assertEquals(RandomResizedCrop.crop(57, 41, Params.DEFAULT, RandomResizedCrop.imageSeed(seed, i)), c);
                        try (Tensor view = src.slice(0, i, 1).slice(1, c.y(), c.height()).slice(2, c.x(), c.width());
                             Tensor want = HQResize.hqResize(view, size, HQFilter.CUBIC);
                             Tensor one = out.slice(0, i, 1)) {
                            assertBytesEqual(bytes(want), bytes(one), t + " image " + i + " crop " + c);
                        }
                    }
                }
            }
        }
        List<Tensor> images = new ArrayList<>();
        images.add(randomHost(r, DataType.U8, TensorLayout.HWC, 30, 20, 3));
        images.add(randomHost(r, DataType.U8, TensorLayout.HWC, 11, 45, 3));
        try (ImageBatchVarShape batch = VarShapeImages.hostBatch(images)) {
            RandomResizedCrop.CroppedBatch got = RandomResizedCrop.randomResizedCrop(batch, new ImageSize[] {size},
                    HQFilter.LINEAR, Params.DEFAULT, seed);
            try (ImageBatchVarShape out = got.output()) {
                for (int i = 0; i < 2; i++) {
                    RandomResizedCrop.Cropped one = RandomResizedCrop.randomResizedCrop(images.get(i), size,
                            HQFilter.LINEAR, Params.DEFAULT, RandomResizedCrop.imageSeed(seed, i));
                    try (Tensor o = one.output()) {
                        assertEquals(one.crops().getFirst(), got.crops().get(i));
                        assertBytesEqual(bytes(o), bytes(out.image(i)), "batch image " + i);
                    }
                }
                assertNotEquals(got.crops().get(0), got.crops().get(1));
            }
        } finally {
            images.forEach(Tensor::close);
        }
    }

    @Test
    void refusesBadInputBeforeAnyWork() {
        assertThrows(IllegalArgumentException.class, () -> new Params(0, 1, 0.75, 1.33));
        assertThrows(IllegalArgumentException.class, () -> new Params(0.5, 0.4, 0.75, 1.33));
        assertThrows(IllegalArgumentException.class, () -> new Params(0.1, 1, 2, 1));
        try (Tensor u8 = Tensor.allocateHost(new long[] {2, 4, 4, 3}, DataType.U8, TensorLayout.NHWC);
             Tensor f16 = Tensor.allocateHost(new long[] {4, 4, 3}, DataType.F16, TensorLayout.HWC)) {
            ImageSize s = ImageSize.of(3, 3);
            rejected("RandomResizedCrop: src has data type F16",
                    () -> RandomResizedCrop.randomResizedCrop(f16, s, HQFilter.LINEAR, Params.DEFAULT, 1));
            rejected("filter is null", () -> RandomResizedCrop.randomResizedCrop(u8, s, null, Params.DEFAULT, 1));
            rejected("params is null", () -> RandomResizedCrop.randomResizedCrop(u8, s, HQFilter.LINEAR, null, 1));
            rejected("image size 0 x 3", () -> RandomResizedCrop.crop(0, 3, Params.DEFAULT, 1));
        }
    }
}
