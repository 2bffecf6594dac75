package dev.cvj.cuda;

import dev.cvj.cuda.raw.Runtime;
import java.lang.foreign.MemorySegment;
import java.util.Objects;

/**
 * A CUDA graph ({@code cudaGraph_t}) recorded by stream capture: the work a piece of code queues on a
 * stream, kept as a template that {@link #instantiate()} turns into a launchable {@link GraphExec}.
 *
 * <pre>{@code
 * try (GraphExec step = Graph.capture(stream, () -> {
 *         kernel.launch(grid, block, 0, stream, args);
 *         out.copyFrom(tmp, 0, stream);
 *     })) {
 *     for (int i = 0; i < 1000; i++) step.launch(stream);   // one call per replay
 *     stream.synchronize();
 * }
 * }</pre>
 *
 * <p>Capture uses {@code cudaStreamCaptureModeThreadLocal}: other threads may go on using CUDA while
 * this one captures, but the capturing thread must not make calls that are unsafe during capture
 * (synchronizing, {@code cudaMalloc}, copies from Java arrays, which synchronize). Such a call fails,
 * and so does the capture, with CUDA's {@code cudaErrorStreamCaptureUnsupported} or
 * {@code cudaErrorStreamCaptureInvalidated}. Memory the captured work uses must outlive every replay.
 */
public final class Graph extends CudaResource {
    /** {@code cudaStreamCaptureModeThreadLocal}. */
    static final int CAPTURE_MODE_THREAD_LOCAL = 1;

    private final long handle;

    private Graph(Device device, long handle) {
        super(device, "graph", new Destroyer(handle));
        this.handle = handle;
    }

    private record Destroyer(long handle) implements Runnable {
        @Override
        public void run() {
            Runtime.cudaGraphDestroy(handle);
        }
    }

