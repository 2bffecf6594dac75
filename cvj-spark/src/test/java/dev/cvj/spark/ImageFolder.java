package dev.cvj.spark;

import dev.cvj.codec.EncodedImage;
import dev.cvj.codec.ModelInputBatch;
import dev.cvj.codec.ModelInputPipeline;
import dev.cvj.codec.ModelInputSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The test images: the repository's sample-images JPEGs (baseline, progressive, gray, odd sizes, and
 * {@code not-an-image.jpg} and {@code truncated-640x480.jpg}, which no decoder reads) copied into a folder, and what the library pipeline that
 * {@code cvj preprocess} runs makes of each, straight from the files, without Spark.
 */
final class ImageFolder {
    /** The file that cannot be decoded. */
    static final String CORRUPT = "not-an-image.jpg";

    private static final Path SAMPLES = (Files.isDirectory(Path.of("sample-images")) ? Path.of("sample-images")
            : Path.of("..", "sample-images")).toAbsolutePath().normalize();

    private ImageFolder() {}

    /** Copies the sample JPEGs into {@code dir}; returns their file names. */
    static List<String> copyTo(Path dir) {
        try (Stream<Path> files = Files.list(SAMPLES)) {
            Files.createDirectories(dir);
            List<String> names = new ArrayList<>();
            for (Path f : files.filter(f -> f.getFileName().toString().endsWith(".jpg")).sorted().toList()) {
                Files.copy(f, dir.resolve(f.getFileName()));
                names.add(f.getFileName().toString());
            }
            return names;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One file through the library: its row's bytes, or null and the failure. */
    record Expected(byte[] bytes, String status) {
        float[] floats() {
            float[] f = new float[bytes.length / 4];
            java.nio.ByteBuffer.wrap(bytes).order(java.nio.ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(f);
            return f;
        }
    }

    /** What {@link ModelInputPipeline} on the host makes of every file of {@code dir}, in one batch, by file name. */
    static Map<String, Expected> expected(Path dir, List<String> names, ModelInputSpec spec) {
        try (ModelInputPipeline pipeline = ModelInputPipeline.createHost(1)) {
            List<EncodedImage> images = new ArrayList<>();
            for (String n : names) {
                images.add(EncodedImage.read(dir.resolve(n)));
            }
            try (ModelInputBatch batch = pipeline.run(images, spec)) {
                byte[] all = batch.toBytes();
                int rowBytes = Math.toIntExact(spec.rowBytes());
                Map<String, Expected> m = new LinkedHashMap<>();
                for (int i = 0; i < names.size(); i++) {
                    int r = batch.row(i);
                    m.put(names.get(i), new Expected(r < 0 ? null : Arrays.copyOfRange(all, r * rowBytes, (r + 1) * rowBytes),
                            batch.status(i)));
                }
                return m;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@return the file name of a {@code binaryFile} path such as {@code file:/tmp/x/a.jpg}} */
    static String fileName(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }
}
