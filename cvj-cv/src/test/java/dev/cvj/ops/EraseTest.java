package dev.cvj.ops;

import static dev.cvj.ops.OpTestSupport.assertBytesEqual;
import static dev.cvj.ops.OpTestSupport.bytes;
import static dev.cvj.ops.OpTestSupport.randomHost;
import static dev.cvj.ops.OpTestSupport.rejected;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cvj.cuda.Stream;
import dev.cvj.cuda.test.GpuTest;
import dev.cvj.ops.internal.CounterRandom;
import dev.cvj.tensor.CurrentStream;
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
 * Erase: the CPU path against an independent per-element oracle written here (copy, then each area in order over its
 * clipped rectangle and masked channels, values saturated as CV-CUDA's SaturateCast), clipping at every edge, later
 * areas winning, the random fill's Philox draws (Random123's known answers), the tensor form, in place, refusals; the
 * GPU against the CPU bit for bit (the random draws included).
 */
class EraseTest {
    private static final DataType[] TYPES = {DataType.U8, DataType.U16, DataType.S16, DataType.F32};

    @Test
    void philoxMatchesRandom123KnownAnswers() {
        assertArrayEquals(new int[] {0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8},
                CounterRandom.philox(0, 0, 0, 0, 0, 0));
        assertArrayEquals(new int[] {0x408f276d, 0x41c83b0e, 0xa20bc7c6, 0x6d5451fd},
                CounterRandom.philox(-1, -1, -1, -1, -1, -1));
        assertArrayEquals(new int[] {0xd16cfe09, 0x94fdcceb, 0x5001e420, 0x24126ea1},
                CounterRandom.philox(0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344, 0xa4093822, 0x299f31d0));
    }

    @Test
    void constantAreasClippedInOrderWithMasksAndSaturation() {
        Random r = OpGpuSupport.seeded("Erase CPU");
        for (DataType t : TYPES) {
            for (TensorLayout l : List.of(TensorLayout.NHWC, TensorLayout.NCHW, TensorLayout.HWC)) {
                long[] shape = switch (l.labels()) {
                    case "NHWC" -> new long[] {3, 13, 17, 3};
                    case "NCHW" -> new long[] {2, 4, 11, 9};
                    default -> new long[] {10, 12, 2};
                };
                PixelShape p = PixelShape.of(l, shape);
                List<Erase.Area> areas = new ArrayList<>();
                areas.add(new Erase.Area(-3, -2, 6, 5, 0xF, values(p.c, 300.5f, -7f, 2.5f, 3.5f), 0)); // corner, clipped
                areas.add(new Erase.Area(p.w - 2, p.h - 3, 10, 10, 0b101, values(p.c, 1f, 2f, 3f, 4f), p.n - 1));
                areas.add(new Erase.Area(1, 1, 4, 4, 0b10, values(p.c, 9f, 8f, 7f, 6f), 0)); // over the first
                areas.add(new Erase.Area(p.w + 5, 0, 3, 3, 0xF, values(p.c, 0f, 0f, 0f, 0f), 0)); // wholly outside
                areas.add(new Erase.Area(2, 2, 0, 5, 0xF, values(p.c, 0f, 0f, 0f, 0f), 0)); // empty
                try (Tensor src = randomHost(r, t, l, shape); Tensor out = Erase.erase(src, areas, false, 0)) {
                    assertBytesEqual(expected(bytes(src), t, p, areas, false, 0), bytes(out), t + " " + l);
                }
            }
        }
    }

    @Test
    void handCheckedSaturation() {
        try (Tensor src = Tensor.allocateHost(new long[] {1, 4, 1}, DataType.U8, TensorLayout.HWC)) {
            List<Erase.Area> areas = List.of(Erase.Area.of(0, 0, 1, 1, new float[] {300.5f}, 0),
                    Erase.Area.of(1, 0, 1, 1, new float[] {-7f}, 0), Erase.Area.of(2, 0, 1, 1, new float[] {2.5f}, 0),
                    Erase.Area.of(3, 0, 1, 1, new float[] {3.5f}, 0));
            try (Tensor out = Erase.erase(src, areas, false, 0)) {
                byte[] b = bytes(out);
                assertArrayEquals(new byte[] {(byte) 255, 0, 2, 4}, b); // clamp, clamp, half to even twice
            }
        }
    }

