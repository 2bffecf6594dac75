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
 * Every registered operator (its "into" form, plus Stack with sources in two places) called with tensors in two places:
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

    record Case(String name, Call call) {}

    /**
     * One case per registered operator ({@link Operators}): its sample call's "into" form, src in place a (a U8
     * NHWC batch), dst in place b; and Stack with its srcs in two places.
     */
    static List<Case> cases() {
        List<Case> c = new ArrayList<>();
        for (OperatorInfo op : Operators.all()) {
            c.add(new Case(op.name(), (a, b) -> {
                Tensor src = a.make(DataType.U8, TensorLayout.NHWC, 2, 12, 16, 3);
                OperatorCall call = op.sample(new Random(op.name().hashCode()), src);
                call.into().run(b.make(call.dstType(), call.dstLayout(), call.dstShape()), src, null);
            }));
        }
        TensorLayout nhwc = TensorLayout.NHWC, hwc = TensorLayout.HWC;
        DataType u8 = DataType.U8;
        c.add(new Case("Stack(srcs)", (a, b) -> Stack.stackInto(a.make(u8, nhwc, 2, 12, 16, 3),
                List.of(a.make(u8, hwc, 12, 16, 3), b.make(u8, hwc, 12, 16, 3)), null)));
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
