package dev.cvj.bench.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The figures of one {@code scripts/gpu-bench.sh} run, read from its CSVs ({@code c_cuda_overhead.csv},
 * {@code c_cuda_overhead_shared.csv}, {@code c_npp_ops.csv}, {@code jmh.csv}, {@code cvj_ops.csv},
 * {@code torch_ops.csv}, {@code cvj_decode.csv}, {@code decode_peers.csv}; any may be missing, which becomes a note), and looked up by peer, operator, batch and size.
 */
final class BenchResults {
    /** The image sizes and batch sizes of the operator grid. */
    static final String[] SIZES = {"224x224", "1280x720", "1920x1080", "3840x2160"};
    static final int[] BATCHES = {1, 8, 32, 128};

    /** peer|op|batch|WxH -> value (call on an idle GPU). */
    final Map<String, Double> ops = new LinkedHashMap<>();
    /** peer|op|batch|WxH -> value queued behind a blocking kernel (the GPU's time alone), where measured. */
    final Map<String, Double> queued = new LinkedHashMap<>();
    /** peer|op|batch|WxH -> queued runs the host issued after the blocking kernel had ended (host time included). */
    private final Map<String, Integer> expired = new LinkedHashMap<>();
    final Map<String, Long> bytes = new LinkedHashMap<>();
    final Map<String, String> cStatic = new LinkedHashMap<>();
    final Map<String, String> cShared = new LinkedHashMap<>();
    private static final String CVJ_DEVICE = "# cvj device ";
    /** benchmark|bytes|host -> score (and unit). */
    private final Map<String, double[]> jmh = new LinkedHashMap<>();
    final List<String> notes = new ArrayList<>();
    /** The GPU cvj's operators ran on, from cvj_ops.csv's comment (c_cuda_overhead.csv's {@code device} comes first). */
    private String cvjDevice;
    /** When the run wrote its results (the newest input file), so a report made later shows the run's date. */
    ZonedDateTime runTime = ZonedDateTime.now();

    /** Reads every result file of the run in {@code dir} (a missing one becomes a note). */
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
        for (String f : new String[] {"cvj_ops.csv", "torch_ops.csv", "c_npp_ops.csv", "cvj_decode.csv",
                "decode_peers.csv"}) {
            Path p = dir.resolve(f);
            if (!Files.exists(p)) {
                notes.add(f + " is missing: its peer is left out");
                continue;
            }
            for (String line : Files.readAllLines(p)) {
                if (line.startsWith("#")) {
                    if (line.startsWith(CVJ_DEVICE) && line.contains(" runtime ")) {
                        cvjDevice = line.substring(CVJ_DEVICE.length(), line.indexOf(" runtime "));
                    }
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

    /** The name of the GPU the run measured, as the run's files give it. */
    String device() {
        String d = cStatic.get("device");
        return d != null ? d : cvjDevice != null ? cvjDevice : "unknown device";
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

    double c(Map<String, String> m, String metric) {
        String v = m.get(metric);
        return v == null ? Double.NaN : parse(v);
    }

    double j(String bench, String bytes, String host) {
        double[] v = jmh.get(bench + "|" + bytes + "|" + host);
        return v == null ? Double.NaN : v[0];
    }

    double jErr(String bench, String bytes, String host) {
        double[] v = jmh.get(bench + "|" + bytes + "|" + host);
        return v == null ? Double.NaN : v[1];
    }

    /** The device-to-device copy bandwidth cvj measured in the run (GB/s, read + write), NaN if it did not. */
    double d2dGBps() {
        return orNaN(op("cvj", "d2d_copy_1GiB_GBps", 1, "1073741824B"));
    }

    /**
     * The key of {@code peer}'s first row of {@code op} whatever its batch and size column (the varshape rows' size
     * column is a label of the sizes file, not one size), or null when there is none.
     */
    String anyKey(String peer, String op) {
        String prefix = peer + "|" + op + "|";
        for (Map<String, Double> m : List.of(ops, queued)) {
            for (String k : m.keySet()) {
                if (k.startsWith(prefix)) {
                    return k;
                }
            }
        }
        return null;
    }

    /** The batch of a row's key. */
    static int batchOf(String key) {
        return Integer.parseInt(key.split("\\|")[2]);
    }

    Double op(String peer, String op, int batch, String wh) {
        return ops.get(key(peer, op, batch, wh));
    }

    double gpu(String peer, String op, int batch, String wh) {
        return orNaN(queued.get(key(peer, op, batch, wh)));
    }

    /** NPP's figure for {@code op}: the better of per-image calls and the batched call ({@code op_batched}). */
    double npp(Map<String, Double> from, String op, int batch, String wh) {
        return orNaN(from.get(nppKey(from, op, batch, wh)));
    }

    /** The key of NPP's better variant of {@code op} in {@code from}. */
    String nppKey(Map<String, Double> from, String op, int batch, String wh) {
        String k1 = key("npp", op, batch, wh), k2 = key("npp", op + "_batched", batch, wh);
        double a = orNaN(from.get(k1)), b = orNaN(from.get(k2));
        return Double.isNaN(a) || (!Double.isNaN(b) && b < a) ? k2 : k1;
    }

    /** "*" when some of the GPU figure's queued runs were issued late, so that it includes host time. */
    String late(String key) {
        return expired.containsKey(key) ? "*" : "";
    }

    static double orNaN(Double d) {
        return d == null ? Double.NaN : d;
    }
}
