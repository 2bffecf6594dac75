package dev.cvj.cuda;

import static org.junit.jupiter.api.Assertions.*;

import dev.cvj.cuda.test.ChildJvm;
import dev.cvj.cuda.test.DeliberateFault;
import dev.cvj.cuda.test.GpuTest;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/**
 * An illegal address is reported as a sticky error. In a child JVM: it would ruin this one's context. The fault is
 * on purpose, so compute-sanitizer runs leave the test out ({@link DeliberateFault}).
 */
@GpuTest
class StickyErrorGpuTest {
    @Test
    @DeliberateFault
    void illegalAddressIsStickyAndSaysTheContextIsUnusable() throws IOException, InterruptedException {
        ChildJvm.Result r = ChildJvm.run(StickyErrorMain.class, 120, Device.class);
        String text = r.output();
        assertEquals(0, r.exitCode(), text);
        assertTrue(text.contains("STICKY=true"), text);
        assertTrue(text.contains("CODE=700"), text);
        assertTrue(text.contains("context is now unusable"), text);
        assertTrue(text.contains("AFTER=") && !text.contains("AFTER=ok"), "later calls fail too: " + text);
    }
}