    /**
     * Records what {@code work} queues on {@code stream} into a new graph; nothing runs. If
     * {@code work} throws, the capture is ended and discarded and the exception propagates.
     *
     * @param stream the stream to capture on
     * @param work the code that queues the work
     * @return the graph
     */
    public static Graph record(Stream stream, Runnable work) {
        Objects.requireNonNull(stream, "stream");
        Objects.requireNonNull(work, "work");
        long s = stream.handle();
        if (s == Stream.LEGACY_HANDLE || s == 0) {
            throw new IllegalArgumentException("the legacy default stream cannot be captured; use a created stream");
        }
        Device device = stream.device();
        try (Device.Scope _ = device.enter()) {
            CudaException.check(Runtime.cudaStreamBeginCapture(s, CAPTURE_MODE_THREAD_LOCAL),
                    "cudaStreamBeginCapture(" + stream + ")");
        }
        Throwable failure = null;
        try {
            work.run();
        } catch (Throwable t) {
            failure = t;
        }
        long graph;
        try (Device.Scope _ = device.enter()) {
            MemorySegment out = Scratch.get();
            int rc = Runtime.cudaStreamEndCapture(s, out);
            graph = rc == 0 ? Scratch.readLong(out) : 0;
            if (rc != 0) {
                Runtime.cudaGetLastError(); // capture errors are not sticky: clear them
                CudaException e = CudaException.runtime(rc, "cudaStreamEndCapture(" + stream + ")");
                if (failure != null) {
                    failure.addSuppressed(e);
                } else {
                    throw e;
                }
            }
        }
        if (failure != null) {
            if (graph != 0) {
                Runtime.cudaGraphDestroy(graph);
            }
            if (failure instanceof RuntimeException r) {
                throw r;
            }
            if (failure instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(failure);
        }
        if (graph == 0) {
            throw new IllegalStateException("stream capture on " + stream + " produced no graph");
        }
        return new Graph(device, graph);
    }

    /**
     * Captures {@code work} on {@code stream} and instantiates it: {@link #record}, {@link #instantiate()},
     * and the template closed. The returned executable graph can be launched any number of times.
     *
     * @param stream the stream to capture on
     * @param work the code that queues the work
     * @return the executable graph
     */
    public static GraphExec capture(Stream stream, Runnable work) {
        try (Graph g = record(stream, work)) {
            return g.instantiate();
        }
    }

    /** {@return a launchable instance of this graph; the graph may be closed afterwards} */
    public GraphExec instantiate() {
        ensureOpen();
        try (Device.Scope _ = device().enter()) {
            MemorySegment out = Scratch.get();
            CudaException.check(Runtime.cudaGraphInstantiate(out, handle, 0), "cudaGraphInstantiate");
            return new GraphExec(device(), Scratch.readLong(out));
        }
    }

    /** {@return the number of nodes (kernels, copies, memsets, ...) the capture recorded} */
    public int nodeCount() {
        ensureOpen();
        MemorySegment out = Scratch.get();
        out.set(java.lang.foreign.ValueLayout.JAVA_LONG, 0, 0);
        CudaException.check(Runtime.cudaGraphGetNodes(handle, MemorySegment.NULL, out), "cudaGraphGetNodes");
        return Math.toIntExact(Scratch.readLong(out));
    }

    /** Kinds of graph node ({@code cudaGraphNodeType}) that callers count with {@link #nodeCount(NodeType)}. */
    public enum NodeType {
        /** A kernel launch ({@code cudaGraphNodeTypeKernel}). */
        KERNEL(0),
        /** A memory copy ({@code cudaGraphNodeTypeMemcpy}). */
        MEMCPY(1),
        /** A memset ({@code cudaGraphNodeTypeMemset}). */
        MEMSET(2),
        /** A host function ({@code cudaGraphNodeTypeHost}). */
        HOST(3),
        /** A stream-ordered allocation, {@code cudaMallocAsync} captured ({@code cudaGraphNodeTypeMemAlloc}). */
        MEM_ALLOC(10),
        /** A stream-ordered free, {@code cudaFreeAsync} captured ({@code cudaGraphNodeTypeMemFree}). */
        MEM_FREE(11);

        private final int code;

        NodeType(int code) {
            this.code = code;
        }
    }

    /**
     * {@return the number of nodes of {@code type}} A graph whose {@link NodeType#MEM_ALLOC} nodes outnumber its
     * {@link NodeType#MEM_FREE} nodes keeps memory allocated after a launch, and CUDA refuses to launch it again
     * until that memory is freed.
     *
     * @param type the kind of node to count
     */
    public int nodeCount(NodeType type) {
        Objects.requireNonNull(type, "type");
        int matching = 0;
        for (long node : nodes()) {
            if (typeOf(node) == type.code) {
                matching++;
            }
        }
        return matching;
    }

    /**
     * {@return every kernel node with its parameters, or empty when the driver cannot tell the parameters of one}
     * The nodes may be applied to an executable graph of this graph while this graph is open.
     */
    public java.util.Optional<java.util.List<KernelNode>> kernelNodes() {
        ensureOpen();
        java.util.List<KernelNode> out = new java.util.ArrayList<>();
        try (Device.Scope _ = device().enter()) {
            for (long node : nodes()) {
                if (typeOf(node) == NodeType.KERNEL.code) {
                    java.util.Optional<KernelNode> k = KernelNode.read(node);
                    if (k.isEmpty()) {
                        return java.util.Optional.empty();
                    }
                    out.add(k.get());
                }
            }
        }
        return java.util.Optional.of(java.util.List.copyOf(out));
    }

    /**
     * {@return the device address ranges {@code {start, end}} that the memory copy nodes read and write (each range
     * may be larger than the bytes copied, never smaller), or empty when a copy involves a CUDA array or host memory}
     */
    public java.util.Optional<java.util.List<long[]>> memcpyRanges() {
        ensureOpen();
        java.util.List<long[]> out = new java.util.ArrayList<>();
        try (var arena = java.lang.foreign.Arena.ofConfined()) {
            MemorySegment p = arena.allocate(MEMCPY3D_BYTES, 8);
            for (long node : nodes()) {
                if (typeOf(node) != NodeType.MEMCPY.code) {
                    continue;
                }
                CudaException.check(Runtime.cudaGraphMemcpyNodeGetParams(node, p), "cudaGraphMemcpyNodeGetParams");
                for (long side : new long[] {0, 64}) { // src, then dst: array, pos (x, y, z), pitched ptr (ptr, pitch, xsize, ysize)
                    long array = p.get(java.lang.foreign.ValueLayout.JAVA_LONG, side);
                    long ptr = p.get(java.lang.foreign.ValueLayout.JAVA_LONG, side + 32);
                    if (array != 0 || ptr == 0 || isHostMemory(ptr)) {
                        return java.util.Optional.empty();
                    }
                    long x = word(p, side + 8), y = word(p, side + 16), z = word(p, side + 24);
                    long pitch = word(p, side + 40), ysize = word(p, side + 56);
                    long width = word(p, 128), height = word(p, 136), depth = word(p, 144);
                    long rowBytes = Math.max(pitch, x + width);
                    long rows = Math.max(Math.max(ysize, 1), y + Math.max(height, 1));
                    long planes = z + Math.max(depth, 1);
                    out.add(new long[] {ptr, ptr + rowBytes * rows * planes});
                }
            }
        }
        return java.util.Optional.of(java.util.List.copyOf(out));
    }

    /**
     * Whether CUDA knows {@code ptr} as host memory (pinned or managed). A graph's own allocations need not be mapped
     * before it is instantiated, so a failing query counts as device memory; pageable host memory cannot be captured.
     */
    private static boolean isHostMemory(long ptr) {
        try {
            PointerAttributes.MemoryType t = PointerAttributes.of(ptr).type();
            return t == PointerAttributes.MemoryType.HOST || t == PointerAttributes.MemoryType.MANAGED;
        } catch (CudaException e) {
            return false;
        }
    }

    /** {@code cudaMemcpy3DParms}: src array, pos, pitched ptr; dst the same; extent; kind. */
    private static final long MEMCPY3D_BYTES = 160;

    private static long word(MemorySegment p, long offset) {
        return p.get(java.lang.foreign.ValueLayout.JAVA_LONG, offset);
    }

    /** The graph's nodes ({@code cudaGraphGetNodes}). */
    private long[] nodes() {
        int n = nodeCount();
        if (n == 0) {
            return new long[0];
        }
        try (var arena = java.lang.foreign.Arena.ofConfined()) {
            MemorySegment nodes = arena.allocate(8L * n, 8);
            MemorySegment count = arena.allocate(8, 8);
            count.set(java.lang.foreign.ValueLayout.JAVA_LONG, 0, n);
            CudaException.check(Runtime.cudaGraphGetNodes(handle, nodes, count), "cudaGraphGetNodes");
            int got = (int) Math.min(n, count.get(java.lang.foreign.ValueLayout.JAVA_LONG, 0));
            return nodes.asSlice(0, 8L * got).toArray(java.lang.foreign.ValueLayout.JAVA_LONG);
        }
    }

    private static int typeOf(long node) {
        MemorySegment kind = Scratch.get();
        CudaException.check(Runtime.cudaGraphNodeGetType(node, kind), "cudaGraphNodeGetType");
        return Scratch.readInt(kind);
    }

    /** {@return the raw {@code cudaGraph_t}} */
    public long handle() {
        ensureOpen();
        return handle;
    }

    @Override
    public String toString() {
        return "Graph[" + device() + ", 0x" + Long.toHexString(handle) + (isClosed() ? ", closed" : "") + "]";
    }
}
