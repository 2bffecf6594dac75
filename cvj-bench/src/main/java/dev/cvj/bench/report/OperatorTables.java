package dev.cvj.bench.report;

import static dev.cvj.bench.report.BenchResults.BATCHES;
import static dev.cvj.bench.report.BenchResults.SIZES;
import static dev.cvj.bench.report.BenchResults.orNaN;
import static dev.cvj.bench.report.Cells.f;
import static dev.cvj.bench.report.Cells.f0;
import static dev.cvj.bench.report.Cells.speedup;

import java.util.List;
import java.util.Locale;

/** The report's operator sections: the speed targets, one table per operator, and the end-to-end pipeline. */
final class OperatorTables {
    /** Operator rows: cvj op, its peers' op names (torch, npp, opencv, cupy; empty: none), a note. */
    static final String[][] OPS = {
        {"convert_u8_f32", "convert_u8_f32", "convert_u8_f32", "convert_u8_f32", "", "U8 -> F32 x 1/255 (NPP: no scale)"},
        {"normalize_f32", "normalize_f32", "", "", "", "F32 NCHW, ImageNet mean/std"},
        {"reformat_nhwc_nchw", "reformat_nhwc_nchw", "", "reformat_nhwc_nchw", "", "U8 NHWC -> NCHW"},
        {"flip_horizontal", "flip_horizontal", "flip_horizontal", "flip_horizontal", "", "cvj NHWC; torch NCHW"},
        {"rgb_to_gray", "rgb_to_gray", "rgb_to_gray", "rgb_to_gray", "", "CvtColor RGB2GRAY"},
        {"swap_rgb_bgr", "swap_rgb_bgr", "swap_rgb_bgr", "swap_rgb_bgr", "", "CvtColor RGB2BGR"},
        {"channel_reorder_bgr", "swap_rgb_bgr", "swap_rgb_bgr", "swap_rgb_bgr", "", "ChannelReorder {2,1,0}"},
        {"nv12_to_rgb", "", "", "nv12_to_rgb", "", "CvtColor YUV2RGB_NV12"},
        {"resize_linear_224", "resize_linear_224", "resize_linear_224", "resize_linear_224", "", "NPP: best of per-image and nppiResizeBatch"},
        {"resize_nearest_224", "resize_nearest_224", "", "resize_nearest_224", "", ""},
        {"resize_area_224", "", "resize_area_224", "resize_area_224", "", "NPP: SUPER, best of per-image and batched"},
        {"resize_cubic_224", "resize_cubic_224", "", "resize_cubic_224", "", ""},
        {"custom_crop_224", "custom_crop_224", "", "", "", "centre 224x224"},
        {"copy_make_border_16", "copy_make_border_16", "", "copy_make_border_16", "", "16 px constant border"},
        {"stack", "stack", "", "", "", "N separate frames -> NHWC batch"},
        {"rccr_224_f32_nchw", "rccr_224_f32_nchw", "", "", "", "ResizeCropConvertReformat (torch: resize, to_dtype, contiguous)"},
        {"cfnr_224_f32_nchw", "cfnr_224_f32_nchw", "", "", "", "CropFlipNormalizeReformat (torch: crop, flip, to_dtype, normalize)"},
        {"warp_affine_linear", "warp_affine_linear", "warp_affine_linear", "warp_affine_linear", "warp_affine_linear",
            "15 degrees, scale 0.9, about the centre; border 0"},
        {"warp_perspective_linear", "warp_perspective_linear", "warp_perspective_linear", "warp_perspective_linear",
            "warp_perspective_linear", "CuPy: map_coordinates per image"},
        {"rotate_linear", "rotate_linear", "rotate_linear", "rotate_linear", "rotate_linear", "15 degrees about the centre"},
        {"remap_linear", "", "remap_linear", "remap_linear", "remap_linear", "one F32 map; CuPy: map_coordinates per image"},
        {"gaussian_7x7", "gaussian_7x7", "gaussian_7x7", "gaussian_7x7", "gaussian_7x7", "sigma 1.4 (NPP: its fixed 7x7 mask)"},
        {"box_5x5", "", "box_5x5", "box_5x5", "box_5x5", "normalized"},
        {"laplacian_3x3", "", "laplacian_3x3", "laplacian_3x3", "laplacian_3x3", "ksize 3 (NPP: its 3x3 mask)"},
        {"conv2d_5x5", "", "conv2d_5x5", "conv2d_5x5", "conv2d_5x5", "fixed 5x5 kernel"},
        {"erode_3x3", "", "erode_3x3", "erode_3x3", "erode_3x3", "rectangle"},
        {"dilate_3x3", "", "dilate_3x3", "dilate_3x3", "dilate_3x3", "rectangle"},
        {"median_5x5", "", "median_5x5", "median_5x5", "median_5x5", "NPP: the image less a 2-pixel frame"},
        {"adaptive_threshold_11", "", "", "adaptive_threshold_11", "adaptive_threshold_11", "1 channel, MEAN_C, C 2"},
        {"threshold_binary", "", "threshold_binary", "threshold_binary", "threshold_binary", "1 channel, at 127"},
        {"threshold_otsu", "", "", "threshold_otsu", "", "1 channel, OTSU"},
    };

