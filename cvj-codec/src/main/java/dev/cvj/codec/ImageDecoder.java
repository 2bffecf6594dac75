package dev.cvj.codec;

import dev.cvj.cuda.Device;
import dev.cvj.cuda.Stream;
import dev.cvj.codec.raw.NvJpegLibrary;
import dev.cvj.tensor.CurrentStream;
import dev.cvj.tensor.ImageFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntConsumer;

/**
 * Decodes batches of JPEGs (and, on the CPU, whatever ImageIO reads: PNG, BMP, GIF) into U8 HWC images: an
 * {@link dev.cvj.tensor.ImageBatchVarShape}, or one NHWC tensor when all share a size.
 *
 * <p>Where each image goes (see docs/CODEC.md):
 * <ul>
 * <li>GPU with libnvjpeg: nvJPEG parses each image; baseline JPEGs the hardware backend accepts (A100, H100, H200)
 *     decode in one batched call; the others (progressive, ...) through the hybrid backend's decoupled phases, the
 *     Huffman decoding on this decoder's threads, at the same time as the batched call. The hybrid backend also takes
 *     a share of the hardware-decodable images, as {@link #setSplit} says (by default a share adapted to both sides'
 *     measured speeds, for batches of 32 or more). What nvJPEG refuses (CMYK, PNG, a file without an end-of-image
 *     marker) and what fails on the GPU is decoded by ImageIO and uploaded. Outputs are device tensors, written in
 *     order on the given stream.</li>
 * <li>GPU without libnvjpeg: ImageIO on this decoder's threads, uploaded.</li>
 * <li>No GPU ({@link #createHost}): ImageIO, host tensors.</li>
 * </ul>
 * An image no decoder can read is a {@link DecodeFailure} of the result (naming the image and every decoder's
 * reason); the others still decode. EXIF orientation is not applied (as nvJPEG and ImageIO): pixels are in stored
 * order; {@link ExifOrientation#of} reads it from the encoded bytes and says which operators make the image upright.
 *
 * <p>One decoder per device and thread: it keeps nvJPEG's states, pinned and device buffers and its threads, and
 * reuses them across batches; {@code decode} calls on one decoder are serialized. Close it when done.
 *
 * <pre>{@code
 * List<EncodedImage> jpegs = List.of(EncodedImage.read(Path.of("cat.jpg")), EncodedImage.read(Path.of("dog.jpg")));
 * try (ImageDecoder dec = ImageDecoder.create();
 *      DecodeResult r = dec.decode(jpegs, ImageFormat.RGB8, null)) {
 *     r.failures().forEach(f -> System.err.println(f));
 *     try (Tensor x = Resize.resize(r.images(), ImageSize.of(224, 224), Interpolation.LINEAR, null)) { ... }
 * }
 * }</pre>
 */
public final class ImageDecoder implements AutoCloseable {
    private final Device device;
    private final NvJpegDecoder nv;
    private final String describe;
    private final ExecutorService pool;
    private final int threads;
    private DecodeSplit split = DecodeSplit.hardwareOnly();
    private boolean closed;

    private ImageDecoder(Device device, NvJpegDecoder nv, String describe, int threads) {
        this.device = device;
        this.nv = nv;
        this.describe = describe;
        this.threads = threads;
        this.pool = Executors.newFixedThreadPool(threads, Thread.ofPlatform().daemon().name("cvj-decode-", 0).factory());
    }

    /** {@return the default number of decoding threads: the available processors, at most 8} */
    public static int defaultThreads() {
        return Math.min(8, Runtime.getRuntime().availableProcessors());
    }

    /**
     * A decoder on device 0 when there is a GPU, else a host decoder, with {@link #defaultThreads()} threads;
     * {@link #describe()} says which and why. A GPU without libnvjpeg, or where nvJPEG fails to open, gives a decoder
     * that decodes with ImageIO and uploads (no exception).
     *
     * @return a new decoder; close it
     * @throws dev.cvj.cuda.CudaException if the CUDA runtime reports a device but cannot open device 0
     */
    public static ImageDecoder create() {
        if (!Device.isAvailable()) {
            return createHost(defaultThreads(), "no GPU (" + Device.unavailableReason() + ")");
        }
        return create(Device.get(0), defaultThreads());
    }

