package dev.cvj.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cvj.codec.DecodeResult;
import dev.cvj.codec.EncodedImage;
import dev.cvj.codec.ImageDecoder;
import dev.cvj.ops.BorderType;
import dev.cvj.ops.CropFlipNormalizeReformat;
import dev.cvj.ops.Interpolation;
import dev.cvj.ops.Resize;
import dev.cvj.tensor.DataType;
import dev.cvj.tensor.ImageFormat;
import dev.cvj.tensor.ImageSize;
import dev.cvj.tensor.Tensor;
import dev.cvj.tensor.TensorLayout;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The cvj command end to end on the repository's sample images, on the CPU (--cpu), as CI runs it. */
class CvjCommandTest {
    /** The repository's sample-images: from a module (Maven's working directory) or the root (scripts/gpu-test.sh). */
    static final Path SAMPLES = (Files.isDirectory(Path.of("sample-images")) ? Path.of("sample-images")
            : Path.of("..", "sample-images")).toAbsolutePath().normalize();
    static final List<String> BROKEN = List.of("not-an-image.jpg", "truncated-640x480.jpg");

    record Run(int status, String out, String err) {}

    static Run cvj(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        int status;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
             PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            status = Cvj.run(o, e, args);
        }
        return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** The good sample files in the order the command takes them (sorted paths). */
    static List<Path> goodSamples() throws IOException {
        try (var s = Files.list(SAMPLES)) {
            return s.filter(InputFiles::isImageName).filter(p -> !BROKEN.contains(p.getFileName().toString())).sorted().toList();
        }
    }

    /** The imagenet pipeline through the library's CPU path, written out here: decode, Resize 256, center 224, normalize. */
    static byte[] expectedImagenet(List<Path> files) throws IOException {
        List<EncodedImage> in = new ArrayList<>();
        for (Path f : files) {
            in.add(EncodedImage.read(f));
        }
        float[] mean = {0.485f * 255, 0.456f * 255, 0.406f * 255}, std = {0.229f * 255, 0.224f * 255, 0.225f * 255};
        try (ImageDecoder d = ImageDecoder.createHost(1);
             DecodeResult r = d.decode(in, ImageFormat.RGB8, null);
             Tensor resized = Resize.resize(r.images(), ImageSize.of(256, 256), Interpolation.LINEAR, null);
             Tensor x = CropFlipNormalizeReformat.cropFlipNormalizeReformat(resized, new int[][] {{16, 16, 224, 224}},
                     new int[] {2}, mean, std, 1f, 0f, 0f, true, false, BorderType.CONSTANT, 0f, DataType.F32,
                     TensorLayout.NCHW, null)) {
            assertEquals(List.of(), r.failures());
            byte[] b = new byte[Math.toIntExact(x.byteSize())];
            x.copyToBytes(b);
            return b;
        }
    }

    @Test
    void preprocessTheSampleFolderIntoOneNpy(@TempDir Path tmp) throws IOException {
        Path out = tmp.resolve("x.npy");
        Run r = cvj("preprocess", SAMPLES.toString(), "--preset", "imagenet", "--cpu", "--out", out.toString());
        assertEquals(Cvj.SOME_FAILED, r.status(), r.out() + r.err());
        List<Path> good = goodSamples();
        assertTrue(r.out().contains("cvj preprocess: " + (good.size() + 2) + " images, 2 failed"), r.out());
        for (String b : BROKEN) {
            assertTrue(r.err().contains("cvj preprocess: failed: " + SAMPLES.resolve(b)), r.err());
        }
        NpyWriterTest.Npy npy = NpyWriterTest.parse(Files.readAllBytes(out));
        assertEquals("<f4", npy.descr());
        assertArrayEquals(new long[] {good.size(), 3, 224, 224}, npy.shape());
        assertArrayEquals(expectedImagenet(good), npy.data());
        assertEquals(good.stream().map(Path::toString).toList(), Files.readAllLines(tmp.resolve("x.files.txt")));
    }

