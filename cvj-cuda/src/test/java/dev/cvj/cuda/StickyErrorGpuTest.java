package dev.cvj.cuda;

import static org.junit.jupiter.api.Assertions.*;

import dev.cvj.cuda.test.GpuTest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** An illegal address is reported as a sticky error. In a child JVM: it would ruin this one's context. */
@GpuTest
class StickyErrorGpuTest {
    @Test
    void illegalAddressIsStickyAndSaysTheContextIsUnusable() throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command()
                .orElse(System.getProperty("java.home") + "/bin/java");
        Process p = new ProcessBuilder(List.of(java, "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), StickyErrorMain.class.getName()))
                .redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "child JVM did not finish");
        String text = new String(out, StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), text);
        assertTrue(text.contains("STICKY=true"), text);
        assertTrue(text.contains("CODE=700"), text);
        assertTrue(text.contains("context is now unusable"), text);
        assertTrue(text.contains("AFTER=") && !text.contains("AFTER=ok"), "later calls fail too: " + text);
    }
}
