package dev.cvj.codec;

import dev.cvj.cuda.Device;
import dev.cvj.cuda.Stream;
import dev.cvj.ops.BorderType;
import dev.cvj.ops.CropFlipNormalizeReformat;
import dev.cvj.ops.Interpolation;
import dev.cvj.ops.Resize;
import dev.cvj.tensor.DataType;
import dev.cvj.tensor.ImageFormat;
import dev.cvj.tensor.ImageSize;
import dev.cvj.tensor.Tensor;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * Encoded images in, a model's input batch out: decode ({@link ImageDecoder}: nvJPEG on the GPU, else ImageIO), then
 * {@link Resize} (bilinear) and {@link CropFlipNormalizeReformat} (crop, normalize, layout and type) as a
 * {@link ModelInputSpec} says. This is what {@code cvj preprocess} runs over its batches ({@link #runAll}, the decode
 * of the next batch overlapping the operators of the current one), and what cvj-spark runs per batch of rows
 * ({@link #run}), so that both give the same numbers for the same bytes (within nvJPEG's backend differences if an adaptive
 * split is set: see {@link #setDecodeSplit}).
 *
 * <p>A pipeline owns its decoder (its nvJPEG objects and threads) and, on a GPU, one stream on which every batch runs:
 * create one per device and reuse it. {@link #run} is synchronized: threads that share a pipeline take turns. An image
 * that cannot be decoded is a failure of the {@link ModelInputBatch} (with the reason), never an exception, and never
 * costs the other images of its batch.
 *
 * <pre>{@code
 * try (ModelInputPipeline pipeline = ModelInputPipeline.create();
 *      ModelInputBatch batch = pipeline.run(List.of(EncodedImage.read(Path.of("cat.jpg"))), ModelInputSpec.imagenet())) {
 *     float[] x = new float[batch.size() * ModelInputSpec.imagenet().rowElements()];
 *     batch.copyTo(x);                       // rows in input order, failed images left out
 *     batch.failures().forEach(System.err::println);
 * }
 * }</pre>
 */
public final class ModelInputPipeline implements AutoCloseable {
    private final ImageDecoder decoder;
    private final Stream stream;
    private Stream second; // runAll's other stream, created on its first call
    private boolean closed;

    private ModelInputPipeline(ImageDecoder decoder, Stream stream) {
        this.decoder = decoder;
        this.stream = stream;
    }

    /**
     * A pipeline on device 0 when the GPU operators can run there ({@link dev.cvj.ops.Backend#gpuAvailable()}), else
     * on the host, with {@link ImageDecoder#defaultThreads()} decoding threads.
     *
     * @return a new pipeline; close it
     */
    public static ModelInputPipeline create() {
        return dev.cvj.ops.Backend.gpuAvailable() ? create(Device.get(0), ImageDecoder.defaultThreads())
                : createHost(ImageDecoder.defaultThreads());
    }

    /**
     * A pipeline whose decoder and operators run on {@code device}, on a stream of its own.
     *
     * @param device the GPU (not null)
     * @param threads the decoding threads, in {@code [1, 256]} (see {@link ImageDecoder#create(Device, int)})
     * @return a new pipeline; close it
     * @throws NullPointerException if {@code device} is null
     * @throws IllegalArgumentException if {@code threads} is outside {@code [1, 256]}
     */
    public static ModelInputPipeline create(Device device, int threads) {
        Objects.requireNonNull(device, "ModelInputPipeline.create: device");
        ImageDecoder decoder = ImageDecoder.create(device, threads);
        try {
            return new ModelInputPipeline(decoder, Stream.create(device));
        } catch (RuntimeException e) {
            decoder.close();
            throw e;
        }
    }

    /**
     * A pipeline on the host: ImageIO decodes, the operators' CPU path transforms; it needs no CUDA library.
     *
     * @param threads the decoding threads, in {@code [1, 256]}
     * @return a new pipeline; close it
     * @throws IllegalArgumentException if {@code threads} is outside {@code [1, 256]}
     */
    public static ModelInputPipeline createHost(int threads) {
        return new ModelInputPipeline(ImageDecoder.createHost(threads), null);
    }

    /** {@return the device the batches are made on, or null on the host} */
    public Device device() {
        return decoder.device();
    }

    /** {@return the stream the batches are made on (and that a batch's tensor is ready on), or null on the host} */
    public Stream stream() {
        return stream;
    }

    /** {@return which decoders run and why, in one line for a log (see {@link ImageDecoder#describe()})} */
    public String describe() {
        return decoder.describe();
    }

    /**
     * Decodes {@code images} and transforms the ones that decode as {@code spec} says, in one batch. The returned
     * batch's tensor is on this pipeline's device (ready on {@link #stream()}: work queued on that stream may use it
     * at once) or on the host.
     *
     * @param images the encoded images (not null, at most 65535)
     * @param spec what to make of them (not null)
     * @return the batch: one row per image that decoded, in input order, and one failure per image that did not;
     *     close it
     * @throws NullPointerException if an argument is null
     * @throws IllegalStateException if the pipeline is closed
     */
    public synchronized ModelInputBatch run(List<EncodedImage> images, ModelInputSpec spec) {
        checkRun("run", images, spec);
        return make(images, spec, stream);
    }

    /**
     * Makes a batch of each of {@code inputs}, in order, as {@link #run} makes it (the same bytes), and gives each to
     * {@code sink} with its input; on a GPU the decode of the next batch overlaps the operators of the current one.
     * The batches alternate between {@link #stream()} and a second stream of this pipeline, so that while batch k's
     * operators run on one, batch k+1 decodes on the other (the decoder's host work and the JPEG engines alongside the
     * operators' kernels); batch k reaches {@code sink} once batch k+1's decode is queued. The sink gets a batch ready
     * on its {@link ModelInputBatch#stream()}; the batch is closed when the sink returns (copy out what you keep). On
     * the host the batches are made one after the other. The pipeline is held for the whole sequence: other threads'
     * {@link #run} calls wait.
     *
     * @param <T> what the caller reads a batch from (e.g. its files), handed back to the sink with the batch
     * @param inputs the inputs, one batch each (not null, no null element)
     * @param images the encoded images of an input (not null; it returns a non-null list of at most 65535 images)
     * @param spec what to make of them (not null)
     * @param sink takes each batch with its input, in input order (not null)
     * @throws NullPointerException if an argument, an input or the images of an input are null
     * @throws IllegalStateException if the pipeline is closed
     */
    public synchronized <T> void runAll(Iterator<? extends T> inputs, Function<? super T, List<EncodedImage>> images,
            ModelInputSpec spec, BiConsumer<? super T, ? super ModelInputBatch> sink) {
        Objects.requireNonNull(inputs, "ModelInputPipeline.runAll: inputs");
        Objects.requireNonNull(images, "ModelInputPipeline.runAll: images");
        Objects.requireNonNull(sink, "ModelInputPipeline.runAll: sink");
        checkRun("runAll", List.of(), spec);
        if (stream != null && second == null) {
            second = Stream.create(stream.device());
        }
        T waitingInput = null;
        ModelInputBatch waiting = null; // made, its operators queued, not yet given to the sink
        try {
            for (int k = 0; inputs.hasNext(); k++) {
                T input = Objects.requireNonNull(inputs.next(), "ModelInputPipeline.runAll: an input is null");
                List<EncodedImage> batch = Objects.requireNonNull(images.apply(input),
                        "ModelInputPipeline.runAll: the images of an input are null");
                ModelInputBatch made = make(batch, spec, k % 2 == 0 || stream == null ? stream : second);
                ModelInputBatch done = waiting;
                T doneInput = waitingInput;
                waiting = made; // from here the finally closes it if the sink throws
                waitingInput = input;
                if (done != null) {
                    deliver(sink, doneInput, done);
                }
                if (stream == null) { // the host made it synchronously: nothing to overlap
                    waiting = null;
                    deliver(sink, input, made);
                }
            }
            if (waiting != null) {
                ModelInputBatch done = waiting;
                waiting = null;
                deliver(sink, waitingInput, done);
            }
        } finally {
            if (waiting != null) {
                waiting.close();
            }
        }
    }

    /** Gives {@code batch} to {@code sink}, then closes it (even if the sink throws). */
    private static <T> void deliver(BiConsumer<? super T, ? super ModelInputBatch> sink, T input, ModelInputBatch batch) {
        try (batch) {
            sink.accept(input, batch);
        }
    }

    private void checkRun(String method, List<EncodedImage> images, ModelInputSpec spec) {
        Objects.requireNonNull(images, "ModelInputPipeline." + method + ": images");
        Objects.requireNonNull(spec, "ModelInputPipeline." + method + ": spec");
        if (closed) {
            throw new IllegalStateException("ModelInputPipeline." + method + ": the pipeline is closed");
        }
    }

    /** Decodes and transforms one batch on {@code s} (null on the host). */
    private ModelInputBatch make(List<EncodedImage> images, ModelInputSpec spec, Stream s) {
        DecodeResult decoded = decoder.decode(images, ImageFormat.RGB8, s);
        try {
            Tensor rows = decoded.size() == 0 ? null : transform(decoded, spec, s);
            return new ModelInputBatch(decoded, rows, images.size(), spec, s);
        } catch (RuntimeException e) {
            decoded.close();
            throw e;
        }
    }

    /**
     * Sets how the decoder shares batches between nvJPEG's hardware engines and its hybrid backend (see
     * {@link ImageDecoder#setSplit}). With an adaptive split the path of an image, and so its pixels within
     * nvJPEG's IDCT differences, can change from run to run; {@link DecodeSplit#hardwareOnly()} (the default) or a
     * {@link DecodeSplit#fixed} split give the same bytes for the same batches.
     *
     * @param split the split (not null)
     * @throws NullPointerException if {@code split} is null
     * @throws IllegalStateException if the pipeline is closed
     */
    public synchronized void setDecodeSplit(DecodeSplit split) {
        decoder.setSplit(split);
    }

    /**
     * The model input of decoded images: {@link Resize} to {@code spec.resize()} squared (bilinear), then
     * {@link CropFlipNormalizeReformat} (the crop, {@code (pixel - 255 mean) / (255 std)}, {@code spec.dtype()} in
     * {@code spec.layout()}).
     *
     * @param decoded a decode result with at least one image (not null)
     * @param spec what to make (not null)
     * @param stream the stream to run on (null: the thread's current stream; ignored on the host)
     * @return a new tensor of {@code decoded.size()} rows of {@link ModelInputSpec#rowShape()}, on the images'
     *     device or host; close it
     */
    public static Tensor transform(DecodeResult decoded, ModelInputSpec spec, Stream stream) {
        int off = (spec.resize() - spec.size()) / 2;
        boolean pixels = spec.dtype() == DataType.U8;
        float[] mean = spec.mean(), std = spec.std();
        float[] base = new float[3], scale = new float[3];
        for (int c = 0; c < 3; c++) {
            base[c] = pixels ? 0 : mean[c] * 255;
            scale[c] = pixels ? 1 : std[c] * 255;
        }
        try (Tensor resized = Resize.resize(decoded.images(), ImageSize.of(spec.resize(), spec.resize()), Interpolation.LINEAR, stream)) {
            return CropFlipNormalizeReformat.cropFlipNormalizeReformat(resized, new int[][] {{off, off, spec.size(), spec.size()}},
                    new int[] {2}, base, scale, 1f, 0f, 0f, !pixels, false, BorderType.CONSTANT, 0f, spec.dtype(),
                    spec.layout(), stream);
        }
    }

    /** Closes the stream and the decoder; idempotent. Batches already returned stay valid until closed. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (stream != null) {
                stream.close();
            }
            if (second != null) {
                second.close();
            }
        } finally {
            decoder.close();
        }
    }
}
