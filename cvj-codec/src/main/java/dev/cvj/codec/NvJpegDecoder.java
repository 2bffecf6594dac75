package dev.cvj.codec;

import static dev.cvj.codec.NvJpegException.check;

import dev.cvj.codec.raw.NvJpeg;
import dev.cvj.codec.raw.NvJpegTypes;
import dev.cvj.cuda.Device;
import dev.cvj.cuda.Event;
import dev.cvj.cuda.PinnedMemory;
import dev.cvj.cuda.Stream;
import dev.cvj.tensor.ImageFormat;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;

/**
 * The GPU decoder over nvJPEG: the hardware backend's batched decode for the baseline JPEGs it accepts
 * ({@code nvjpegDecodeBatchedSupported}), and the hybrid backend's decoupled phases for the rest (progressive, ...):
 * {@code nvjpegDecodeJpegHost} (Huffman decoding) on CPU threads, then {@code nvjpegDecodeJpegTransferToDevice} and
 * {@code nvjpegDecodeJpegDevice} on each thread's own CUDA stream.
 *
 * <p>Each thread owns what nvJPEG's thread-safety rules say must not be shared (decoder state, JPEG streams,
 * pinned and device buffers, decode parameters) and two pinned buffers used in turn, the way NVIDIA's decoupled
 * sample does: the host phase of image i+1 overlaps the GPU phase of image i, and a stream synchronize before each
 * transfer keeps the state's device buffer and the other pinned buffer from being overwritten early. Everything is
 * created once and reused across batches. Not thread-safe: one caller at a time ({@link ImageDecoder} guarantees it).
 */
final class NvJpegDecoder implements AutoCloseable {
    /** What the probe of one image found. {@code path} null: nvJPEG cannot take it ({@code refusal} says why). */
    record Probe(DecodePath path, int width, int height, String refusal) {}

    private final Device device;
    private final NvJpegObjects objects = new NvJpegObjects();
    private final long handle;
    private final long decoder;
    private final long hwHandle;
    private final long hwState;
    private final String hardwareNote;
    private final List<Worker> workers = new ArrayList<>();
    private PinnedMemory staging;
    private Event stagingInUse;
    private SplitPolicy split;
    /** Timing events of the last split batch: its start, and the hardware side's end (each worker has its own end). */
    private Event splitStart;
    private Event hardwareDone;
    /** What the last split batch decoded on each side, until its times are read; null when nothing is pending. */
    private SplitWork pending;

    /** The work of one split batch: the encoded bytes of each side and the hybrid threads used. */
    record SplitWork(long hardwareBytes, long hybridBytes, int hybridThreads) {}

    /** One decoding thread's nvJPEG objects and CUDA stream. */
    final class Worker {
        final long state;
        final long[] pinned = new long[2];
        final long[] jpegStreams = new long[2];
        final long params;
        final long probe;
        final Stream stream;
        /** A timing event recorded at the end of this worker's GPU phase of a batch. */
        final Event done;

