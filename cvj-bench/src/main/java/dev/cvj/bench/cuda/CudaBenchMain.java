package dev.cvj.bench.cuda;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs the CUDA-layer benchmarks (cvj and JCuda) with a short configuration and writes JMH's JSON to the
 * path given as the first argument, plus a flat CSV beside it ({@code .csv}:
 * {@code benchmark,bytes,host,score,error,unit}) that the report reads; prints copy bandwidths in GB/s.
 *
 * <pre>java --enable-native-access=ALL-UNNAMED -cp 'lib/*' dev.cvj.bench.cuda.CudaBenchMain out.json [--quick] [regex]</pre>
 *
 * Full: copies of 4 KiB, 64 KiB, 1 MiB, 16 MiB, 256 MiB, 1 GiB (the C peer's sizes), 2 x 200 ms warm-up and
 * 3 x 300 ms measurement per benchmark, one fork each (about 4 minutes). {@code --quick}: 4 KiB, 1 MiB,
 * 1 GiB, 1 x 100 ms warm-up, 2 x 200 ms measurement (about 1.5 minutes).
 */
public final class CudaBenchMain {
    private CudaBenchMain() {}

    public static void main(String[] args) throws RunnerException, IOException {
        if (args.length < 1) {
            System.err.println("usage: CudaBenchMain <results.json> [--quick] [benchmark regex, default dev.cvj.bench.cuda.*]");
            System.exit(2);
        }
        Path out = Path.of(args[0]).toAbsolutePath();
        boolean quick = false;
        String include = "dev\\.cvj\\.bench\\.cuda\\..*";
        for (int i = 1; i < args.length; i++) {
            if (args[i].equals("--quick")) {
                quick = true;
            } else {
                include = args[i];
            }
        }
        if (out.getParent() != null) {
            Files.createDirectories(out.getParent());
        }
        String[] sizes = quick ? new String[] {"4096", "1048576", "1073741824"}
                : new String[] {"4096", "65536", "1048576", "16777216", "268435456", "1073741824"};
        ChainedOptionsBuilder opts = new OptionsBuilder()
                .include(include)
                .forks(1)
                .param("bytes", sizes)
                .jvmArgsAppend("--enable-native-access=ALL-UNNAMED", "-Xmx6g")
                .shouldFailOnError(false)
                .resultFormat(ResultFormatType.JSON).result(out.toString());
        if (quick) {
            opts.warmupIterations(1).warmupTime(TimeValue.milliseconds(100))
                    .measurementIterations(2).measurementTime(TimeValue.milliseconds(200));
        } else {
            opts.warmupIterations(2).warmupTime(TimeValue.milliseconds(200))
                    .measurementIterations(3).measurementTime(TimeValue.milliseconds(300));
        }
        Collection<RunResult> results = new Runner(opts.build()).run();
        List<String> lines = new ArrayList<>();
        Path csv = out.resolveSibling(out.getFileName().toString().replaceFirst("\\.json$", "") + ".csv");
        try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(csv))) {
            w.println("benchmark,bytes,host,score,error,unit");
            for (RunResult r : results) {
                String bytes = r.getParams().getParam("bytes");
                String host = r.getParams().getParam("host");
                String label = r.getParams().getBenchmark();
                var p = r.getPrimaryResult();
                w.printf(Locale.ROOT, "%s,%s,%s,%.6g,%.6g,%s%n", label, bytes == null ? "" : bytes, host == null ? "" : host,
                        p.getScore(), p.getScoreError(), p.getScoreUnit());
                if (bytes != null && (label.contains("ToDevice") || label.contains("ToHost"))) {
                    double us = p.getScore(); // microseconds per copy
                    double gbps = Long.parseLong(bytes) / (us * 1e-6) / 1e9;
                    lines.add(String.format(Locale.ROOT, "%-60s bytes=%-11s host=%-9s %10.1f us  %7.2f GB/s", label, bytes,
                            host, us, gbps));
                }
            }
        }
        lines.forEach(System.out::println);
        System.out.println("results: " + out + ", " + csv);
    }
}
