package dev.cvj.cli;

import dev.cvj.codec.DecodeFailure;
import dev.cvj.codec.DecodePath;
import dev.cvj.codec.EncodedImage;
import dev.cvj.codec.ExifOrientation;
import dev.cvj.codec.ImageDecoder;
import dev.cvj.codec.ModelInputPipeline;
import dev.cvj.codec.ModelInputSpec;
import dev.cvj.cuda.Device;
import dev.cvj.ops.Backend;
import dev.cvj.tensor.DataType;
import dev.cvj.tensor.TensorLayout;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code cvj preprocess}: image files and folders in, one normalized batch tensor out as {@code .npy}. Per batch:
 * decode (nvJPEG on the GPU, else ImageIO), resize every image to {@code --resize} squared (bilinear), crop
 * {@code --size} squared (the center, or nothing), normalize {@code (pixel / 255 - mean) / std}, convert to
 * {@code --dtype} in {@code --layout}: the library's {@link ModelInputPipeline}, as cvj-spark runs it.
 */
@Command(name = "preprocess", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Decode, resize, crop and normalize images into one model-input tensor (.npy).",
                "Files that fail are listed and skipped; the exit status is then 1."})
final class PreprocessCommand implements Callable<Integer> {
    enum Preset { imagenet }

    enum Crop { center, none }

    enum Layout { NCHW, NHWC }

    enum Dtype {
        f32(DataType.F32), f16(DataType.F16), u8(DataType.U8);

        final DataType type;

