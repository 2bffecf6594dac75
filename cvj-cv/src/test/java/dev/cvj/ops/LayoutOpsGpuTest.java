package dev.cvj.ops;

import static dev.cvj.ops.OpGpuSupport.sameOnGpu;
import static dev.cvj.ops.OpGpuSupport.sameOnGpuView;
import static dev.cvj.ops.OpTestSupport.assertBytesEqual;
import static dev.cvj.ops.OpTestSupport.bytes;
import static dev.cvj.ops.OpTestSupport.randomHost;

import dev.cvj.cuda.Stream;
import dev.cvj.cuda.test.GpuTest;
import dev.cvj.tensor.CurrentStream;
import dev.cvj.tensor.DataType;
import dev.cvj.tensor.Tensor;
import dev.cvj.tensor.TensorLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Reformat, crops, Flip, Stack, ChannelReorder and CopyMakeBorder on the GPU: bit-exact against the CPU. */
@GpuTest
class LayoutOpsGpuTest {
    private static final DataType[] TYPES = {DataType.U8, DataType.U16, DataType.F32, DataType.F64};

    @Test
    void reformatMatchesCpu() {
        Random r = OpGpuSupport.seeded("reformat");
        for (DataType t : TYPES) {
            for (int c = 1; c <= 4; c++) {
                final int ch = c;
                try (Tensor fast = randomHost(r, t, TensorLayout.NHWC, 3, 6, 64, c);   // W % 4 == 0: vector kernel
                     Tensor odd = randomHost(r, t, TensorLayout.NHWC, 2, 5, 37, c);
                     Tensor planar = randomHost(r, t, TensorLayout.NCHW, 2, c, 7, 32);
                     Tensor chw = randomHost(r, t, TensorLayout.CHW, c, 9, 15)) {
                    sameOnGpu(t + " c" + ch + " NHWC->NCHW", fast, x -> Reformat.reformat(x, TensorLayout.NCHW, null));
                    sameOnGpu(t + " c" + ch + " odd NHWC->NCHW", odd, x -> Reformat.reformat(x, TensorLayout.NCHW, null));
                    sameOnGpu(t + " c" + ch + " NCHW->NHWC", planar, x -> Reformat.reformat(x, TensorLayout.NHWC, null));
                    sameOnGpu(t + " c" + ch + " CHW->HWC", chw, x -> Reformat.reformat(x, TensorLayout.HWC, null));
                    sameOnGpuView(t + " c" + ch + " NHWC->NCHW", fast, 2, 1, 60, x -> Reformat.reformat(x, TensorLayout.NCHW, null));
                }
            }
        }
    }

    @Test
    void cropsAndFlipsMatchCpu() {
        Random r = OpGpuSupport.seeded("crop/flip");
        for (DataType t : TYPES) {
            for (int c : new int[] {1, 3, 4}) {
                try (Tensor a = randomHost(r, t, TensorLayout.NHWC, 3, 21, 67, c);
                     Tensor p = randomHost(r, t, TensorLayout.NCHW, 2, c, 11, 29)) {
                    String w = t + " c" + c;
                    for (int x : new int[] {0, 1, 3, 5, 16}) { // every source misalignment of the row copy
                        final int fx = x;
                        sameOnGpu(w + " crop x=" + x, a, s -> CustomCrop.customCrop(s, fx, 2, 40, 17, null));
                    }
                    sameOnGpu(w + " crop NCHW", p, s -> CustomCrop.customCrop(s, 3, 1, 20, 9, null));
                    sameOnGpu(w + " center", a, s -> CenterCrop.centerCrop(s, 33, 10, null));
                    for (FlipMode m : FlipMode.values()) {
                        sameOnGpu(w + " flip " + m, a, s -> Flip.flip(s, m, null));
                        sameOnGpu(w + " flip NCHW " + m, p, s -> Flip.flip(s, m, null));
                        sameOnGpuView(w + " flip " + m, a, 2, 3, 61, s -> Flip.flip(s, m, null));
                    }
                }
            }
        }
    }

