package dev.cvj.bench.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * Reads the results of one {@code scripts/gpu-bench.sh} run (a folder holding {@code c_cuda_overhead.csv},
 * {@code c_cuda_overhead_shared.csv}, {@code c_npp_ops.csv}, {@code jmh.csv}, {@code cvj_ops.csv},
 * {@code torch_ops.csv}; any may be missing) and writes the markdown report (targets first, then one table per
 * group, each peer's figure and cvj's ratio against it) and PNG plots of throughput against batch size.
 *
 * <pre>BenchReport &lt;results dir&gt; &lt;out.md&gt; &lt;plots dir&gt; [command line to quote]</pre>
 */
public final class BenchReport {
    static final String[] SIZES = {"224x224", "1280x720", "1920x1080", "3840x2160"};
    static final int[] BATCHES = {1, 8, 32, 128};
    /** Operator rows: cvj op, its peers' op names (torch, npp, opencv), a note. */
    static final String[][] OPS = {
        {"convert_u8_f32", "convert_u8_f32", "convert_u8_f32", "convert_u8_f32", "U8 -> F32 x 1/255 (NPP: no scale)"},
        {"normalize_f32", "normalize_f32", "", "", "F32 NCHW, ImageNet mean/std"},
        {"reformat_nhwc_nchw", "reformat_nhwc_nchw", "", "reformat_nhwc_nchw", "U8 NHWC -> NCHW"},
        {"flip_horizontal", "flip_horizontal", "flip_horizontal", "flip_horizontal", "cvj NHWC; torch NCHW"},
        {"rgb_to_gray", "rgb_to_gray", "rgb_to_gray", "rgb_to_gray", "CvtColor RGB2GRAY"},
        {"swap_rgb_bgr", "swap_rgb_bgr", "swap_rgb_bgr", "swap_rgb_bgr", "CvtColor RGB2BGR"},
        {"channel_reorder_bgr", "swap_rgb_bgr", "swap_rgb_bgr", "swap_rgb_bgr", "ChannelReorder {2,1,0}"},
        {"nv12_to_rgb", "", "", "nv12_to_rgb", "CvtColor YUV2RGB_NV12"},
        {"resize_linear_224", "resize_linear_224", "resize_linear_224", "resize_linear_224", "NPP: best of per-image and nppiResizeBatch"},
        {"resize_nearest_224", "resize_nearest_224", "", "resize_nearest_224", ""},
        {"resize_area_224", "", "resize_area_224", "resize_area_224", "NPP: SUPER, best of per-image and batched"},
        {"resize_cubic_224", "resize_cubic_224", "", "resize_cubic_224", ""},
        {"custom_crop_224", "custom_crop_224", "", "", "centre 224x224"},
        {"copy_make_border_16", "copy_make_border_16", "", "copy_make_border_16", "16 px constant border"},
        {"stack", "stack", "", "", "N separate frames -> NHWC batch"},
        {"rccr_224_f32_nchw", "rccr_224_f32_nchw", "", "", "ResizeCropConvertReformat (torch: resize, to_dtype, contiguous)"},
        {"cfnr_224_f32_nchw", "cfnr_224_f32_nchw", "", "", "CropFlipNormalizeReformat (torch: crop, flip, to_dtype, normalize)"},
    };
    static final String[] PLOTTED = {"resize_linear_224", "convert_u8_f32", "normalize_f32", "reformat_nhwc_nchw",
        "rgb_to_gray", "classify_fused", "classify_chained"};

