package dev.cvj.cuda.test;

import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Runs a main class in a fresh JVM, for tests whose effect would ruin this one (a sticky CUDA error
 * kills the context for the whole process). The class path is this JVM's plus the code sources of the
 * given classes: under the JUnit console launcher the test jars are not on {@code java.class.path}.
 */
public final class ChildJvm {
    private ChildJvm() {}

    /** Exit status and merged stdout/stderr of a finished child. */
    public record Result(int exitCode, String output) {}

    public static Result run(Class<?> mainClass, long timeoutSeconds, Class<?>... alsoNeeded)
            throws IOException, InterruptedException {
        return run(mainClass, List.of(), List.of(), timeoutSeconds, alsoNeeded);
    }

    /**
     * As {@link #run(Class, long, Class[])}, with JVM options (e.g. {@code -Dcvj.trackAllocations=true})
     * and arguments for the child's {@code main}.
     */
    public static Result run(Class<?> mainClass, List<String> jvmOptions, List<String> args, long timeoutSeconds,
                             Class<?>... alsoNeeded)
            throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElse(System.getProperty("java.home") + "/bin/java");
        Set<String> cp = new LinkedHashSet<>();
        cp.add(codeSource(mainClass));
        for (Class<?> c : alsoNeeded) {
            cp.add(codeSource(c));
        }
        for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (!e.isBlank()) {
                cp.add(e);
            }
        }
        List<String> cmd = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED"));
        cmd.addAll(jvmOptions);
        cmd.addAll(List.of("-cp", String.join(File.pathSeparator, cp), mainClass.getName()));
        cmd.addAll(args);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        // Under compute-sanitizer the child is checked too (--target-processes all): give it more time.
        long limit = SanitizerMode.pick(timeoutSeconds, 4 * timeoutSeconds);
        if (!p.waitFor(limit, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("child JVM " + mainClass.getName() + " did not finish in " + limit + " s");
        }
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }

    private static String codeSource(Class<?> c) {
        try {
            return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