    @Test
    void randomFillDrawsPhiloxBytesPerImageKey() {
        Random r = OpGpuSupport.seeded("Erase random");
        long[] shape = {3, 40, 50, 3};
        PixelShape p = PixelShape.of(TensorLayout.NHWC, shape);
        List<Erase.Area> areas = List.of(new Erase.Area(5, 5, 40, 30, 0b111, null, 1),
                new Erase.Area(-10, 20, 30, 40, 0b011, null, 2));
        int seed = r.nextInt();
        try (Tensor src = randomHost(r, DataType.U8, TensorLayout.NHWC, shape);
             Tensor out = Erase.erase(src, areas, true, seed)) {
            byte[] got = bytes(out);
            assertBytesEqual(expected(bytes(src), DataType.U8, p, areas, true, seed), got, "random");
            // the fill of the first area is uniform over 0..255: its mean near 127.5 (3600 values: sd 1.2)
            double sum = 0;
            int count = 0;
            for (int y = 5; y < 35; y++) {
                for (int x = 5; x < 45; x++) {
                    for (int c = 0; c < 3; c++) {
                        sum += got[(int) p.index(1, y, x, c)] & 0xff;
                        count++;
                    }
                }
            }
            assertEquals(127.5, sum / count, 6.0);
        }
    }

    @Test
    void tensorFormEqualsAreasAndInPlaceEqualsANewOutput() {
        Random r = OpGpuSupport.seeded("Erase tensors");
        List<Erase.Area> areas = List.of(new Erase.Area(1, 2, 5, 4, 0b101, new float[] {10, 20, 30}, 1),
                new Erase.Area(-1, 0, 3, 3, 0b111, new float[] {40, 50, 60}, 0));
        try (Tensor src = randomHost(r, DataType.U8, TensorLayout.NHWC, 2, 9, 11, 3);
             Tensor anchor = s32(new int[] {1, 2, -1, 0}, 2, 2); Tensor erasing = s32(new int[] {5, 4, 5, 3, 3, 7}, 2, 3);
             Tensor values = f32(10, 20, 30, 40, 50, 60); Tensor idx = s32(new int[] {1, 0}, 2);
             Tensor want = Erase.erase(src, areas, false, 0);
             Tensor got = Erase.erase(src, anchor, erasing, values, idx, false, 0, null)) {
            assertBytesEqual(bytes(want), bytes(got), "tensor form");
            Erase.eraseInto(src, src, areas, false, 0);
            assertBytesEqual(bytes(want), bytes(src), "in place");
        }
    }

    /** Another view of the same memory with src's shape and strides is in place too; a shifted one is refused. */
    @Test
    void inPlaceThroughAnotherViewOfTheSameMemory() {
        Random r = OpGpuSupport.seeded("Erase in place view");
        List<Erase.Area> areas = List.of(Erase.Area.of(2, 1, 4, 3, new float[] {9, 8, 7}, 1));
        try (Tensor src = randomHost(r, DataType.U8, TensorLayout.NHWC, 2, 6, 9, 3);
             Tensor want = Erase.erase(src, areas, false, 0)) {
            Tensor view = src.slice(0, 0, 2);
            Erase.eraseInto(view, src, areas, false, 0);
            assertBytesEqual(bytes(want), bytes(src), "in place through a second view");
            rejected("overlaps", () -> Erase.eraseInto(src.slice(1, 1, 5), src.slice(1, 0, 5), areas, false, 0));
        }
    }

