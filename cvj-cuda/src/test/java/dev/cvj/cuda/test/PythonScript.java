package dev.cvj.cuda.test;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs one of the repository's Python helper scripts (scripts/..., the GPU scripts' logic) for the CI tests that
 * check them: python3 on the script with arguments, stdout and stderr together. Skips the test where the script
 * is not there (not run from the source tree) or python3 is not installed.
 */
public final class PythonScript {
    private PythonScript() {}

    /** Exit status and output (stripped) of a finished run. */
    public record Run(int status, String out) {}

    /** The script at {@code path} relative to the repository root, seen from a module's folder. */
    public static Path inRepository(String path) {
        return Path.of("..").resolve(path).toAbsolutePath().normalize();
    }

    public static Run run(Path script, String... args) throws IOException, InterruptedException {
        assumeTrue(Files.exists(script), "not run from the source tree: " + script);
        List<String> cmd = new ArrayList<>(List.of("python3", script.toString()));
        cmd.addAll(List.of(args));
        Process p;
        try {
            p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        } catch (IOException e) {
            assumeTrue(false, "python3 is not installed: " + e.getMessage());
            return null;
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), script.getFileName() + " did not finish");
        return new Run(p.exitValue(), out.strip());
    }
}
