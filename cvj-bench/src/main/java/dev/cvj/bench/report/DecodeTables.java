package dev.cvj.bench.report;

import static dev.cvj.bench.report.Cells.f0;

import java.util.Locale;

/**
 * The report's section on JPEG decoding: images per second of cvj's decoder ({@code cvj_decode.csv}), torchvision's
 * {@code decode_jpeg} on CUDA and OpenCV's {@code imdecode} on CPU threads ({@code decode_peers.csv}), decoding alone
 * and decoding then pre-processing to a 224x224 NCHW F32 batch, on the same files; cvj's decode paths; and the
 * {@code cvj preprocess} command timed whole on the same 1080p folder.
 */
final class DecodeTables {
    static final String DECODE = "jpeg_decode";
    static final String PIPELINE = "jpeg_pipeline";
    static final String CLI = "jpeg_preprocess_cli";
    static final String[] SIZES = {"1920x1080", "640x480"};
    /** The comment lines of cvj's decode paths, as {@link BenchResults} keeps them (file name, then the comment). */
    static final String PATHS_NOTE = "cvj_decode.csv: decode paths ";
    /** The comment line of the command's own summary line (bench/time-cli-preprocess.sh writes it). */
    static final String CLI_NOTE = "cvj_decode.csv: cvj preprocess (its own summary): ";

    private final BenchResults results;
    private final StringBuilder md;

    DecodeTables(BenchResults results, StringBuilder md) {
        this.results = results;
        this.md = md;
    }

    /** The key of {@code peer}'s row of {@code op} at {@code size}, whatever its batch; null when there is none. */
    private String key(String peer, String op, String size) {
        String prefix = peer + "|" + op + "|", suffix = "|" + size;
        for (String k : results.ops.keySet()) {
            if (k.startsWith(prefix) && k.endsWith(suffix)) {
                return k;
            }
        }
        return null;
    }

    /** Images per second of a row (batch / median ms), NaN when it was not measured. */
    private double imagesPerS(String peer, String op, String size) {
        String k = key(peer, op, size);
        return k == null ? Double.NaN : BenchResults.batchOf(k) / (results.ops.get(k) / 1e3);
    }

    /** The section, when the run has any of its rows. */
    void section() {
        boolean any = false;
        for (String size : SIZES) {
            for (String peer : new String[] {"cvj", "torch", "opencv_cpu", "cvj_cli"}) {
                any |= key(peer, DECODE, size) != null || key(peer, PIPELINE, size) != null || key(peer, CLI, size) != null;
            }
        }
        if (!any) {
            return;
        }
        md.append("## JPEG decode and pre-processing, images per second\n\n");
        md.append("Synthetic JPEGs (a gradient, shapes and mild noise per image; ImageIO's writer at quality 90, 4:2:0), ")
                .append("written once by cvj's benchmark and read by every peer, in batches of 128. *decode*: the encoded bytes ")
                .append("in host memory to U8 RGB images (cvj: `ImageDecoder.decode` into an `ImageBatchVarShape` on the GPU; ")
                .append("torchvision: `decode_jpeg(list, device=\"cuda\")`; OpenCV: `cv2.imdecode` on a pool of 16 threads, ")
                .append("`cv2.setNumThreads(1)`, images in host memory). *pipeline*: the decode, then resize to 224x224 ")
                .append("bilinear, F32 normalized by the ImageNet mean/std, NCHW (cvj: `Resize` of the batch, then ")
                .append("`CropFlipNormalizeReformat`; torchvision: `resize` (antialias=False) per image, `stack`, `to_dtype`, ")
                .append("`normalize` on the GPU; OpenCV: `resize`, normalize and transpose per image on the threads, then ")
                .append("`np.stack`, on the host). Images/s = batch / median wall time of a batch (the clock stops when the ")
                .append("GPU is done), after warm-up. Speed-up: cvj's images/s / the peer's; above 1: cvj faster.\n\n");
        md.append("| workload | size | cvj | torchvision (CUDA) | OpenCV (CPU, 16 threads) | cvj vs torchvision | cvj vs OpenCV |\n")
                .append("|---|---|---:|---:|---:|---:|---:|\n");
        for (String op : new String[] {DECODE, PIPELINE}) {
            for (String size : SIZES) {
                double cvj = imagesPerS("cvj", op, size);
                double torch = imagesPerS("torch", op, size);
                double cv = imagesPerS("opencv_cpu", op, size);
                md.append("| ").append(op.equals(DECODE) ? "decode" : "pipeline").append(" | ").append(size).append(" | ")
                        .append(f0(cvj)).append(" | ").append(f0(torch)).append(" | ").append(f0(cv)).append(" | ")
                        .append(ratio(cvj, torch)).append(" | ").append(ratio(cvj, cv)).append(" |\n");
            }
        }
        md.append('\n');
        double cli = imagesPerS("cvj_cli", CLI, SIZES[0]);
        if (!Double.isNaN(cli)) {
            md.append(String.format(Locale.ROOT, "`cvj preprocess` on the 1920x1080 folder (--size 224 --crop none, ImageNet "
                    + "mean/std, NCHW F32, one .npy; page cache warm): **%s images/s**, timed whole: the JVM's start, "
                    + "listing and reading the files, decoding, pre-processing and writing the .npy.", f0(cli)));
            results.notes.stream().filter(n -> n.startsWith(CLI_NOTE)).findFirst().ifPresent(n -> md
                    .append(" Its own summary (timed from opening the decoder): `").append(n.substring(CLI_NOTE.length()))
                    .append('`'));
            md.append("\n\n");
        }
        boolean first = true;
        for (String n : results.notes) {
            if (n.startsWith(PATHS_NOTE)) {
                md.append(first ? "cvj's decode paths (share of the timed images):\n\n" : "").append("- ")
                        .append(n.substring(PATHS_NOTE.length())).append('\n');
                first = false;
            }
        }
        if (!first) {
            md.append('\n');
        }
    }

    /** cvj's images/s over the peer's, as a speed-up (per-image times: peer / cvj), "cvj slower" marked. */
    private static String ratio(double cvj, double peer) {
        return Cells.speedup(1 / peer, 1 / cvj);
    }
}