    @Test
    void varShapeImageGetsItsAreasAndSeedPlusIndex() {
        Random r = OpGpuSupport.seeded("Erase varshape");
        List<Tensor> images = new ArrayList<>();
        try (VarShapeImages v = new VarShapeImages()) {
            for (int i = 0; i < 4; i++) {
                images.add(v.hostImage(r, VarShapeImages.randomSize(r, 30, 20), 3, DataType.U8));
            }
            List<Erase.Area> areas = List.of(new Erase.Area(0, 0, 10, 10, 0b111, null, 2),
                    new Erase.Area(3, -2, 9, 9, 0b110, null, 0));
            try (ImageBatchVarShape b = VarShapeImages.hostBatch(images);
                 ImageBatchVarShape out = Erase.erase(b, areas, true, 77)) {
                for (int i = 0; i < images.size(); i++) {
                    int n = i;
                    ImageSize s = b.imageSize(i);
                    PixelShape p = PixelShape.of(TensorLayout.HWC, new long[] {s.height(), s.width(), 3});
                    List<Erase.Area> own = areas.stream().filter(a -> a.image() == n)
                            .map(a -> new Erase.Area(a.x(), a.y(), a.width(), a.height(), a.channelMask(), null, 0)).toList();
                    assertBytesEqual(expected(bytes(images.get(i)), DataType.U8, p, own, true, 77 + i), bytes(out.image(i)),
                            "image " + i);
                }
            }
        }
    }

    @Test
    void refusesBadInputBeforeAnyWork() {
        try (Tensor u8 = Tensor.allocateHost(new long[] {2, 4, 5, 3}, DataType.U8, TensorLayout.NHWC);
             Tensor f16 = Tensor.allocateHost(new long[] {4, 5, 3}, DataType.F16, TensorLayout.HWC);
             Tensor anchor = Tensor.allocateHost(new long[] {2, 2}, DataType.S32, null);
             Tensor erasing = Tensor.allocateHost(new long[] {2, 3}, DataType.S32, null);
             Tensor idx = Tensor.allocateHost(new long[] {2}, DataType.S32, null);
             Tensor fewValues = Tensor.allocateHost(new long[] {5}, DataType.F32, null);
             Tensor wideErasing = Tensor.allocateHost(new long[] {2, 4}, DataType.S32, null)) {
            float[] v = {1, 2, 3};
            rejected("Erase: src has data type F16", () -> Erase.erase(f16, List.of(), false, 0));
            rejected("Erase: area 0 is -1 x 3", () -> Erase.erase(u8, List.of(Erase.Area.of(0, 0, -1, 3, v, 0)), false, 0));
            rejected("Erase: area 1 at (2147483000, 0) of 1000 x 1 ends past 2^31-1", () -> Erase.erase(u8,
                    List.of(Erase.Area.of(0, 0, 1, 1, v, 0), Erase.Area.of(2147483000, 0, 1000, 1, v, 0)), false, 0));
            rejected("Erase: area 0 has image index 2; the src has 2 image(s)",
                    () -> Erase.erase(u8, List.of(Erase.Area.of(0, 0, 1, 1, v, 2)), false, 0));
            rejected("Erase: area 0 has 2 values; give one per channel (3)",
                    () -> Erase.erase(u8, List.of(Erase.Area.of(0, 0, 1, 1, new float[2], 0)), false, 0));
            rejected("Erase: area 0 is null", () -> Erase.erase(u8, java.util.Arrays.asList((Erase.Area) null), false, 0));
            rejected("Erase: values is a F32 tensor of shape [5]",
                    () -> Erase.erase(u8, anchor, erasing, fewValues, idx, false, 0, null));
            rejected("Erase: erasing has shape [2, 4]",
                    () -> Erase.erase(u8, anchor, wideErasing, fewValues, idx, false, 0, null));
            try (Tensor wide = Tensor.allocateHost(new long[] {3, 4, 5, 3}, DataType.U8, TensorLayout.NHWC)) {
                rejected("overlaps", () -> Erase.eraseInto(wide.slice(0, 1, 2), wide.slice(0, 0, 2), List.of(), false, 0));
            }
        }
    }