        Worker() {
            state = objects.create("nvjpegDecoderStateCreate", p -> NvJpeg.nvjpegDecoderStateCreate(handle, decoder, p),
                    "nvjpegJpegStateDestroy", NvJpeg::nvjpegJpegStateDestroy);
            for (int k = 0; k < 2; k++) {
                pinned[k] = objects.create("nvjpegBufferPinnedCreate", p -> NvJpeg.nvjpegBufferPinnedCreate(handle, MemorySegment.NULL, p),
                        "nvjpegBufferPinnedDestroy", NvJpeg::nvjpegBufferPinnedDestroy);
                jpegStreams[k] = objects.create("nvjpegJpegStreamCreate", p -> NvJpeg.nvjpegJpegStreamCreate(handle, p),
                        "nvjpegJpegStreamDestroy", NvJpeg::nvjpegJpegStreamDestroy);
            }
            long deviceBuffer = objects.create("nvjpegBufferDeviceCreate",
                    p -> NvJpeg.nvjpegBufferDeviceCreate(handle, MemorySegment.NULL, p), "nvjpegBufferDeviceDestroy", NvJpeg::nvjpegBufferDeviceDestroy);
            check(NvJpeg.nvjpegStateAttachDeviceBuffer(state, deviceBuffer), "nvjpegStateAttachDeviceBuffer");
            params = objects.create("nvjpegDecodeParamsCreate", p -> NvJpeg.nvjpegDecodeParamsCreate(handle, p),
                    "nvjpegDecodeParamsDestroy", NvJpeg::nvjpegDecodeParamsDestroy);
            long probeHandle = hwHandle != 0 ? hwHandle : handle;
            probe = objects.create("nvjpegJpegStreamCreate", p -> NvJpeg.nvjpegJpegStreamCreate(probeHandle, p),
                    "nvjpegJpegStreamDestroy", NvJpeg::nvjpegJpegStreamDestroy);
            stream = Stream.create(device, true, 0);
            objects.onClose(stream::close);
            done = Event.create(device, Event.DEFAULT);
            objects.onClose(done::close);
        }

        /**
         * Parses {@code data} and says which path takes it: HARDWARE for a 3-component JPEG the hardware backend
         * accepts, else GPU_HYBRID for 1- and 3-component JPEGs; nothing for what nvJPEG cannot parse or decode to RGB/gray.
         */
        Probe probe(MemorySegment data, String name) {
            long probeHandle = hwHandle != 0 ? hwHandle : handle;
            // the header (up to the first scan) is what the size and the hardware check need; the decode parses fully
            int status = NvJpeg.nvjpegJpegStreamParseHeader(probeHandle, data, data.byteSize(), probe);
            if (status != NvJpegTypes.STATUS_SUCCESS) {
                return new Probe(null, 0, 0, new NvJpegException(status, "nvjpegJpegStreamParseHeader(" + name + ")").getMessage());
            }
            try (Arena a = Arena.ofConfined()) {
                MemorySegment w = a.allocate(ValueLayout.JAVA_INT), h = a.allocate(ValueLayout.JAVA_INT);
                MemorySegment c = a.allocate(ValueLayout.JAVA_INT), s = a.allocate(ValueLayout.JAVA_INT);
                check(NvJpeg.nvjpegJpegStreamGetFrameDimensions(probe, w, h), "nvjpegJpegStreamGetFrameDimensions(" + name + ")");
                check(NvJpeg.nvjpegJpegStreamGetComponentsNum(probe, c), "nvjpegJpegStreamGetComponentsNum(" + name + ")");
                int width = w.get(ValueLayout.JAVA_INT, 0), height = h.get(ValueLayout.JAVA_INT, 0);
                int components = c.get(ValueLayout.JAVA_INT, 0);
                if (width <= 0 || height <= 0) {
                    return new Probe(null, 0, 0, "nvJPEG: frame of " + width + "x" + height + " pixels");
                }
                if (components != 1 && components != 3) {
                    return new Probe(null, width, height, "nvJPEG: " + components + " components (CMYK/YCCK are left to the CPU)");
                }
                if (hwHandle != 0 && components == 3) { // gray goes to the hybrid path: one refusal fails a whole batch
                    check(NvJpeg.nvjpegDecodeBatchedSupported(hwHandle, probe, s), "nvjpegDecodeBatchedSupported(" + name + ")");
                    if (s.get(ValueLayout.JAVA_INT, 0) == 0) { // 0 means supported
                        return new Probe(DecodePath.HARDWARE, width, height, null);
                    }
                }
                return new Probe(DecodePath.GPU_HYBRID, width, height, null);
            }
        }