    private final BenchResults results;
    private final StringBuilder md;
    private final OperatorTable table;

    OperatorTables(BenchResults results, StringBuilder md) {
        this.results = results;
        this.md = md;
        table = new OperatorTable(results, List.of(OperatorTable.TORCH, OperatorTable.NPP, OperatorTable.OPENCV,
                OperatorTable.CUPY));
    }

    private String pairOf(String peer, String op, int batch, String wh) {
        return table.pairOf(peer, op, batch, wh);
    }

    static final String LATE_NOTE = "A GPU figure marked * includes host time: in some of its runs the host "
            + "issued the work only after the 1 ms blocking kernel had ended (torchvision's normalize copies its mean "
            + "and std to the GPU synchronously; NPP's per-image calls at batch 128 take longer than 1 ms to issue).";

    /** One table per operator over the batch x size grid: cvj against its bound and every peer. */
    void operators() {
        double bw = results.d2dGBps();
        md.append("## Operators: time per batch, ms (median; lower is better)\n\n");
        md.append(String.format(Locale.ROOT, "Device-to-device bandwidth measured by cvj in this run (1 GiB, read + write): **%s GB/s**; "
                + "torch's D2D copy: %s GB/s. Every GPU figure is timed two ways (see Method): *call*, CUDA events around one "
                + "call on an idle GPU, so the host's time to issue it is on the clock; *GPU*, the same call queued behind a "
                + "1 ms blocking kernel, so only the GPU's work is. *Bound* = bytes the operator must move (reads + writes) / "
                + "that bandwidth; *%% of bound* = bound / cvj's GPU time. Ratios: peer time / cvj time (above 1: cvj "
                + "faster), call and GPU. OpenCV runs on the CPU one image per call; its column is per-image time x batch. "
                + "CuPy: cupyx.scipy.ndimage on the same NHWC tensors (the warp and filter rows). "
                + LATE_NOTE + "\n\n",
                f(bw), f(orNaN(results.op("torch", "d2d_copy_1GiB_GBps", 1, "1073741824B")))));
        for (String[] o : OPS) {
            table.append(md, o[0], List.of(o[1], o[2], o[3], o[4]), o[5], true);
        }
    }

    /**
     * The operators' speed targets (80% of the bandwidth bound, faster than torchvision and NPP both ways; the fused
     * pipeline faster than the chained one), judged on the batch of 32 RGB 1080p images of this run.
     */
    void targets() {
        double d2d = results.d2dGBps();
        if (Double.isNaN(d2d) || results.op("cvj", "resize_linear_224", 32, "1920x1080") == null) {
            return;
        }
        String wh = "1920x1080";
        int b = 32;
        md.append("## Speed targets: the operators, batch of 32 RGB 1080p U8\n\n");
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
            double f = orNaN(results.op("cvj", fused + "_imgs_per_s", b, wh));
            double c = orNaN(results.op("cvj", "classify_chained_imgs_per_s", b, wh));
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
        Long by = results.bytes.get(BenchResults.key("cvj", cvjOp, b, wh));
        boolean torch = !torchOp.isEmpty(), npp = !nppOp.isEmpty();
        return new Figures(orNaN(results.op("cvj", cvjOp, b, wh)), results.gpu("cvj", cvjOp, b, wh),
                by == null ? Double.NaN : by / (bw * 1e9) * 1e3,
                torch ? table.call("torch", torchOp, b, wh) : Double.NaN,
                torch ? table.gpu("torch", torchOp, b, wh) : Double.NaN,
                npp ? table.call("npp", nppOp, b, wh) : Double.NaN,
                npp ? table.gpu("npp", nppOp, b, wh) : Double.NaN);
    }

    /** cvj at {@code cvj} beats a peer at {@code peer} (a peer not measured is beaten vacuously). */
    private static boolean beats(double cvj, double peer) {
        return Double.isNaN(peer) || cvj < peer;
    }

    /** Classification pre-processing end to end, images per second: cvj fused and chained, torchvision, OpenCV. */
    void endToEnd() {
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
                double fused = orNaN(results.op("cvj", "classify_fused_imgs_per_s", b, wh));
                double cfnr = orNaN(results.op("cvj", "classify_fused_cfnr_imgs_per_s", b, wh));
                double chained = orNaN(results.op("cvj", "classify_chained_imgs_per_s", b, wh));
                if (Double.isNaN(fused) && Double.isNaN(chained) && Double.isNaN(cfnr)) {
                    continue;
                }
                double best = Math.max(Double.isNaN(fused) ? 0 : fused, Math.max(Double.isNaN(cfnr) ? 0 : cfnr,
                        Double.isNaN(chained) ? 0 : chained));
                double torch = orNaN(results.op("torch", "classify_chain_imgs_per_s", b, wh));
                double cv = orNaN(results.op("opencv_cpu", "classify_chain_imgs_per_s", 1, wh));
                md.append("| ").append(b).append(" | ").append(wh).append(" | ").append(f0(fused)).append(" | ").append(f0(cfnr))
                        .append(" | ").append(f0(chained)).append(" | ").append(f0(torch)).append(" | ").append(speedup(best, torch))
                        .append(" | ").append(f0(cv)).append(" | ").append(speedup(best, cv)).append(" |\n");
            }
        }
        md.append('\n');
    }
}
