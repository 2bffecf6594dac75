package dev.cvj.samples;

import static dev.cvj.samples.Sample.check;

import dev.cvj.cuda.Device;
import dev.cvj.cuda.Stream;
import dev.cvj.ops.Backend;
import dev.cvj.ops.ConvertTo;
import dev.cvj.tensor.ImageSize;
import dev.cvj.ops.Interpolation;
import dev.cvj.ops.Normalize;
import dev.cvj.ops.Reformat;
import dev.cvj.ops.Resize;
import dev.cvj.ops.ResizeCropConvertReformat;
import dev.cvj.ops.Stack;
import dev.cvj.tensor.DataType;
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
 * The classification pre-processing chain on the images shipped with the samples (resources {@code /images/},
 * made by {@code cvj-samples/tools/make_sample_images.py}), decoded with ImageIO:
 * <pre>
 *   4 x HWC U8 RGB --Stack--> NHWC --Resize 224x224 LINEAR--> --ConvertTo F32 x 1/255--> --Normalize (ImageNet
 *   mean/std)--> --Reformat--> NCHW F32 [4, 3, 224, 224]
 * </pre>
 * On the GPU when there is one (and the kernels are in the jar), else on the CPU backend (host tensors, same
 * operators). It prints the backend, the output's shape, a checksum (the sum of all elements) and the time per
 * image. On the GPU it also runs the fused path, ResizeCropConvertReformat (resize + convert + reformat in one
 * kernel) then Normalize, and checks it agrees with the chain within {@link #FUSED_TOLERANCE}.
 */
public final class PreprocessSample implements Sample {
    /** The images, all 640 x 480 (Stack needs one size). */
    public static final List<String> IMAGES = List.of("sunset.jpg", "shapes.jpg", "checker.png", "rings.jpg");
    public static final int SIZE = 224;
    public static final float[] MEAN = {0.485f, 0.456f, 0.406f};
    public static final float[] STD = {0.229f, 0.224f, 0.225f};
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

    /** Stack -> Resize -> ConvertTo -> Normalize -> Reformat; the intermediates are closed. */
    static Tensor chain(List<Tensor> images, Stream s) {
        try (Tensor batch = Stack.stack(images, s);
             Tensor resized = Resize.resize(batch, ImageSize.of(SIZE, SIZE), Interpolation.LINEAR, s);
             Tensor f32 = ConvertTo.convertTo(resized, DataType.F32, 1 / 255.0, 0, s);
             Tensor normalized = Normalize.normalize(f32, MEAN, STD, 1f, 0f, 0f, true, null, s)) {
            return Reformat.reformat(normalized, TensorLayout.NCHW, s);
        }
    }

    /** Stack -> ResizeCropConvertReformat (224, F32 x 1/255, NCHW) -> Normalize. */
    static Tensor fused(List<Tensor> images, Stream s) {
        try (Tensor batch = Stack.stack(images, s);
             Tensor x = ResizeCropConvertReformat.resizeCropConvertReformat(batch, SIZE, SIZE,
                     Interpolation.LINEAR, 0, 0, SIZE, SIZE, 1 / 255f, 0f, null, DataType.F32,
                     TensorLayout.NCHW, s)) {
            return Normalize.normalize(x, MEAN, STD, 1f, 0f, 0f, true, null, s);
        }
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
                backend = "GPU " + d + " (" + d.name() + ")";
            } else {
                inputs.addAll(host);
                backend = "CPU (host tensors)";
            }
            out.println(name + ": " + decoded.size() + " images " + decoded.get(0).getWidth() + "x" + decoded.get(0).getHeight()
                    + " decoded with ImageIO, backend: " + backend);
            float[] result;
            long[] shape;
            try (Tensor warm = chain(inputs, s)) {
                shape = warm.shape();
                result = elements(warm, s);
            }
            long t0 = System.nanoTime();
            for (int i = 0; i < reps; i++) {
                try (Tensor x = chain(inputs, s)) {
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
            out.printf(Locale.ROOT, "%s: Stack -> Resize %d LINEAR -> ConvertTo F32/255 -> Normalize -> Reformat: %s %s %s%n",
                    name, SIZE, Arrays.toString(shape), "F32", "NCHW");
            out.printf(Locale.ROOT, "%s: checksum (sum of %d elements) %.6f%n", name, result.length, checksum);
            out.printf(Locale.ROOT, "%s: %.3f ms per image (%d runs of %d images)%n", name, msPerImage, reps, inputs.size());
            double fusedDiff = Double.NaN;
            if (gpu) {
                try (Tensor f = fused(inputs, s)) {
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
