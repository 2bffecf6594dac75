package dev.cvj.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cvj.cuda.Device;
import dev.cvj.tensor.DataType;
import dev.cvj.tensor.Tensor;
import dev.cvj.tensor.TensorLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Every operator (its "into" form, plus Stack with sources in two places) called with tensors in two places:
 * each must refuse with an {@link IllegalArgumentException} naming both places, and leave dst untouched (the
 * check comes before any GPU work). A place is a {@link Device}, or null for the host.
 */
final class OpPlacementCases {
    private OpPlacementCases() {}

    /** One call: tensors of the first role in place {@code a}, of the second in place {@code b}. */
    interface Call {
        void run(Maker a, Maker b);
    }

    /** Makes random tensors in one place; remembers them for closing. */
    static final class Maker implements AutoCloseable {
        final Device place;
        private final Random random;
        private final List<Tensor> made = new ArrayList<>();
        private final List<byte[]> initial = new ArrayList<>();

        Maker(Device place, Random random) {
            this.place = place;
            this.random = random;
        }

        Tensor make(DataType t, TensorLayout l, long... shape) {
            Tensor h = Tensor.allocateHost(shape, t, l);
            byte[] bytes = new byte[(int) h.byteSize()];
            random.nextBytes(bytes);
            if (t == DataType.F32) { // finite values
                for (int i = 3; i < bytes.length; i += 4) {
                    bytes[i] = (byte) (bytes[i] & 0x3f);
                }
            }
            h.hostSegment().copyFrom(MemorySegment.ofArray(bytes));
            Tensor x = h;
            if (place != null) {
                x = h.toDevice(place, null);
                h.close();
            }
            made.add(x);
            initial.add(bytes.clone());
            return x;
        }

        /** Fails unless every tensor made still holds its initial bytes. */
        void checkUnchanged(String what) {
            for (int i = 0; i < made.size(); i++) {
                assertArrayEquals(initial.get(i), OpPlacementCases.bytes(made.get(i)), what + ": tensor " + i + " in "
                        + where() + " changed although the call was refused");
            }
        }

        String where() {
            return place == null ? "the host" : place.toString();
        }

        @Override
        public void close() {
            made.forEach(Tensor::close);
        }
    }

    static final float[] ONE = {1f};
    static final float[] ZERO = {0f};

    static List<String> names() {
        return cases().stream().map(c -> c.name).toList();
    }

    record Case(String name, Call call) {}

