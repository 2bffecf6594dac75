package dev.cvj.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cvj.cuda.Device;
import dev.cvj.cuda.DeviceMemory;
import dev.cvj.cuda.Stream;
import dev.cvj.cuda.test.GpuTest;
import dev.cvj.cuda.test.RequiresGpus;
import dev.cvj.tensor.ImageFormat;
import dev.cvj.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The decoder on device 1 from a thread whose current device is 0: the images land on device 1 (by the tensor and by
 * the driver), byte for byte what the same decoder makes on device 0 (one nvJPEG build, the same paths), and the
 * thread's current device is still 0 afterwards; one decoder per GPU on two threads at once gives the same bytes.
 */
@GpuTest
@Tag("multigpu")
@RequiresGpus(2)
class ImageDecoderMultiGpuTest {
    private static final List<String> NAMES = ImageDecoderHostTest.GOOD;

    @BeforeEach
    void deviceZeroIsCurrent() {
        Device.get(0).makeCurrent();
    }

    /** The decoded bytes of every sample image on {@code device}, checking where each image lives. */
    private static List<byte[]> decodeOn(Device device, ImageFormat format) {
        List<byte[]> out = new ArrayList<>();
        try (ImageDecoder d = ImageDecoder.create(device, 2); Stream s = Stream.create(device);
             DecodeResult r = d.decode(SampleImages.read(NAMES), format, s)) {
            assertTrue(d.usesNvJpeg(), d.describe());
            s.synchronize();
            assertEquals(List.of(), r.failures());
            for (int i = 0; i < NAMES.size(); i++) {
                Tensor t = r.images().image(i);
                assertSame(device, t.device(), NAMES.get(i) + ": image device");
                assertSame(device, DeviceMemory.deviceOf(t.address()), NAMES.get(i) + ": the driver's device");
                out.add(ImageDecoderGpuTest.pixels(t));
            }
        }
        return out;
    }

    @Test
    void onDeviceOneTheDecodeEqualsDeviceZerosByteForByte() {
        for (ImageFormat f : List.of(ImageFormat.RGB8, ImageFormat.Y8)) {
            List<byte[]> zero = decodeOn(Device.get(0), f);
            List<byte[]> one = decodeOn(Device.get(1), f);
            assertEquals(0, Device.current().ordinal(), "the thread's current device changed");
            for (int i = 0; i < NAMES.size(); i++) {
                assertArrayEquals(zero.get(i), one.get(i), f + " " + NAMES.get(i) + ": cuda:1 vs cuda:0");
            }
        }
    }

    @Test
    void oneDecoderPerGpuOnTwoThreadsGivesTheSameBytes() throws Exception {
        List<byte[]> reference = decodeOn(Device.get(0), ImageFormat.RGB8);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<Thread> threads = new ArrayList<>();
        for (int d = 0; d < 2; d++) {
            Device device = Device.get(d);
            Thread t = new Thread(() -> {
                try {
                    for (int rep = 0; rep < 3; rep++) {
                        List<byte[]> got = decodeOn(device, ImageFormat.RGB8);
                        for (int i = 0; i < NAMES.size(); i++) {
                            assertArrayEquals(reference.get(i), got.get(i), device + " " + NAMES.get(i));
                        }
                    }
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
            }, "decode-on-cuda:" + d);
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) {
            t.join();
        }
        if (failure.get() != null) {
            throw new AssertionError("a decoder thread failed: " + failure.get(), failure.get());
        }
    }
}
