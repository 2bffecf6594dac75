package dev.cvj.samples;

import static dev.cvj.samples.Sample.check;

import dev.cvj.cuda.Device;
import dev.cvj.cuda.Stream;
import dev.cvj.ops.Backend;
import dev.cvj.ops.BorderType;
import dev.cvj.ops.CropFlipNormalizeReformat;
import dev.cvj.ops.Interpolation;
import dev.cvj.ops.Normalize;
import dev.cvj.ops.Resize;
import dev.cvj.ops.ResizeCropConvertReformat;
import dev.cvj.tensor.DataType;
import dev.cvj.tensor.ImageBatchVarShape;
import dev.cvj.tensor.ImageSize;
import dev.cvj.tensor.Tensor;
import dev.cvj.tensor.TensorLayout;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * The classification pre-processing on the images shipped with the samples (resources {@code /images/}, made by
 * {@code cvj-samples/tools/make_sample_images.py}), decoded with ImageIO: four photos of different sizes, taken as
 * they are in one {@link ImageBatchVarShape} (no per-image call, no copy into one size first):
 * <pre>
 *   4 x HWC U8 RGB, 800x450 .. 480x640 --ImageBatchVarShape--> --Resize 224x224 LINEAR--> NHWC U8
 *   --CropFlipNormalizeReformat (F32, ImageNet mean/std)--> NCHW F32 [4, 3, 224, 224]
 * </pre>
 * Two operator calls for the whole batch (two launches on the GPU). On the GPU when there is one (and the kernels
 * are in the jar), else on the CPU backend (a host batch, same operators). It prints the backend, the output's shape,
 * a checksum (the sum of all elements) and the time per image. On the GPU it also runs the fused path,
 * ResizeCropConvertReformat of the batch (resize + convert + reformat in one kernel) then Normalize, and checks it
 * agrees with the chain within {@link #FUSED_TOLERANCE}.
 */
public final class PreprocessSample implements Sample {
    /** The images, each of its own size (800 x 450, 640 x 480, 512 x 512, 480 x 640). */
    public static final List<String> IMAGES = List.of("sunset.jpg", "shapes.jpg", "checker.png", "rings.jpg");
    public static final int SIZE = 224;
    public static final float[] MEAN = {0.485f, 0.456f, 0.406f};
    public static final float[] STD = {0.229f, 0.224f, 0.225f};
    /** MEAN and STD on the U8 scale (x 255), for CropFlipNormalizeReformat, which reads the U8 pixels. */
    static final float[] MEAN255 = {MEAN[0] * 255, MEAN[1] * 255, MEAN[2] * 255};
    static final float[] STD255 = {STD[0] * 255, STD[1] * 255, STD[2] * 255};
    /**
     * Fused vs chain, in normalized units: the fused kernel keeps the resized value in float where the chain
     * rounds it to U8 (at most 1/255 apart, ResizeCropConvertReformat's documented bound), divided by the
     * smallest std (0.224): 0.0175; 0.02 allowed.
     */
    public static final double FUSED_TOLERANCE = 0.02;

    /** What one run produced. {@code output} holds the NCHW elements in C order. */
    public record Result(String backend, long[] shape, double checksum, double msPerImage, double fusedMaxDiff, float[] output) {}

    @Override
    public String name() {
        return "PreprocessSample";
    }

    @Override
    public boolean needsGpu() {
        return false; // the CPU backend runs it without one
    }

    /** Why the GPU cannot be used, or null when it can. */
    public static String gpuUnavailableReason() {
        return Backend.gpuUnavailableReason();
    }

    @Override
    public void run(PrintStream out) throws IOException {
        String why = gpuUnavailableReason();
        if (why != null) {
            out.println(name() + ": no GPU (" + why + "): using the CPU backend");
        }
        Result r = run(why == null, out, why == null ? 20 : 3);
        check(r.shape()[0] == IMAGES.size() && r.shape()[1] == 3 && r.shape()[2] == SIZE && r.shape()[3] == SIZE,
                "output shape " + Arrays.toString(r.shape()));
        check(Double.isFinite(r.checksum()), "checksum " + r.checksum());
    }

    /** Decodes the shipped images to RGB bytes (H x W x 3). */
    public static List<BufferedImage> loadImages() throws IOException {
        List<BufferedImage> images = new ArrayList<>();
        for (String name : IMAGES) {
            try (InputStream in = PreprocessSample.class.getResourceAsStream("/images/" + name)) {
                if (in == null) {
                    throw new IOException("image /images/" + name + " is not on the class path");
                }
                BufferedImage img = ImageIO.read(in);
                if (img == null) {
                    throw new IOException("ImageIO cannot decode /images/" + name);
                }
                images.add(img);
            }
        }
        return images;
    }

    /** The pixels of {@code img} as interleaved RGB bytes, row by row. */
    public static byte[] rgb(BufferedImage img) {
        int w = img.getWidth(), h = img.getHeight();
        int[] argb = img.getRGB(0, 0, w, h, null, 0, w);
        byte[] out = new byte[w * h * 3];
        for (int i = 0; i < argb.length; i++) {
            out[3 * i] = (byte) (argb[i] >> 16);
            out[3 * i + 1] = (byte) (argb[i] >> 8);
            out[3 * i + 2] = (byte) argb[i];
        }
        return out;
    }

    /**
     * The batch resized to 224 x 224 (one NHWC U8 tensor), then converted to F32, normalized and made NCHW in one
     * CropFlipNormalizeReformat (the whole image, no flip); the intermediate is closed.
     */
    static Tensor chain(ImageBatchVarShape images, Stream s) {
        try (Tensor resized = Resize.resize(images, ImageSize.of(SIZE, SIZE), Interpolation.LINEAR, s)) {
            return CropFlipNormalizeReformat.cropFlipNormalizeReformat(resized, new int[][] {{0, 0, SIZE, SIZE}},
                    new int[] {2}, MEAN255, STD255, 1f, 0f, 0f, true, false, BorderType.CONSTANT, 0f, DataType.F32,
                    TensorLayout.NCHW, s);
        }
    }

    /** ResizeCropConvertReformat of the batch (224, F32 x 1/255, NCHW) -> Normalize. */
    static Tensor fused(ImageBatchVarShape images, Stream s) {
        try (Tensor x = ResizeCropConvertReformat.resizeCropConvertReformat(images, ImageSize.of(SIZE, SIZE),
                Interpolation.LINEAR, 0, 0, SIZE, SIZE, 1 / 255f, 0f, null, DataType.F32, TensorLayout.NCHW, s)) {
            return Normalize.normalize(x, MEAN, STD, 1f, 0f, 0f, true, null, s);
        }
    }

    /** The images' sizes, e.g. "800x450, 640x480". */
    private static String sizes(List<BufferedImage> images) {
        List<String> l = new ArrayList<>();
        for (BufferedImage i : images) {
            l.add(i.getWidth() + "x" + i.getHeight());
        }
        return String.join(", ", l);
    }

    /** The elements of {@code t}, after the work queued on {@code s} (null: host) is done. */
    private static float[] elements(Tensor t, Stream s) {
        if (s != null) {
            s.synchronize(); // copyTo reads on the per-thread default stream, not on s
        }
        float[] a = new float[Math.toIntExact(t.elementCount())];
        t.copyTo(a);
        return a;
    }

    /**
     * Runs the chain on the GPU (device 0, its own stream) or the CPU backend, {@code reps} timed times after one
     * warm-up, printing what it did to {@code out}.
     */
    public static Result run(boolean gpu, PrintStream out, int reps) throws IOException {
        String name = "PreprocessSample";
        List<BufferedImage> decoded = loadImages();
        List<Tensor> host = new ArrayList<>();
        List<Tensor> inputs = new ArrayList<>();
        ImageBatchVarShape batch = null;
        Stream s = null;
        try {
            for (BufferedImage img : decoded) {
                Tensor t = Tensor.allocateHost(new long[] {img.getHeight(), img.getWidth(), 3}, DataType.U8, TensorLayout.HWC);
                host.add(t);
                t.copyFrom(rgb(img));
            }
            String backend;
            if (gpu) {
                Device d = Device.get(0);
                s = Stream.create(d);
                for (Tensor t : host) {
                    inputs.add(t.toDevice(d, s));
                }
                batch = ImageBatchVarShape.create(inputs.size(), d);
                backend = "GPU " + d + " (" + d.name() + ")";
            } else {
                inputs.addAll(host);
                batch = ImageBatchVarShape.createHost(inputs.size());
                backend = "CPU (host tensors)";
            }
            for (Tensor t : inputs) {
                batch.pushBack(t); // a view: the batch reads each image where it is, at its own size
            }
            out.println(name + ": " + decoded.size() + " images " + sizes(decoded) + " decoded with ImageIO, backend: " + backend);
            float[] result;
            long[] shape;
            try (Tensor warm = chain(batch, s)) {
                shape = warm.shape();
                result = elements(warm, s);
            }
            long t0 = System.nanoTime();
            for (int i = 0; i < reps; i++) {
                try (Tensor x = chain(batch, s)) {
                    if (s != null && i == reps - 1) {
                        s.synchronize();
                    }
                }
            }
            if (s != null) {
                s.synchronize();
            }
            double msPerImage = (System.nanoTime() - t0) / 1e6 / reps / inputs.size();
            double checksum = 0;
            for (float v : result) {
                checksum += v;
            }
            out.printf(Locale.ROOT, "%s: ImageBatchVarShape -> Resize %dx%d LINEAR -> CropFlipNormalizeReformat (F32, mean/std,"
                    + " NCHW): %s %s %s%n", name, SIZE, SIZE, Arrays.toString(shape), "F32", "NCHW");
            out.printf(Locale.ROOT, "%s: checksum (sum of %d elements) %.6f%n", name, result.length, checksum);
            out.printf(Locale.ROOT, "%s: %.3f ms per image (%d runs of %d images)%n", name, msPerImage, reps, inputs.size());
            double fusedDiff = Double.NaN;
            if (gpu) {
                try (Tensor f = fused(batch, s)) {
                    float[] g = elements(f, s);
                    fusedDiff = 0;
                    for (int i = 0; i < g.length; i++) {
                        fusedDiff = Math.max(fusedDiff, Math.abs(g[i] - result[i]));
                    }
                }
                out.printf(Locale.ROOT, "%s: fused ResizeCropConvertReformat + Normalize vs the chain: max |diff| %.5f (tolerance %.2f)%n",
                        name, fusedDiff, FUSED_TOLERANCE);
                check(fusedDiff <= FUSED_TOLERANCE, "the fused path differs from the chain by " + fusedDiff);
            }
            return new Result(backend, shape, checksum, msPerImage, fusedDiff, result);
        } finally {
            if (batch != null) {
                batch.close();
            }
            if (gpu) {
                inputs.forEach(Tensor::close);
            }
            host.forEach(Tensor::close);
            if (s != null) {
                s.synchronize();
                s.close();
            }
        }
    }
}
