package dev.cvj.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cvj.cuda.Device;
import dev.cvj.tensor.ImageBatchVarShape;
import dev.cvj.tensor.ImageFormat;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The example of dev.cvj.codec's package documentation, as written there (only the folder and the print streams are
 * parameters), run on a folder of sample JPEGs with one broken file and one file the glob leaves out.
 */
class FolderDecodeExampleTest {
    static void example(Path folder, PrintStream out, PrintStream err) throws IOException {
        List<EncodedImage> jpegs = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(folder, "*.{jpg,jpeg,JPG,JPEG}")) {
            for (Path file : files) {
                jpegs.add(EncodedImage.read(file));
            }
        }
        try (ImageDecoder decoder = ImageDecoder.create();
             DecodeResult result = decoder.decode(jpegs, ImageFormat.RGB8, null)) {   // null: the current stream
            ImageBatchVarShape images = result.images();   // owned by the result
            out.println(decoder.describe() + ": " + result.summary());
            result.failures().forEach(f -> err.println("failed: " + f));
            for (int i = 0; i < images.size(); i++) {
                out.println(jpegs.get(result.inputIndex(i)).name() + ": " + images.imageSize(i));
            }
        }   // closes the images, then nvJPEG's objects and the decoder's threads
    }

    @Test
    void decodesEveryJpegOfAFolderAndReportsTheBrokenOne(@TempDir Path folder) throws IOException {
        for (String name : List.of("baseline-420-640x480.jpg", "progressive-444-227x151.jpg", "odd-17x9.jpg",
                "not-an-image.jpg", "shapes-256x192.png")) {
            Files.copy(SampleImages.DIR.resolve(name), folder.resolve(name));
        }
        Files.copy(SampleImages.DIR.resolve("gray-320x240.jpg"), folder.resolve("GRAY.JPEG"));
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        example(folder, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));

        List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
        Matcher summary = Pattern.compile("(\\d+) decoded \\(HARDWARE (\\d+), GPU_HYBRID (\\d+), CPU (\\d+)\\), (\\d+) failed$")
                .matcher(lines.getFirst());
        assertTrue(summary.find(), lines.getFirst());
        int[] n = IntStream.rangeClosed(1, 5).map(g -> Integer.parseInt(summary.group(g))).toArray();
        assertEquals(4, n[0], lines.getFirst());
        assertEquals(4, n[1] + n[2] + n[3], lines.getFirst());
        assertEquals(1, n[4], lines.getFirst());
        if (!Device.isAvailable()) {
            assertEquals(4, n[3], "without a GPU ImageIO decodes everything: " + lines.getFirst());
        }
        Set<String> sizes = new TreeSet<>(lines.subList(1, lines.size()));
        assertEquals(new TreeSet<>(List.of(
                folder.resolve("baseline-420-640x480.jpg") + ": 640 x 480 (W x H)",
                folder.resolve("progressive-444-227x151.jpg") + ": 227 x 151 (W x H)",
                folder.resolve("odd-17x9.jpg") + ": 17 x 9 (W x H)",
                folder.resolve("GRAY.JPEG") + ": 320 x 240 (W x H)")), sizes);
        List<String> failed = err.toString(StandardCharsets.UTF_8).lines().toList();
        assertEquals(1, failed.size(), failed.toString());
        assertTrue(failed.getFirst().startsWith("failed: " + folder.resolve("not-an-image.jpg") + ": "), failed.getFirst());
    }
}