    /** A sample JPEG with an APP1 Exif block saying orientation 6 (little-endian TIFF) right after its SOI. */
    private static byte[] withOrientationSix(byte[] jpeg) {
        byte[] tiff = {'I', 'I', 42, 0, 8, 0, 0, 0, 1, 0, 0x12, 0x01, 3, 0, 1, 0, 0, 0, 6, 0, 0, 0, 0, 0, 0, 0};
        int len = 2 + 6 + tiff.length;
        ByteArrayOutputStream f = new ByteArrayOutputStream();
        f.write(jpeg, 0, 2);
        f.writeBytes(new byte[] {(byte) 0xFF, (byte) 0xE1, (byte) (len >> 8), (byte) len, 'E', 'x', 'i', 'f', 0, 0});
        f.writeBytes(tiff);
        f.write(jpeg, 2, jpeg.length - 2);
        return f.toByteArray();
    }

    @Test
    void preprocessSaysWhichImagesCarryAnExifOrientation(@TempDir Path tmp) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("in"));
        byte[] plain = Files.readAllBytes(SAMPLES.resolve("odd-17x9.jpg"));
        Files.write(dir.resolve("a.jpg"), plain);
        Files.write(dir.resolve("b.jpg"), withOrientationSix(plain));
        Files.write(dir.resolve("c.jpg"), withOrientationSix(plain));
        Run r = cvj("preprocess", dir.toString(), "--preset", "imagenet", "--cpu", "--out", tmp.resolve("x.npy").toString());
        assertEquals(0, r.status(), r.out() + r.err());
        assertTrue(r.out().contains("cvj preprocess: 2 images carry an EXIF orientation other than upright; it is not"
                + " applied"), r.out());
        NpyWriterTest.Npy npy = NpyWriterTest.parse(Files.readAllBytes(tmp.resolve("x.npy")));
        assertEquals(3, npy.shape()[0]);
        int row = npy.data().length / 3; // not applied: the three rows are the same pixels
        for (int k = 1; k < 3; k++) {
            assertArrayEquals(java.util.Arrays.copyOfRange(npy.data(), 0, row),
                    java.util.Arrays.copyOfRange(npy.data(), k * row, (k + 1) * row), "row " + k);
        }
        Run none = cvj("preprocess", SAMPLES.resolve("odd-17x9.jpg").toString(), "--preset", "imagenet", "--cpu", "--out",
                tmp.resolve("y.npy").toString());
        assertTrue(!none.out().contains("EXIF"), none.out());
    }

    @Test
    void preprocessIntoAFolderOfBatches(@TempDir Path tmp) throws IOException {
        List<Path> good = goodSamples();
        List<String> args = new ArrayList<>(List.of("preprocess", "--cpu", "-q", "--size", "32", "--crop", "none",
                "--dtype", "u8", "--layout", "NHWC", "--batch", "4", "--out", tmp.resolve("o").toString()));
        good.forEach(p -> args.add(p.toString()));
        Run r = cvj(args.toArray(String[]::new));
        assertEquals(0, r.status(), r.out() + r.err());
        long rows = 0;
        int files = 0;
        for (int i = 0; Files.exists(tmp.resolve("o").resolve(String.format("batch-%06d.npy", i))); i++) {
            NpyWriterTest.Npy b = NpyWriterTest.parse(Files.readAllBytes(tmp.resolve("o").resolve(String.format("batch-%06d.npy", i))));
            assertEquals("|u1", b.descr());
            assertEquals(32, b.shape()[1]);
            assertEquals(3, b.shape()[3]);
            rows += b.shape()[0];
            files++;
        }
        assertEquals(good.size(), rows);
        assertEquals((good.size() + 3) / 4, files);
        assertEquals(good.size(), Files.readAllLines(tmp.resolve("o").resolve("files.txt")).size());
    }

    @Test
    void resizeAndConvertFolderToFolder(@TempDir Path tmp) throws IOException {
        Run r = cvj("resize", SAMPLES.toString(), "--short-side", "64", "--cpu", "--out", tmp.resolve("small").toString());
        assertEquals(Cvj.SOME_FAILED, r.status(), r.out() + r.err());
        assertTrue(r.out().contains("-> " + goodSamples().size() + " JPEGs"), r.out());
        for (String b : BROKEN) {
            assertTrue(r.err().contains("failed: " + SAMPLES.resolve(b)), r.err());
        }
        java.awt.image.BufferedImage small = javax.imageio.ImageIO.read(tmp.resolve("small").resolve("baseline-420-640x480.jpg").toFile());
        assertEquals(85, small.getWidth()); // 640 x 64/480, rounded
        assertEquals(64, small.getHeight());
        java.awt.image.BufferedImage fromPng = javax.imageio.ImageIO.read(tmp.resolve("small").resolve("shapes-256x192.jpg").toFile());
        assertEquals(85, fromPng.getWidth());

        Path png = SAMPLES.resolve("shapes-256x192.png");
        Run c = cvj("convert", png.toString(), "--quality", "95", "--subsampling", "s444", "--cpu", "--out", tmp.resolve("c").toString());
        assertEquals(0, c.status(), c.out() + c.err());
        byte[] jpeg = Files.readAllBytes(tmp.resolve("c").resolve("shapes-256x192.jpg"));
        assertEquals((byte) 0xD8, jpeg[1]);
        java.awt.image.BufferedImage a = javax.imageio.ImageIO.read(png.toFile());
        java.awt.image.BufferedImage b = javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(jpeg));
        double se = 0;
        for (int y = 0; y < a.getHeight(); y++) {
            for (int x = 0; x < a.getWidth(); x++) {
                for (int sh = 0; sh < 24; sh += 8) {
                    double d = ((a.getRGB(x, y) >> sh) & 0xff) - ((b.getRGB(x, y) >> sh) & 0xff);
                    se += d * d;
                }
            }
        }
        double psnr = 10 * Math.log10(255.0 * 255 * 3 * a.getWidth() * a.getHeight() / se);
        assertTrue(psnr >= 35, "PSNR " + psnr); // quality 95, 4:4:4, a noisy scene
        assertEquals(Cvj.USAGE, cvj("resize", png.toString(), "--out", tmp.toString()).status());
        assertEquals(Cvj.USAGE, cvj("resize", png.toString(), "--size", "12by4", "--out", tmp.toString()).status());
        assertEquals(Cvj.USAGE, cvj("convert", png.toString(), "--quality", "101", "--out", tmp.toString()).status());
    }

    @Test
    void usageErrorsExitWith2AndSayWhy(@TempDir Path tmp) {
        String out = tmp.resolve("x.npy").toString();
        String dir = SAMPLES.toString();
        Object[][] cases = {
            {new String[] {"preprocess", dir}, "Missing required option: '--out=FILE.npy|DIR'"},
            {new String[] {"preprocess", dir, "--out", out, "--bogus"}, "Unknown option: '--bogus'"},
            {new String[] {"preprocess", dir, "--out", out, "--size", "0"}, "--size and --resize must be >= 1"},
            {new String[] {"preprocess", dir, "--out", out, "--crop", "none", "--resize", "256"}, "--crop none needs --resize equal to --size"},
            {new String[] {"preprocess", dir, "--out", out, "--mean", "0.5,0.5"}, "--mean and --std take 3 values"},
            {new String[] {"preprocess", dir, "--out", out, "--dtype", "f64"}, "Invalid value for option '--dtype'"},
            {new String[] {"preprocess", tmp.resolve("missing").toString(), "--out", out}, "no such file or folder: '"},
            {new String[] {}, "a command is required"},
        };
        for (Object[] c : cases) {
            Run r = cvj((String[]) c[0]);
            assertEquals(Cvj.USAGE, r.status(), String.join(" ", (String[]) c[0]) + "\n" + r.err());
            assertTrue(r.err().contains((String) c[1]), r.err());
            assertTrue(r.err().contains("Usage: cvj"), r.err());
        }
    }

    @Test
    void infoSaysWhatWillRun() {
        Run r = cvj("info");
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("libnvjpeg: ") && r.out().contains("operators: ") && r.out().contains("decoder: "), r.out());
    }
}
