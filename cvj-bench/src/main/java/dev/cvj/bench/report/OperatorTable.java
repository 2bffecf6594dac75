package dev.cvj.bench.report;

import static dev.cvj.bench.report.BenchResults.BATCHES;
import static dev.cvj.bench.report.BenchResults.SIZES;
import static dev.cvj.bench.report.BenchResults.orNaN;
import static dev.cvj.bench.report.Cells.f;
import static dev.cvj.bench.report.Cells.pair;
import static dev.cvj.bench.report.Cells.speedup;
import static dev.cvj.bench.report.Cells.speedups;

import java.util.List;
import java.util.Locale;

/**
 * One operator's table over the batch x size grid: cvj's call and GPU times, its bandwidth bound, and a pair of
 * columns per peer (its figure and cvj's speed-up against it). A row appears where cvj or a GPU peer measured that
 * batch and size, or where a CPU peer measured that size at batch 1, so that rows measured by peers alone show too.
 */
final class OperatorTable {
    /**
     * A peer's columns: its CSV name, the headers of its figure and of cvj's ratio against it, and whether it runs on
     * the CPU one image per call (its figure is then the per-image time x batch, one ratio).
     */
    record Peer(String name, String header, String versus, boolean cpu) {}

    static final Peer TORCH = new Peer("torch", "torchvision call / GPU", "vs torch", false);
    static final Peer NPP = new Peer("npp", "NPP call / GPU", "vs NPP", false);
    static final Peer OPENCV = new Peer("opencv_cpu", "OpenCV CPU", "vs OpenCV", true);
    static final Peer CUPY = new Peer("cupy", "CuPy call / GPU", "vs CuPy", false);
    static final Peer PILLOW = new Peer("pillow", "Pillow CPU", "vs Pillow", true);

    private final BenchResults results;
    private final List<Peer> peers;

    OperatorTable(BenchResults results, List<Peer> peers) {
        this.results = results;
        this.peers = peers;
    }

    /** A GPU peer's call time (ms) of {@code op}; NPP's is the better of per-image and batched calls. */
    double call(String peer, String op, int b, String wh) {
        return peer.equals("npp") ? results.npp(results.ops, op, b, wh) : orNaN(results.op(peer, op, b, wh));
    }

    /** A GPU peer's GPU time (ms) of {@code op}, queued behind the blocking kernel. */
    double gpu(String peer, String op, int b, String wh) {
        return peer.equals("npp") ? results.npp(results.queued, op, b, wh) : results.gpu(peer, op, b, wh);
    }

    /** A GPU peer's "call / GPU" cell, the GPU figure marked when it includes host time; "-" for no op. */
    String pairOf(String peer, String op, int b, String wh) {
        if (op.isEmpty()) {
            return "-";
        }
        String key = peer.equals("npp") ? results.nppKey(results.queued, op, b, wh) : BenchResults.key(peer, op, b, wh);
        return pair(call(peer, op, b, wh), gpu(peer, op, b, wh), results.late(key));
    }

    /**
     * Appends the table of cvj's {@code cvjOp} against {@code peerOps} (one per peer, empty: none) under the heading
     * {@code cvjOp (note)}, with the bound and its share where {@code bound}; nothing when no row was measured.
     */
    void append(StringBuilder md, String cvjOp, List<String> peerOps, String note, boolean bound) {
        double bw = results.d2dGBps();
        StringBuilder t = new StringBuilder();
        for (String wh : SIZES) {
            for (int b : BATCHES) {
                if (!measured(cvjOp, peerOps, b, wh)) {
                    continue;
                }
                double cv = orNaN(results.op("cvj", cvjOp, b, wh)), cq = results.gpu("cvj", cvjOp, b, wh);
                Long bytes = results.bytes.get(BenchResults.key("cvj", cvjOp, b, wh));
                double boundMs = !bound || bytes == null ? Double.NaN : bytes / (bw * 1e9) * 1e3;
                double againstBound = Double.isNaN(cq) ? cv : cq;
                t.append("| ").append(b).append(" | ").append(wh).append(" | ").append(f(cv)).append(" | ").append(f(cq))
                        .append(results.late(BenchResults.key("cvj", cvjOp, b, wh))).append(" | ").append(f(boundMs))
                        .append(" | ").append(Double.isNaN(boundMs) || Double.isNaN(againstBound) ? "-"
                                : String.format(Locale.ROOT, "%.0f%%", 100 * boundMs / againstBound));
                for (int i = 0; i < peers.size(); i++) {
                    Peer p = peers.get(i);
                    String op = peerOps.get(i);
                    if (p.cpu()) {
                        double cpu = op.isEmpty() ? Double.NaN : orNaN(results.op(p.name(), op, 1, wh)) * b;
                        t.append(" | ").append(f(cpu)).append(" | ").append(speedup(cpu, cv));
                    } else {
                        t.append(" | ").append(pairOf(p.name(), op, b, wh)).append(" | ")
                                .append(op.isEmpty() || Double.isNaN(cv) && Double.isNaN(cq) ? "-"
                                        : speedups(call(p.name(), op, b, wh), cv, gpu(p.name(), op, b, wh), cq));
                    }
                }
                t.append(" |\n");
            }
        }
        if (t.isEmpty()) {
            return;
        }
        md.append("### ").append(cvjOp).append(note.isEmpty() ? "" : " (" + note + ")").append("\n\n");
        md.append("| batch | size | cvj call | cvj GPU | bound | % of bound |");
        StringBuilder rule = new StringBuilder("|---:|---|---:|---:|---:|---:|");
        for (Peer p : peers) {
            md.append(' ').append(p.header()).append(" | ").append(p.versus()).append(" |");
            rule.append("---:|---:|");
        }
        md.append('\n').append(rule).append('\n').append(t).append('\n');
    }

    private boolean measured(String cvjOp, List<String> peerOps, int b, String wh) {
        if (results.op("cvj", cvjOp, b, wh) != null) {
            return true;
        }
        for (int i = 0; i < peers.size(); i++) {
            Peer p = peers.get(i);
            String op = peerOps.get(i);
            if (op.isEmpty()) {
                continue;
            }
            boolean has = p.cpu() ? b == 1 && results.op(p.name(), op, 1, wh) != null
                    : !Double.isNaN(call(p.name(), op, b, wh)) || !Double.isNaN(gpu(p.name(), op, b, wh));
            if (has) {
                return true;
            }
        }
        return false;
    }
}