    /** peer|op|batch|WxH -> value (call on an idle GPU). */
    private final Map<String, Double> ops = new LinkedHashMap<>();
    /** peer|op|batch|WxH -> value queued behind a blocking kernel (the GPU's time alone), where measured. */
    private final Map<String, Double> queued = new LinkedHashMap<>();
    /** peer|op|batch|WxH -> queued runs the host issued after the blocking kernel had ended (host time included). */
    private final Map<String, Integer> expired = new LinkedHashMap<>();
    private final Map<String, Long> bytes = new LinkedHashMap<>();
    private final Map<String, String> cStatic = new LinkedHashMap<>();
    private final Map<String, String> cShared = new LinkedHashMap<>();
    /** benchmark|bytes|host -> score (and unit). */
    private final Map<String, double[]> jmh = new LinkedHashMap<>();
    private final List<String> notes = new ArrayList<>();
    private final StringBuilder md = new StringBuilder();
    /** When the run wrote its results (the newest input file), so a report made later shows the run's date. */
    private ZonedDateTime runTime = ZonedDateTime.now();

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
        BenchReport r = new BenchReport();
        r.read(dir);
        Files.createDirectories(plots);
        List<String> pngs = r.plots(plots);
        r.write(command, pngs);
        return r.md.toString();
    }

    // ------------------------------------------------------------------------------------------- input

    void read(Path dir) throws IOException {
        try (var files = Files.list(dir)) {
            files.filter(f -> f.toString().endsWith(".csv")).map(f -> {
                try {
                    return Files.getLastModifiedTime(f).toInstant();
                } catch (IOException e) {
                    return null;
                }
            }).filter(java.util.Objects::nonNull).max(java.util.Comparator.naturalOrder())
                    .ifPresent(t -> runTime = t.atZone(java.time.ZoneOffset.UTC));
        }
        readMetrics(dir.resolve("c_cuda_overhead.csv"), cStatic);
        readMetrics(dir.resolve("c_cuda_overhead_shared.csv"), cShared);
        for (String f : new String[] {"cvj_ops.csv", "torch_ops.csv", "c_npp_ops.csv"}) {
            Path p = dir.resolve(f);
            if (!Files.exists(p)) {
                notes.add(f + " is missing: its peer is left out");
                continue;
            }
            for (String line : Files.readAllLines(p)) {
                if (line.startsWith("#")) {
                    notes.add(f + ": " + line.substring(1).trim());
                    continue;
                }
                String[] c = line.split(",", -1);
                if (c.length < 5 || c[0].equals("peer") || !c[2].matches("\\d+")) {
                    continue;
                }
                String key = key(c[0], c[1], Integer.parseInt(c[2]), c[3]);
                double v = parse(c[4]);
                if (!Double.isNaN(v)) {
                    ops.put(key, v);
                }
                if (c.length >= 8 && !c[7].isEmpty()) {
                    bytes.put(key, Long.parseLong(c[7]));
                }
                if (c.length >= 9 && !Double.isNaN(parse(c[8]))) {
                    queued.put(key, parse(c[8]));
                }
                if (c.length >= 10 && c[9].matches("\\d+") && Integer.parseInt(c[9]) > 0) {
                    expired.put(key, Integer.parseInt(c[9]));
                }
            }
        }
        Path j = dir.resolve("jmh.csv");
        if (Files.exists(j)) {
            for (String line : Files.readAllLines(j)) {
                String[] c = line.split(",", -1);
                if (c.length < 6 || c[0].equals("benchmark")) {
                    continue;
                }
                String name = c[0].replace("dev.cvj.bench.cuda.", "");
                jmh.put(name + "|" + c[1] + "|" + c[2], new double[] {parse(c[3]), parse(c[4])});
            }
        } else {
            notes.add("jmh.csv is missing: the JVM side of the CUDA layer is left out");
        }
    }

    private void readMetrics(Path p, Map<String, String> into) throws IOException {
        if (!Files.exists(p)) {
            notes.add(p.getFileName() + " is missing");
            return;
        }
        for (String line : Files.readAllLines(p)) {
            String[] c = line.split(",", 3);
            if (c.length == 3 && !c[0].equals("metric")) {
                into.put(c[0], c[1]);
            }
        }
    }

    static String key(String peer, String op, int batch, String wh) {
        return peer + "|" + op + "|" + batch + "|" + wh;
    }

    static double parse(String s) {
        try {
            return Double.parseDouble(s.trim());
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    private double c(Map<String, String> m, String metric) {
        String v = m.get(metric);
        return v == null ? Double.NaN : parse(v);
    }

    private double j(String bench, String bytes, String host) {
        double[] v = jmh.get(bench + "|" + bytes + "|" + host);
        return v == null ? Double.NaN : v[0];
    }

    private double jErr(String bench, String bytes, String host) {
        double[] v = jmh.get(bench + "|" + bytes + "|" + host);
        return v == null ? Double.NaN : v[1];
    }

    private Double op(String peer, String op, int batch, String wh) {
        return ops.get(key(peer, op, batch, wh));
    }

    private double gpu(String peer, String op, int batch, String wh) {
        return orNaN(queued.get(key(peer, op, batch, wh)));
    }

    /** NPP's figure for {@code op}: the better of per-image calls and the batched call ({@code op_batched}). */
    private double npp(Map<String, Double> from, String op, int batch, String wh) {
        return orNaN(from.get(nppKey(from, op, batch, wh)));
    }

    /** The key of NPP's better variant of {@code op} in {@code from}. */
    private String nppKey(Map<String, Double> from, String op, int batch, String wh) {
        String k1 = key("npp", op, batch, wh), k2 = key("npp", op + "_batched", batch, wh);
        double a = orNaN(from.get(k1)), b = orNaN(from.get(k2));
        return Double.isNaN(a) || (!Double.isNaN(b) && b < a) ? k2 : k1;
    }

    /** "*" when some of the GPU figure's queued runs were issued late, so that it includes host time. */
    private String late(String key) {
        return expired.containsKey(key) ? "*" : "";
    }

    private String pairOf(String peer, String op, int batch, String wh) {
        if (op.isEmpty()) {
            return "-";
        }
        if (peer.equals("npp")) {
            return pair(npp(ops, op, batch, wh), npp(queued, op, batch, wh), late(nppKey(queued, op, batch, wh)));
        }
        return pair(orNaN(op(peer, op, batch, wh)), gpu(peer, op, batch, wh), late(key(peer, op, batch, wh)));
    }

    private static final String LATE_NOTE = "A GPU figure marked * includes host time: in some of its runs the host "
            + "issued the work only after the 1 ms blocking kernel had ended (torchvision's normalize copies its mean "
            + "and std to the GPU synchronously; NPP's per-image calls at batch 128 take longer than 1 ms to issue).";

    // ------------------------------------------------------------------------------------------- output

    void write(String command, List<String> pngs) {
        String device = cStatic.getOrDefault("device", "unknown device");
        md.append("# cvj benchmarks\n\n");
        md.append("- Device: **").append(device).append("**");
        if (cStatic.containsKey("runtime_version")) {
            md.append(" (CUDA runtime ").append(ver(cStatic.get("runtime_version"))).append(", driver API ")
                    .append(ver(cStatic.get("driver_version"))).append(")");
        }
        md.append("\n- Date: ").append(runTime.format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT)))
                .append("\n- Command: `").append(command).append("`\n");
        md.append("- All peers measured in the same run, on the same GPU. Ratios are speed-ups of cvj: peer time / cvj time ")
                .append("(or cvj throughput / peer throughput); below 1 means cvj is slower, and the table says so.\n\n");
        targets();
        operatorTargets();
        cudaLayer();
        copies();
        operators();
        endToEnd();
        if (!pngs.isEmpty()) {
            md.append("## Plots\n\nImages per second (log) against batch size (log), cvj solid, torchvision dashed, one colour per image size.\n\n");
            for (String p : pngs) {
                md.append("![").append(p).append("](bench/").append(p).append(")\n");
            }
            md.append('\n');
        }
        reproduce();
        if (!notes.isEmpty()) {
            md.append("## Notes from the run\n\n");
            for (String n : new LinkedHashSet<>(notes)) {
                md.append("- ").append(n).append('\n');
            }
            md.append('\n');
        }
    }

    private void reproduce() {
        md.append("## How to reproduce\n\n")
                .append("On a machine with JDK 25 (and nvcc for the kernels), build the bundle; on the GPU machine (CUDA 13 ")
                .append("driver + toolkit with NPP, Python with torch, torchvision and cv2; no JDK needed) run the one command:\n\n")
                .append("```bash\n")
                .append("bash scripts/gpu-bundle.sh                 # here: .gpu/ = jlinked JRE + jars\n")
                .append("bash scripts/gpu-bench.sh                  # there: < 10 min on an H100 (--quick: < 4 min)\n")
                .append("```\n\n")
                .append("It writes `$OUT/BENCHMARKS.generated.md` (this file), `$OUT/bench-results.tar.gz` (every CSV, the JMH ")
                .append("JSON, the plots, per-step logs) and `$OUT/gpu-bench.log`. To refresh this page: copy the generated file ")
                .append("to `docs/BENCHMARKS.md` and the tarball's `plots/*.png` to `docs/bench/`. The report alone, from an ")
                .append("unpacked tarball: `java -cp 'lib/*' dev.cvj.bench.report.BenchReport DIR out.md plots/`.\n\n")
                .append("Method: GPU operator times are CUDA-event medians (3 warm-ups; 20 timed runs; 3 input sets in rotation so ")
                .append("L2 does not flatter; cvj's JIT is warmed first by 10,000 calls of every operator on a 256x256 image), ")
                .append("each timed two ways by every peer: *call*, the events and the call on an idle GPU (the host's time to ")
                .append("issue the call is on the clock: Java for cvj, Python for torch, C for NPP), and *GPU*, the same behind a ")
                .append("kernel that spins for 1 ms without touching memory (nvbench's blocking kernel; torch: `torch.cuda._sleep`), ")
                .append("so that the host has issued everything before the start event runs. U8 RGB random inputs, outputs allocated ")
                .append("outside the timing (cvj `*Into`; torch allocates from its caching allocator). NPP runs one call per ")
                .append("image (and `nppiResizeBatch`); OpenCV runs on the CPU, one image per call. Batch x size combinations ")
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

    private void targets() {
        md.append("## Targets (issue 2: the CUDA layer)\n\n");
        md.append("| target | C | cvj | ratio | met? |\n|---|---:|---:|---:|---|\n");
        double cCount = c(cStatic, "cudaGetDeviceCount");
        double cCountShared = c(cShared, "cudaGetDeviceCount");
        double jCount = j("TrivialCallBench.deviceCount", "", "");
        double jRaw = j("TrivialCallBench.rawCritical", "", "");
        targetRow("trivial call `Device.count()` (cudaGetDeviceCount) <= 1.5x C (static cudart), ns", cCount, jCount,
                jCount / cCount, jCount <= 1.5 * cCount);
        targetRow("same, against C linked with the shared cudart the JVM loads, ns", cCountShared, jCount,
                jCount / cCountShared, jCount <= 1.5 * cCountShared);
        targetRow("raw binding `Runtime.cudaGetDeviceCount` (critical) <= 1.5x C (static), ns", cCount, jRaw, jRaw / cCount,
                jRaw <= 1.5 * cCount);
        double cLaunch = c(cStatic, "launch_empty_with_final_sync");
        double jLaunch = j("LaunchBench.emptyKernel", "", "");
        double launchErr = jErr("LaunchBench.emptyKernel", "", "");
        targetRow("empty-kernel launch through `Kernel` <= 1.2x C, ns/launch"
                + (Double.isNaN(launchErr) ? "" : " (cvj +- " + f(launchErr) + ")"), cLaunch, jLaunch, jLaunch / cLaunch, jLaunch <= 1.2 * cLaunch);
        for (String size : new String[] {"268435456", "1073741824"}) {
            String name = size.equals("1073741824") ? "1GiB" : "256MiB";
            for (String dir : new String[] {"h2d", "d2h"}) {
                double cv = c(cStatic, dir + "_pinned_" + name);
                double jv = gbps("CopyBench." + (dir.equals("h2d") ? "hostToDevice" : "deviceToHost"), size, "pinned");
                targetRow("pinned " + dir.toUpperCase(Locale.ROOT) + " " + name + " >= 98% of C, GB/s", cv, jv, jv / cv,
                        jv >= 0.98 * cv);
            }
        }
        for (String size : new String[] {"268435456", "1073741824"}) {
            String name = size.equals("1073741824") ? "1GiB" : "256MiB";
            for (String dir : new String[] {"h2d", "d2h"}) {
                double cv = c(cStatic, dir + "_pageable_" + name);
                double jv = gbps("CopyBench." + (dir.equals("h2d") ? "hostToDevice" : "deviceToHost"), size, "heap");
                targetRow("Java heap `byte[]` " + dir.toUpperCase(Locale.ROOT) + " " + name + " >= C pageable, GB/s", cv, jv,
                        jv / cv, jv >= cv);
            }
        }
        double floor = j("TrivialCallBench.ffmCriticalAbs", "", "");
        if (!Double.isNaN(cCountShared) && !Double.isNaN(jRaw)) {
            md.append(String.format(Locale.ROOT, "\nWhere the trivial-call time goes: a critical FFM downcall costs %s ns (libc `abs`); "
                    + "the same C program linked with the shared cudart instead of the static one takes %s ns instead of %s ns "
                    + "per `cudaGetDeviceCount`. So cvj's raw binding (%s ns) is within %s ns of C calling the same `libcudart.so`, "
                    + "and most of the gap to the static-cudart C figure is the shared library's own cost, which a JVM cannot "
                    + "avoid (it can only load the shared cudart).\n", f(floor), f(cCountShared), f(cCount), f(jRaw),
                    f(jRaw - cCountShared)));
        }
        md.append("\nTimes: lower is better (ratio = cvj / C); bandwidths: higher is better (ratio = cvj / C). ")
                .append("The C peer's launch figure is 10^5 launches then one sync (per launch); cvj's (JMH) is 100 launches ")
                .append("then one sync. C copies are timed with CUDA events over back-to-back copies (pinned) or the host clock ")
                .append("(pageable); cvj's are JMH averages of one synchronous copy.\n\n");
    }

    private void targetRow(String what, double cv, double jv, double ratio, boolean met) {
        String m = Double.isNaN(cv) || Double.isNaN(jv) ? "not measured" : met ? "**met**" : "**missed**";
        md.append("| ").append(what).append(" | ").append(f(cv)).append(" | ").append(f(jv)).append(" | ")
                .append(Double.isNaN(ratio) ? "-" : String.format(Locale.ROOT, "%.2f", ratio)).append(" | ").append(m).append(" |\n");
    }

    private double gbps(String bench, String size, String host) {
        double us = j(bench, size, host);
        return Long.parseLong(size) / (us * 1e-6) / 1e9;
    }

    private void cudaLayer() {
        md.append("## CUDA layer: per-call overhead\n\n");
        md.append("| operation | C (static cudart) | C (shared cudart) | cvj | JCuda 12.6.0 | cvj / C static | cvj / JCuda |\n")
                .append("|---|---:|---:|---:|---:|---:|---:|\n");
        String[][] rows = {
            {"cudaGetDeviceCount via `Device.count()`, ns", "cudaGetDeviceCount", "TrivialCallBench.deviceCount", "JCudaBench.deviceCount"},
            {"cudaGetDeviceCount via raw critical binding, ns", "cudaGetDeviceCount", "TrivialCallBench.rawCritical", "JCudaBench.deviceCount"},
            {"cudaGetDeviceCount, raw critical, global segment, ns", "cudaGetDeviceCount", "TrivialCallBench.rawCriticalGlobalSegment", ""},
            {"cudaGetDeviceCount via plain (non-critical) downcall, ns", "cudaGetDeviceCount", "TrivialCallBench.rawPlainHandle", ""},
            {"FFM floor: libc abs, critical downcall, ns", "", "TrivialCallBench.ffmCriticalAbs", ""},
            {"FFM floor: libc abs, plain downcall, ns", "", "TrivialCallBench.ffmPlainAbs", ""},
            {"cudaEventQuery (completed event), ns", "cudaEventQuery_completed", "EventBench.query", ""},
            {"cudaEventRecord + cudaEventQuery, ns", "", "EventBench.recordAndQuery", ""},
            {"empty kernel launch (+ final sync, per launch), ns", "launch_empty_with_final_sync", "LaunchBench.emptyKernel", "JCudaBench.emptyKernel"},
            {"cudaMallocAsync + cudaFreeAsync 1 MiB (warm pool), ns", "mallocAsync_freeAsync_pair_1MiB", "AllocBench.allocateAsyncAndClose", ""},
        };
        for (String[] r : rows) {
            double cs = r[1].isEmpty() ? Double.NaN : c(cStatic, r[1]);
            double cd = r[1].isEmpty() ? Double.NaN : c(cShared, r[1]);
            double jv = j(r[2], "", "");
            double jerr = jErr(r[2], "", "");
            double jc = r[3].isEmpty() ? Double.NaN : j(r[3], "", "");
            md.append("| ").append(r[0]).append(" | ").append(f(cs)).append(" | ").append(f(cd)).append(" | ").append(f(jv));
            if (!Double.isNaN(jerr)) {
                md.append(" +- ").append(f(jerr));
            }
            md.append(" | ").append(f(jc)).append(" | ").append(timeRatio(cs, jv)).append(" | ").append(timeRatio(jc, jv)).append(" |\n");
        }
        md.append("\nHere the ratio columns are cvj's time over the peer's: 1.00 = same cost, above 1 = cvj slower. ")
                .append("cvj figures are JMH averages (+- the 99.9% error); C figures are medians of 5 repeats.\n\n");
    }

    /** cvj time / peer time, "slower" marked. */
    private static String timeRatio(double peer, double cvj) {
        if (Double.isNaN(peer) || Double.isNaN(cvj)) {
            return "-";
        }
        double r = cvj / peer;
        return String.format(Locale.ROOT, r > 1.05 ? "%.2f (cvj slower)" : "%.2f", r);
    }

    private void copies() {
        md.append("## CUDA layer: copy bandwidth, GB/s (10^9 B/s; higher is better)\n\n");
        md.append("| size | dir | C pinned | cvj pinned | JCuda pinned | cvj/C pinned | C pageable | cvj off-heap pageable | cvj `byte[]` | JCuda `byte[]` | cvj `byte[]` / C pageable |\n")
                .append("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        String[][] sizes = {{"4096", "4KiB"}, {"65536", "64KiB"}, {"1048576", "1MiB"}, {"16777216", "16MiB"},
            {"268435456", "256MiB"}, {"1073741824", "1GiB"}};
        for (String[] s : sizes) {
            for (String dir : new String[] {"h2d", "d2h"}) {
                String b = dir.equals("h2d") ? "hostToDevice" : "deviceToHost";
                double cp = c(cStatic, dir + "_pinned_" + s[1]);
                double jp = gbps("CopyBench." + b, s[0], "pinned");
                double jcp = gbps("JCudaBench." + b, s[0], "pinned");
                double cg = c(cStatic, dir + "_pageable_" + s[1]);
                double jg = gbps("CopyBench." + b, s[0], "pageable");
                double jh = gbps("CopyBench." + b, s[0], "heap");
                double jch = gbps("JCudaBench." + b, s[0], "heap");
                if (Double.isNaN(cp) && Double.isNaN(jp)) {
                    continue;
                }
                md.append("| ").append(s[1]).append(" | ").append(dir.toUpperCase(Locale.ROOT)).append(" | ").append(f(cp))
                        .append(" | ").append(f(jp)).append(" | ").append(f(jcp)).append(" | ").append(bwRatio(jp, cp))
                        .append(" | ").append(f(cg)).append(" | ").append(f(jg)).append(" | ").append(f(jh)).append(" | ")
                        .append(f(jch)).append(" | ").append(bwRatio(jh, cg)).append(" |\n");
            }
        }
        double d2d = c(cStatic, "d2d_rw_1GiB");
        md.append("\nC device-to-device 1 GiB (read + write counted): ").append(f(d2d)).append(" GB/s. ")
                .append("Small copies: cvj and JCuda wait for each copy (a stream sync per copy); C queues up to 1000 copies ")
                .append("between two events (pinned), so below ~1 MiB the cvj/C ratio measures the sync, not the copy.\n\n");
    }

    private static String bwRatio(double cvj, double peer) {
        if (Double.isNaN(peer) || Double.isNaN(cvj)) {
            return "-";
        }
        double r = cvj / peer;
        return String.format(Locale.ROOT, r < 0.95 ? "%.2f (cvj slower)" : "%.2f", r);
    }

    private void operators() {
        Double d2d = op("cvj", "d2d_copy_1GiB_GBps", 1, "1073741824B");
        double bw = d2d == null ? Double.NaN : d2d;
        md.append("## Operators: time per batch, ms (median; lower is better)\n\n");
        md.append(String.format(Locale.ROOT, "Device-to-device bandwidth measured by cvj in this run (1 GiB, read + write): **%s GB/s**; "
                + "torch's D2D copy: %s GB/s. Every GPU figure is timed two ways (see Method): *call*, CUDA events around one "
                + "call on an idle GPU, so the host's time to issue it is on the clock; *GPU*, the same call queued behind a "
                + "1 ms blocking kernel, so only the GPU's work is. *Bound* = bytes the operator must move (reads + writes) / "
                + "that bandwidth; *%% of bound* = bound / cvj's GPU time. Ratios: peer time / cvj time (above 1: cvj "
                + "faster), call and GPU. OpenCV runs on the CPU one image per call; its column is per-image time x batch. "
                + LATE_NOTE + "\n\n",
                f(bw), f(orNaN(op("torch", "d2d_copy_1GiB_GBps", 1, "1073741824B")))));
        for (String[] o : OPS) {
            StringBuilder t = new StringBuilder();
            int rows = 0;
            for (String wh : SIZES) {
                for (int b : BATCHES) {
                    Double cv = op("cvj", o[0], b, wh);
                    if (cv == null) {
                        continue;
                    }
                    rows++;
                    Figures g = figures(o[0], o[1], o[2], b, wh, bw);
                    double againstBound = Double.isNaN(g.cvjGpu()) ? cv : g.cvjGpu();
                    double cvCpu = o[3].isEmpty() ? Double.NaN : orNaN(op("opencv_cpu", o[3], 1, wh)) * b;
                    t.append("| ").append(b).append(" | ").append(wh).append(" | ").append(f(cv)).append(" | ")
                            .append(f(g.cvjGpu())).append(late(key("cvj", o[0], b, wh)))
                            .append(" | ").append(f(g.bound())).append(" | ")
                            .append(Double.isNaN(g.bound()) ? "-"
                                    : String.format(Locale.ROOT, "%.0f%%", 100 * g.bound() / againstBound))
                            .append(" | ").append(pairOf("torch", o[1], b, wh)).append(" | ")
                            .append(speedups(g.torchCall(), cv, g.torchGpu(), g.cvjGpu()))
                            .append(" | ").append(pairOf("npp", o[2], b, wh)).append(" | ")
                            .append(speedups(g.nppCall(), cv, g.nppGpu(), g.cvjGpu()))
                            .append(" | ").append(f(cvCpu)).append(" | ").append(speedup(cvCpu, cv)).append(" |\n");
                }
            }
            if (rows == 0) {
                continue;
            }
            md.append("### ").append(o[0]).append(o[4].isEmpty() ? "" : " (" + o[4] + ")").append("\n\n");
            md.append("| batch | size | cvj call | cvj GPU | bound | % of bound | torchvision call / GPU | vs torch | NPP call / GPU "
                    + "| vs NPP | OpenCV CPU | vs OpenCV |\n")
                    .append("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
            md.append(t).append('\n');
        }
    }

    private static String pair(double call, double gpu, String mark) {
        if (Double.isNaN(call) && Double.isNaN(gpu)) {
            return "-";
        }
        return f(call) + " / " + f(gpu) + (Double.isNaN(gpu) ? "" : mark);
    }

    /** Call and GPU speed-ups of cvj over a peer, "cvj slower" marked on either. */
    private static String speedups(double peerCall, double cvjCall, double peerGpu, double cvjGpu) {
        if (Double.isNaN(peerCall) && Double.isNaN(peerGpu)) {
            return "-";
        }
        return speedup(peerCall, cvjCall) + " / " + speedup(peerGpu, cvjGpu);
    }

    /** Issue 5's speed targets, judged on the batch of 32 RGB 1080p images of this run. */
    private void operatorTargets() {
        Double d2d = op("cvj", "d2d_copy_1GiB_GBps", 1, "1073741824B");
        if (d2d == null || op("cvj", "resize_linear_224", 32, "1920x1080") == null) {
            return;
        }
        String wh = "1920x1080";
        int b = 32;
        md.append("## Targets (issue 5: the operators), batch of 32 RGB 1080p U8\n\n");
        md.append("*% of bound* uses cvj's GPU time (the call queued behind a blocking kernel: the kernels' own time, "
                + "which is what a bandwidth bound measures); the call on an idle GPU also counts the host's issue time and "
                + "is shown beside it. A peer is beaten when cvj is faster both ways. " + LATE_NOTE + "\n\n");
        md.append("| operator | cvj call, ms | cvj GPU, ms | bound, ms | % of bound (>= 80%) | torchvision call / GPU | NPP call / GPU "
                + "| met? |\n|---|---:|---:|---:|---:|---:|---:|---|\n");
        String[][] rows = { // cvj op, torch op, npp op, needs 80%?
            {"convert_u8_f32", "convert_u8_f32", "", "y"},
            {"normalize_f32", "normalize_f32", "", "y"},
            {"reformat_nhwc_nchw", "reformat_nhwc_nchw", "", "y"},
            {"flip_horizontal", "flip_horizontal", "flip_horizontal", "y"},
            {"rgb_to_gray", "rgb_to_gray", "rgb_to_gray", "y"},
            {"swap_rgb_bgr", "swap_rgb_bgr", "swap_rgb_bgr", "y"},
            {"resize_linear_224", "resize_linear_224", "resize_linear_224", "y"},
            {"resize_area_224", "", "resize_area_224", "n"},
        };
        for (String[] r : rows) {
            Figures g = figures(r[0], r[1], r[2], b, wh, d2d);
            double cv = g.cvjCall(), cq = g.cvjGpu();
            double pct = 100 * g.bound() / cq;
            boolean met = (!r[3].equals("y") || pct >= 80) && beats(cv, g.torchCall()) && beats(cq, g.torchGpu())
                    && beats(cv, g.nppCall()) && beats(cq, g.nppGpu()) && !Double.isNaN(cq);
            md.append("| ").append(r[0]).append(" | ").append(f(cv)).append(" | ").append(f(cq)).append(" | ")
                    .append(r[3].equals("y") ? f(g.bound()) : "-").append(" | ")
                    .append(r[3].equals("y") && !Double.isNaN(pct) ? String.format(Locale.ROOT, "%.0f%%", pct) : "-").append(" | ")
                    .append(pairOf("torch", r[1], b, wh)).append(" | ").append(pairOf("npp", r[2], b, wh)).append(" | ")
                    .append(met ? "**met**" : "**missed**").append(" |\n");
        }
        for (String fused : new String[] {"classify_fused", "classify_fused_cfnr"}) {
            double f = orNaN(op("cvj", fused + "_imgs_per_s", b, wh));
            double c = orNaN(op("cvj", "classify_chained_imgs_per_s", b, wh));
            md.append("| ").append(fused).append(" vs classify_chained, images/s | ").append(f0(c)).append(" chained | ")
                    .append(f0(f)).append(" fused | - | - | - | - | ").append(f > c ? "**met**" : "**missed**").append(" |\n");
        }
        md.append('\n');
    }

    /** One operator at one batch and size: cvj's call and GPU times (ms), its bandwidth bound, and the peers'. */
    private record Figures(double cvjCall, double cvjGpu, double bound, double torchCall, double torchGpu, double nppCall,
                           double nppGpu) {}

    /** The figures of cvj's {@code cvjOp} and its peers' ops (empty: none), the bound at {@code bw} GB/s. */
    private Figures figures(String cvjOp, String torchOp, String nppOp, int b, String wh, double bw) {
        Long by = bytes.get(key("cvj", cvjOp, b, wh));
        boolean torch = !torchOp.isEmpty(), npp = !nppOp.isEmpty();
        return new Figures(orNaN(op("cvj", cvjOp, b, wh)), gpu("cvj", cvjOp, b, wh),
                by == null ? Double.NaN : by / (bw * 1e9) * 1e3,
                torch ? orNaN(op("torch", torchOp, b, wh)) : Double.NaN, torch ? gpu("torch", torchOp, b, wh) : Double.NaN,
                npp ? npp(ops, nppOp, b, wh) : Double.NaN, npp ? npp(queued, nppOp, b, wh) : Double.NaN);
    }

    /** cvj at {@code cvj} beats a peer at {@code peer} (a peer not measured is beaten vacuously). */
    private static boolean beats(double cvj, double peer) {
        return Double.isNaN(peer) || cvj < peer;
    }

    private static double orNaN(Double d) {
        return d == null ? Double.NaN : d;
    }

    /** peer time / cvj time, "cvj slower" marked. */
    private static String speedup(double peer, double cvj) {
        if (Double.isNaN(peer) || Double.isNaN(cvj)) {
            return "-";
        }
        double r = peer / cvj;
        return String.format(Locale.ROOT, r < 0.95 ? "%.2fx (cvj slower)" : "%.2fx", r);
    }

    private void endToEnd() {
        md.append("## End to end: classification pre-processing, images per second (higher is better)\n\n");
        md.append("N separate U8 RGB frames -> stack -> resize 224x224 (bilinear) -> F32 [0, 1] -> normalize (ImageNet mean/std) "
                + "-> NCHW. *cvj fused*: Stack + ResizeCropConvertReformat + Normalize; *cvj fused (CFNR)*: Stack + Resize (U8) + "
                + "CropFlipNormalizeReformat; *cvj chained*: Stack, Resize, ConvertTo, Normalize, Reformat. torchvision: "
                + "torch.stack + v2.functional; OpenCV: one image at a time on one CPU thread pool (cv2.resize + numpy). "
                + "Ratios: best cvj / peer.\n\n");
        md.append("| batch | size | cvj fused | cvj fused (CFNR) | cvj chained | torchvision | best cvj vs torch | OpenCV CPU | best cvj vs OpenCV |\n")
                .append("|---:|---|---:|---:|---:|---:|---:|---:|---:|\n");
        for (String wh : SIZES) {
            for (int b : BATCHES) {
                double fused = orNaN(op("cvj", "classify_fused_imgs_per_s", b, wh));
                double cfnr = orNaN(op("cvj", "classify_fused_cfnr_imgs_per_s", b, wh));
                double chained = orNaN(op("cvj", "classify_chained_imgs_per_s", b, wh));
                if (Double.isNaN(fused) && Double.isNaN(chained) && Double.isNaN(cfnr)) {
                    continue;
                }
                double best = Math.max(Double.isNaN(fused) ? 0 : fused, Math.max(Double.isNaN(cfnr) ? 0 : cfnr,
                        Double.isNaN(chained) ? 0 : chained));
                double torch = orNaN(op("torch", "classify_chain_imgs_per_s", b, wh));
                double cv = orNaN(op("opencv_cpu", "classify_chain_imgs_per_s", 1, wh));
                md.append("| ").append(b).append(" | ").append(wh).append(" | ").append(f0(fused)).append(" | ").append(f0(cfnr))
                        .append(" | ").append(f0(chained)).append(" | ").append(f0(torch)).append(" | ").append(speedup(best, torch))
                        .append(" | ").append(f0(cv)).append(" | ").append(speedup(best, cv)).append(" |\n");
            }
        }
        md.append('\n');
    }

    static String f(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return "-";
        }
        double a = Math.abs(v);
        return String.format(Locale.ROOT, a >= 100 ? "%.0f" : a >= 10 ? "%.1f" : a >= 1 ? "%.2f" : "%.3f", v);
    }

    static String f0(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.0f", v);
    }

    // ------------------------------------------------------------------------------------------- plots

    List<String> plots(Path dir) throws IOException {
        List<String> out = new ArrayList<>();
        for (String op : PLOTTED) {
            boolean chain = op.startsWith("classify");
            Map<String, double[]> series = new LinkedHashMap<>(); // "peer size" -> imgs/s per batch index
            for (String peer : new String[] {"cvj", "torch"}) {
                String name = peer.equals("torch") && chain ? "classify_chain" : op;
                for (String wh : SIZES) {
                    double[] y = new double[BATCHES.length];
                    boolean any = false;
                    for (int i = 0; i < BATCHES.length; i++) {
                        Double ms = op(peer, name, BATCHES[i], wh);
                        y[i] = ms == null ? Double.NaN : BATCHES[i] / (ms / 1e3);
                        any |= ms != null;
                    }
                    if (any) {
                        series.put(peer + " " + wh, y);
                    }
                }
            }
            if (series.isEmpty()) {
                continue;
            }
            String file = op + ".png";
            ImageIO.write(chart(op + (chain ? " (torch: classify_chain)" : ""), series), "png", dir.resolve(file).toFile());
            out.add(file);
        }
        return out;
    }

    private static BufferedImage chart(String title, Map<String, double[]> series) {
        int w = 760, h = 480, l = 80, r = 190, t = 40, b = 50;
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, w, h);
        double lo = Double.MAX_VALUE, hi = 0;
        for (double[] y : series.values()) {
            for (double v : y) {
                if (!Double.isNaN(v) && v > 0) {
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                }
            }
        }
        double ylo = Math.floor(Math.log10(lo)), yhi = Math.ceil(Math.log10(hi));
        if (yhi <= ylo) {
            yhi = ylo + 1;
        }
        int pw = w - l - r, ph = h - t - b;
        g.setColor(new Color(225, 225, 225));
        for (double e = ylo; e <= yhi; e++) {
            int y = t + (int) (ph * (yhi - e) / (yhi - ylo));
            g.drawLine(l, y, l + pw, y);
        }
        g.setColor(Color.BLACK);
        g.drawRect(l, t, pw, ph);
        for (double e = ylo; e <= yhi; e++) {
            int y = t + (int) (ph * (yhi - e) / (yhi - ylo));
            PixelFont.draw(g, String.format(Locale.ROOT, "1e%d", (int) e), l - 40, y + 4, 1);
        }
        for (int i = 0; i < BATCHES.length; i++) {
            int x = l + pw * i / (BATCHES.length - 1);
            PixelFont.draw(g, String.valueOf(BATCHES[i]), x - 6, t + ph + 18, 1);
        }
        PixelFont.draw(g, "batch size", l + pw / 2 - 25, h - 12, 1);
        PixelFont.draw(g, "images/s", 10, t - 12, 1);
        PixelFont.draw(g, title, l, t - 14, 2);
        Color[] colors = {new Color(31, 119, 180), new Color(255, 127, 14), new Color(44, 160, 44), new Color(214, 39, 40)};
        int legend = 0;
        for (Map.Entry<String, double[]> s : series.entrySet()) {
            String[] parts = s.getKey().split(" ");
            int ci = List.of(SIZES).indexOf(parts[1]);
            g.setColor(colors[Math.max(0, ci)]);
            boolean dashed = !parts[0].equals("cvj");
            g.setStroke(dashed ? new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 1f, new float[] {7f, 5f}, 0f)
                    : new BasicStroke(2.5f));
            int px = -1, py = -1;
            double[] y = s.getValue();
            for (int i = 0; i < y.length; i++) {
                if (Double.isNaN(y[i]) || y[i] <= 0) {
                    continue; // a skipped combination: the line joins its neighbours
                }
                int x = l + pw * i / (BATCHES.length - 1);
                int yy = t + (int) (ph * (yhi - Math.log10(y[i])) / (yhi - ylo));
                g.fillOval(x - 3, yy - 3, 6, 6);
                if (px >= 0) {
                    g.drawLine(px, py, x, yy);
                }
                px = x;
                py = yy;
            }
            int ly = t + 10 + 18 * legend++;
            g.drawLine(l + pw + 12, ly, l + pw + 42, ly);
            g.setColor(Color.BLACK);
            PixelFont.draw(g, s.getKey().replace("torch", "torchvision"), l + pw + 48, ly + 4, 1);
        }
        g.dispose();
        return img;
    }
}
