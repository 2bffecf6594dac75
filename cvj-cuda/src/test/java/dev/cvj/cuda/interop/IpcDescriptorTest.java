package dev.cvj.cuda.interop;

import static org.junit.jupiter.api.Assertions.*;

import dev.cvj.cuda.IpcMemoryHandle;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The IPC descriptor's JSON: round trip, and every field checked with a message naming it. */
class IpcDescriptorTest {
    private static final long SEED = System.nanoTime();
    private static final Random RANDOM = new Random(SEED);

    static {
        System.out.println("IpcDescriptorTest seed " + SEED);
    }

    private static String hex() {
        byte[] h = new byte[IpcMemoryHandle.BYTES];
        RANDOM.nextBytes(h);
        return HexFormat.of().formatHex(h);
    }

    private static String descriptor(String extra) {
        return "{\"handle\": \"" + hex() + "\", \"shape\": [2, 3], \"typestr\": \"<f4\"" + extra + "}";
    }

    @Test
    void roundTrip() {
        IpcDescriptor d = new IpcDescriptor(IpcMemoryHandle.fromHex(hex()), 4096, 3, new long[] {4, 5}, "<u2",
                new long[] {64, 2}, true);
        IpcDescriptor back = IpcDescriptor.fromJson(d.toJson());
        assertEquals(d, back);
        assertTrue(back.readOnly());
        assertEquals(3, back.device());
        assertEquals(64L * 3 + 2 * 4 + 2, back.byteSpan());
    }

    @Test
    void refusesUnknownKeysSuchAsAMisspeltReadOnly() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> IpcDescriptor.fromJson(descriptor(", \"readOnly\": true")));
        assertTrue(e.getMessage().contains("unknown key \"readOnly\""), e.getMessage());
        assertTrue(e.getMessage().contains("did you mean \"readonly\""), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> IpcDescriptor.fromJson(descriptor(", \"mask\": null")));
        assertTrue(IpcDescriptor.fromJson(descriptor(", \"readonly\": true")).readOnly());
    }

    @Test
    void deviceBeyondAnIntIsAnErrorNamingTheField() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> IpcDescriptor.fromJson(descriptor(", \"device\": 4294967296")));
        assertTrue(e.getMessage().startsWith("device: 4294967296"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> IpcDescriptor.fromJson(descriptor(", \"device\": -1")));
        assertTrue(e.getMessage().startsWith("device: "), e.getMessage());
    }

    @Test
    void badFieldsNameTheField() {
        String[][] cases = {
            {", \"offset\": -1", "offset: "},
            {", \"offset\": 1.5", "offset: "},
            {", \"version\": 2", "version: "},
            {", \"readonly\": 1", "readonly: "},
            {", \"strides\": [4]", "strides: "},
        };
        for (String[] c : cases) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> IpcDescriptor.fromJson(descriptor(c[0])), c[0]);
            assertTrue(e.getMessage().startsWith(c[1]), c[0] + " -> " + e.getMessage());
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> IpcDescriptor.fromJson("{\"handle\": \"abcd\", \"shape\": [2], \"typestr\": \"<f4\"}"));
        assertTrue(e.getMessage().startsWith("handle: "), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> IpcDescriptor.fromJson("{\"handle\": \"" + hex() + "\", \"typestr\": \"<f4\"}"));
        assertTrue(e.getMessage().startsWith("shape: "), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> IpcDescriptor.fromJson("[1, 2]"));
    }
}