    @Test
    void flipRowKernelEdgeCases() {
        Random r = OpGpuSupport.seeded("flip rows");
        // widths: whole 16-pixel windows (row end 16-byte aligned for U8 RGB), a row end 4-byte aligned, odd
        // widths with a partial last window; pixel sizes 1..16 bytes through U8/U16/F32 and 1..4 channels.
        // 3-channel rows of whole 48-byte groups take the warp-staged kernel: 656 px is one whole 1536-byte chunk
        // and a partial one for U8, several for U16 and F32; its view of 640 px keeps 16-byte aligned rows.
        for (DataType t : new DataType[] {DataType.U8, DataType.U16, DataType.F32}) {
            for (int c = 1; c <= 4; c++) {
                for (int w : new int[] {64, 68, 71, 5, 656}) {
                    try (Tensor a = randomHost(r, t, TensorLayout.NHWC, 2, 4, w, c)) {
                        for (FlipMode m : FlipMode.values()) {
                            String what = t + " c" + c + " w" + w + " flip " + m;
                            sameOnGpu(what, a, s -> Flip.flip(s, m, null));
                            if (w > 8) { // a column view: the source spans start at other alignments
                                sameOnGpuView(what, a, 2, 1, w - 3, s -> Flip.flip(s, m, null));
                            }
                            if (w == 656) { // rows apart from each other, still aligned
                                sameOnGpuView(what + " aligned view", a, 2, 0, w - 16, s -> Flip.flip(s, m, null));
                            }
                        }
                    }
                }
            }
        }
    }

    @Test
    void channelReorderRowKernelEdgeCases() {
        Random r = OpGpuSupport.seeded("reorder rows");
        for (int cin : new int[] {3, 4}) {
            // 3 -> 3 of 16-pixel multiples: the warp-staged kernel (each image one row of 1536-byte chunks, the
            // last partial; the aligned view keeps rows apart)
            for (int w : new int[] {64, 50, 7, 656}) {
                try (Tensor a = randomHost(r, DataType.U8, TensorLayout.NHWC, 3, 5, w, cin)) {
                    String what = "c" + cin + " w" + w;
                    sameOnGpu(what + " ->3", a, s -> ChannelReorder.channelReorder(s, new int[] {2, 1, 0}, null));
                    sameOnGpu(what + " ->4", a, s -> ChannelReorder.channelReorder(s, new int[] {2, -1, 0, 1}, null));
                    sameOnGpu(what + " per image", a, s -> ChannelReorder.channelReorder(s,
                            new int[][] {{0, 0, 0, -1}, {2, 1, 0, 1}, {1, -1, 2, 0}}, null));
                    if (cin == 4) {
                        sameOnGpu(what + " 4->3", a, s -> ChannelReorder.channelReorder(s, new int[] {3, 2, 1}, null));
                        sameOnGpu(what + " 4->4", a, s -> ChannelReorder.channelReorder(s, new int[] {3, 2, 1, 0}, null));
                    }
                    // a column view: base not 16-byte aligned -> the general kernel
                    sameOnGpuView(what + " view", a, 2, 1, w - 2, s -> ChannelReorder.channelReorder(s, new int[] {2, 1, 0}, null));
                    if (w == 656) {
                        sameOnGpuView(what + " aligned view", a, 2, 0, w - 16,
                                s -> ChannelReorder.channelReorder(s, new int[][] {{2, 1, 0}, {1, -1, 2}, {0, 0, 1}}, null));
                    }
                }
            }
        }
    }

    @Test
    void channelReorderAndCopyMakeBorderMatchCpu() {
        Random r = OpGpuSupport.seeded("reorder/border");
        for (DataType t : TYPES) {
            try (Tensor a = randomHost(r, t, TensorLayout.NHWC, 3, 13, 45, 3);
                 Tensor b = randomHost(r, t, TensorLayout.HWC, 4, 3, 4)) {
                sameOnGpu(t + " bgr", a, s -> ChannelReorder.channelReorder(s, new int[] {2, 1, 0}, null));
                sameOnGpu(t + " per image", a, s -> ChannelReorder.channelReorder(s,
                        new int[][] {{0, 0, 0, -1}, {2, 1, 0, 1}, {1, -1, 2, 0}}, null));
                sameOnGpu(t + " drop", a, s -> ChannelReorder.channelReorder(s, new int[] {1}, null));
                for (BorderType bt : BorderType.values()) {
                    sameOnGpu(t + " border " + bt, a, s -> CopyMakeBorder.copyMakeBorder(s, 3, 5, 7, 2, bt,
                            new double[] {1.5, 250.0, -3.0}, null));
                    // borders much wider than the image (REFLECT and WRAP repeat)
                    sameOnGpu(t + " wide border " + bt, b, s -> CopyMakeBorder.copyMakeBorder(s, 9, 11, 13, 6, bt,
                            new double[] {42}, null));
                }
            }
        }
    }

