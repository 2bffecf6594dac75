package dev.cvj.ops;

import dev.cvj.cuda.Device;
import dev.cvj.cuda.Stream;
import dev.cvj.ops.internal.CapturedChain;
import dev.cvj.ops.internal.Placement;
import dev.cvj.tensor.DataType;
import dev.cvj.tensor.Tensor;
import dev.cvj.tensor.TensorLayout;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A chain of operator calls recorded once as a CUDA graph and replayed with new tensors: one graph launch instead of
 * one launch (and one set of host checks) per operator, for the small batches of online inference.
 *
 * <pre>{@code
 * float[] mean = {123.675f, 116.28f, 103.53f}, std = {58.395f, 57.12f, 57.375f};
 * try (Pipeline pre = Pipeline.of((in, s) -> {
 *         try (Tensor resized = Resize.resize(in[0], 341, 256, Interpolation.LINEAR, s);
 *              Tensor crop = CenterCrop.centerCrop(resized, 224, 224, s);
 *              Tensor norm = Normalize.normalize(crop, mean, std, 1f, 0f, 0f, true, DataType.F32, s)) {
 *             return new Tensor[] {Reformat.reformat(norm, TensorLayout.NCHW, s)};
 *         }
 *     })) {
 *     for (Tensor frame : frames) {                     // each 1 x 480 x 640 x 3 U8 NHWC on the device
 *         pre.run(new Tensor[] {frame}, new Tensor[] {batch}, stream);   // batch: 1 x 3 x 224 x 224 F32
 *         ...
 *     }
 * }
 * }</pre>
 *
 * <h2>Recording</h2>
 * The body is ordinary cvj code over device tensors: it gets the inputs and the stream to queue on (also made the
 * thread's {@link dev.cvj.tensor.CurrentStream current stream} while it runs), closes every intermediate it allocates
 * (try-with-resources: the frees become part of the graph, so the graph's intermediates live in CUDA's graph memory)
 * and returns the output tensors it allocated. For each set of input {@link Spec}s the pipeline runs the body once
 * eagerly (it loads the kernels and tells the output specs), then captures it on a stream of its own into a graph
 * whose inputs and outputs are fixed staging tensors the pipeline owns. Capture is
 * {@code cudaStreamCaptureModeThreadLocal}: the global mode would make every other thread's unsafe call (a
 * {@code cudaMalloc}, a synchronous copy) fail while one pipeline records, which breaks the other threads of a
 * server; the relaxed mode would let such a call inside the body pass uncaught. Thread-local mode polices exactly the
 * recording thread.
 *
 * <p>What cannot be recorded: anything that waits for the device or runs on the host (copies to or from Java arrays
 * or host tensors, {@code synchronize}, host tensors and so the CPU path, {@code Tensor.toHost}), allocation other than
 * {@code Tensor.allocate} in the given stream's order, work on a stream other than the one given (it would run once,
 * at recording, and never again). Where CUDA sees it, recording fails with an {@link IllegalStateException} that says
 * so; the capture is ended and discarded, no CUDA error stays pending and every stream stays usable. A body that
 * leaves an intermediate open, or returns a view of one, is refused the same way (its graph could not run twice).
 *
 * <h2>Replaying</h2>
 * {@link #run(Tensor[], Tensor[], Stream)} points the graph's kernels at the caller's tensors (only the kernels whose
 * tensor changed since the last replay are updated; no copies) and queues the graph on the caller's stream:
 * {@link Replay#PARAMETERS}, the default, used where that is provably safe (see {@link Replay}). Elsewhere, and with
 * {@link Replay#STAGED}, it queues a copy of each input into a staging input the graph owns, the graph, and a copy of
 * each staging output into the caller's output (device-to-device copies: for the 640x480 to 224x224 chain 0.9 MB in
 * and 0.6 MB out; measured slower than the eager chain, see docs/LATENCY.md). The
 * caller's tensors may have any strides and may change from call to call; their specs (shape, data type, layout)
 * pick the recording. Inputs of specs not seen before record
 * again; the pipeline keeps the recordings of the last {@code cacheSize} input specs (least recently used goes).
 *
 * <p>Threads and streams: {@code run} may be called from any thread on any stream of the tensors' device. Each
 * stream gets its own recording (its own graph and staging tensors, made on its first {@code run}), so that replays on
 * different streams run at the same time and stream order alone keeps replays on one stream apart; a lock per
 * recording keeps two threads from queueing on it at once (a {@code cudaGraphExec_t} must not be launched from two
 * threads concurrently). The per-thread default stream counts as one stream per thread. At most {@code streams}
 * recordings per spec are kept; past that, one is closed.
 *
 * <p>Close the pipeline to free the graphs, their memory and the staging tensors (after the work queued on them). Use
 * after close throws {@link IllegalStateException}. Close it before the streams it ran on where possible: a recording
 * whose stream is already closed, or is a special stream, is freed after a device synchronize.
 */
public final class Pipeline implements AutoCloseable {
    /** Input specs whose recordings are kept, by default. */
    public static final int DEFAULT_CACHE_SIZE = 4;
    /** Recordings (one per stream) kept per input spec, by default. */
    public static final int DEFAULT_STREAMS = 64;

    /** How a replay hands the caller's tensors to the recorded graph. */
    public enum Replay {
        /**
         * Copies: each input into a staging tensor before the graph, each staging output into the caller's output
         * after it (device-to-device copies; works for every chain).
         */
        STAGED,
        /**
         * Kernel parameters: the graph's kernels are pointed at the caller's tensors before the launch (a
         * {@code cuGraphExecKernelNodeSetParams} per kernel that takes an input or writes an output, only when the
         * tensor's address changed since the last replay), no copies. Used where it is provably safe (every use of an
         * input or output is a kernel parameter holding its address, and the caller's tensor has the recorded strides);
         * a chain where it is not is recorded {@link #STAGED}, and a tensor of other strides goes through a staging
         * tensor for that call.
         */
        PARAMETERS
    }

    /** The recorded code: ordinary cvj operator calls over the inputs, queued on {@code stream}. */
    @FunctionalInterface
    public interface Body {
        /**
         * Queues the chain and returns its outputs.
         *
         * @param inputs device tensors of the input specs (the pipeline's staging tensors; do not close them)
         * @param stream the stream to queue every call on
         * @return the output tensors, allocated by the body (each owned: not a view, not an input)
         */
        Tensor[] apply(Tensor[] inputs, Stream stream);
    }

    /**
     * What a pipeline's input or output is: shape, data type, layout (strides are free).
     *
     * @param shape the extent of each dimension
     * @param dtype the element type
     * @param layout the dimension labels (null: none)
     */
    public record Spec(long[] shape, DataType dtype, TensorLayout layout) {
        /**
         * Checks and copies the shape.
         *
         * @param shape the extent of each dimension
         * @param dtype the element type
         * @param layout the dimension labels (null: none)
         */
        public Spec {
            Objects.requireNonNull(shape, "Pipeline.Spec: shape is null");
            Objects.requireNonNull(dtype, "Pipeline.Spec: dtype is null");
            shape = shape.clone();
            for (long s : shape) {
                if (s < 0) {
                    throw new IllegalArgumentException("Pipeline.Spec: negative extent in " + Arrays.toString(shape));
                }
            }
            if (layout != null && layout.rank() != shape.length) {
                throw new IllegalArgumentException("Pipeline.Spec: layout " + layout + " does not fit shape "
                        + Arrays.toString(shape));
            }
        }

        /**
         * {@return the spec of {@code t}}
         *
         * @param t the tensor
         */
        public static Spec of(Tensor t) {
            return new Spec(t.shape(), t.dtype(), t.layout());
        }

        /**
         * {@return a spec}
         *
         * @param shape the extent of each dimension
         * @param dtype the element type
         * @param layout the dimension labels (null: none)
         */
        public static Spec of(long[] shape, DataType dtype, TensorLayout layout) {
            return new Spec(shape, dtype, layout);
        }

        /** {@return a copy of the shape} */
        @Override
        public long[] shape() {
            return shape.clone();
        }

        /** Whether {@code t} has this spec; allocates nothing. */
        boolean matches(Tensor t) {
            if (t.rank() != shape.length || t.dtype() != dtype || !Objects.equals(t.layout(), layout)) {
                return false;
            }
            for (int i = 0; i < shape.length; i++) {
                if (t.shape(i) != shape[i]) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Spec s && Arrays.equals(shape, s.shape) && dtype == s.dtype && Objects.equals(layout, s.layout);
        }

        @Override
        public int hashCode() {
            return (Arrays.hashCode(shape) * 31 + dtype.hashCode()) * 31 + Objects.hashCode(layout);
        }

        @Override
        public String toString() {
            return Arrays.toString(shape) + " " + dtype + (layout == null ? "" : " " + layout);
        }
    }

    private record Key(int device, List<Spec> inputs) {}

    /** The recordings of one set of input specs, one per stream. */
    private static final class Entry {
        final Key key;
        final List<Spec> outputs;
        final Map<Long, CapturedChain> chains = new ConcurrentHashMap<>();
        volatile boolean evicted; // set under the pipeline's recording lock

        Entry(Key key, List<Spec> outputs) {
            this.key = key;
            this.outputs = outputs;
        }

        boolean matchesInputs(int device, Tensor[] inputs) {
            if (key.device != device || key.inputs.size() != inputs.length) {
                return false;
            }
            for (int i = 0; i < inputs.length; i++) {
                if (!key.inputs.get(i).matches(inputs[i])) {
                    return false;
                }
            }
            return true;
        }
    }

    private final Body body;
    private final int cacheSize;
    private final int streams;
    private final Replay replay;
    private final LinkedHashMap<Key, Entry> cache = new LinkedHashMap<>(16, 0.75f, true); // guarded by itself
    private final Object recording = new Object(); // one capture at a time: one capture stream per device
    private final Map<Integer, Stream> captureStreams = new HashMap<>(); // guarded by recording
    private final AtomicLong recordings = new AtomicLong();
    private volatile Entry last;
    private volatile boolean closed;

    private Pipeline(Body body, int cacheSize, int streams, Replay replay) {
        this.body = Objects.requireNonNull(body, "Pipeline: body is null");
        this.replay = Objects.requireNonNull(replay, "Pipeline: replay is null");
        if (cacheSize < 1 || streams < 1) {
            throw new IllegalArgumentException("Pipeline: cacheSize (" + cacheSize + ") and streams (" + streams
                    + ") must be at least 1");
        }
        this.cacheSize = cacheSize;
        this.streams = streams;
    }

    /**
     * {@return a pipeline of {@code body}, recorded on first use for each input spec, keeping
     * {@link #DEFAULT_CACHE_SIZE} specs and {@link #DEFAULT_STREAMS} streams per spec}
     *
     * @param body the recorded code
     */
    public static Pipeline of(Body body) {
        return new Pipeline(body, DEFAULT_CACHE_SIZE, DEFAULT_STREAMS, Replay.PARAMETERS);
    }

    /**
     * {@return a pipeline of {@code body}, recorded on first use for each input spec}
     *
     * @param body the recorded code
     * @param cacheSize how many input specs keep their recordings (least recently used goes first), at least 1
     * @param streams how many recordings (one per stream that replays) each spec keeps, at least 1
     */
    public static Pipeline of(Body body, int cacheSize, int streams) {
        return new Pipeline(body, cacheSize, streams, Replay.PARAMETERS);
    }

    /**
     * {@return a pipeline of {@code body}, recorded on first use for each input spec, replayed as {@code replay} says}
     *
     * @param body the recorded code
     * @param cacheSize how many input specs keep their recordings (least recently used goes first), at least 1
     * @param streams how many recordings (one per stream that replays) each spec keeps, at least 1
     * @param replay how replays hand over the caller's tensors
     */
    public static Pipeline of(Body body, int cacheSize, int streams, Replay replay) {
        return new Pipeline(body, cacheSize, streams, replay);
    }

    /**
     * {@return how the recording for inputs of {@code inputs} replayed on {@code stream} hands over tensors, or empty
     * when there is none yet} {@link Replay#PARAMETERS} falls back to {@link Replay#STAGED} for chains where it is not
     * provably safe.
     *
     * @param inputs the specs of the inputs
     * @param stream the stream
     */
    public java.util.Optional<Replay> replayOf(List<Spec> inputs, Stream stream) {
        Objects.requireNonNull(inputs, "Pipeline.replayOf: inputs is null");
        Objects.requireNonNull(stream, "Pipeline.replayOf: stream is null");
        Entry e;
        synchronized (cache) {
            e = cache.get(new Key(stream.device().ordinal(), List.copyOf(inputs)));
        }
        CapturedChain c = e == null ? null : e.chains.get(streamKey(stream));
        return c == null ? java.util.Optional.empty()
                : java.util.Optional.of(c.replaysByParameters() ? Replay.PARAMETERS : Replay.STAGED);
    }

    /**
     * {@return a pipeline of {@code body}, already recorded for {@code inputs} and replays on {@code stream}}
     *
     * @param stream the stream the first replays will run on (its device is the tensors' device)
     * @param inputs the specs of the inputs
     * @param body the recorded code
     */
    public static Pipeline record(Stream stream, List<Spec> inputs, Body body) {
        Pipeline p = of(body);
        try {
            p.prepare(inputs, stream);
        } catch (RuntimeException | Error e) {
            p.close();
            throw e;
        }
        return p;
    }

    /**
     * Records for inputs of {@code inputs} replayed on {@code stream} now, so that the first {@code run} does not.
     *
     * @param inputs the specs of the inputs
     * @param stream the stream replays will run on
     * @return the specs of the outputs
     */
    public List<Spec> prepare(List<Spec> inputs, Stream stream) {
        ensureOpen();
        Objects.requireNonNull(inputs, "Pipeline.prepare: inputs is null");
        Objects.requireNonNull(stream, "Pipeline.prepare: stream is null");
        if (inputs.isEmpty() || inputs.contains(null)) {
            throw new IllegalArgumentException("Pipeline.prepare: inputs must be non-empty and hold no null");
        }
        while (true) {
            Entry e = entry(new Key(stream.device().ordinal(), List.copyOf(inputs)), stream.device());
            if (chain(e, stream) != null) {
                return e.outputs;
            }
        }
    }

    /**
     * {@return the output specs for inputs of {@code inputs} on {@code device}} Records the spec's first run
     * (eagerly, no graph yet) if it was not seen.
     *
     * @param inputs the specs of the inputs
     * @param device the device
     */
    public List<Spec> outputSpecs(List<Spec> inputs, Device device) {
        Objects.requireNonNull(inputs, "Pipeline.outputSpecs: inputs is null");
        Objects.requireNonNull(device, "Pipeline.outputSpecs: device is null");
        ensureOpen();
        return entry(new Key(device.ordinal(), List.copyOf(inputs)), device).outputs;
    }

    /**
     * Replays the chain: {@code outputs} get what the body returns for {@code inputs}. See the class comment.
     *
     * @param inputs device tensors of the recorded input specs (or of new specs: recorded now)
     * @param outputs device tensors of the output specs that go with the inputs' specs
     * @param stream the stream to queue on, on the tensors' device; null: the current stream
     * @throws IllegalArgumentException if an array or tensor is null, a tensor is on the host or on another device, an
     *         output overlaps an input in memory, or an output's spec is not the recorded one; nothing has been queued
     *         then
     * @throws IllegalStateException if the pipeline or a tensor is closed, or recording fails (see the class comment)
     */
    public void run(Tensor[] inputs, Tensor[] outputs, Stream stream) {
        ensureOpen();
        Stream s = check(inputs, stream);
        if (outputs == null || hasNull(outputs)) {
            throw new IllegalArgumentException("Pipeline.run: outputs must be an array of tensors, without null");
        }
        int device = s.device().ordinal();
        for (int j = 0; j < outputs.length; j++) {
            checkPlace("output " + j, outputs[j], device);
            for (int i = 0; i < inputs.length; i++) { // a replay may read an input after writing an output
                long o = outputs[j].address(), in = inputs[i].address();
                if (o < in + inputs[i].byteSpan() && in < o + outputs[j].byteSpan()) {
                    throw new IllegalArgumentException("Pipeline.run: output " + j + " overlaps input " + i + " in memory");
                }
            }
        }
        Entry e = find(inputs, s);
        if (outputs.length != e.outputs.size()) {
            throw new IllegalArgumentException("Pipeline.run: " + outputs.length + " outputs given, the chain makes "
                    + e.outputs.size() + " (" + e.outputs + ")");
        }
        for (int j = 0; j < outputs.length; j++) {
            if (!e.outputs.get(j).matches(outputs[j])) {
                throw new IllegalArgumentException("Pipeline.run: output " + j + " is " + Spec.of(outputs[j])
                        + " but the chain makes " + e.outputs.get(j) + " for inputs " + e.key.inputs);
            }
        }
        while (true) {
            CapturedChain c = chain(e, s);
            if (c == null) { // the entry was evicted meanwhile
                e = find(inputs, s);
                continue;
            }
            c.lock().lock();
            try {
                if (!c.isClosed()) {
                    c.replay(inputs, outputs);
                    return;
                }
            } finally {
                c.lock().unlock();
            }
            ensureOpen(); // closed by close(), or by eviction: look again
            e = find(inputs, s);
        }
    }

    /**
     * As {@link #run(Tensor[], Tensor[], Stream)} into new output tensors allocated on the stream.
     *
     * @param inputs device tensors of the input specs
     * @param stream the stream to queue on; null: the current stream
     * @return the outputs (the caller closes them)
     */
    public Tensor[] run(Tensor[] inputs, Stream stream) {
        ensureOpen();
        Stream s = check(inputs, stream);
        Entry e = find(inputs, s);
        Tensor[] out = new Tensor[e.outputs.size()];
        try {
            for (int j = 0; j < out.length; j++) {
                Spec o = e.outputs.get(j);
                out[j] = Tensor.allocate(o.shape, o.dtype, o.layout, s);
            }
            run(inputs, out, s);
        } catch (RuntimeException | Error x) {
            for (Tensor t : out) {
                if (t != null) {
                    t.close();
                }
            }
            throw x;
        }
        return out;
    }

    /** {@return how many graphs this pipeline has recorded so far (one per input spec and stream)} */
    public long recordingCount() {
        return recordings.get();
    }

    /** {@return how many input specs have recordings kept now} */
    public int cachedSpecCount() {
        synchronized (cache) {
            return cache.size();
        }
    }

    /**
     * Frees every recording (graphs, their memory, staging tensors) after the work queued on it, and the capture
     * streams. Idempotent; {@code run} afterwards throws.
     */
    @Override
    public void close() {
        List<Entry> all;
        synchronized (cache) {
            if (closed) {
                return;
            }
            closed = true;
            last = null;
            all = new ArrayList<>(cache.values());
            cache.clear();
        }
        synchronized (recording) {
            for (Entry e : all) {
                closeChains(e);
            }
            for (Stream cs : captureStreams.values()) {
                cs.close();
            }
            captureStreams.clear();
        }
    }

    /** {@return whether {@link #close()} was called} */
    public boolean isClosed() {
        return closed;
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("Pipeline: used after close");
        }
    }

    /** The inputs checked (device tensors of one device, the stream's); the stream to use. */
    private static Stream check(Tensor[] inputs, Stream stream) {
        if (inputs == null || inputs.length == 0 || hasNull(inputs)) {
            throw new IllegalArgumentException("Pipeline.run: inputs must be a non-empty array of tensors, without null");
        }
        if (inputs[0].isHost()) {
            throw new IllegalArgumentException("Pipeline.run: input 0 is on the host; a pipeline replays on a device");
        }
        Stream s = Placement.stream("Pipeline.run", inputs[0], stream);
        int device = s.device().ordinal();
        for (int i = 0; i < inputs.length; i++) {
            checkPlace("input " + i, inputs[i], device);
        }
        return s;
    }

    private static boolean hasNull(Tensor[] tensors) {
        for (Tensor t : tensors) {
            if (t == null) {
                return true;
            }
        }
        return false;
    }

    private static void checkPlace(String role, Tensor t, int device) {
        if (t.isClosed()) {
            throw new IllegalStateException("Pipeline.run: " + role + " is closed");
        }
        String why = Placement.mismatch(role, Placement.ordinal(t), "the stream", device);
        if (why != null) {
            throw new IllegalArgumentException("Pipeline.run: " + why);
        }
    }

    /** The entry of the inputs' specs: the last one used when it matches (no allocation), else from the cache. */
    private Entry find(Tensor[] inputs, Stream s) {
        int device = s.device().ordinal();
        Entry e = last;
        if (e != null && !e.evicted && e.matchesInputs(device, inputs)) {
            return e;
        }
        List<Spec> specs = new ArrayList<>(inputs.length);
        for (Tensor t : inputs) {
            specs.add(Spec.of(t));
        }
        e = entry(new Key(device, List.copyOf(specs)), s.device());
        last = e;
        return e;
    }

    /** The cached entry of {@code key}, or a new one (the body run once eagerly for its output specs). */
    private Entry entry(Key key, Device device) {
        synchronized (cache) {
            ensureOpen();
            Entry e = cache.get(key);
            if (e != null) {
                return e;
            }
        }
        Entry made;
        List<Entry> evicted = new ArrayList<>();
        synchronized (recording) {
            synchronized (cache) {
                ensureOpen();
                Entry e = cache.get(key);
                if (e != null) {
                    return e;
                }
            }
            made = new Entry(key, List.copyOf(CapturedChain.probe(body, key.inputs, captureStream(device))));
            synchronized (cache) {
                ensureOpen();
                cache.put(key, made);
                for (Iterator<Entry> it = cache.values().iterator(); cache.size() > cacheSize && it.hasNext(); ) {
                    Entry old = it.next();
                    it.remove();
                    evicted.add(old);
                }
                if (evicted.contains(last)) {
                    last = null;
                }
            }
            for (Entry old : evicted) {
                closeChains(old);
            }
        }
        return made;
    }

    /** The recording of {@code e} for {@code stream}, made now if the stream has none; null if {@code e} was evicted. */
    private CapturedChain chain(Entry e, Stream stream) {
        long key = streamKey(stream);
        CapturedChain c = e.chains.get(key);
        if (c != null) {
            return c;
        }
        synchronized (recording) {
            ensureOpen();
            if (e.evicted) {
                return null;
            }
            c = e.chains.get(key);
            if (c != null) {
                return c;
            }
            Stream cs = captureStream(stream.device());
            if (e.chains.size() >= streams) { // one goes: the first the map yields
                Iterator<Map.Entry<Long, CapturedChain>> it = e.chains.entrySet().iterator();
                CapturedChain old = it.next().getValue();
                it.remove();
                old.close(cs);
            }
            c = CapturedChain.record(body, e.key.inputs, e.outputs, cs, stream, replay == Replay.PARAMETERS);
            recordings.incrementAndGet();
            e.chains.put(key, c);
            return c;
        }
    }

    /**
     * One key per stream: its handle, except for the per-thread default stream, which is a different stream on each
     * thread (keyed by the thread), and the legacy default stream's two handles (0 and 1), which are one stream.
     */
    private static long streamKey(Stream s) {
        long h = s.handle();
        if (h == Stream.PER_THREAD_HANDLE) {
            return -1 - Thread.currentThread().threadId();
        }
        return h == 0 ? Stream.LEGACY_HANDLE : h;
    }

    /** The pipeline's capture stream on {@code device}; the caller holds {@code recording}. */
    private Stream captureStream(Device device) {
        return captureStreams.computeIfAbsent(device.ordinal(), _ -> Stream.create(device));
    }

    /** Closes the recordings of {@code e}; the caller holds {@code recording}. */
    private void closeChains(Entry e) {
        e.evicted = true;
        Stream cs = captureStreams.get(e.key.device);
        for (CapturedChain c : e.chains.values()) {
            c.close(cs);
        }
        e.chains.clear();
    }
}
