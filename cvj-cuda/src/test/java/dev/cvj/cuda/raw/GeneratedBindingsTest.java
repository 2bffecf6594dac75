package dev.cvj.cuda.raw;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Runtime, Driver, Nvrtc (and cvj-codec's NvJpeg) are generated from the signature lists in tools/gen-raw-bindings.py: an edit
 * of either side alone must fail the build.
 */
class GeneratedBindingsTest {
    @Test
    void generatedBindingsMatchTheirSignatureLists() throws IOException, InterruptedException {
        Path script = Path.of("..", "tools", "gen-raw-bindings.py").toAbsolutePath().normalize();
        assumeTrue(Files.exists(script), "not run from the source tree: " + script);
        Process p;
        try {
            p = new ProcessBuilder("python3", script.toString(), "--check").redirectErrorStream(true).start();
        } catch (IOException e) {
            assumeTrue(false, "python3 is not installed: " + e.getMessage());
            return;
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assumeTrue(p.waitFor(60, TimeUnit.SECONDS), "the generator did not finish");
        assertEquals(0, p.exitValue(), out);
    }
}
