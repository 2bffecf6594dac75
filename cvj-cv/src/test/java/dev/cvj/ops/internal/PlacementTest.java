package dev.cvj.ops.internal;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cvj.tensor.DataType;
import dev.cvj.tensor.Tensor;
import dev.cvj.tensor.TensorLayout;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The placement rule every operator applies (no GPU needed): host with host, one device with itself; any
 * mix is refused with a message naming both places. The operators' own use of it is checked on GPUs by
 * OpsPlacementGpuTest (host/device) and OpsMultiGpuTest (device 0 vs 1).
 */
class PlacementTest {
    private final Random random = new Random();

    @Test
    void samePlaceIsFine() {
        int d = random.nextInt(8);
        assertNull(Placement.mismatch("src", d, "dst", d));
        assertNull(Placement.mismatch("src", Placement.HOST, "dst", Placement.HOST));
    }

    @Test
    void twoDevicesAreNamed() {
        int a = random.nextInt(8);
        int b = (a + 1 + random.nextInt(7)) % 8;
        String m = Placement.mismatch("src", a, "dst", b);
        assertTrue(m.startsWith("src is on cuda:" + a + " but dst is on cuda:" + b + ":"), m);
        assertTrue(m.contains("one device"), m);
    }

    @Test
    void hostAndDeviceAreNamedBothWays() {
        int d = random.nextInt(8);
        String m = Placement.mismatch("srcs[0]", Placement.HOST, "srcs[1]", d);
        assertTrue(m.startsWith("srcs[0] is on the host but srcs[1] is on cuda:" + d + ":"), m);
        assertTrue(m.contains("host and device tensors cannot be mixed"), m);
        String r = Placement.mismatch("src", d, "dst", Placement.HOST);
        assertTrue(r.startsWith("src is on cuda:" + d + " but dst is on the host:"), r);
    }

    @Test
    void hostTensorsPassTheOperatorCheck() {
        try (Tensor a = Tensor.allocateHost(new long[] {2, 3, 3}, DataType.U8, TensorLayout.HWC);
             Tensor b = Tensor.allocateHost(new long[] {2, 3, 3}, DataType.F32, TensorLayout.HWC)) {
            Placement.requireSame("Op", "src", a, "dst", b);
            OpCheck.of("Resize").output(PixelGrid.of(b), PixelGrid.of(a));
        }
    }

    @Test
    void readOnlyDstIsRefused() {
        byte[] data = new byte[18];
        try (Tensor a = Tensor.allocateHost(new long[] {2, 3, 3}, DataType.U8, TensorLayout.HWC);
             Tensor ro = Tensor.wrapHost(java.lang.foreign.MemorySegment.ofArray(data).asReadOnly(), new long[] {2, 3, 3},
                     DataType.U8, TensorLayout.HWC, null)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> OpCheck.of("Resize").output(PixelGrid.of(ro), PixelGrid.of(a)));
            assertTrue(e.getMessage().contains("Resize: dst is read-only"), e.getMessage());
        }
    }
}
