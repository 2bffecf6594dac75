package dev.cvj.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.cvj.cuda.Device;
import dev.cvj.cuda.Stream;
import dev.cvj.cuda.test.GpuTest;
import dev.cvj.tensor.ImageFormat;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A batch split between nvJPEG's hardware engines and its hybrid backend ({@link DecodeSplit}) against the same batch
 * on the engines only.
 *
 * <p>nvJPEG does not promise that its backends give identical pixels: their IDCTs and chroma upsampling round
 * differently, by a few levels. An image that took the same path in both decodes must be bit-identical; one that took
 * the other backend must be within the bounds {@link ImageDecoderGpuTest} sets for the GPU against the CPU decode
 * (4:4:4: mean 0.1, 99th percentile 1, largest 6; 4:2:0 and 4:2:2: 1.0, 20, 72), which hold for each backend; the
 * figures are printed on every run.
 */
@GpuTest
class ImageDecoderSplitGpuTest {
    /** 64 baseline JPEGs of the four subsamplings the engines take, larger than the adaptive split's smallest batch. */
    static List<String> baselineBatch() {
        List<String> names = new ArrayList<>();
        while (names.size() < 64) {
            names.addAll(List.of("baseline-420-640x480.jpg", "baseline-444-333x217.jpg", "baseline-422-641x479.jpg",
                    "restart-420-500x375.jpg"));
        }
        return names;
    }

    @Test
    void aSplitBatchIsTheEnginesDecodeWithinTheBackendsDifferences() {
        List<String> names = baselineBatch();
        List<EncodedImage> in = SampleImages.read(names);
        try (ImageDecoder gpu = ImageDecoderGpuTest.gpuDecoder(); Stream s = Stream.create(Device.get(0))) {
            gpu.setSplit(DecodeSplit.hardwareOnly());
            try (DecodeResult hw = gpu.decode(in, ImageFormat.RGB8, s)) {
                s.synchronize();
                System.out.println("ImageDecoderSplitGpuTest hardware only: " + hw.summary());
                assumeTrue(hw.count(DecodePath.HARDWARE) > 0, "no JPEG engines on this GPU: " + gpu.describe());
                assertEquals(0, hw.count(DecodePath.GPU_HYBRID), "the engines take every baseline JPEG they accept");
                List<String> failures = new ArrayList<>();
                for (DecodeSplit split : List.of(DecodeSplit.fixed(0.5), DecodeSplit.fixed(1), DecodeSplit.adaptive(0.3, 32))) {
                    gpu.setSplit(split);
                    for (int rep = 0; rep < (split.mode() == DecodeSplit.Mode.ADAPTIVE ? 6 : 1); rep++) {
                        try (DecodeResult r = gpu.decode(in, ImageFormat.RGB8, s)) {
                            s.synchronize();
                            System.out.println("ImageDecoderSplitGpuTest " + split + ": " + r.summary());
                            assertEquals(List.of(), r.failures());
                            assertTrue(r.count(DecodePath.GPU_HYBRID) > 0, split + " moved nothing: " + r.summary());
                            if (split.share() == 1) {
                                assertEquals(0, r.count(DecodePath.HARDWARE), r.summary());
                            } else {
                                assertTrue(r.count(DecodePath.HARDWARE) > 0, split + " moved everything: " + r.summary());
                            }
                            compareToHardware(names, hw, r, failures);
                        }
                    }
                }
                assertTrue(failures.isEmpty(), String.join("\n", failures));
            }
        }
    }

    private static void compareToHardware(List<String> names, DecodeResult hw, DecodeResult r, List<String> failures) {
        for (int i = 0; i < names.size(); i++) {
            String n = names.get(i);
            byte[] a = ImageDecoderGpuTest.pixels(r.images().image(i)), b = ImageDecoderGpuTest.pixels(hw.images().image(i));
            if (r.path(i) == hw.path(i)) {
                assertArrayEquals(b, a, n + " (image " + i + ") on the same path");
            } else {
                String m = ImageDecoderGpuTest.compare("split " + n + " " + r.path(i) + " vs " + hw.path(i), a, b, 3,
                        ImageDecoderGpuTest.bounds(ImageFormat.RGB8, n, hw.images().image(i).shape()));
                if (m != null) {
                    failures.add(m);
                }
            }
        }
    }

    @Test
    void aMixedBatchWithTheSplitOnDecodesEveryGoodImageAndNamesTheBrokenOnes() {
        // 36 images, 8 broken, 4 PNG: progressive and gray go hybrid, half the GPU bytes too
        ImageDecoderGpuTest.assertMixedBatch(4, DecodeSplit.fixed(0.5));
        ImageDecoderGpuTest.assertMixedBatch(4, DecodeSplit.adaptive(0.5, 1));
    }

    @Test
    void decodeToTensorWithTheSplitOnHoldsTheBatchsImages() {
        List<EncodedImage> in = SampleImages.read(List.of("baseline-420-640x480.jpg", "not-an-image.jpg",
                "baseline-420-640x480.jpg", "truncated-640x480.jpg", "baseline-420-640x480.jpg", "baseline-420-640x480.jpg"));
        try (ImageDecoder gpu = ImageDecoderGpuTest.gpuDecoder(); Stream s = Stream.create(Device.get(0))) {
            gpu.setSplit(DecodeSplit.fixed(0.5));
            try (DecodeResult t = gpu.decodeToTensor(in, ImageFormat.RGB8, s);
                 DecodeResult b = gpu.decode(in, ImageFormat.RGB8, s)) {
                s.synchronize();
                assertArrayEquals(new long[] {4, 480, 640, 3}, t.tensor().shape());
                assertEquals(2, t.failures().size());
                for (int i = 0; i < 4; i++) {
                    assertEquals(b.path(b.inputIndex(i)), t.path(t.inputIndex(i)), "the split is the same for the same batch");
                    assertArrayEquals(ImageDecoderGpuTest.pixels(b.images().image(i)),
                            ImageDecoderGpuTest.pixels(t.tensor().slice(0, i, 1)), "row " + i);
                }
            }
        }
    }

    @Test
    void splitBatchesReuseTheDecodersMemory() {
        try (ImageDecoder gpu = ImageDecoderGpuTest.gpuDecoder()) {
            gpu.setSplit(DecodeSplit.adaptive(0.5, 1));
            ImageDecoderGpuTest.assertNoMemoryGrowth(gpu, SampleImages.read(baselineBatch().subList(0, 40)), 40, 200);
        }
    }
}