    @GpuTest
    @Test
    void gpuEqualsCpuForEveryTypeLayoutViewAndMode() {
        Random r = OpGpuSupport.seeded("Erase GPU");
        for (DataType t : TYPES) {
            for (TensorLayout l : List.of(TensorLayout.NHWC, TensorLayout.NCHW, TensorLayout.HWC)) {
                for (long[] shape : shapes(r, l)) {
                    PixelShape p = PixelShape.of(l, shape);
                    List<Erase.Area> areas = randomAreas(r, p, 1 + r.nextInt(12));
                    for (boolean random : new boolean[] {false, true}) {
                        int seed = r.nextInt();
                        String what = t + " " + l + " " + java.util.Arrays.toString(shape) + (random ? " random" : "");
                        try (Tensor src = randomHost(r, t, l, shape)) {
                            OpGpuSupport.sameOnGpu(what, src, x -> Erase.erase(x, areas, random, seed));
                            int wDim = l.indexOf('W');
                            if (shape[wDim] > 4) {
                                OpGpuSupport.sameOnGpuView(what, src, wDim, 2, shape[wDim] - 3,
                                        x -> Erase.erase(x, areas, random, seed));
                            }
                        }
                    }
                }
            }
        }
    }

    /** Up to Erase.BY_VALUE areas travel as a kernel parameter, more through device memory: both as the CPU. */
    @GpuTest
    @Test
    void gpuAreasByValueAndFromMemoryEqualCpu() {
        Random r = OpGpuSupport.seeded("Erase GPU area tables");
        long[] shape = {3, 45, 70, 3};
        PixelShape p = PixelShape.of(TensorLayout.NHWC, shape);
        for (int count : new int[] {Erase.BY_VALUE, Erase.BY_VALUE + 1, 300}) {
            List<Erase.Area> areas = randomAreas(r, p, count);
            for (boolean random : new boolean[] {false, true}) {
                try (Tensor src = randomHost(r, DataType.U8, TensorLayout.NHWC, shape)) {
                    OpGpuSupport.sameOnGpu(count + " areas" + (random ? " random" : ""), src,
                            x -> Erase.erase(x, areas, random, 3));
                }
            }
        }
    }

    @GpuTest
    @Test
    void gpuInPlaceAndVarShapeEqualCpu() {
        Random r = OpGpuSupport.seeded("Erase GPU varshape");
        Stream s = CurrentStream.get();
        try (Tensor src = randomHost(r, DataType.U8, TensorLayout.NHWC, 4, 61, 97, 3);
             Tensor dev = src.toDevice(s.device(), s)) {
            List<Erase.Area> areas = randomAreas(r, PixelShape.of(TensorLayout.NHWC, src.shape()), 20);
            try (Tensor want = Erase.erase(src, areas, true, 5)) {
                Erase.eraseInto(dev, dev, areas, true, 5, s);
                s.synchronize();
                assertBytesEqual(bytes(want), bytes(dev), "in place");
            }
        }
        for (int count : new int[] {1, 7, 64}) {
            List<Tensor> host = new ArrayList<>();
            try (VarShapeImages v = new VarShapeImages()) {
                for (int i = 0; i < count; i++) {
                    host.add(v.hostImage(r, VarShapeImages.randomSize(r, 300, 200), 1 + r.nextInt(1) * 3, DataType.U8));
                }
                try (ImageBatchVarShape hb = VarShapeImages.hostBatch(host);
                     ImageBatchVarShape db = v.deviceBatch(r, host, s.device())) {
                    List<Erase.Area> areas = new ArrayList<>();
                    for (int k = 0; k < 3 * count; k++) {
                        int i = r.nextInt(count);
                        ImageSize z = hb.imageSize(i);
                        areas.add(new Erase.Area(r.nextInt(z.width() + 20) - 10, r.nextInt(z.height() + 20) - 10,
                                r.nextInt(z.width() + 1), r.nextInt(z.height() + 1), 1 + r.nextInt(15), new float[] {r.nextInt(256)},
                                i));
                    }
                    for (boolean random : new boolean[] {false, true}) {
                        try (ImageBatchVarShape cpu = Erase.erase(hb, areas, random, 9);
                             ImageBatchVarShape gpu = Erase.erase(db, areas, random, 9, s)) {
                            s.synchronize();
                            for (int i = 0; i < count; i++) {
                                assertBytesEqual(bytes(cpu.image(i)), bytes(gpu.image(i)), count + " images, image " + i
                                        + (random ? " random" : ""));
                            }
                        }
                    }
                }
            }
        }
    }

