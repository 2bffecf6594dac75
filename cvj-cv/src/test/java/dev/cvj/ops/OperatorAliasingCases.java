package dev.cvj.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cvj.cuda.Device;
import dev.cvj.cuda.interop.CudaArrayInterface;
import dev.cvj.tensor.DataType;
import dev.cvj.tensor.Tensor;
import dev.cvj.tensor.TensorLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;

/**
 * Operators whose dst overlaps their src in memory (the aliasing reproductions of the hardening issue, and
 * their siblings): each must refuse with an {@link IllegalArgumentException} saying "dst overlaps src" before
 * touching any byte. A place is a {@link Device}, or null for the host.
 */
final class OperatorAliasingCases {
    private OperatorAliasingCases() {}

    /** One refused call on {@code t}, a random U8 tensor of {@code shape} in the place under test. */
    record Case(String name, TensorLayout layout, long[] shape, Consumer<Tensor> call) {}

    static List<Case> cases() {
        TensorLayout hwc = TensorLayout.HWC, nhwc = TensorLayout.NHWC;
        List<Case> c = new ArrayList<>();
        c.add(new Case("Flip in place", nhwc, new long[] {2, 6, 8, 3}, t -> Flip.flipInto(t, t, FlipMode.HORIZONTAL)));
        c.add(new Case("CvtColor RGB2BGR in place", hwc, new long[] {1, 2, 3},
                t -> CvtColor.cvtColorInto(t, t, ColorConversion.RGB2BGR)));
        c.add(new Case("CvtColor RGB2GRAY over its own first bytes", hwc, new long[] {4, 5, 3},
                t -> CvtColor.cvtColorInto(reinterpret(t, DataType.U8, new long[] {4, 5, 1}), t, ColorConversion.RGB2GRAY)));
        c.add(new Case("ChannelReorder in place", nhwc, new long[] {2, 4, 5, 3},
                t -> ChannelReorder.channelReorderInto(t, t, new int[][] {{2, 1, 0}})));
        // src: rows 0..5, dst: an NCHW view of the bytes from row 3 on (rows of 96 bytes: dense on the device too)
        c.add(new Case("Reformat into overlapping memory", nhwc, new long[] {1, 12, 32, 3},
                t -> Reformat.reformatInto(t.slice(1, 3, 6).reshape(new long[] {1, 3, 6, 32}, TensorLayout.NCHW),
                        t.slice(1, 0, 6))));
        c.add(new Case("CustomCrop into its own corner", hwc, new long[] {8, 8, 3},
                t -> CustomCrop.customCropInto(t.slice(0, 0, 4).slice(1, 0, 4), t, 2, 2)));
        c.add(new Case("CenterCrop into its own corner", hwc, new long[] {8, 8, 3},
                t -> CenterCrop.centerCropInto(t.slice(0, 0, 4).slice(1, 0, 4), t)));
        c.add(new Case("ConvertTo U8 -> F32 over the same bytes", hwc, new long[] {16, 8, 4},
                t -> ConvertTo.convertToInto(reinterpret(t, DataType.F32, new long[] {4, 8, 4}), t.slice(0, 0, 4), 1, 0)));
        c.add(new Case("ConvertTo U8 -> U8 shifted by one row", hwc, new long[] {8, 8, 3},
                t -> ConvertTo.convertToInto(t.slice(0, 1, 7), t.slice(0, 0, 7), 2, 1)));
        c.add(new Case("Normalize shifted by one row", hwc, new long[] {8, 8, 3},
                t -> Normalize.normalizeInto(t.slice(0, 1, 7), t.slice(0, 0, 7), new float[] {1}, new float[] {2}, 1f, 0f,
                        0f, false)));
        c.add(new Case("Resize in place", nhwc, new long[] {1, 8, 8, 3},
                t -> Resize.resizeInto(t, t, Interpolation.LINEAR)));
        c.add(new Case("CopyMakeBorder around its own interior", hwc, new long[] {8, 8, 3},
                t -> CopyMakeBorder.copyMakeBorderInto(t, t.slice(0, 1, 6).slice(1, 1, 6), 1, 1, BorderType.REFLECT, null)));
        c.add(new Case("Stack onto its own first image", nhwc, new long[] {2, 4, 4, 3},
                t -> Stack.stackInto(t, List.of(t.slice(0, 1, 1), t.slice(0, 0, 1)))));
        c.add(new Case("CropFlipNormalizeReformat in place", nhwc, new long[] {1, 4, 4, 3},
                t -> CropFlipNormalizeReformat.cropFlipNormalizeReformatInto(t, t, new int[][] {{0, 0, 4, 4}}, new int[] {1},
                        new float[] {0}, new float[] {1}, 1f, 0f, 0f, false, false, BorderType.CONSTANT, 0f)));
        c.add(new Case("ResizeCropConvertReformat in place", nhwc, new long[] {1, 4, 4, 3},
                t -> ResizeCropConvertReformat.resizeCropConvertReformatInto(t, t, 4, 4, Interpolation.NEAREST, 0, 0, 1f, 0f,
                        null)));
        c.add(new Case("Erase into itself shifted by one column", nhwc, new long[] {2, 4, 6, 3},
                t -> Erase.eraseInto(t.slice(2, 1, 5), t.slice(2, 0, 5), List.of(Erase.Area.of(0, 0, 2, 2,
                        new float[] {0, 0, 0}, 0)), false, 0)));
        return c;
    }

    /** The same memory as {@code t} (dense, from element 0) seen as {@code shape} elements of {@code type}, HWC. */
    static Tensor reinterpret(Tensor t, DataType type, long[] shape) {
        if (t.isHost()) {
            return Tensor.wrapHost(t.hostSegment(), shape, type, TensorLayout.HWC, null);
        }
        CudaArrayInterface a = t.cudaArrayInterface();
        return Tensor.asTensor(new CudaArrayInterface(shape, type == DataType.F32 ? "<f4" : "|u1", a.data(), false, null,
                a.stream(), null, a.version()), TensorLayout.HWC);
    }

    /** Runs every case in {@code place}: refused, naming the overlap, nothing written. */
    static void checkAllRefused(Device place, Random r) {
        for (Case k : cases()) {
            try (Tensor t = make(place, r, k.layout(), k.shape())) {
                byte[] before = OpPlacementCases.bytes(t);
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> k.call().accept(t), k.name());
                assertTrue(e.getMessage().contains("overlaps"), k.name() + ": " + e.getMessage());
                assertArrayEquals(before, OpPlacementCases.bytes(t), k.name() + ": bytes changed although refused");
            }
        }
    }

    /** A random U8 tensor in {@code place}. */
    static Tensor make(Device place, Random r, TensorLayout layout, long... shape) {
        Tensor h = Tensor.allocateHost(shape, DataType.U8, layout);
        byte[] b = new byte[(int) h.byteSize()];
        r.nextBytes(b);
        h.copyFrom(b);
        if (place == null) {
            return h;
        }
        try (h) {
            return h.toDevice(place, null);
        }
    }
}