    /**
     * A decoder whose outputs are on {@code device}, with {@code threads} decoding threads: nvJPEG when libnvjpeg
     * loads (a failure to open it is reported by {@link #describe()}, and ImageIO decodes), else ImageIO and an upload.
     *
     * @param device the device the decoded images are allocated on (not null)
     * @param threads the number of decoding threads, in {@code [1, 256]}: each runs nvJPEG's hybrid host phase
     *     (with its own nvJPEG state and CUDA stream) or ImageIO for one share of a batch
     * @return a new decoder; close it
     * @throws NullPointerException if {@code device} is null
     * @throws IllegalArgumentException if {@code threads} is outside {@code [1, 256]}
     */
    public static ImageDecoder create(Device device, int threads) {
        Objects.requireNonNull(device, "ImageDecoder.create: device");
        checkThreads(threads);
        if (!NvJpegLibrary.isAvailable()) {
            return new ImageDecoder(device, null, "CPU (ImageIO) then upload to " + device + ": "
                    + NvJpegLibrary.describe(), threads);
        }
        try {
            NvJpegDecoder nv = NvJpegDecoder.open(device, threads);
            return new ImageDecoder(device, nv, "GPU " + device + ": nvJPEG from " + NvJpegLibrary.describe() + " ("
                    + nv.hardwareNote() + "; hybrid backend with " + threads + " CPU threads for the rest; ImageIO for what "
                    + "nvJPEG refuses)", threads);
        } catch (RuntimeException e) { // NvJpegException, or a libnvjpeg without a function cvj binds
            return new ImageDecoder(device, null, "CPU (ImageIO) then upload to " + device + ": nvJPEG did not open: "
                    + e.getMessage(), threads);
        }
    }

    /**
     * A decoder that decodes with ImageIO into host tensors (the path without a GPU); it needs no CUDA library.
     *
     * @param threads the number of ImageIO threads, in {@code [1, 256]}
     * @return a new host decoder; close it
     * @throws IllegalArgumentException if {@code threads} is outside {@code [1, 256]}
     */
    public static ImageDecoder createHost(int threads) {
        return createHost(threads, "host decoder");
    }

    private static ImageDecoder createHost(int threads, String why) {
        checkThreads(threads);
        return new ImageDecoder(null, null, "CPU (ImageIO, " + threads + " threads) into host tensors: " + why, threads);
    }

    private static void checkThreads(int threads) {
        if (threads < 1 || threads > 256) {
            throw new IllegalArgumentException("ImageDecoder: threads must be in [1, 256], got " + threads);
        }
    }

    /** {@return where libnvjpeg loads from, or why it cannot be loaded (every place tried)} Never throws. */
    public static String nvJpegLibrary() {
        return NvJpegLibrary.describe();
    }

    /** {@return which decoders will run, and why (e.g. why not nvJPEG), in one line for a log} */
    public String describe() {
        return describe;
    }

    /**
     * Sets how batches are shared between nvJPEG's hardware engines and its hybrid backend (the default is
     * {@link DecodeSplit#hardwareOnly()}); an adaptive split starts again from its initial share. It applies from the
     * next decode call; without nvJPEG or JPEG engines it has no effect.
     *
     * @param split the split (not null)
     * @throws NullPointerException if {@code split} is null
     * @throws IllegalStateException if the decoder is closed
     */
    public synchronized void setSplit(DecodeSplit split) {
        Objects.requireNonNull(split, "ImageDecoder.setSplit: split");
        if (closed) {
            throw new IllegalStateException("ImageDecoder.setSplit: the decoder is closed");
        }
        this.split = split;
        if (nv != null) {
            nv.setSplit(split);
        }
    }

    /** {@return how batches are shared between the hardware engines and the hybrid backend} */
    public synchronized DecodeSplit split() {
        return split;
    }