    @Test
    void stackMatchesCpu() {
        Random r = OpGpuSupport.seeded("stack");
        Stream s = CurrentStream.get();
        List<Tensor> hosts = new ArrayList<>();
        List<Tensor> devs = new ArrayList<>();
        try {
            hosts.add(randomHost(r, DataType.U8, TensorLayout.HWC, 17, 31, 3));
            hosts.add(randomHost(r, DataType.U8, TensorLayout.NHWC, 2, 17, 31, 3));
            hosts.add(randomHost(r, DataType.U8, TensorLayout.HWC, 17, 31, 3));
            for (Tensor h : hosts) {
                devs.add(h.toDevice(s.device(), s));
            }
            try (Tensor cpu = Stack.stack(hosts, null); Tensor gpu = Stack.stack(devs, s)) {
                s.synchronize();
                assertBytesEqual(bytes(cpu), bytes(gpu), "stack");
            }
            // column views among the images: rows of dense pixels at unaligned addresses (table path, shifted loads)
            try (Tensor view = devs.get(0).slice(1, 2, 29); Tensor hview = hosts.get(0).slice(1, 2, 29);
                 Tensor h2 = hosts.get(1).slice(2, 2, 29); Tensor d2 = devs.get(1).slice(2, 2, 29);
                 Tensor cpu = Stack.stack(List.of(hview, h2), null); Tensor gpu = Stack.stack(List.of(view, d2), s)) {
                s.synchronize();
                assertBytesEqual(bytes(cpu), bytes(gpu), "stack of views");
            }
            // the images of one batch, in order and reversed: evenly spaced, one strided copy (step sN and -sN)
            try (Tensor hb = randomHost(r, DataType.U8, TensorLayout.NHWC, 5, 7, 33, 3);
                 Tensor db = hb.toDevice(s.device(), s)) {
                for (boolean reversed : new boolean[] {false, true}) {
                    List<Tensor> hv = new ArrayList<>();
                    List<Tensor> dv = new ArrayList<>();
                    try {
                        for (int i = 0; i < 5; i++) {
                            int at = reversed ? 4 - i : i;
                            hv.add(hb.slice(0, at, 1));
                            dv.add(db.slice(0, at, 1));
                        }
                        try (Tensor cpu = Stack.stack(hv, null); Tensor gpu = Stack.stack(dv, s)) {
                            s.synchronize();
                            assertBytesEqual(bytes(cpu), bytes(gpu), "stack of one batch's images" + (reversed ? " reversed" : ""));
                        }
                    } finally {
                        hv.forEach(Tensor::close);
                        dv.forEach(Tensor::close);
                    }
                }
            }
            // planar images: CHW and NCHW, 140 of them and the first again at the end (never evenly spaced: two
            // launches of the 128-image table)
            List<Tensor> ph = new ArrayList<>();
            List<Tensor> pd = new ArrayList<>();
            try {
                for (int i = 0; i < 70; i++) {
                    ph.add(randomHost(r, DataType.U16, TensorLayout.CHW, 3, 9, 13));
                    ph.add(randomHost(r, DataType.U16, TensorLayout.NCHW, 1, 3, 9, 13));
                }
                for (Tensor h : ph) {
                    pd.add(h.toDevice(s.device(), s));
                }
                List<Tensor> phAll = new ArrayList<>(ph);
                List<Tensor> pdAll = new ArrayList<>(pd);
                phAll.add(ph.get(0));
                pdAll.add(pd.get(0));
                try (Tensor cpu = Stack.stack(phAll, null); Tensor gpu = Stack.stack(pdAll, s)) {
                    s.synchronize();
                    assertBytesEqual(bytes(cpu), bytes(gpu), "stack planar");
                }
            } finally {
                ph.forEach(Tensor::close);
                pd.forEach(Tensor::close);
            }
        } finally {
            hosts.forEach(Tensor::close);
            devs.forEach(Tensor::close);
        }
    }
}
