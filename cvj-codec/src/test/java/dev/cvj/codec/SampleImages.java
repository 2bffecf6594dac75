package dev.cvj.codec;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The repository's sample-images folder and OpenCV's reference means of its files (reference-means.csv). */
final class SampleImages {
    /** The folder: from a module (Maven's working directory) or from the repository root (scripts/gpu-test.sh). */
    static final Path DIR = (Files.isDirectory(Path.of("sample-images")) ? Path.of("sample-images")
            : Path.of("..", "sample-images")).toAbsolutePath().normalize();

    /** Width, height, channels and per-channel means (R, G, B) as OpenCV decodes the file. */
    record Reference(int width, int height, int channels, double[] means) {}

    private SampleImages() {}

    static EncodedImage read(String name) {
        try {
            return EncodedImage.read(DIR.resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<EncodedImage> read(List<String> names) {
        return names.stream().map(SampleImages::read).toList();
    }

    static Map<String, Reference> references() {
        try {
            Map<String, Reference> m = new LinkedHashMap<>();
            for (String line : Files.readAllLines(DIR.resolve("reference-means.csv")).stream().skip(1).toList()) {
                String[] f = line.split(",");
                m.put(f[0], new Reference(Integer.parseInt(f[1]), Integer.parseInt(f[2]), Integer.parseInt(f[3]),
                        new double[] {Double.parseDouble(f[4]), Double.parseDouble(f[5]), Double.parseDouble(f[6])}));
            }
            return m;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
