package dev.cvj.cuda.test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Sources made by a generator script under {@code tools/} (the raw bindings, the median networks): the script's
 * {@code --check} must find them as it would write them, so an edit of either side alone fails the build.
 */
public final class GeneratedSources {
    private GeneratedSources() {}

    /**
     * Runs {@code python3 tools/<script> --check} from a module's directory; skipped (with the reason) outside the
     * source tree or without python3.
     *
     * @param script the generator's file name under {@code tools/}
     */
    public static void assertUpToDate(String script) throws IOException, InterruptedException {
        Path path = Path.of("..", "tools", script).toAbsolutePath().normalize();
        assumeTrue(Files.exists(path), "not run from the source tree: " + path);
        Process p;
        try {
            p = new ProcessBuilder("python3", path.toString(), "--check").redirectErrorStream(true).start();
        } catch (IOException e) {
            assumeTrue(false, "python3 is not installed: " + e.getMessage());
            return;
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assumeTrue(p.waitFor(60, TimeUnit.SECONDS), "the generator did not finish");
        assertEquals(0, p.exitValue(), out);
    }
}
