package dev.cvj.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The IPC descriptor's JSON form, both ways, including what python/cvj_ipc.py writes. */
class CudaIpcJsonTest {
    private static final Random RANDOM = new Random();

    private static byte[] randomHandle() {
        byte[] h = new byte[64];
        RANDOM.nextBytes(h);
        return h;
    }

    @Test
    void roundTrip() {
        byte[] h = randomHandle();
        long offset = RANDOM.nextInt(1 << 20) * 256L;
        CudaIpc.IpcExport e = new CudaIpc.IpcExport(h, offset, 1, new long[] {480, 640, 3}, "|u1",
                new long[] {2048, 3, 1}, true);
        String json = e.toJson();
        assertFalse(json.contains("\n"), "one line, for line protocols");
        assertTrue(json.contains(HexFormat.of().formatHex(h)));
        CudaIpc.IpcExport back = CudaIpc.IpcExport.fromJson(json);
        assertEquals(e, back);
        assertArrayEquals(h, back.handle());
        assertEquals(offset, back.offset());
        assertEquals(2048L * 479 + 3 * 639 + 2 + 1, back.byteSpan());
    }

    @Test
    void readsPythonJsonDumps() {
        byte[] h = randomHandle();
        // json.dumps of the dict export_to_java builds.
        String py = "{\"version\": 1, \"handle\": \"" + HexFormat.of().formatHex(h) + "\", \"offset\": 512, \"device\": 0, "
                + "\"shape\": [6, 9], \"typestr\": \"<f4\", \"strides\": null, \"readonly\": false}";
        CudaIpc.IpcExport e = CudaIpc.IpcExport.fromJson(py);
        assertArrayEquals(h, e.handle());
        assertEquals(512, e.offset());
        assertArrayEquals(new long[] {6, 9}, e.shape());
        assertEquals("<f4", e.typestr());
        assertNull(e.strides());
        assertFalse(e.readOnly());
        assertEquals(6 * 9 * 4, e.byteSpan());
    }

    @Test
    void refusesBadDescriptors() {
        String hex = HexFormat.of().formatHex(randomHandle());
        assertThrows(IllegalArgumentException.class, () -> CudaIpc.IpcExport.fromJson(
                "{\"handle\": \"abcd\", \"shape\": [2], \"typestr\": \"<f4\"}"));
        assertThrows(IllegalArgumentException.class, () -> CudaIpc.IpcExport.fromJson(
                "{\"handle\": \"" + hex + "\", \"shape\": [2], \"typestr\": \"<f4\", \"version\": 2}"));
        assertThrows(IllegalArgumentException.class, () -> CudaIpc.IpcExport.fromJson(
                "{\"handle\": \"" + hex + "\", \"typestr\": \"<f4\"}"));
        assertThrows(IllegalArgumentException.class, () -> CudaIpc.IpcExport.fromJson(
                "{\"handle\": \"" + hex + "\", \"shape\": [2], \"typestr\": \"<f4\", \"offset\": -1}"));
        assertThrows(IllegalArgumentException.class, () -> CudaIpc.IpcExport.fromJson(
                "{\"handle\": \"" + hex + "\", \"shape\": [2, 3], \"typestr\": \"<f4\", \"strides\": [4]}"));
        assertThrows(IllegalArgumentException.class, () -> CudaIpc.IpcExport.fromJson("[1, 2]"));
        assertThrows(IllegalArgumentException.class, () -> new CudaIpc.IpcExport(new byte[63], 0, 0, new long[] {1}, "<f4", null, false));
    }

    @Test
    void refusesUnknownKeysSoAMisspeltReadOnlyCannotOpenWritable() {
        String hex = HexFormat.of().formatHex(randomHandle());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CudaIpc.IpcExport.fromJson(
                "{\"handle\": \"" + hex + "\", \"shape\": [2], \"typestr\": \"<f4\", \"readOnly\": true}"));
        assertTrue(e.getMessage().contains("\"readOnly\""), e.getMessage());
        assertTrue(CudaIpc.IpcExport.fromJson(
                "{\"handle\": \"" + hex + "\", \"shape\": [2], \"typestr\": \"<f4\", \"readonly\": true}").readOnly());
    }

    @Test
    void deviceBeyondAnIntNamesTheField() {
        String hex = HexFormat.of().formatHex(randomHandle());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CudaIpc.IpcExport.fromJson(
                "{\"handle\": \"" + hex + "\", \"shape\": [2], \"typestr\": \"<f4\", \"device\": 4294967296}"));
        assertTrue(e.getMessage().startsWith("device: 4294967296"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new CudaIpc.IpcExport(randomHandle(), 0, -1, new long[] {1},
                "<f4", null, false));
    }
}
