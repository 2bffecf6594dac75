package dev.cvj.ops.internal;

import dev.cvj.cuda.CudaException;
import dev.cvj.cuda.Device;
import dev.cvj.cuda.Graph;
import dev.cvj.cuda.GraphExec;
import dev.cvj.cuda.Stream;
import dev.cvj.ops.Pipeline;
import dev.cvj.tensor.CurrentStream;
import dev.cvj.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One recording of a {@link Pipeline}'s chain as a CUDA graph, replayed on one stream: staging tensors for the
 * inputs and the outputs (the fixed addresses the graph reads and writes), the executable graph, and through the
 * graph's memory nodes the intermediates. A staged replay queues, on the chain's stream, a copy of each caller input
 * into its staging input, the graph, and a copy of each staging output into the caller's output; a replay by
 * parameters points the graph's kernels at the caller's tensors ({@link KernelNodePatches}) and queues the graph alone.
 * Stream order alone keeps two replays apart, and {@link #lock()} keeps two threads from queueing on one chain at once.
 */
public final class CapturedChain {
    /** The CUDA errors of stream capture ({@code cudaErrorStreamCaptureUnsupported} .. {@code WrongThread}). */
    private static final int FIRST_CAPTURE_ERROR = 900, LAST_CAPTURE_ERROR = 909;

    private final Stream stream;
    private final Tensor[] stagingIn;
    private final Tensor[] stagingOut;
    private final GraphExec exec;
    private final KernelNodePatches patches; // null: staged replays
    private final Graph graph; // kept open while patches key on its nodes
    private final long[] targets; // per replay, guarded by the lock
    private final ReentrantLock lock = new ReentrantLock();
    private boolean closed;

    private CapturedChain(Stream stream, Tensor[] stagingIn, Tensor[] stagingOut, GraphExec exec, KernelNodePatches patches,
                          Graph graph) {
        this.stream = stream;
        this.stagingIn = stagingIn;
        this.stagingOut = stagingOut;
        this.exec = exec;
        this.patches = patches;
        this.graph = graph;
        this.targets = new long[stagingIn.length + stagingOut.length];
    }

    /**
     * Runs {@code body} once, eagerly, on new tensors of {@code inputs} on {@code captureStream}, and returns the specs
     * of what it returns. This loads every kernel the chain uses before any capture (module loading inside a capture
     * is not allowed everywhere) and tells the pipeline what its outputs are.
     */
    public static List<Pipeline.Spec> probe(Pipeline.Body body, List<Pipeline.Spec> inputs, Stream captureStream) {
        Tensor[] in = allocate(inputs, captureStream);
        try {
            Tensor[] out;
            try (CurrentStream.Scope _ = CurrentStream.use(captureStream)) {
                out = body.apply(in.clone(), captureStream);
            }
            List<Pipeline.Spec> specs;
            try {
                specs = checkOutputs(out, in, null, captureStream.device());
            } catch (IllegalStateException e) {
                closeAll(out, e);
                throw e;
            }
            closeAll(out, null);
            return specs;
        } finally {
            for (Tensor t : in) {
                t.close();
            }
        }
    }

    /**
     * Records {@code body} on {@code captureStream} (thread-local capture) for replays on {@code replayStream}:
     * staging tensors made, the capture checked (the outputs as {@code outputs}, every intermediate freed inside the
     * graph), the graph instantiated and uploaded. With {@code parameters}, the graph leaves the outputs in its own
     * memory and replays point its kernels at the caller's tensors ({@link KernelNodePatches}); where that cannot be
     * done safely the chain is recorded with staging copies instead ({@link #replaysByParameters()} says which). Waits
     * for {@code captureStream} before returning, so that the staging memory is ready for any stream. On failure
     * everything made is closed and the streams stay usable.
     */
    public static CapturedChain record(Pipeline.Body body, List<Pipeline.Spec> inputs, List<Pipeline.Spec> outputs,
                                       Stream captureStream, Stream replayStream, boolean parameters) {
        List<Tensor> made = new ArrayList<>();
        try {
            Tensor[] in = allocate(inputs, captureStream);
            made.addAll(List.of(in));
            Tensor[] out = allocate(outputs, captureStream);
            made.addAll(List.of(out));
            int n = in.length;
            long[] starts = new long[n + out.length], spans = new long[n + out.length];
            boolean[] stridesDiffer = {false};
            Graph graph = capture(body, in, outputs, captureStream, produced -> {
                for (int j = 0; j < out.length; j++) {
                    if (parameters) { // no copy: replays point the writing kernel at the caller's output
                        starts[n + j] = produced[j].address();
                        spans[n + j] = produced[j].byteSpan();
                        stridesDiffer[0] |= !sameStrides(produced[j], out[j]);
                    } else {
                        out[j].copyFrom(produced[j], captureStream);
                    }
                    produced[j].close(); // freed inside the graph: a free node
                }
            });
            KernelNodePatches patches = null;
            GraphExec exec;
            try {
                int leaked = graph.nodeCount(Graph.NodeType.MEM_ALLOC) - graph.nodeCount(Graph.NodeType.MEM_FREE);
                if (leaked > 0) {
                    throw new IllegalStateException("Pipeline: the recorded code left " + leaked + " tensor(s) it"
                            + " allocated open (intermediates, or views of them returned as outputs): close every"
                            + " intermediate inside the code (try-with-resources) and return only tensors it allocated");
                }
                if (parameters && !stridesDiffer[0]) {
                    for (int i = 0; i < n; i++) {
                        starts[i] = in[i].address();
                        spans[i] = in[i].byteSpan();
                    }
                    patches = KernelNodePatches.find(graph, starts, spans).orElse(null);
                }
                if (parameters && patches == null) {
                    graph.close();
                    for (Tensor t : made) {
                        t.close();
                    }
                    made.clear();
                    return record(body, inputs, outputs, captureStream, replayStream, false);
                }
                exec = graph.instantiate();
            } catch (RuntimeException | Error e) {
                graph.close();
                throw e;
            }
            if (patches == null) {
                graph.close(); // a staged chain keeps the executable graph only; patches key on the graph's nodes
            }
            try {
                exec.upload(captureStream);
                captureStream.synchronize();
            } catch (RuntimeException e) {
                exec.close();
                graph.close();
                throw e;
            }
            return new CapturedChain(replayStream, in, out, exec, patches, graph);
        } catch (RuntimeException | Error e) {
            for (Tensor t : made) {
                t.close();
            }
            throw e;
        }
    }

    /**
     * Captures {@code body} on {@code captureStream} over {@code in}; {@code finish} gets what it returned (checked
     * against {@code outputs}) while the capture goes on. A call CUDA cannot capture becomes an
     * {@link IllegalStateException} that says so.
     */
    private static Graph capture(Pipeline.Body body, Tensor[] in, List<Pipeline.Spec> outputs, Stream captureStream,
                                 java.util.function.Consumer<Tensor[]> finish) {
        try {
            return Graph.record(captureStream, () -> {
                Tensor[] produced;
                try (CurrentStream.Scope _ = CurrentStream.use(captureStream)) {
                    produced = body.apply(in.clone(), captureStream);
                }
                try {
                    checkOutputs(produced, in, outputs, captureStream.device());
                } catch (IllegalStateException e) {
                    closeAll(produced, e);
                    throw e;
                }
                finish.accept(produced);
            });
        } catch (CudaException e) {
            if (e.error().code() < FIRST_CAPTURE_ERROR || e.error().code() > LAST_CAPTURE_ERROR) {
                throw e;
            }
            throw new IllegalStateException("Pipeline: the recorded code made a call that cannot be captured into a"
                    + " CUDA graph (" + e.getMessage() + "). Inside a pipeline only stream-ordered work on the given"
                    + " stream may run: no copy to or from Java arrays or host tensors, no synchronize, no host"
                    + " tensors (the CPU path), no allocation other than Tensor.allocate on the given stream", e);
        }
    }

    /** Whether the kernels recorded over {@code staging} may be pointed at {@code t}: same strides, aligned alike. */
    private static boolean retargetable(Tensor t, Tensor staging) {
        return t.address() % KernelNodePatches.ALIGNMENT == 0 && sameStrides(t, staging);
    }

    /** Whether two tensors of one spec have the same strides (then the same kernels address both). */
    private static boolean sameStrides(Tensor a, Tensor b) {
        for (int d = 0, rank = a.rank(); d < rank; d++) {
            if (a.stride(d) != b.stride(d)) {
                return false;
            }
        }
        return true;
    }

    private static Tensor[] allocate(List<Pipeline.Spec> specs, Stream stream) {
        Tensor[] t = new Tensor[specs.size()];
        try {
            for (int i = 0; i < t.length; i++) {
                Pipeline.Spec s = specs.get(i);
                t[i] = Tensor.allocate(s.shape(), s.dtype(), s.layout(), stream);
            }
        } catch (RuntimeException e) {
            for (Tensor x : t) {
                if (x != null) {
                    x.close();
                }
            }
            throw e;
        }
        return t;
    }

    /** Closes the body's outputs that are not null; a failure is added to {@code failure}, or thrown without one. */
    private static void closeAll(Tensor[] out, RuntimeException failure) {
        if (out == null) {
            return;
        }
        for (Tensor t : out) {
            try {
                if (t != null) {
                    t.close();
                }
            } catch (RuntimeException e) {
                if (failure == null) {
                    throw e;
                }
                failure.addSuppressed(e);
            }
        }
    }

    /** The body's outputs: device tensors of {@code device} that are not its inputs, of {@code expected} if given. */
    private static List<Pipeline.Spec> checkOutputs(Tensor[] out, Tensor[] in, List<Pipeline.Spec> expected, Device device) {
        if (out == null || out.length == 0) {
            throw new IllegalStateException("Pipeline: the recorded code returned no output tensors");
        }
        List<Pipeline.Spec> specs = new ArrayList<>(out.length);
        for (int j = 0; j < out.length; j++) {
            Tensor t = out[j];
            if (t == null) {
                throw new IllegalStateException("Pipeline: the recorded code returned null as output " + j);
            }
            for (Tensor x : in) {
                if (t == x) {
                    throw new IllegalStateException("Pipeline: the recorded code returned its input as output " + j
                            + ": return tensors it allocated");
                }
            }
            if (t.isHost() || t.device().ordinal() != device.ordinal()) {
                throw new IllegalStateException("Pipeline: output " + j + " of the recorded code is on "
                        + Placement.where(Placement.ordinal(t)) + ", not on " + device);
            }
            specs.add(Pipeline.Spec.of(t));
        }
        if (expected != null && !expected.equals(specs)) {
            throw new IllegalStateException("Pipeline: the recorded code returned " + specs + " when captured but "
                    + expected + " when run eagerly on the same inputs");
        }
        return specs;
    }

    /** {@return the stream this chain replays on} */
    public Stream stream() {
        return stream;
    }

    /** {@return the lock a thread holds while it queues a replay or closes the chain} */
    public ReentrantLock lock() {
        return lock;
    }

    /** {@return whether the chain was closed (a caller holding the lock then looks for another)} */
    public boolean isClosed() {
        return closed;
    }

    /**
     * Queues one replay on the chain's stream: inputs copied in, the graph, outputs copied out. The caller holds
     * {@link #lock()} and has checked the tensors against the specs.
     */
    public void replay(Tensor[] inputs, Tensor[] outputs) {
        if (patches == null) {
            for (int i = 0; i < stagingIn.length; i++) {
                stagingIn[i].copyFrom(inputs[i], stream);
            }
            exec.launch(stream);
            for (int j = 0; j < stagingOut.length; j++) {
                outputs[j].copyFrom(stagingOut[j], stream);
            }
            return;
        }
        // the kernels take the caller's tensors where their strides are the staging tensors' (then the same
        // arguments address them) and they are aligned as the recorded ones; others go through the staging tensors
        int n = stagingIn.length;
        for (int i = 0; i < n; i++) {
            if (retargetable(inputs[i], stagingIn[i])) {
                targets[i] = inputs[i].address();
            } else {
                stagingIn[i].copyFrom(inputs[i], stream);
                targets[i] = stagingIn[i].address();
            }
        }
        for (int j = 0; j < stagingOut.length; j++) {
            targets[n + j] = retargetable(outputs[j], stagingOut[j]) ? outputs[j].address() : stagingOut[j].address();
        }
        patches.retarget(exec, targets);
        exec.launch(stream);
        for (int j = 0; j < stagingOut.length; j++) {
            if (targets[n + j] == stagingOut[j].address()) {
                outputs[j].copyFrom(stagingOut[j], stream);
            }
        }
    }

    /** {@return whether replays point the kernels at the caller's tensors (else they copy through staging tensors)} */
    public boolean replaysByParameters() {
        return patches != null;
    }

    /**
     * Frees the chain after the work queued on its stream: the staging tensors (allocated on the pipeline's capture
     * stream, freed in its order once it waits for the chain's stream) and the executable graph (CUDA frees one still
     * in flight when it completes). Takes the lock. Idempotent.
     */
    public void close(Stream captureStream) {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            afterReplays(captureStream);
            for (Tensor t : stagingIn) {
                t.close();
            }
            for (Tensor t : stagingOut) {
                t.close();
            }
            exec.close();
            graph.close();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Orders {@code captureStream} after the replays queued so far. The special streams (the per-thread default
     * stream names the calling thread's own) and streams the caller already closed cannot be waited for by event:
     * then the device is synchronized.
     */
    private void afterReplays(Stream captureStream) {
        long h = stream.isClosed() ? -1 : stream.handle();
        if (h > Stream.PER_THREAD_HANDLE) {
            captureStream.waitFor(stream);
        } else {
            captureStream.device().synchronize();
        }
    }
}