        /**
         * Decodes the images {@code indices} of {@code data} into {@code destinations} (device addresses and row
         * pitches) on this worker's stream, after {@code ready}; returns the failures (index -> message), and
         * leaves its stream's work queued (the caller records an event on it).
         */
        void decodeHybrid(List<Integer> indices, List<MemorySegment> data, List<String> names, long[] destinations,
                long[] pitches, int outputFormat, Event ready, String[] failures) {
            device.makeCurrent();
            stream.synchronize(); // the last call's transfers out of the pinned buffers are done
            stream.waitFor(ready);
            check(NvJpeg.nvjpegDecodeParamsSetOutputFormat(params, outputFormat), "nvjpegDecodeParamsSetOutputFormat");
            int k = 0;
            try (Arena a = Arena.ofConfined()) {
                MemorySegment image = NvJpegTypes.images(a, 1);
                for (int i : indices) {
                    String what = "(image " + i + " '" + names.get(i) + "')";
                    MemorySegment d = data.get(i);
                    int st = NvJpeg.nvjpegJpegStreamParse(handle, d, d.byteSize(), 0, 0, jpegStreams[k]);
                    if (st == NvJpegTypes.STATUS_SUCCESS) {
                        st = NvJpeg.nvjpegStateAttachPinnedBuffer(state, pinned[k]);
                    }
                    if (st == NvJpegTypes.STATUS_SUCCESS) {
                        st = NvJpeg.nvjpegDecodeJpegHost(handle, decoder, state, params, jpegStreams[k]);
                        if (st != NvJpegTypes.STATUS_SUCCESS) {
                            failures[i] = new NvJpegException(st, "nvjpegDecodeJpegHost" + what).getMessage();
                            continue;
                        }
                    } else {
                        failures[i] = new NvJpegException(st, "nvjpegJpegStreamParse" + what).getMessage();
                        continue;
                    }
                    stream.synchronize(); // the previous image's GPU phase is done with the state's buffers
                    st = NvJpeg.nvjpegDecodeJpegTransferToDevice(handle, decoder, state, jpegStreams[k], stream.handle());
                    if (st != NvJpegTypes.STATUS_SUCCESS) {
                        failures[i] = new NvJpegException(st, "nvjpegDecodeJpegTransferToDevice" + what).getMessage();
                        continue;
                    }
                    k = 1 - k;
                    image.fill((byte) 0);
                    NvJpegTypes.setChannel(image, 0, 0, destinations[i], pitches[i]);
                    st = NvJpeg.nvjpegDecodeJpegDevice(handle, decoder, state, image, stream.handle());
                    if (st != NvJpegTypes.STATUS_SUCCESS) {
                        failures[i] = new NvJpegException(st, "nvjpegDecodeJpegDevice" + what).getMessage();
                    }
                }
            }
        }
    }