    private static List<long[]> shapes(Random r, TensorLayout l) {
        return switch (l.labels()) {
            case "NHWC" -> List.of(new long[] {3, 37, 301, 1 + r.nextInt(4)}, new long[] {1, 1, 1, 3});
            case "NCHW" -> List.of(new long[] {2, 3, 45, 129});
            default -> List.of(new long[] {61, 67, 3}, new long[] {1, 1, 1});
        };
    }

    private static List<Erase.Area> randomAreas(Random r, PixelShape p, int count) {
        List<Erase.Area> areas = new ArrayList<>();
        for (int k = 0; k < count; k++) {
            float[] v = new float[p.c];
            for (int c = 0; c < p.c; c++) {
                v[c] = (r.nextFloat() - 0.2f) * 400f;
            }
            areas.add(new Erase.Area(r.nextInt(p.w + 10) - 5, r.nextInt(p.h + 10) - 5, r.nextInt(p.w + 1),
                    r.nextInt(p.h + 1), r.nextInt(16), v, r.nextInt(p.n)));
        }
        return areas;
    }

    private static float[] values(int c, float... v) {
        return java.util.Arrays.copyOf(v, c);
    }

    private static Tensor f32(float... v) {
        Tensor t = Tensor.allocateHost(new long[] {v.length}, DataType.F32, null);
        t.copyFrom(v);
        return t;
    }

    private static Tensor s32(int[] v, long... shape) {
        Tensor t = Tensor.allocateHost(shape, DataType.S32, null);
        t.copyFrom(v);
        return t;
    }

    /** Extents and dense element index of an image tensor (NHWC, HWC, NCHW). */
    private record PixelShape(TensorLayout layout, int n, int h, int w, int c) {
        static PixelShape of(TensorLayout l, long[] s) {
            return switch (l.labels()) {
                case "NHWC" -> new PixelShape(l, (int) s[0], (int) s[1], (int) s[2], (int) s[3]);
                case "NCHW" -> new PixelShape(l, (int) s[0], (int) s[2], (int) s[3], (int) s[1]);
                default -> new PixelShape(l, 1, (int) s[0], (int) s[1], (int) s[2]);
            };
        }

        long index(int img, int y, int x, int ch) {
            return layout.labels().equals("NCHW") ? (((long) img * c + ch) * h + y) * w + x
                    : (((long) img * h + y) * w + x) * c + ch;
        }
    }

    /** The oracle: a copy of src, then each area in order over its rectangle inside the image. */
    private static byte[] expected(byte[] src, DataType t, PixelShape p, List<Erase.Area> areas, boolean random, int seed) {
        byte[] out = src.clone();
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(out).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        int e = t.byteSize();
        for (Erase.Area a : areas) {
            for (long y = a.y(); y < (long) a.y() + a.height(); y++) {
                for (long x = a.x(); x < (long) a.x() + a.width(); x++) {
                    if (x < 0 || y < 0 || x >= p.w || y >= p.h) {
                        continue;
                    }
                    for (int c = 0; c < p.c; c++) {
                        if ((a.channelMask() & (1 << c)) == 0) {
                            continue;
                        }
                        float v = random ? (CounterRandom.philox((int) x, (int) y, c, 0x45524153, seed + a.image(), 0)[0] & 0xFF)
                                : a.values()[c];
                        int at = (int) (p.index(a.image(), (int) y, (int) x, c) * e);
                        switch (t) {
                            case U8 -> out[at] = (byte) Math.clamp((long) Math.rint(v), 0, 255);
                            case U16 -> b.putShort(at, (short) Math.clamp((long) Math.rint(v), 0, 65535));
                            case S16 -> b.putShort(at, (short) Math.clamp((long) Math.rint(v), -32768, 32767));
                            default -> b.putFloat(at, v);
                        }
                    }
                }
            }
        }
        return out;
    }
}
