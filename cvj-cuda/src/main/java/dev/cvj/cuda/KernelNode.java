package dev.cvj.cuda;

import dev.cvj.cuda.raw.Driver;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Objects;
import java.util.Optional;

/**
 * A kernel node of a {@link Graph} and a copy of its parameter values, which a caller may change and then set on an
 * executable graph made from that graph ({@link #applyTo}): the next launch of the executable graph runs the kernel
 * with the new values (launches already queued keep the old ones). Read with {@link Graph#kernelNodes()}; the graph
 * must stay open while its nodes are applied. Not thread-safe: one thread changes and applies a node at a time.
 */
public final class KernelNode {
    /** {@code CUDA_KERNEL_NODE_PARAMS_v2}: func, grid and block (6 x u32), shared memory, kernelParams, extra, kern, ctx. */
    private static final long STRUCT_BYTES = 72, KERNEL_PARAMS = 40, EXTRA = 48;
    private static final int CUDA_ERROR_INVALID_VALUE = 1;

    private final long node;
    private final MemorySegment params;
    private final MemorySegment values;
    private final long[] offsets;
    private final int[] sizes;

    private KernelNode(long node, MemorySegment params, MemorySegment values, long[] offsets, int[] sizes) {
        this.node = node;
        this.params = params;
        this.values = values;
        this.offsets = offsets;
        this.sizes = sizes;
    }

    /**
     * The node's parameters ({@code cuGraphKernelNodeGetParams}, sizes from {@code cuFuncGetParamInfo}), or empty
     * when the driver cannot tell them (a driver before CUDA 12.4, a node made with the {@code extra} form).
     */
    static Optional<KernelNode> read(long node) {
        Arena arena = Arena.ofAuto();
        MemorySegment p = arena.allocate(STRUCT_BYTES, 8);
        if (Driver.cuGraphKernelNodeGetParams(node, p) != 0) {
            return Optional.empty();
        }
        long func = p.get(ValueLayout.JAVA_LONG, 0);
        long kernelParams = p.get(ValueLayout.JAVA_LONG, KERNEL_PARAMS);
        if (func == 0 || kernelParams == 0 || p.get(ValueLayout.JAVA_LONG, EXTRA) != 0) {
            return Optional.empty();
        }
        int[] sizes = new int[0];
        try (Arena tmp = Arena.ofConfined()) {
            MemorySegment off = tmp.allocate(8), size = tmp.allocate(8);
            for (int i = 0; ; i++) {
                int rc = Driver.cuFuncGetParamInfo(func, i, off, size);
                if (rc == CUDA_ERROR_INVALID_VALUE) {
                    break; // past the last parameter
                }
                if (rc != 0) {
                    return Optional.empty();
                }
                sizes = java.util.Arrays.copyOf(sizes, i + 1);
                sizes[i] = Math.toIntExact(size.get(ValueLayout.JAVA_LONG, 0));
            }
        } catch (dev.cvj.cuda.raw.CudaLibraryException e) {
            return Optional.empty();
        }
        long[] offsets = new long[sizes.length];
        long total = 0;
        for (int i = 0; i < sizes.length; i++) {
            total = (total + 7) & ~7L; // each value 8-byte aligned in our copy
            offsets[i] = total;
            total += sizes[i];
        }
        MemorySegment values = arena.allocate(Math.max(total, 8), 8);
        MemorySegment pointers = arena.allocate(8L * Math.max(sizes.length, 1), 8);
        MemorySegment theirs = MemorySegment.ofAddress(kernelParams).reinterpret(8L * sizes.length);
        for (int i = 0; i < sizes.length; i++) {
            MemorySegment value = MemorySegment.ofAddress(theirs.getAtIndex(ValueLayout.JAVA_LONG, i)).reinterpret(sizes[i]);
            MemorySegment.copy(value, 0, values, offsets[i], sizes[i]);
            pointers.setAtIndex(ValueLayout.JAVA_LONG, i, values.address() + offsets[i]);
        }
        p.set(ValueLayout.JAVA_LONG, KERNEL_PARAMS, pointers.address());
        return Optional.of(new KernelNode(node, p, values, offsets, sizes));
    }

    /** {@return the raw {@code CUgraphNode}} */
    public long handle() {
        return node;
    }

    /** {@return the number of the kernel's parameters} */
    public int parameterCount() {
        return sizes.length;
    }

    /**
     * {@return the byte size of parameter {@code i}}
     *
     * @param i the parameter's index
     */
    public int parameterSize(int i) {
        return sizes[Objects.checkIndex(i, sizes.length)];
    }

    /**
     * {@return the 8 bytes at {@code byteOffset} in parameter {@code i}'s value}
     *
     * @param i the parameter's index
     * @param byteOffset where in the value, a multiple of 8 with 8 bytes left
     */
    public long longAt(int i, int byteOffset) {
        return values.get(ValueLayout.JAVA_LONG, at(i, byteOffset));
    }

    /**
     * Changes the 8 bytes at {@code byteOffset} in parameter {@code i}'s value (this copy only: see {@link #applyTo}).
     *
     * @param i the parameter's index
     * @param byteOffset where in the value, a multiple of 8 with 8 bytes left
     * @param value the new bytes
     */
    public void setLong(int i, int byteOffset, long value) {
        values.set(ValueLayout.JAVA_LONG, at(i, byteOffset), value);
    }

    private long at(int i, int byteOffset) {
        Objects.checkIndex(i, sizes.length);
        if (byteOffset < 0 || byteOffset % 8 != 0 || byteOffset + 8 > sizes[i]) {
            throw new IndexOutOfBoundsException("KernelNode: 8 bytes at " + byteOffset + " of a " + sizes[i]
                    + "-byte parameter");
        }
        return offsets[i] + byteOffset;
    }

    /**
     * Sets this copy's parameter values on the node of {@code exec} ({@code cuGraphExecKernelNodeSetParams}); {@code
     * exec} must be instantiated from this node's graph.
     *
     * @param exec the executable graph
     */
    public void applyTo(GraphExec exec) {
        long e = exec.handle();
        try (Device.Scope _ = exec.device().enter()) {
            int rc = Driver.cuGraphExecKernelNodeSetParams(e, node, params);
            if (rc != 0) { // the message is built on failure only
                CudaException.checkDriver(rc, "cuGraphExecKernelNodeSetParams(" + exec + ")");
            }
        }
    }
}
