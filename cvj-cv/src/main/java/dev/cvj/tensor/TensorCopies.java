package dev.cvj.tensor;

import dev.cvj.cuda.DeviceMemory;
import dev.cvj.cuda.Stream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * The element copy between two open tensors of the same shape and type, whatever their strides and
 * wherever they live: host to host, device to device (one device, or two when both are contiguous), host to
 * device and back (Java arrays staged through native memory when a side is strided). Source and destination
 * whose memory overlaps are copied through a temporary, as if buffered; a tensor copied onto itself is left as
 * it is. The caller holds both tensors' memory for the duration (see {@link TensorMemory}).
 */
final class TensorCopies {
    /** Native staging memory: the alignment of host tensors. */
    static final long HOST_ALIGNMENT = 64;

    private TensorCopies() {}

    static void copy(Tensor src, Tensor dst, Stream s) {
        if (src.elementCount() == 0) {
            return;
        }
        if (src.isHost() == dst.isHost() && start(src) == start(dst)
                && src.geometry().sameStrides(dst.geometry()) && sameMemory(src, dst)) {
            return; // the same elements: nothing moves
        }
        if (overlap(src, dst)) {
            buffered(src, dst, s);
        } else {
            direct(src, dst, s);
        }
    }

    /** Element 0's address (native host or device), or its offset in a heap segment. */
    private static long start(Tensor t) {
        TensorMemory m = t.memory();
        return t.isHost() ? m.segment().address() + t.offset() : m.deviceMemory().address() + t.offset();
    }

    private static boolean sameMemory(Tensor a, Tensor b) {
        return a.isHost() ? a.memory().segment().heapBase().equals(b.memory().segment().heapBase())
                : a.device() == b.device();
    }

    /** Whether the byte ranges the two tensors span share any byte (then some element may be read after it was written). */
    private static boolean overlap(Tensor a, Tensor b) {
        if (a.isHost() != b.isHost()) {
            return false; // pageable host memory and device memory never alias
        }
        if (a.isHost()) {
            return a.hostSpan().asOverlappingSlice(b.hostSpan()).isPresent();
        }
        if (a.device() != b.device()) {
            return false;
        }
        long x = start(a);
        long y = start(b);
        return x < y + b.byteSpan() && y < x + a.byteSpan();
    }

    private static void buffered(Tensor src, Tensor dst, Stream s) {
        Tensor tmp = src.isHost() ? src.toHost() : src.toDevice(src.device(), s);
        try {
            direct(tmp, dst, s);
        } finally {
            tmp.close(); // device: freed in the order of the stream the copies ran on
        }
    }

    private static void direct(Tensor src, Tensor dst, Stream s) {
        if (src.isHost() && dst.isHost()) {
            hostToHost(src, dst);
        } else if (!src.isHost() && !dst.isHost()) {
            deviceToDevice(src, dst, CurrentStream.forDevice(dst.device(), s));
        } else {
            Tensor dev = src.isHost() ? dst : src;
            Stream st = CurrentStream.forDevice(dev.device(), s);
            Tensor host = src.isHost() ? src : dst;
            if (host.memory().segment().isNative()) {
                hostDevice(src, dst, st);
            } else {
                javaArrayDevice(src, dst, st);
            }
        }
    }

    private static void hostToHost(Tensor src, Tensor dst) {
        MemorySegment from = src.memory().segment();
        MemorySegment to = dst.memory().segment();
        long so = src.offset();
        long dof = dst.offset();
        plan(src, dst, (sOff, sp, dOff, dp, w, h) -> {
            for (long r = 0; r < h; r++) {
                MemorySegment.copy(from, so + sOff + r * sp, to, dof + dOff + r * dp, w);
            }
        });
    }

    private static void deviceToDevice(Tensor src, Tensor dst, Stream st) {
        DeviceMemory from = src.memory().deviceMemory();
        DeviceMemory to = dst.memory().deviceMemory();
        if (src.device() != dst.device()) {
            if (!src.isContiguous() || !dst.isContiguous()) {
                throw new IllegalArgumentException("Tensor.copyFrom: copies between devices (" + src.device() + " -> "
                        + dst.device() + ") need contiguous tensors; copy to a dense tensor on the same device first");
            }
            to.copyFrom(from.slice(src.offset(), src.byteSize()), dst.offset(), st);
            return;
        }
        plan(src, dst, (sOff, sp, dOff, dp, w, h) ->
                to.copy2DFrom(dst.offset() + dOff, dp, from, src.offset() + sOff, sp, w, h, st));
    }

    /** Native host memory and device memory, either way; returns when the host side is done. */
    private static void hostDevice(Tensor src, Tensor dst, Stream st) {
        if (src.isHost()) {
            MemorySegment from = src.memory().segment();
            DeviceMemory to = dst.memory().deviceMemory();
            plan(src, dst, (sOff, sp, dOff, dp, w, h) ->
                    to.copy2DFrom(dst.offset() + dOff, dp, from, src.offset() + sOff, sp, w, h, st));
        } else {
            DeviceMemory from = src.memory().deviceMemory();
            MemorySegment to = dst.memory().segment();
            plan(src, dst, (sOff, sp, dOff, dp, w, h) ->
                    from.copy2DTo(src.offset() + sOff, sp, to, dst.offset() + dOff, dp, w, h, st));
        }
        st.synchronize();
    }

    /** A Java array and device memory: directly when both are dense, else staged through dense native memory. */
    private static void javaArrayDevice(Tensor src, Tensor dst, Stream st) {
        if (src.isContiguous() && dst.isContiguous()) {
            if (src.isHost()) {
                dst.memory().deviceMemory().copyFrom(src.hostSpan(), dst.offset(), st);
            } else {
                src.memory().deviceMemory().copyTo(src.offset(), dst.hostSpan(), st);
            }
            st.synchronize();
            return;
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment tmp = arena.allocate(src.byteSize(), HOST_ALIGNMENT);
            Tensor staged = Tensor.wrapHost(tmp, src.shape(), src.dtype(), null, null);
            direct(src, staged, st);
            direct(staged, dst, st);
        }
    }

    private static void plan(Tensor src, Tensor dst, CopyPlan.Sink sink) {
        CopyPlan.run(src.shape(), src.dtype().byteSize(), src.geometry().strides(), dst.geometry().strides(), sink);
    }
}
