package dev.cvj.codec;

import dev.cvj.codec.raw.NvJpegLibrary;
import dev.cvj.cuda.Device;
import dev.cvj.cuda.Stream;
import dev.cvj.tensor.DataType;
import dev.cvj.tensor.ImageFormat;
import dev.cvj.tensor.Tensor;
import java.util.Objects;

/**
 * Encodes U8 HWC images (a tensor {@code [H, W, C]}, or {@code [1, H, W, C]}) as JPEG, with a quality (1 to 100) and
 * a chroma subsampling. A device tensor with 3 channels is encoded by nvJPEG on the GPU when this encoder has it
 * ({@link #create()} on a machine with a GPU and libnvjpeg); everything else (host tensors, gray images, no nvJPEG)
 * by ImageIO on the CPU, after a copy to the host. {@link #describe()} says which. One encoder per thread; close it.
 */
public final class ImageEncoder implements AutoCloseable {
    private final NvJpegEncoder nv;
    private final String describe;
    private boolean closed;

    private ImageEncoder(NvJpegEncoder nv, String describe) {
        this.nv = nv;
        this.describe = describe;
    }

    /** nvJPEG on device 0 when there is a GPU and libnvjpeg, else ImageIO. */
    public static ImageEncoder create() {
        if (!Device.isAvailable()) {
            return createHost("no GPU (" + Device.unavailableReason() + ")");
        }
        return create(Device.get(0));
    }

    /** nvJPEG on {@code device} when libnvjpeg loads and opens, else ImageIO (and {@link #describe()} says why). */
    public static ImageEncoder create(Device device) {
        Objects.requireNonNull(device, "ImageEncoder.create: device");
        if (!NvJpegLibrary.isAvailable()) {
            return createHost(NvJpegLibrary.describe());
        }
        try {
            return new ImageEncoder(new NvJpegEncoder(device), "GPU " + device + ": nvJPEG (3-channel device images); "
                    + "ImageIO for the rest");
        } catch (RuntimeException e) { // NvJpegException, or a libnvjpeg without a function cvj binds
            return createHost("nvJPEG did not open: " + e.getMessage());
        }
    }

    /** ImageIO only. */
    public static ImageEncoder createHost() {
        return createHost("host encoder");
    }

    private static ImageEncoder createHost(String why) {
        return new ImageEncoder(null, "CPU (ImageIO): " + why);
    }

    /** Which encoder runs, and why. */
    public String describe() {
        return describe;
    }

    /**
     * The JPEG of {@code image}, whose channels are in {@code format} (RGB8, BGR8 or Y8; Y8 ignores {@code css}).
     * Device work runs on {@code stream} (null: the device's per-thread default stream) and is finished on return.
     */
    public synchronized byte[] encode(Tensor image, ImageFormat format, int quality, ChromaSubsampling css, Stream stream) {
        if (closed) {
            throw new IllegalStateException("ImageEncoder.encode: the encoder is closed");
        }
        Objects.requireNonNull(image, "ImageEncoder.encode: image");
        Objects.requireNonNull(format, "ImageEncoder.encode: format");
        Objects.requireNonNull(css, "ImageEncoder.encode: css");
        int channels = format == ImageFormat.Y8 ? 1 : 3;
        if (format != ImageFormat.RGB8 && format != ImageFormat.BGR8 && format != ImageFormat.Y8) {
            throw new IllegalArgumentException("ImageEncoder.encode: format " + format + " (RGB8, BGR8 or Y8)");
        }
        if (quality < 1 || quality > 100) {
            throw new IllegalArgumentException("ImageEncoder.encode: quality must be in [1, 100], got " + quality);
        }
        long[] shape = image.shape();
        boolean hwc = shape.length == 3 || (shape.length == 4 && shape[0] == 1);
        if (image.dtype() != DataType.U8 || !hwc || shape[shape.length - 1] != channels || shape[shape.length - 2] < 1
                || shape[shape.length - 3] < 1 || shape[shape.length - 2] > 65535 || shape[shape.length - 3] > 65535) {
            throw new IllegalArgumentException("ImageEncoder.encode: image must be U8 [H, W, " + channels + "] (or [1, H, W, "
                    + channels + "]) for " + format + ", H and W in [1, 65535], got " + image.dtype() + " "
                    + java.util.Arrays.toString(shape));
        }
        boolean bgr = format == ImageFormat.BGR8;
        if (nv != null && !image.isHost() && channels == 3 && image.strides()[shape.length - 1] == 1
                && image.strides()[shape.length - 2] == 3) {
            Stream s = stream != null ? stream : Stream.perThreadDefault(image.device());
            return nv.encode(image, bgr, quality, css, s);
        }
        int h = Math.toIntExact(shape[shape.length - 3]), w = Math.toIntExact(shape[shape.length - 2]);
        byte[] pixels = new byte[Math.multiplyExact(Math.multiplyExact(h, w), channels)];
        if (image.isHost()) {
            image.copyToBytes(pixels);
        } else {
            if (stream != null) {
                stream.synchronize(); // the copy reads on the thread's default stream
            }
            try (Tensor host = image.toHost()) {
                host.copyToBytes(pixels);
            }
        }
        return ImageIoEncoder.encode(new HostPixels(w, h, channels, pixels), bgr, quality, css);
    }

    /** Releases nvJPEG's objects; idempotent. */
    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            if (nv != null) {
                nv.close();
            }
        }
    }
}
