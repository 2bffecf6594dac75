package dev.cvj.bench.cuda;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs the CUDA-layer benchmarks (cvj and JCuda) with a short configuration (a few minutes in all) and
 * writes JMH's JSON to the path given as the first argument; prints copy bandwidths in GB/s.
 *
 * <pre>java --enable-native-access=ALL-UNNAMED -cp cvj-bench.jar:... dev.cvj.bench.cuda.CudaBenchMain out.json [regex]</pre>
 */
public final class CudaBenchMain {
    private CudaBenchMain() {}

    public static void main(String[] args) throws RunnerException, IOException {
        if (args.length < 1) {
            System.err.println("usage: CudaBenchMain <results.json> [benchmark regex, default dev.cvj.bench.cuda.*]");
            System.exit(2);
        }
        Path out = Path.of(args[0]).toAbsolutePath();
        if (out.getParent() != null) {
            Files.createDirectories(out.getParent());
        }
        ChainedOptionsBuilder opts = new OptionsBuilder()
                .include(args.length > 1 ? args[1] : "dev\\.cvj\\.bench\\.cuda\\..*")
                .forks(1)
                .warmupIterations(2).warmupTime(TimeValue.milliseconds(200))
                .measurementIterations(3).measurementTime(TimeValue.milliseconds(300))
                .jvmArgsAppend("--enable-native-access=ALL-UNNAMED", "-Xmx8g")
                .shouldFailOnError(false)
                .resultFormat(ResultFormatType.JSON).result(out.toString());
        Collection<RunResult> results = new Runner(opts.build()).run();
        List<String> lines = new ArrayList<>();
        for (RunResult r : results) {
            String bytes = r.getParams().getParam("bytes");
            String label = r.getParams().getBenchmark();
            if (bytes != null && label.contains("ToDevice") || bytes != null && label.contains("ToHost")) {
                double us = r.getPrimaryResult().getScore(); // microseconds per copy
                double gbps = Long.parseLong(bytes) / (us * 1e-6) / 1e9;
                lines.add(String.format("%-60s bytes=%-11s host=%-9s %10.1f us  %7.2f GB/s", label, bytes,
                        r.getParams().getParam("host"), us, gbps));
            }
        }
        lines.forEach(System.out::println);
        System.out.println("results: " + out);
    }
}