    private NvJpegDecoder(Device device, int threads) {
        this.device = device;
        device.makeCurrent();
        try (Arena a = Arena.ofConfined()) {
            handle = objects.create("nvjpegCreateEx(NVJPEG_BACKEND_DEFAULT)",
                    p -> NvJpeg.nvjpegCreateEx(NvJpegTypes.BACKEND_DEFAULT, MemorySegment.NULL, MemorySegment.NULL, 0, p),
                    "nvjpegDestroy", NvJpeg::nvjpegDestroy);
            decoder = objects.create("nvjpegDecoderCreate(NVJPEG_BACKEND_HYBRID)",
                    p -> NvJpeg.nvjpegDecoderCreate(handle, NvJpegTypes.BACKEND_HYBRID, p), "nvjpegDecoderDestroy", NvJpeg::nvjpegDecoderDestroy);
            MemorySegment out = a.allocate(ValueLayout.JAVA_LONG);
            int st = NvJpeg.nvjpegCreateEx(NvJpegTypes.BACKEND_HARDWARE, MemorySegment.NULL, MemorySegment.NULL, 0, out);
            if (st == NvJpegTypes.STATUS_SUCCESS) {
                long hw = out.get(ValueLayout.JAVA_LONG, 0);
                objects.onClose(() -> check(NvJpeg.nvjpegDestroy(hw), "nvjpegDestroy(hardware)"));
                hwHandle = hw;
                hwState = objects.create("nvjpegJpegStateCreate(hardware)", p -> NvJpeg.nvjpegJpegStateCreate(hw, p),
                        "nvjpegJpegStateDestroy", NvJpeg::nvjpegJpegStateDestroy);
                hardwareNote = "hardware backend for baseline JPEGs";
            } else {
                hwHandle = 0;
                hwState = 0;
                hardwareNote = "no hardware backend on this GPU (" + NvJpegTypes.statusName(st) + ")";
            }
            for (int i = 0; i < threads; i++) {
                workers.add(new Worker());
            }
            Event start = Event.create(device, Event.DEFAULT);
            objects.onClose(start::close);
            splitStart = start;
            Event hw = Event.create(device, Event.DEFAULT);
            objects.onClose(hw::close);
            hardwareDone = hw;
            split = new SplitPolicy(DecodeSplit.hardwareOnly(), threads);
        } catch (RuntimeException e) {
            objects.closeAfter(e); // nothing created so far outlives a failed open
            throw e;
        }
    }

    /**
     * Opens nvJPEG on {@code device} with {@code threads} decoding threads' worth of state; on any failure, destroys
     * what it had created and throws ({@link NvJpegException}, or {@code CudaLibraryException} without libnvjpeg).
     */
    static NvJpegDecoder open(Device device, int threads) {
        return new NvJpegDecoder(device, threads);
    }

    List<Worker> workers() {
        return workers;
    }

    boolean hasHardware() {
        return hwHandle != 0;
    }

    String hardwareNote() {
        return hardwareNote;
    }

    /** Replaces the split policy (an adaptive one starts again from its initial share). */
    void setSplit(DecodeSplit option) {
        split = new SplitPolicy(option, workers.size());
        pending = null;
    }

    /**
     * The HARDWARE images that the hybrid backend decodes instead in this batch (see {@link SplitPolicy#moveToHybrid}),
     * after feeding the last split batch's times to the policy. Call it after {@link #stage}, which waited for them.
     */
    List<Integer> planSplit(List<Integer> hardware, List<Integer> hybrid, long[] bytes) {
        readLastSplitTimes();
        return hasHardware() ? split.moveToHybrid(hardware, hybrid, bytes) : List.of();
    }

    private void readLastSplitTimes() {
        SplitWork w = pending;
        pending = null;
        if (w == null || !splitStart.isDone()) {
            return;
        }
        double hardwareMs = 0, hybridMs = 0;
        if (w.hardwareBytes() > 0) {
            if (!hardwareDone.isDone()) {
                return;
            }
            hardwareMs = Event.elapsedMillis(splitStart, hardwareDone);
        }
        for (int t = 0; t < w.hybridThreads(); t++) {
            if (!workers.get(t).done.isDone()) {
                return;
            }
            hybridMs = Math.max(hybridMs, Event.elapsedMillis(splitStart, workers.get(t).done));
        }
        split.record(w.hardwareBytes(), hardwareMs, w.hybridBytes(), w.hybridThreads(), hybridMs);
    }

    /** Records the start of a batch's GPU decode on {@code stream}: the point both sides' times are measured from. */
    void markSplitStart(Stream stream) {
        pending = null;
        splitStart.record(stream);
    }

    /** Records the end of the hardware side on {@code stream}, just after its batched call. */
    void markHardwareDone(Stream stream) {
        hardwareDone.record(stream);
    }

    /** Marks a split batch whose events are all recorded: the next {@link #planSplit} reads its times. */
    void splitRecorded(SplitWork work) {
        pending = work;
    }