    /** {@return the device the outputs are on, or null for a host decoder} */
    public Device device() {
        return device;
    }

    /** {@return whether nvJPEG decodes on this decoder (false: ImageIO decodes every image)} */
    public boolean usesNvJpeg() {
        return nv != null;
    }

    /**
     * Decodes {@code images} into an {@link dev.cvj.tensor.ImageBatchVarShape} of U8 HWC images in {@code format},
     * each its own size. An image no decoder can read is listed in {@link DecodeResult#failures()}; the others still
     * decode. Calls on one decoder run one at a time.
     *
     * @param images the encoded images (not null, no null element; may be empty), read during the call only
     * @param format {@link ImageFormat#RGB8} or {@link ImageFormat#BGR8} (3 channels) or {@link ImageFormat#Y8}
     *     (1 channel, the luma)
     * @param stream where the GPU work is queued and the outputs are written, on the decoder's device; null: the
     *     thread's {@link CurrentStream} when it is on that device, else the device's per-thread default stream.
     *     The outputs are ready in that stream's order (synchronize it before reading them on the host). A host
     *     decoder ignores it: its outputs are ready on return.
     * @return the decoded images and the failures; close it
     * @throws IllegalStateException if the decoder is closed
     * @throws NullPointerException if {@code images}, one of its elements or {@code format} is null
     * @throws IllegalArgumentException if {@code format} is not RGB8, BGR8 or Y8, or {@code stream} is on another
     *     device than the decoder's
     * @throws dev.cvj.cuda.CudaException if allocating the outputs or copying to the device fails (a
     *     {@link dev.cvj.cuda.CudaOutOfMemoryException} when device memory runs out)
     * @throws NvJpegException if an nvJPEG call on the decoder's own objects fails (a call about one image that
     *     fails makes that image take another path or a {@link DecodeFailure}, never an exception)
     */
    public synchronized DecodeResult decode(List<EncodedImage> images, ImageFormat format, Stream stream) {
        return run("decode", images, format, stream, false);
    }

    /**
     * {@link #decode(List, ImageFormat, Stream)} of Java arrays (not copied), named {@code "image 0"},
     * {@code "image 1"}, ... in failures and messages.
     *
     * @param images the encoded images, each a whole array (not null, no null element)
     * @param format RGB8, BGR8 or Y8, as for {@link #decode}
     * @param stream as for {@link #decode}; null: the current stream
     * @return the decoded images and the failures; close it
     * @throws IllegalStateException if the decoder is closed
     * @throws NullPointerException if {@code images}, one of its elements or {@code format} is null
     * @throws IllegalArgumentException as {@link #decode} throws it
     */
    public DecodeResult decodeBytes(List<byte[]> images, ImageFormat format, Stream stream) {
        Objects.requireNonNull(images, "ImageDecoder.decodeBytes: images");
        List<EncodedImage> l = new ArrayList<>(images.size());
        for (int i = 0; i < images.size(); i++) {
            l.add(EncodedImage.of("image " + i, images.get(i)));
        }
        return decode(l, format, stream);
    }

    /**
     * Decodes {@code images}, which must share one size, into one NHWC U8 tensor ({@link DecodeResult#tensor()}):
     * a row per image that passed the first checks, in input order ({@link DecodeResult#inputIndex}); the result's
     * {@link DecodeResult#images()} are the tensor's rows. An image that fails only in the GPU decode and on the
     * CPU retry keeps its row, zero-filled, and is listed in the failures. With no image left the tensor is
     * {@code [0, 0, 0, C]}.
     *
     * @param images the encoded images, all of one width and height (not null, no null element), read during the
     *     call only
     * @param format RGB8 or BGR8 (C = 3) or Y8 (C = 1)
     * @param stream where the GPU work is queued and the outputs are written, on the decoder's device; null: the
     *     thread's {@link CurrentStream} when it is on that device, else the device's per-thread default stream.
     *     The outputs are ready in that stream's order (synchronize it before reading them on the host). A host
     *     decoder ignores it: its outputs are ready on return.
     * @return the tensor, its rows as a batch, and the failures; close it
     * @throws IllegalStateException if the decoder is closed
     * @throws NullPointerException if {@code images}, one of its elements or {@code format} is null
     * @throws IllegalArgumentException if {@code format} is not RGB8, BGR8 or Y8, or {@code stream} is on another
     *     device than the decoder's, or two images that decode differ in size (the message names both)
     * @throws dev.cvj.cuda.CudaException if allocating the outputs or copying to the device fails (a
     *     {@link dev.cvj.cuda.CudaOutOfMemoryException} when device memory runs out)
     * @throws NvJpegException if an nvJPEG call on the decoder's own objects fails (a call about one image that
     *     fails makes that image take another path or a {@link DecodeFailure}, never an exception)
     */
    public synchronized DecodeResult decodeToTensor(List<EncodedImage> images, ImageFormat format, Stream stream) {
        return run("decodeToTensor", images, format, stream, true);
    }