        Dtype(DataType type) {
            this.type = type;
        }
    }

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "INPUT", description = "Image files, or folders (searched recursively for "
            + ".jpg .jpeg .jpe .png .bmp .gif).")
    List<Path> inputs;

    @Option(names = "--out", required = true, paramLabel = "FILE.npy|DIR",
            description = "One .npy file (with FILE.files.txt: the input of each row), or a folder of one .npy per batch.")
    Path out;

    @Option(names = "--preset", description = "imagenet: --resize 256 --size 224 --crop center "
            + "--mean 0.485,0.456,0.406 --std 0.229,0.224,0.225 --layout NCHW --dtype f32 (options given explicitly win).")
    Preset preset;

    @Option(names = "--size", description = "Output width and height (default 224).")
    Integer size;

    @Option(names = "--resize", description = "Width and height every image is resized to before the crop (default: --size).")
    Integer resize;

    @Option(names = "--crop", description = "center or none (default center).")
    Crop crop;

    @Option(names = "--mean", split = ",", paramLabel = "R,G,B", description = "Per-channel mean, in pixel/255 units (default 0,0,0).")
    float[] mean;

    @Option(names = "--std", split = ",", paramLabel = "R,G,B", description = "Per-channel std, in pixel/255 units (default 1,1,1).")
    float[] std;

    @Option(names = "--layout", description = "NCHW or NHWC (default NCHW).")
    Layout layout;

    @Option(names = "--dtype", description = "f32, f16 or u8 (u8: the pixels, no normalization; default f32).")
    Dtype dtype;

    @Option(names = "--batch", defaultValue = "128", description = "Images per batch (default ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--threads", description = "Decoding and reading threads (default: processors, at most 8).")
    Integer threads;

    @Option(names = "--cpu", description = "Run on the CPU even where there is a GPU.")
    boolean cpu;

    @Option(names = {"-q", "--quiet"}, description = "No progress line.")
    boolean quiet;

    /** The spec after the preset and the defaults: the library's {@link ModelInputSpec}. */
    ModelInputSpec settings() {
        boolean imagenet = preset == Preset.imagenet;
        ModelInputSpec defaults = imagenet ? ModelInputSpec.imagenet() : ModelInputSpec.of(224);
        int s = size != null ? size : defaults.size();
        int r = resize != null ? resize : imagenet && size == null ? defaults.resize() : s;
        Crop c = crop != null ? crop : Crop.center;
        Dtype d = dtype != null ? dtype : Dtype.f32;
        float[] m = mean != null ? mean : defaults.mean();
        float[] sd = std != null ? std : defaults.std();
        CommandLine cl = spec.commandLine();
        if (s < 1 || r < 1 || batch < 1 || batch > 65535 || (threads != null && (threads < 1 || threads > 256))) {
            throw new CommandLine.ParameterException(cl, "--size and --resize must be >= 1, --batch in [1, 65535], "
                    + "--threads in [1, 256]");
        }
        if (m.length != 3 || sd.length != 3) {
            throw new CommandLine.ParameterException(cl, "--mean and --std take 3 values (R,G,B), got " + m.length + " and " + sd.length);
        }
        for (float v : sd) {
            if (!(v > 0)) {
                throw new CommandLine.ParameterException(cl, "--std values must be > 0");
            }
        }
        if (d == Dtype.u8 && (mean != null || std != null)) {
            throw new CommandLine.ParameterException(cl, "--dtype u8 writes the pixels: --mean and --std do not apply");
        }
        if (c == Crop.none && r != s) {
            throw new CommandLine.ParameterException(cl, "--crop none needs --resize equal to --size (" + r + " vs " + s + ")");
        }
        if (r < s) {
            throw new CommandLine.ParameterException(cl, "--resize " + r + " is smaller than --size " + s);
        }
        if (d == Dtype.u8) {
            m = new float[] {0, 0, 0};
            sd = new float[] {1, 1, 1};
        }
        try {
            return new ModelInputSpec(s, r, c == Crop.center ? ModelInputSpec.Crop.CENTER : ModelInputSpec.Crop.NONE, m, sd,
                    layout == Layout.NHWC ? TensorLayout.NHWC : TensorLayout.NCHW, d.type);
        } catch (IllegalArgumentException e) { // what the checks above do not name, e.g. an infinite mean
            throw new CommandLine.ParameterException(cl, e.getMessage());
        }
    }

    @Override
    public Integer call() throws IOException {
        ModelInputSpec st = settings();
        List<Path> files;
        try {
            files = InputFiles.expand(inputs);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        PrintWriter o = spec.commandLine().getOut(), err = spec.commandLine().getErr();
        int nThreads = threads != null ? threads : ImageDecoder.defaultThreads();
        String gpuWhy = cpu ? "--cpu" : Backend.gpuUnavailableReason();
        List<String> failed = new ArrayList<>();
        Map<DecodePath, Integer> paths = new EnumMap<>(DecodePath.class);
        long t0 = System.nanoTime();
        String written;
        try (ModelInputPipeline pipeline = gpuWhy == null ? ModelInputPipeline.create(Device.get(0), nThreads)
                : ModelInputPipeline.createHost(nThreads);
             PrefetchingReader reader = new PrefetchingReader(files, batch, Math.min(4, nThreads));
             NpyOutput output = new NpyOutput(out, st.dtype().typestr(), st.rowShape(), st.dtype().byteSize())) {
            o.println("cvj preprocess: " + files.size() + " files; decoder: " + pipeline.describe() + "; operators: "
                    + (gpuWhy == null ? "GPU " + pipeline.device() : "CPU (" + gpuWhy + ")"));
            int[] done = {0};
            int[] turned = {0}; // images whose EXIF orientation is not upright: decoded in stored order, as said below
            // the decode of the next batch overlaps the operators of this one; the rows are the same as run's
            try {
                pipeline.runAll(reader, PrefetchingReader.Batch::images, st, (read, made) -> {
                    failed.addAll(read.failures());
                    for (EncodedImage image : read.images()) {
                        if (ExifOrientation.of(image.data()) != ExifOrientation.TOP_LEFT) {
                            turned[0]++;
                        }
                    }
                    for (DecodeFailure f : made.failures()) {
                        failed.add(f.toString());
                    }
                    for (DecodePath p : DecodePath.values()) {
                        paths.merge(p, made.count(p), Integer::sum);
                    }
                    if (made.size() > 0) {
                        List<Path> rowFiles = new ArrayList<>();
                        for (int i = 0; i < made.size(); i++) {
                            rowFiles.add(files.get(read.fileIndices().get(made.inputIndex(i))));
                        }
                        try {
                            output.append(made.toBytes(), rowFiles);
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    }
                    done[0] += read.images().size() + read.failures().size();
                    if (!quiet && files.size() > batch) {
                        double secs = (System.nanoTime() - t0) / 1e9;
                        err.printf(Locale.ROOT, "\rcvj preprocess: %d/%d images, %.1f img/s", done[0], files.size(), done[0] / secs);
                        err.flush();
                    }
                });
            } catch (UncheckedIOException e) { // NpyOutput's, through the sink
                throw e.getCause();
            }
            if (!quiet && files.size() > batch) {
                err.println();
            }
            written = output.describe();
            if (turned[0] > 0) {
                o.println("cvj preprocess: " + turned[0] + (turned[0] == 1 ? " image carries" : " images carry")
                        + " an EXIF orientation other than upright; it is not applied (pixels in stored order)");
            }
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        for (String f : failed) {
            err.println("cvj preprocess: failed: " + f);
        }
        o.printf(Locale.ROOT, "cvj preprocess: %d images, %d failed, %.1f img/s (decoded: %s) -> %s %s%n", files.size(),
                failed.size(), files.size() / secs, paths.toString().replaceAll("[{}]", "").replace('=', ' '), written,
                st.layout());
        return failed.isEmpty() ? 0 : Cvj.SOME_FAILED;
    }
}
