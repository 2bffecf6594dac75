package dev.cvj.cuda;

import dev.cvj.cuda.raw.Runtime;
import java.lang.foreign.MemorySegment;

/**
 * Copies between device addresses and host segments, native or Java heap.
 *
 * <p>Native segments go to {@code cudaMemcpy}/{@code cudaMemcpyAsync} whole. Heap segments (Java
 * arrays) are passed to CUDA directly, without a staging copy in Java, through a
 * {@code critical(true)} binding; that binding holds off the garbage collector for the length of a
 * call, so heap copies go in chunks of {@link #HEAP_CHUNK} bytes, after the stream has drained (a
 * pageable copy would otherwise wait for earlier work inside the critical region). Heap copies are
 * therefore synchronous with respect to the host even when a stream is given.
 */
final class HostCopies {
    /** Chunk for heap copies: about a millisecond of pageable bandwidth, so GC pauses stay short. */
    static final long HEAP_CHUNK = 16L << 20;
    static final int H2D = 1;
    static final int D2H = 2;
    static final int D2D = 3;
    static final int DEFAULT = 4;

    private HostCopies() {}

    /** Host to device: {@code bytes} from {@code src} at {@code srcOffset} to device address {@code dst}. */
    static void toDevice(long dst, MemorySegment src, long srcOffset, long bytes, Stream stream, String what) {
        if (bytes == 0) {
            return;
        }
        if (!src.scope().isAlive()) {
            throw new IllegalStateException("source host memory was freed (its arena is closed)");
        }
        long streamHandle = stream == null ? 0 : stream.handle();
        if (src.isNative()) {
            long srcAddr = src.address() + srcOffset;
            int rc = stream == null
                    ? Runtime.cudaMemcpy(dst, srcAddr, bytes, H2D)
                    : Runtime.cudaMemcpyAsync(dst, srcAddr, bytes, H2D, streamHandle);
            CudaException.check(rc, what);
            if (stream == null) {
                completeLegacy(what);
            }
            return;
        }
        drain(streamHandle, what);
        for (long done = 0; done < bytes; done += HEAP_CHUNK) {
            long n = Math.min(HEAP_CHUNK, bytes - done);
            MemorySegment hostPart = src.asSlice(srcOffset + done, n);
            MemorySegment devPart = MemorySegment.ofAddress(dst + done);
            CudaException.check(Runtime.cudaMemcpyAsyncHeap(devPart, hostPart, n, H2D, streamHandle), what);
        }
        drain(streamHandle, what);
    }

    /** Device to host: {@code bytes} from device address {@code src} into {@code dst} at {@code dstOffset}. */
    static void toHost(MemorySegment dst, long dstOffset, long src, long bytes, Stream stream, String what) {
        if (bytes == 0) {
            return;
        }
        if (dst.isReadOnly()) {
            throw new IllegalArgumentException("destination host memory is read-only");
        }
        if (!dst.scope().isAlive()) {
            throw new IllegalStateException("destination host memory was freed (its arena is closed)");
        }
        long streamHandle = stream == null ? 0 : stream.handle();
        if (dst.isNative()) {
            long dstAddr = dst.address() + dstOffset;
            int rc = stream == null
                    ? Runtime.cudaMemcpy(dstAddr, src, bytes, D2H)
                    : Runtime.cudaMemcpyAsync(dstAddr, src, bytes, D2H, streamHandle);
            CudaException.check(rc, what);
            return;
        }
        drain(streamHandle, what);
        for (long done = 0; done < bytes; done += HEAP_CHUNK) {
            long n = Math.min(HEAP_CHUNK, bytes - done);
            MemorySegment hostPart = dst.asSlice(dstOffset + done, n);
            MemorySegment devPart = MemorySegment.ofAddress(src + done);
            CudaException.check(Runtime.cudaMemcpyAsyncHeap(hostPart, devPart, n, D2H, streamHandle), what);
        }
        drain(streamHandle, what);
    }

    /**
     * Waits for the legacy default stream, where the stream-less calls run. cudaMemcpy from pageable memory,
     * device-to-device cudaMemcpy and cudaMemset may return before their work is done ("API synchronization
     * behavior" in the CUDA Runtime API docs), and work on a non-blocking stream is not ordered after them: a
     * copy cvj calls synchronous must be complete when it returns. (compute-sanitizer's racecheck made a test
     * read a buffer before its cudaMemset had run.)
     */
    static void completeLegacy(String what) {
        CudaException.check(Runtime.cudaStreamSynchronize(0), what + " (waiting for the legacy default stream)");
    }

    static void drain(long streamHandle, String what) {
        CudaException.check(Runtime.cudaStreamSynchronize(streamHandle), what + " (waiting for the stream)");
    }
}
