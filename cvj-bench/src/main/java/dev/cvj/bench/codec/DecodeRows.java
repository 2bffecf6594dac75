package dev.cvj.bench.codec;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;

/**
 * The lines of the decode benchmarks' CSV, in the format of every benchmark CSV
 * ({@code peer,op,batch,WxH,median_ms,min_ms,max_ms,bytes,queued_ms,expired}): one row per workload and size with the
 * wall times of whole batches (no queued figure: the work starts on the host), and a comment line with the share of
 * images each decode path took.
 */
final class DecodeRows {
    static final String HEADER = "peer,op,batch,WxH,median_ms,min_ms,max_ms,bytes,queued_ms,expired";
    /** The start of the comment line of the decode paths; the report finds it by this. */
    static final String PATHS = "# decode paths ";

    private DecodeRows() {}

    /**
     * A row of {@code peer}'s {@code op}: median (the upper one of an even count, as GpuTimer), fastest and slowest of
     * {@code ms}; {@code bytes}: the encoded bytes of the batch.
     */
    static String row(String peer, String op, int batch, int width, int height, double[] ms, long bytes) {
        if (ms.length == 0) {
            throw new IllegalArgumentException("DecodeRows.row: no times for " + op);
        }
        double[] s = ms.clone();
        Arrays.sort(s);
        return String.format(Locale.ROOT, "%s,%s,%d,%dx%d,%.4f,%.4f,%.4f,%d,,", peer, op, batch, width, height,
                s[s.length / 2], s[0], s[s.length - 1], bytes);
    }

    /** E.g. {@code # decode paths jpeg_decode 1920x1080: HARDWARE 100.0%, GPU_HYBRID 0.0%, CPU 0.0% of 2944 images}. */
    static String paths(String op, int width, int height, Map<String, Long> counts) {
        long total = counts.values().stream().mapToLong(Long::longValue).sum();
        StringBuilder sb = new StringBuilder(PATHS).append(op).append(' ').append(width).append('x').append(height).append(':');
        String sep = " ";
        for (Map.Entry<String, Long> e : counts.entrySet()) {
            sb.append(sep).append(e.getKey()).append(' ')
                    .append(String.format(Locale.ROOT, "%.1f%%", total == 0 ? 0.0 : 100.0 * e.getValue() / total));
            sep = ", ";
        }
        return sb.append(" of ").append(total).append(" images").toString();
    }
}
