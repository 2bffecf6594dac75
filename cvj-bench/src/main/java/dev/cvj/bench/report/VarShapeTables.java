package dev.cvj.bench.report;

import static dev.cvj.bench.report.BenchResults.orNaN;
import static dev.cvj.bench.report.Cells.f;
import static dev.cvj.bench.report.Cells.f0;

import java.util.Locale;

/**
 * The report's section on images of different sizes: cvj's varshape resize (one call on a batch of images of
 * different sizes) against cvj's own per-image loop, NPP's advanced batch call and torchvision's loop; the varshape
 * classification pre-processing against torchvision's; and the section's speed targets.
 */
final class VarShapeTables {
    static final String RESIZE = "resize_varshape_224";
    static final String LOOP = "resize_per_image_loop_224";
    static final String PREPROCESS = "preprocess_varshape_224";
    /** The targets: share of the bandwidth bound, speed-ups per call, the pre-processing's images per second. */
    static final double BOUND_SHARE = 0.80, VS_TORCH = 5, VS_LOOP = 3, PREPROCESS_IMAGES_PER_S = 100_000;

    /** One row of the table: who runs it, its op, and the cvj row it is compared with (empty: it is that row). */
    private record Line(String name, String peer, String op, String comparedWith) {}

    private static final Line[] LINES = {
        new Line("cvj varshape, one call", "cvj", RESIZE, ""),
        new Line("cvj per-image loop", "cvj", LOOP, RESIZE),
        new Line("NPP advanced batch call", "npp", RESIZE, RESIZE),
        new Line("torchvision loop, then stack", "torch", RESIZE, RESIZE),
        new Line("cvj varshape pre-processing (fused)", "cvj", PREPROCESS, ""),
        new Line("torchvision pre-processing loop", "torch", PREPROCESS, PREPROCESS),
    };

    private final BenchResults results;
    private final StringBuilder md;

    VarShapeTables(BenchResults results, StringBuilder md) {
        this.results = results;
        this.md = md;
    }

    /** One measured row: batch, call and GPU times (ms), and the mark of a late GPU figure; null if not measured. */
    private record Figures(int batch, double call, double gpu, String late) {
        double imagesPerS(double ms) {
            return batch / (ms / 1e3);
        }
    }

    private Figures figures(String peer, String op) {
        String key = results.anyKey(peer, op);
        if (key == null) {
            return null;
        }
        return new Figures(BenchResults.batchOf(key), orNaN(results.ops.get(key)), orNaN(results.queued.get(key)),
                results.late(key));
    }

    /** The bound in ms of the work of cvj's {@code op}: the bytes its row says it must move, at the run's D2D bandwidth. */
    private double boundMs(String op) {
        String key = results.anyKey("cvj", op);
        Long bytes = key == null ? null : results.bytes.get(key);
        return bytes == null ? Double.NaN : bytes / (results.d2dGBps() * 1e9) * 1e3;
    }

    /** The section, when the run has any of its rows. */
    void section() {
        boolean any = false;
        for (Line l : LINES) {
            any |= figures(l.peer(), l.op()) != null;
        }
        if (!any) {
            return;
        }
        md.append("## Images of different sizes\n\n");
        md.append("A batch of RGB U8 images of different sizes (the sizes of `bench/varshape-sizes.txt`, read by every peer; ")
                .append("random bytes, each image its own allocation) resized to 224x224 bilinear (OpenCV's INTER_LINEAR: no ")
                .append("antialiasing) into one NHWC batch. *cvj varshape*: one `Resize` call on an `ImageBatchVarShape` (one ")
                .append("launch); *cvj per-image loop*: the single-image `Resize` image by image; *NPP*: one ")
                .append("`nppiResizeBatch_8u_C3R_Advanced_Ctx` call (a size and ROI per image), NPPI_INTER_LINEAR; ")
                .append("*torchvision*: `v2.functional.resize` (antialias=False) image by image on CHW views, then `torch.stack`. ")
                .append("Pre-processing: the same resize, then F32, normalized by the ImageNet mean/std, NCHW. *call*: CUDA ")
                .append("events around one call on an idle GPU (the host's time to issue the call, and its loop, is on the ")
                .append("clock); *GPU*: the same call queued behind a 1 ms blocking kernel (the GPU's work alone). Images/s = ")
                .append("batch / time. Speed-up: this row's time / cvj's (the varshape call for the resizes, the fused ")
                .append("pre-processing for torchvision's); above 1: cvj faster. *% of bound*: the bytes cvj's row says the work ")
                .append("must move (touched source rows + output) at the run's device-to-device bandwidth, over the row's GPU ")
                .append("time.\n\n");
        md.append("| implementation | op | batch | call, ms | GPU, ms | images/s (call / GPU) | cvj speed-up (call / GPU) "
                + "| % of bound |\n|---|---|---:|---:|---:|---:|---:|---:|\n");
        for (Line l : LINES) {
            Figures g = figures(l.peer(), l.op());
            md.append("| ").append(l.name()).append(" | ").append(l.op()).append(" | ");
            if (g == null) {
                md.append("- | not measured | - | - | - | - |\n");
                continue;
            }
            Figures cvj = l.comparedWith().isEmpty() ? null : figures("cvj", l.comparedWith());
            md.append(g.batch()).append(" | ").append(f(g.call())).append(" | ").append(f(g.gpu())).append(g.late())
                    .append(" | ").append(f0(g.imagesPerS(g.call()))).append(" / ").append(f0(g.imagesPerS(g.gpu())))
                    .append(" | ").append(cvj == null ? "-" : Cells.speedups(g.call(), cvj.call(), g.gpu(), cvj.gpu()))
                    .append(" | ").append(percent(boundMs(l.op()) / g.gpu()))
                    .append(" |\n");
        }
        md.append('\n');
        targets();
    }