    static int outputFormat(ImageFormat f) {
        return switch (f) {
            case RGB8 -> NvJpegTypes.OUTPUT_RGBI;
            case BGR8 -> NvJpegTypes.OUTPUT_BGRI;
            case Y8 -> NvJpegTypes.OUTPUT_Y;
            default -> throw new IllegalArgumentException("ImageDecoder: output format " + f + " (RGB8, BGR8 or Y8)");
        };
    }

    /**
     * Copies {@code images} into one pinned staging buffer (reused; grown when a batch needs more) and returns a
     * native view of each. Waits first for the last batch's GPU work (the hardware decode reads the staging buffer
     * asynchronously).
     */
    List<MemorySegment> stage(List<EncodedImage> images) {
        for (Worker w : workers) { // nothing queued by the last call may still read what was staged then
            w.stream.synchronize();
        }
        if (stagingInUse != null) {
            stagingInUse.synchronize();
            stagingInUse.close();
            stagingInUse = null;
        }
        long total = 0;
        for (EncodedImage e : images) {
            total += e.size();
        }
        if (staging == null || staging.byteSize() < total) {
            if (staging != null) {
                staging.close();
                staging = null;
            }
            staging = PinnedMemory.allocate(Math.max(1, Math.max(total, total + total / 4)));
        }
        List<MemorySegment> views = new ArrayList<>(images.size());
        long off = 0;
        for (EncodedImage e : images) {
            MemorySegment v = staging.segment().asSlice(off, e.size());
            v.copyFrom(e.data());
            views.add(v);
            off += e.size();
        }
        return views;
    }

    /**
     * Decodes {@code indices} (all HARDWARE-probed) with one {@code nvjpegDecodeBatched} on {@code stream}. Returns
     * null on success, else the failure of the whole call (the caller decodes those images another way).
     */
    String decodeHardware(List<Integer> indices, List<MemorySegment> data, long[] destinations, long[] pitches,
            int outputFormat, Stream stream) {
        int n = indices.size();
        try (Arena a = Arena.ofConfined()) {
            MemorySegment ptrs = a.allocate(ValueLayout.ADDRESS, n);
            MemorySegment lengths = a.allocate(ValueLayout.JAVA_LONG, n);
            MemorySegment images = NvJpegTypes.images(a, n);
            for (int j = 0; j < n; j++) {
                int i = indices.get(j);
                ptrs.setAtIndex(ValueLayout.ADDRESS, j, data.get(i));
                lengths.setAtIndex(ValueLayout.JAVA_LONG, j, data.get(i).byteSize());
                NvJpegTypes.setChannel(images, j, 0, destinations[i], pitches[i]);
            }
            int st = NvJpeg.nvjpegDecodeBatchedInitialize(hwHandle, hwState, n, 1, outputFormat);
            if (st == NvJpegTypes.STATUS_SUCCESS) {
                st = NvJpeg.nvjpegDecodeBatched(hwHandle, hwState, ptrs, lengths, images, stream.handle());
                stagingInUse = stream.record();
                if (st == NvJpegTypes.STATUS_SUCCESS) {
                    return null;
                }
                return new NvJpegException(st, "nvjpegDecodeBatched(" + n + " images, hardware)").getMessage();
            }
            return new NvJpegException(st, "nvjpegDecodeBatchedInitialize(" + n + " images, hardware)").getMessage();
        }
    }

    /** Waits for the work queued on nvJPEG's buffers, then destroys everything (each step even if one before failed). */
    @Override
    public void close() {
        // NvJpegObjects runs these first (reverse order of registration): wait, free the staging, then nvJPEG's objects
        objects.onClose(() -> {
            if (staging != null) {
                staging.close();
            }
        });
        objects.onClose(() -> {
            if (stagingInUse != null) {
                stagingInUse.synchronize();
                stagingInUse.close();
            }
        });
        objects.onClose(() -> workers.forEach(w -> w.stream.synchronize()));
        objects.close();
    }
}