    /** src in place a, dst in place b (for Stack also: srcs[0] in a, srcs[1] in b). */
    static List<Case> cases() {
        DataType u8 = DataType.U8, f32 = DataType.F32;
        TensorLayout nhwc = TensorLayout.NHWC, nchw = TensorLayout.NCHW, hwc = TensorLayout.HWC;
        List<Case> c = new ArrayList<>();
        c.add(new Case("Resize", (a, b) -> Resize.resizeInto(b.make(u8, nhwc, 2, 6, 8, 3), a.make(u8, nhwc, 2, 12, 16, 3),
                Interpolation.LINEAR, null)));
        c.add(new Case("CvtColor", (a, b) -> CvtColor.cvtColorInto(b.make(u8, nhwc, 2, 12, 16, 3), a.make(u8, nhwc, 2, 12, 16, 3),
                ColorConversion.RGB2BGR, null)));
        c.add(new Case("ConvertTo", (a, b) -> ConvertTo.convertToInto(b.make(f32, nhwc, 2, 12, 16, 3),
                a.make(u8, nhwc, 2, 12, 16, 3), 1 / 255.0, 0, null)));
        c.add(new Case("Normalize", (a, b) -> Normalize.normalizeInto(b.make(f32, nhwc, 2, 12, 16, 3),
                a.make(u8, nhwc, 2, 12, 16, 3), ZERO, ONE, 1f, 0f, 0f, false, null)));
        c.add(new Case("Reformat", (a, b) -> Reformat.reformatInto(b.make(u8, nchw, 2, 3, 12, 16), a.make(u8, nhwc, 2, 12, 16, 3),
                null)));
        c.add(new Case("ChannelReorder", (a, b) -> ChannelReorder.channelReorderInto(b.make(u8, nhwc, 2, 12, 16, 3),
                a.make(u8, nhwc, 2, 12, 16, 3), new int[][] {{2, 1, 0}}, null)));
        c.add(new Case("CustomCrop", (a, b) -> CustomCrop.customCropInto(b.make(u8, nhwc, 2, 4, 4, 3),
                a.make(u8, nhwc, 2, 12, 16, 3), 1, 1, null)));
        c.add(new Case("CenterCrop", (a, b) -> CenterCrop.centerCropInto(b.make(u8, nhwc, 2, 4, 4, 3),
                a.make(u8, nhwc, 2, 12, 16, 3), null)));
        c.add(new Case("Flip", (a, b) -> Flip.flipInto(b.make(u8, nhwc, 2, 12, 16, 3), a.make(u8, nhwc, 2, 12, 16, 3),
                FlipMode.BOTH, null)));
        c.add(new Case("CopyMakeBorder", (a, b) -> CopyMakeBorder.copyMakeBorderInto(b.make(u8, nhwc, 2, 14, 18, 3),
                a.make(u8, nhwc, 2, 12, 16, 3), 1, 1, BorderType.CONSTANT, new double[] {0}, null)));
        c.add(new Case("Stack(dst)", (a, b) -> Stack.stackInto(b.make(u8, nhwc, 2, 12, 16, 3),
                List.of(a.make(u8, hwc, 12, 16, 3), a.make(u8, hwc, 12, 16, 3)), null)));
        c.add(new Case("Stack(srcs)", (a, b) -> Stack.stackInto(a.make(u8, nhwc, 2, 12, 16, 3),
                List.of(a.make(u8, hwc, 12, 16, 3), b.make(u8, hwc, 12, 16, 3)), null)));
        c.add(new Case("CropFlipNormalizeReformat", (a, b) -> CropFlipNormalizeReformat.cropFlipNormalizeReformatInto(
                b.make(f32, nchw, 2, 3, 4, 4), a.make(u8, nhwc, 2, 12, 16, 3), new int[][] {{1, 1, 4, 4}}, new int[] {1},
                ZERO, ONE, 1f, 0f, 0f, false, false, BorderType.CONSTANT, 0f, null)));
        c.add(new Case("ResizeCropConvertReformat", (a, b) -> ResizeCropConvertReformat.resizeCropConvertReformatInto(
                b.make(f32, nchw, 2, 3, 4, 4), a.make(u8, nhwc, 2, 12, 16, 3), 8, 8, Interpolation.LINEAR,
                2, 2, 1 / 255f, 0f, null, null)));
        return c;
    }

    static byte[] bytes(Tensor t) {
        try (Tensor h = t.toHost()) {
            return h.hostSegment().toArray(ValueLayout.JAVA_BYTE);
        }
    }

    /**
     * Runs every case with places {@code a} and {@code b} (different), checking the refusal names both places
     * and every tensor made is unchanged.
     */
    static void checkAllRefuse(Device a, Device b, Random random) {
        List<String> failures = new ArrayList<>();
        for (Case k : cases()) {
            try (Maker ma = new Maker(a, random); Maker mb = new Maker(b, random)) {
                String what = k.name + " with " + ma.where() + " and " + mb.where();
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> k.call.run(ma, mb), what);
                String m = e.getMessage();
                if (!m.contains(ma.where()) || !m.contains(mb.where())) {
                    failures.add(what + ": \"" + m + "\" does not name both");
                }
                ma.checkUnchanged(what);
                mb.checkUnchanged(what);
            }
        }
        assertTrue(failures.isEmpty(), String.join("\n", failures));
    }
}