    private DecodeResult run(String method, List<EncodedImage> images, ImageFormat format, Stream stream, boolean stacked) {
        if (closed) {
            throw new IllegalStateException("ImageDecoder." + method + ": the decoder is closed");
        }
        Objects.requireNonNull(images, "ImageDecoder." + method + ": images");
        for (int i = 0; i < images.size(); i++) {
            Objects.requireNonNull(images.get(i), "ImageDecoder." + method + ": images[" + i + "] is null");
        }
        Objects.requireNonNull(format, "ImageDecoder." + method + ": format");
        if (format != ImageFormat.RGB8 && format != ImageFormat.BGR8 && format != ImageFormat.Y8) {
            throw new IllegalArgumentException("ImageDecoder." + method + ": format " + format + " (RGB8, BGR8 or Y8)");
        }
        Stream s = null;
        if (device != null) {
            s = stream != null ? stream : CurrentStream.explicit();
            if (s == null || s.device() != device) {
                if (stream != null) {
                    throw new IllegalArgumentException("ImageDecoder." + method + ": stream " + stream
                            + " is not on the decoder's device " + device);
                }
                s = Stream.perThreadDefault(device);
            }
            device.makeCurrent();
        }
        return new BatchDecode(this, nv, images, format, s).run(stacked);
    }

    /** Runs {@code body(0 .. tasks-1)} on the decoder's threads; waits for all, then throws the first failure. */
    void parallel(int tasks, IntConsumer body) {
        if (tasks == 1) {
            body.accept(0);
            return;
        }
        start(tasks, body).await();
    }

    /**
     * Starts {@code body(0 .. tasks-1)} on the decoder's threads and returns at once (the caller works alongside);
     * {@link Running#await()} waits for all. Every task goes to the pool, even a single one.
     */
    Running start(int tasks, IntConsumer body) {
        List<Future<?>> futures = new ArrayList<>(tasks);
        for (int t = 0; t < tasks; t++) {
            int task = t;
            futures.add(pool.submit(() -> body.accept(task)));
        }
        return new Running(futures);
    }

    /** Tasks started by {@link #start}. */
    static final class Running {
        private final List<Future<?>> futures;

        private Running(List<Future<?>> futures) {
            this.futures = futures;
        }

        /** Waits for every task (even after one failed), then throws the first failure with the others suppressed. */
        void await() {
            RuntimeException first = null;
            for (Future<?> f : futures) {
                try {
                    f.get();
                } catch (ExecutionException e) {
                    RuntimeException r = e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
                    if (first == null) {
                        first = r;
                    } else {
                        first.addSuppressed(r);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    first = first != null ? first : new IllegalStateException("ImageDecoder: interrupted", e);
                }
            }
            if (first != null) {
                throw first;
            }
        }
    }

    int threads() {
        return threads;
    }

    /**
     * Waits for the GPU work queued on nvJPEG's buffers, then releases nvJPEG's objects, its buffers and the
     * threads; idempotent. Results already returned stay valid.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        pool.shutdown();
        if (nv != null) {
            nv.close();
        }
    }
}
