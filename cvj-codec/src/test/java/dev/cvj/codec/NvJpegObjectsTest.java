package dev.cvj.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cvj.codec.raw.NvJpegTypes;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The create/destroy bookkeeping of the nvJPEG owners, with stand-in calls (no libnvjpeg needed). */
class NvJpegObjectsTest {
    @Test
    void destroysInReverseOrderAndKeepsGoingAfterAFailure() {
        List<String> log = new ArrayList<>();
        NvJpegObjects o = new NvJpegObjects();
        long a = o.create("createA", out -> {
            out.set(ValueLayout.JAVA_LONG, 0, 11);
            return 0;
        }, "destroyA", h -> {
            log.add("A" + h);
            return 0;
        });
        o.create("createB", out -> {
            out.set(ValueLayout.JAVA_LONG, 0, 22);
            return 0;
        }, "destroyB", h -> {
            log.add("B" + h);
            return NvJpegTypes.STATUS_INTERNAL_ERROR;
        });
        o.onClose(() -> log.add("last registered"));
        assertEquals(11, a);
        NvJpegException e = assertThrows(NvJpegException.class, o::close);
        assertEquals(List.of("last registered", "B22", "A11"), log);
        assertEquals("destroyB", e.call());
        assertTrue(e.getMessage().startsWith("destroyB: NVJPEG_STATUS_INTERNAL_ERROR (8)"), e.getMessage());
        o.close(); // nothing left: a second close does nothing
        assertEquals(3, log.size());
    }

    @Test
    void aFailedCreateRegistersNothingAndNamesTheCall() {
        List<String> log = new ArrayList<>();
        NvJpegObjects o = new NvJpegObjects();
        o.create("createA", out -> 0, "destroyA", h -> {
            log.add("A");
            return 0;
        });
        NvJpegException e = assertThrows(NvJpegException.class,
                () -> o.create("nvjpegCreateEx(NVJPEG_BACKEND_HARDWARE)", out -> NvJpegTypes.STATUS_ARCH_MISMATCH, "never",
                        h -> {
                            log.add("never");
                            return 0;
                        }));
        assertEquals(NvJpegTypes.STATUS_ARCH_MISMATCH, e.status());
        assertTrue(e.getMessage().contains("this GPU does not support the requested backend"), e.getMessage());
        o.closeAfter(e); // what a failed constructor does
        assertEquals(List.of("A"), log);
        assertEquals(0, e.getSuppressed().length);
    }
}
