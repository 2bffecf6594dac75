package dev.cvj.bench.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;

/**
 * The report of one {@code scripts/gpu-bench.sh} run: reads the run's CSVs ({@link BenchResults}), writes the
 * markdown (targets first, then one table per group, each peer's figure and cvj's ratio against it:
 * {@link CudaLayerTables}, {@link OperatorTables}, {@link PhotometricTables}, {@link VarShapeTables},
 * {@link DecodeTables}) and PNG plots of throughput against batch size ({@link Charts}).
 *
 * <pre>BenchReport &lt;results dir&gt; &lt;out.md&gt; &lt;plots dir&gt; [command line to quote]</pre>
 */
public final class BenchReport {
    private final BenchResults results;
    private final StringBuilder md = new StringBuilder();

    private BenchReport(BenchResults results) {
        this.results = results;
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 3) {
            System.err.println("usage: BenchReport <results dir> <out.md> <plots dir> [command]");
            System.exit(2);
        }
        String md = render(Path.of(args[0]), Path.of(args[2]), args.length > 3 ? args[3] : "bash scripts/gpu-bench.sh");
        Files.writeString(Path.of(args[1]), md);
        System.out.print(md);
    }

    /** The report of the results in {@code dir}, its plots written to {@code plots}; {@code command} is quoted. */
    static String render(Path dir, Path plots, String command) throws IOException {
        BenchResults results = new BenchResults();
        results.read(dir);
        Files.createDirectories(plots);
        List<String> pngs = new Charts(results).write(plots);
        BenchReport r = new BenchReport(results);
        r.write(command, pngs);
        return r.md.toString();
    }

    private void write(String command, List<String> pngs) {
        String device = results.device();
        md.append("# cvj benchmarks\n\n");
        md.append("- Device: **").append(device).append("**");
        if (results.cStatic.containsKey("runtime_version")) {
            md.append(" (CUDA runtime ").append(ver(results.cStatic.get("runtime_version"))).append(", driver API ")
                    .append(ver(results.cStatic.get("driver_version"))).append(")");
        }
        md.append("\n- Date: ").append(results.runTime.format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT)))
                .append("\n- Command: `").append(command).append("`\n");
        md.append("- All peers measured in the same run, on the same GPU. Ratios are speed-ups of cvj: peer time / cvj time ")
                .append("(or cvj throughput / peer throughput); below 1 means cvj is slower, and the table says so.\n\n");
        CudaLayerTables cuda = new CudaLayerTables(results, md);
        OperatorTables operators = new OperatorTables(results, md);
        cuda.targets();
        operators.targets();
        cuda.callOverhead();
        cuda.copies();
        operators.operators();
        new PhotometricTables(results, md).section();
        new VarShapeTables(results, md).section();
        new DecodeTables(results, md).section();
        operators.endToEnd();
        if (!pngs.isEmpty()) {
            md.append("## Plots\n\nImages per second (log) against batch size (log), cvj solid, torchvision dashed, one colour per image size.\n\n");
            for (String p : pngs) {
                md.append("![").append(p).append("](bench/").append(p).append(")\n");
            }
            md.append('\n');
        }
        reproduce();
        if (!results.notes.isEmpty()) {
            md.append("## Notes from the run\n\n");
            for (String n : new LinkedHashSet<>(results.notes)) {
                md.append("- ").append(n).append('\n');
            }
            md.append('\n');
        }
    }

    private void reproduce() {
        md.append("## How to reproduce\n\n")
                .append("On a machine with JDK 25 (and nvcc for the kernels), build the bundle; on the GPU machine (CUDA 13 ")
                .append("driver + toolkit with NPP, Python with torch, torchvision, cv2 and CuPy; no JDK needed) run the one command:\n\n")
                .append("```bash\n")
                .append("bash scripts/gpu-bundle.sh                 # here: .gpu/ = jlinked JRE + jars\n")
                .append("bash scripts/gpu-bench.sh                  # there: < 10 min on an H100 (--quick: < 4 min)\n")
                .append("```\n\n")
                .append("It writes `$OUT/BENCHMARKS.generated.md` (this file), `$OUT/bench-results.tar.gz` (every CSV, the JMH ")
                .append("JSON, the plots, per-step logs) and `$OUT/gpu-bench.log`. To refresh `docs/BENCHMARKS.md`: this report ")
                .append("replaces its generated part, the tarball's CSVs `docs/bench/results/` and its `plots/*.png` those in ")
                .append("`docs/bench/`; then rewrite the summary above it from the new figures. The report alone, from an ")
                .append("unpacked tarball: `java -cp 'lib/*' dev.cvj.bench.report.BenchReport DIR out.md plots/`.\n\n")
                .append("Method: GPU operator times are CUDA-event medians (3 warm-ups; 20 timed runs; 3 input sets in rotation so ")
                .append("L2 does not flatter; cvj's JIT is warmed first by 10,000 calls of every operator on a 256x256 image), ")
                .append("each timed two ways by every peer: *call*, the events and the call on an idle GPU (the host's time to ")
                .append("issue the call is on the clock: Java for cvj, Python for torch, C for NPP), and *GPU*, the same behind a ")
                .append("kernel that spins for 1 ms without touching memory (nvbench's blocking kernel; torch: `torch.cuda._sleep`), ")
                .append("so that the host has issued everything before the start event runs. U8 RGB random inputs, outputs allocated ")
                .append("outside the timing (cvj `*Into`; torch allocates from its caching allocator). NPP runs one call per ")
                .append("image (and `nppiResizeBatch`; on images of different sizes `nppiResizeBatch_8u_C3R_Advanced_Ctx`); OpenCV runs on the CPU, one image per call; CuPy (`cupyx.scipy.ndimage`) on the torch tensors, timed as torch is. The warp and filter rows run on batches 1 and 32 at 224x224 and 1920x1080 only. Batch x size combinations ")
                .append("needing more than 20 GB (`CVJ_BENCH_MAX_GB`) are skipped for every peer. The CUDA layer runs under JMH ")
                .append("(1 fork, 2 x 200 ms warm-up, 3 x 300 ms measurement); the C peer is `bench/c/cuda_overhead.cu`, built ")
                .append("twice: nvcc's default static cudart and `-cudart shared` (the `libcudart.so` a JVM loads).\n\n");
    }

    private static String ver(String v) {
        try {
            int n = (int) Double.parseDouble(v);
            return (n / 1000) + "." + (n % 1000 / 10);
        } catch (NumberFormatException e) {
            return v;
        }
    }
}
