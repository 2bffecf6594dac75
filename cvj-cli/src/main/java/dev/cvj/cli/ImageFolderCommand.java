package dev.cvj.cli;

import dev.cvj.codec.ChromaSubsampling;
import dev.cvj.codec.DecodeFailure;
import dev.cvj.codec.DecodeResult;
import dev.cvj.codec.ImageDecoder;
import dev.cvj.codec.ImageEncoder;
import dev.cvj.cuda.Device;
import dev.cvj.cuda.Stream;
import dev.cvj.ops.Backend;
import dev.cvj.tensor.ImageFormat;
import dev.cvj.tensor.Tensor;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Folder to folder: decode every input, transform each image ({@link #transform}), encode it as JPEG into
 * {@code --out}, at the input's path relative to its folder with the extension {@code .jpg}. Decoding and encoding
 * run on the GPU where there is one (nvJPEG), else on the CPU; failed files are listed and the exit status is 1.
 */
abstract class ImageFolderCommand implements Callable<Integer> {
    enum Subsampling {
        s444(ChromaSubsampling.CSS_444), s422(ChromaSubsampling.CSS_422), s420(ChromaSubsampling.CSS_420);

        final ChromaSubsampling css;

        Subsampling(ChromaSubsampling css) {
            this.css = css;
        }
    }

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "INPUT", description = "Image files, or folders (searched recursively).")
    List<Path> inputs;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "The output folder (created).")
    Path out;

    @Option(names = "--quality", defaultValue = "90", description = "JPEG quality, 1 to 100 (default ${DEFAULT-VALUE}).")
    int quality;

    @Option(names = "--subsampling", defaultValue = "s420", description = "Chroma subsampling: s444, s422 or s420 "
            + "(default ${DEFAULT-VALUE}).")
    Subsampling subsampling;

    @Option(names = "--batch", defaultValue = "64", description = "Images decoded per batch (default ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--cpu", description = "Run on the CPU even where there is a GPU.")
    boolean cpu;

    /** The image to encode for {@code image} (U8 HWC RGB); the caller closes a returned tensor other than {@code image}. */
    abstract Tensor transform(Tensor image, Stream stream);

    /** Checks the subclass's options; throws a ParameterException. */
    void checkOptions() {}

    @Override
    public Integer call() throws IOException {
        CommandLine cl = spec.commandLine();
        if (quality < 1 || quality > 100 || batch < 1 || batch > 65535) {
            throw new CommandLine.ParameterException(cl, "--quality must be in [1, 100] and --batch in [1, 65535]");
        }
        checkOptions();
        List<InputFiles.InputFile> files;
        try {
            files = InputFiles.expandWithNames(inputs);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(cl, e.getMessage());
        }
        Files.createDirectories(out);
        PrintWriter o = cl.getOut(), err = cl.getErr();
        String gpuWhy = cpu ? "--cpu" : Backend.gpuUnavailableReason();
        List<String> failed = new ArrayList<>();
        long t0 = System.nanoTime();
        int written = 0;
        try (ImageDecoder decoder = gpuWhy == null ? ImageDecoder.create(Device.get(0), ImageDecoder.defaultThreads())
                     : ImageDecoder.createHost(ImageDecoder.defaultThreads());
             ImageEncoder encoder = gpuWhy == null ? ImageEncoder.create(Device.get(0)) : ImageEncoder.createHost();
             Stream stream = decoder.device() == null ? null : Stream.create(decoder.device());
             PrefetchingReader reader = new PrefetchingReader(files.stream().map(InputFiles.InputFile::file).toList(), batch, 4)) {
            o.println("cvj " + cl.getCommandName() + ": " + files.size() + " files; decoder: " + decoder.describe()
                    + "; encoder: " + encoder.describe());
            while (reader.hasNext()) {
                PrefetchingReader.Batch read = reader.next();
                failed.addAll(read.failures());
                try (DecodeResult decoded = decoder.decode(read.images(), ImageFormat.RGB8, stream)) {
                    decoded.failures().forEach((DecodeFailure f) -> failed.add(f.toString()));
                    for (int i = 0; i < decoded.size(); i++) {
                        InputFiles.InputFile f = files.get(read.fileIndices().get(decoded.inputIndex(i)));
                        Tensor image = decoded.images().image(i);
                        Tensor result = transform(image, stream);
                        try {
                            byte[] jpeg = encoder.encode(result, ImageFormat.RGB8, quality, subsampling.css, stream);
                            Path target = out.resolve(jpegName(f.relative()));
                            Files.createDirectories(target.toAbsolutePath().getParent());
                            Files.write(target, jpeg);
                            written++;
                        } catch (IOException e) {
                            failed.add(f.file() + ": cannot write: " + e);
                        } finally {
                            if (result != image) {
                                result.close();
                            }
                        }
                    }
                }
            }
        }
        for (String f : failed) {
            err.println("cvj " + cl.getCommandName() + ": failed: " + f);
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        o.printf(Locale.ROOT, "cvj %s: %d images, %d failed, %.1f img/s -> %d JPEGs in %s%n", cl.getCommandName(),
                files.size(), failed.size(), files.size() / secs, written, out);
        return failed.isEmpty() ? 0 : Cvj.SOME_FAILED;
    }

    /** {@code a/b/cat.png} -> {@code a/b/cat.jpg}. */
    static Path jpegName(Path relative) {
        String n = relative.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return relative.resolveSibling((dot > 0 ? n.substring(0, dot) : n) + ".jpg");
    }
}