    /** The section's targets, each met or not with its figure. */
    private void targets() {
        Figures cvj = figures("cvj", RESIZE);
        md.append("Targets (the varshape resize on its own figures: the bound on GPU time, the speed-ups per call; NPP ")
                .append("is beaten when cvj is faster both ways; the pre-processing's images/s on the call time, the stricter):\n\n");
        md.append("| target | figure | met? |\n|---|---:|---|\n");
        double share = cvj == null ? Double.NaN : boundMs(RESIZE) / cvj.gpu();
        target(String.format(Locale.ROOT, "varshape resize at >= %.0f%% of its bandwidth bound (GPU time)", 100 * BOUND_SHARE),
                percent(share), Double.isNaN(share) ? null : share >= BOUND_SHARE);
        Figures npp = figures("npp", RESIZE);
        target("varshape resize faster than NPP's advanced batch call (call and GPU)", speedups(npp, cvj),
                npp == null || cvj == null ? null : cvj.call() < npp.call() && cvj.gpu() < npp.gpu());
        perCall(String.format(Locale.ROOT, "varshape resize >= %.0fx torchvision's loop per call", VS_TORCH),
                figures("torch", RESIZE), cvj, VS_TORCH);
        perCall(String.format(Locale.ROOT, "varshape resize >= %.0fx cvj's per-image loop per call", VS_LOOP),
                figures("cvj", LOOP), cvj, VS_LOOP);
        Figures pre = figures("cvj", PREPROCESS);
        double ips = pre == null ? Double.NaN : pre.imagesPerS(pre.call());
        target(String.format(Locale.ROOT, "fused varshape pre-processing >= %s images/s", f0(PREPROCESS_IMAGES_PER_S)),
                Double.isNaN(ips) ? "-" : f0(ips) + " images/s (GPU: " + f0(pre.imagesPerS(pre.gpu())) + ")",
                Double.isNaN(ips) ? null : ips >= PREPROCESS_IMAGES_PER_S);
        md.append('\n');
    }

    /** A speed-up target judged on the call time ({@code peer} / {@code cvj} >= {@code factor}). */
    private void perCall(String name, Figures peer, Figures cvj, double factor) {
        boolean measured = peer != null && cvj != null && !Double.isNaN(peer.call()) && !Double.isNaN(cvj.call());
        target(name, speedups(peer, cvj), measured ? peer.call() / cvj.call() >= factor : null);
    }

    private static String speedups(Figures peer, Figures cvj) {
        return peer == null || cvj == null ? "-" : Cells.speedups(peer.call(), cvj.call(), peer.gpu(), cvj.gpu());
    }

    /** A target's row: {@code met} null when a figure it needs was not measured. */
    private void target(String name, String figure, Boolean met) {
        md.append("| ").append(name).append(" | ").append(figure).append(" | ")
                .append(met == null ? "not measured" : met ? "**met**" : "**not met**").append(" |\n");
    }

    private static String percent(double share) {
        return Double.isNaN(share) || Double.isInfinite(share) ? "-" : String.format(Locale.ROOT, "%.0f%%", 100 * share);
    }
}
