package dev.cvj.bench.report;

import java.util.Locale;

/** The report's table cells: figures with as many digits as they deserve, and ratios that say when cvj is slower. */
final class Cells {
    private Cells() {}

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

    /** A call time and a GPU time, the GPU one followed by {@code mark}. */
    static String pair(double call, double gpu, String mark) {
        if (Double.isNaN(call) && Double.isNaN(gpu)) {
            return "-";
        }
        return f(call) + " / " + f(gpu) + (Double.isNaN(gpu) ? "" : mark);
    }

    /** peer time / cvj time, "cvj slower" marked. */
    static String speedup(double peer, double cvj) {
        if (Double.isNaN(peer) || Double.isNaN(cvj)) {
            return "-";
        }
        double r = peer / cvj;
        return String.format(Locale.ROOT, r < 0.95 ? "%.2fx (cvj slower)" : "%.2fx", r);
    }

    /** Call and GPU speed-ups of cvj over a peer, "cvj slower" marked on either. */
    static String speedups(double peerCall, double cvjCall, double peerGpu, double cvjGpu) {
        if (Double.isNaN(peerCall) && Double.isNaN(peerGpu)) {
            return "-";
        }
        return speedup(peerCall, cvjCall) + " / " + speedup(peerGpu, cvjGpu);
    }

    /** cvj time / peer time, "slower" marked. */
    static String timeRatio(double peer, double cvj) {
        if (Double.isNaN(peer) || Double.isNaN(cvj)) {
            return "-";
        }
        double r = cvj / peer;
        return String.format(Locale.ROOT, r > 1.05 ? "%.2f (cvj slower)" : "%.2f", r);
    }

    /** cvj bandwidth / peer bandwidth, "slower" marked. */
    static String bwRatio(double cvj, double peer) {
        if (Double.isNaN(peer) || Double.isNaN(cvj)) {
            return "-";
        }
        double r = cvj / peer;
        return String.format(Locale.ROOT, r < 0.95 ? "%.2f (cvj slower)" : "%.2f", r);
    }
}
