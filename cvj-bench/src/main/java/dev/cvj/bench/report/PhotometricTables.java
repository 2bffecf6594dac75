package dev.cvj.bench.report;

import static dev.cvj.bench.report.BenchResults.orNaN;
import static dev.cvj.bench.report.Cells.f;

import java.util.List;
import java.util.Locale;

/**
 * The report's section on colour conversions, photometric adjustments, statistics and training resizes: one table per
 * operator (cvj against its bound where the operator is pointwise, torchvision, NPP, OpenCV and Pillow), then the
 * training resizes' speed targets.
 */
final class PhotometricTables {
    /** A row: cvj's op, its peers' ops (torch, npp, opencv, pillow; empty: none), a note, whether to show the bound. */
    private record Op(String cvj, String torch, String npp, String opencv, String pillow, String note, boolean bound) {}

    private static final List<Op> OPS = List.of(
            new Op("brightness_contrast", "", "brightness_contrast", "brightness_contrast", "",
                    "saturate(1.8 x - 66.8): brightness 1.2, contrast 1.5, shift 10, centre 128; NPP: ColorTwist", true),
            new Op("adjust_brightness", "adjust_brightness", "adjust_brightness", "adjust_brightness", "",
                    "x 1.2", true),
            new Op("adjust_contrast", "adjust_contrast", "adjust_contrast", "adjust_contrast", "",
                    "x 1.5 about 128; torchvision about each image's mean grey, which it computes first", true),
            new Op("gamma_contrast", "gamma_contrast", "gamma_contrast", "gamma_contrast", "",
                    "gamma 2.2; NPP and OpenCV: a 256-entry LUT", true),
            new Op("color_twist", "", "color_twist", "color_twist", "", "sepia 3x4 matrix", true),
            new Op("erase", "erase", "erase", "", "", "one 200x200 rectangle of 0 per image, into a copy (torchvision: "
                    + "a clone); NPP: copy, then set", true),
            new Op("erase_inplace", "erase_inplace", "", "", "", "the same areas in place: only they are written", false),
            new Op("gaussian_noise", "gaussian_noise", "", "", "",
                    "sigma 0.1 of the range; torchvision on F32 [0, 1] NCHW, cvj on U8", true),
            new Op("histogram", "histogram", "histogram", "histogram", "", "1 channel, 256 bins; torch: histc per image",
                    true),
            new Op("histogram_eq", "histogram_eq", "", "histogram_eq", "", "1 channel", false),
            new Op("min_max_loc", "min_max_loc", "min_max_loc", "min_max_loc", "",
                    "1 channel; torch: aminmax, argmin, argmax", true),
            new Op("rgb2hls", "", "rgb2hls", "rgb2hls", "", "", true),
            new Op("rgb2lab", "", "rgb2lab", "rgb2lab", "", "NPP: BGRToLab", true),
            new Op("rgb2xyz", "", "rgb2xyz", "rgb2xyz", "", "", true),
            new Op("rgb2ycrcb", "", "rgb2ycrcb", "rgb2ycrcb", "", "NPP: RGBToYCbCr (Y, Cb, Cr order)", true),
            new Op("yuyv2rgb", "", "yuyv2rgb", "yuyv2rgb", "", "YUYV 4:2:2 (2 bytes a pixel) -> RGB", true),
            new Op("hq_resize_224", "hq_resize_224", "", "", "pillow_resize_224",
                    "1080p -> 224x224 antialiased bilinear; torchvision antialias=True", false),
            new Op("pillow_resize_224", "hq_resize_224", "", "", "pillow_resize_224",
                    "1080p -> 224x224, Pillow's BILINEAR; Pillow on one CPU core; torchvision: antialias=True", false),
            new Op("random_resized_crop_224", "random_resized_crop_224", "", "", "",
                    "torchvision RandomResizedCrop(224, antialias=True) per image, then stack", false));

    /** The targets at batch 32, 1920x1080: cvj's time against torchvision's and against Pillow's per image x 32. */
    static final double VS_TORCH = 5, VS_PILLOW = 50;

    private final BenchResults results;
    private final StringBuilder md;
    private final OperatorTable table;

    PhotometricTables(BenchResults results, StringBuilder md) {
        this.results = results;
        this.md = md;
        table = new OperatorTable(results, List.of(OperatorTable.TORCH, OperatorTable.NPP, OperatorTable.OPENCV,
                OperatorTable.PILLOW));
    }

    /** The section, when the run measured any of its rows. */
    void section() {
        StringBuilder tables = new StringBuilder();
        for (Op o : OPS) {
            table.append(tables, o.cvj(), List.of(o.torch(), o.npp(), o.opencv(), o.pillow()), o.note(), o.bound());
        }
        if (tables.isEmpty()) {
            return;
        }
        md.append("## Colour, photometric, statistics and training resizes: time per batch, ms (median; lower is better)\n\n");
        md.append("U8 RGB NHWC (statistics: 1 channel) on batches 1 and 32 at 224x224 and 1920x1080, with the same "
                + "parameters for every peer (cvj-bench's PhotometricRows, bench/python/torch_ops.py, "
                + "bench/c/npp_color_stats.cu). Columns as in the operator tables above; *% of bound* only for the pointwise "
                + "operators and those that read the image once (the resizes' bound is not their cost). OpenCV and Pillow "
                + "run on the CPU one image per call: their column is per-image time x batch. A table without cvj figures "
                + "holds the peers' rows of an operator that cvj has not timed in this run. " + OperatorTables.LATE_NOTE
                + "\n\n");
        targets();
        md.append(tables);
    }

    /** The training resizes' targets at batch 32 of 1920x1080: >= 5x torchvision (GPU time), >= 50x Pillow per image. */
    private void targets() {
        String wh = "1920x1080";
        int b = 32;
        double hq = results.gpu("cvj", "hq_resize_224", b, wh), torch = table.gpu("torch", "hq_resize_224", b, wh);
        double pil = results.gpu("cvj", "pillow_resize_224", b, wh);
        double pillow = orNaN(results.op("pillow", "pillow_resize_224", 1, wh)) * b;
        if (Double.isNaN(hq) && Double.isNaN(pil)) {
            return;
        }
        md.append("| target (batch 32, 1920x1080 -> 224x224) | cvj GPU, ms | peer, ms | speed-up | met? |\n")
                .append("|---|---:|---:|---:|---|\n");
        target(String.format(Locale.ROOT, "hq_resize_224 >= %.0fx torchvision antialias=True (GPU)", VS_TORCH), hq,
                torch, VS_TORCH);
        target(String.format(Locale.ROOT, "pillow_resize_224 >= %.0fx Pillow BILINEAR, one core (x 32 images)", VS_PILLOW),
                pil, pillow, VS_PILLOW);
        md.append('\n');
    }

    private void target(String name, double cvj, double peer, double needed) {
        double r = peer / cvj;
        md.append("| ").append(name).append(" | ").append(f(cvj)).append(" | ").append(f(peer)).append(" | ")
                .append(Double.isNaN(r) ? "-" : String.format(Locale.ROOT, "%.1fx", r)).append(" | ")
                .append(Double.isNaN(r) ? "-" : r >= needed ? "**met**" : "**missed**").append(" |\n");
    }
}
