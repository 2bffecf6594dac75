package dev.cvj.ops;

import static dev.cvj.ops.OpsAGpuSupport.sameOnGpu;
import static dev.cvj.ops.OpsAGpuSupport.sameOnGpuView;
import static dev.cvj.ops.OpsATestSupport.assertBytesEqual;
import static dev.cvj.ops.OpsATestSupport.bytes;
import static dev.cvj.ops.OpsATestSupport.randomHost;

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
        Random r = OpsAGpuSupport.seeded("reformat");
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
        Random r = OpsAGpuSupport.seeded("crop/flip");
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
    void channelReorderAndCopyMakeBorderMatchCpu() {
        Random r = OpsAGpuSupport.seeded("reorder/border");
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
        Random r = OpsAGpuSupport.seeded("stack");
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
        } finally {
            hosts.forEach(Tensor::close);
            devs.forEach(Tensor::close);
        }
    }
}
