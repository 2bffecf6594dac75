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
 * by ImageIO on the CPU, after a copy to the host. {@link #describe()} says which. Calls on one encoder run one at a
 * time: use one encoder per thread. Close it.
 *
 * <pre>{@code
 * try (ImageEncoder encoder = ImageEncoder.create()) {
 *     byte[] jpeg = encoder.encode(image, ImageFormat.RGB8, 90, ChromaSubsampling.CSS_420, null);
 *     Files.write(Path.of("out.jpg"), jpeg);
 * }
 * }</pre>
 */
public final class ImageEncoder implements AutoCloseable {
    private final NvJpegEncoder nv;
    private final String describe;
    private boolean closed;

    private ImageEncoder(NvJpegEncoder nv, String describe) {
        this.nv = nv;
        this.describe = describe;
    }

    /**
     * nvJPEG on device 0 when there is a GPU and libnvjpeg, else ImageIO ({@link #describe()} says why).
     *
     * @return a new encoder; close it
     * @throws dev.cvj.cuda.CudaException if the CUDA runtime reports a device but cannot open device 0
     */
    public static ImageEncoder create() {
        if (!Device.isAvailable()) {
            return createHost("no GPU (" + Device.unavailableReason() + ")");
        }
        return create(Device.get(0));
    }

    /**
     * nvJPEG on {@code device} when libnvjpeg loads and opens, else ImageIO (and {@link #describe()} says why).
     *
     * @param device the device whose 3-channel images nvJPEG encodes (not null)
     * @return a new encoder; close it
     * @throws NullPointerException if {@code device} is null
     */
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

    /**
     * An encoder that encodes with ImageIO only; it needs no CUDA library (device images are copied to the host).
     *
     * @return a new encoder; close it
     */
    public static ImageEncoder createHost() {
        return createHost("host encoder");
    }

    private static ImageEncoder createHost(String why) {
        return new ImageEncoder(null, "CPU (ImageIO): " + why);
    }

    /** {@return which encoder runs, and why, in one line for a log} */
    public String describe() {
        return describe;
    }

    /**
     * The JPEG of {@code image}, whose channels are in {@code format}. Device work runs on {@code stream} and is
     * finished on return; the image is only read.
     *
     * @param image a U8 tensor {@code [H, W, C]} or {@code [1, H, W, C]}, H and W in {@code [1, 65535]}, C = 3 for RGB8
     *     and BGR8, 1 for Y8; on the host or a device, rows may be padded (not null)
     * @param format the order of the image's channels: RGB8, BGR8 or Y8 (gray)
     * @param quality the JPEG quality, in {@code [1, 100]} (higher: larger files, fewer artifacts)
     * @param css the chroma subsampling written into the JPEG (not null; a Y8 image has no chroma and ignores it)
     * @param stream the stream the image's last writer ran on, on the image's device; null: the device's
     *     per-thread default stream. Ignored for a host image.
     * @return the JPEG file's bytes (JFIF), a new array
     * @throws IllegalStateException if the encoder is closed
     * @throws NullPointerException if {@code image}, {@code format} or {@code css} is null
     * @throws IllegalArgumentException if {@code format} is not RGB8, BGR8 or Y8, {@code quality} is outside
     *     {@code [1, 100]}, the image's type or shape does not fit {@code format} as above, or {@code stream} is on
     *     another device than the image
     * @throws ArithmeticException if ImageIO encodes an image of more than {@code 2^31 - 1} bytes
     * @throws NvJpegException if nvJPEG fails to encode a device image
     * @throws dev.cvj.cuda.CudaException if copying a device image to the host fails
     * @throws java.io.UncheckedIOException if ImageIO's JPEG writer fails
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
        if (stream != null && !image.isHost() && stream.device() != image.device()) {
            throw new IllegalArgumentException("ImageEncoder.encode: stream " + stream + " is not on the image's device "
                    + image.device());
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

    /** Releases nvJPEG's objects; idempotent. JPEGs already returned are plain arrays and stay valid. */
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
