package dev.cvj.cuda;

import dev.cvj.cuda.raw.Runtime;
import java.lang.foreign.MemorySegment;

/**
 * 2D copies ({@code cudaMemcpy2D}): {@code height} rows of {@code width} bytes, rows {@code pitch} bytes apart
 * on each side, with the bounds checks of both sides. Host memory may be native or a Java array; arrays go,
 * as in {@link HostCopies}, through the {@code critical} binding in chunks of rows of at most about
 * {@link HostCopies#HEAP_CHUNK} bytes, after the stream has drained, so their copies are synchronous.
 */
final class PitchedCopies {
    private PitchedCopies() {}

    /** Checks rows {@code [offset, offset + extent)} against device memory of {@code size} bytes. */
    static void checkDevice(long offset, long pitch, long width, long height, long size, String which) {
        long extent = extent(pitch, width, height, which);
        if (offset < 0 || offset > size - extent) {
            throw new IndexOutOfBoundsException(which + " rows [" + offset + ", " + offset + " + " + extent
                    + ") are outside device memory of " + size + " bytes");
        }
    }

    /** Checks rows {@code [offset, offset + extent)} against {@code seg}. */
    static void checkHost(MemorySegment seg, long offset, long pitch, long width, long height, String which) {
        long extent = extent(pitch, width, height, which);
        if (offset < 0 || offset > seg.byteSize() - extent) {
            throw new IndexOutOfBoundsException(which + " rows [" + offset + ", " + offset + " + " + extent
                    + ") are outside host memory of " + seg.byteSize() + " bytes");
        }
        if (!seg.scope().isAlive()) {
            throw new IllegalStateException(which + " host memory was freed (its arena is closed)");
        }
    }

    /** Bytes from the first row's start to the last row's end; checks the sizes and the pitch. */
    private static long extent(long pitch, long width, long height, String which) {
        if (width < 0 || height < 0) {
            throw new IllegalArgumentException("2D copy of " + width + " x " + height + ": sizes must be >= 0");
        }
        if (height > 1 && pitch < width) {
            throw new IllegalArgumentException(which + " pitch " + pitch + " is smaller than the row width " + width);
        }
        if (width == 0 || height == 0) {
            return 0;
        }
        try {
            return Math.addExact(Math.multiplyExact(height - 1, pitch), width);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException(which + " extent of " + height + " rows of pitch " + pitch + " overflows");
        }
    }

    /** Device to device; the caller has the device entered. */
    static void deviceToDevice(long dst, long dpitch, long src, long spitch, long width, long height, Stream stream,
                               String what) {
        native2D(dst, dpitch, src, spitch, width, height, HostCopies.D2D, stream, what);
    }

    /** Host ({@code src} from {@code srcOffset}) to device address {@code dst}; the caller has the device entered. */
    static void toDevice(long dst, long dpitch, MemorySegment src, long srcOffset, long spitch, long width, long height,
                         Stream stream, String what) {
        if (src.isNative()) {
            native2D(dst, dpitch, src.address() + srcOffset, spitch, width, height, HostCopies.H2D, stream, what);
        } else {
            heap2D(MemorySegment.ofAddress(dst), dpitch, src.asSlice(srcOffset), spitch, width, height, HostCopies.H2D,
                    stream, what);
        }
    }

    /** Device address {@code src} to host ({@code dst} from {@code dstOffset}); the caller has the device entered. */
    static void toHost(MemorySegment dst, long dstOffset, long dpitch, long src, long spitch, long width, long height,
                       Stream stream, String what) {
        if (dst.isReadOnly()) {
            throw new IllegalArgumentException("destination host memory is read-only");
        }
        if (dst.isNative()) {
            native2D(dst.address() + dstOffset, dpitch, src, spitch, width, height, HostCopies.D2H, stream, what);
        } else {
            heap2D(dst.asSlice(dstOffset), dpitch, MemorySegment.ofAddress(src), spitch, width, height, HostCopies.D2H,
                    stream, what);
        }
    }

    private static void native2D(long dst, long dpitch, long src, long spitch, long width, long height, int kind,
                                 Stream stream, String what) {
        if (width == 0 || height == 0) {
            return;
        }
        if (height == 1) {
            // One row: the pitches mean nothing (the checks let them be anything), but CUDA refuses pitch < width.
            dpitch = width;
            spitch = width;
        }
        int rc = stream == null ? Runtime.cudaMemcpy2D(dst, dpitch, src, spitch, width, height, kind)
                : Runtime.cudaMemcpy2DAsync(dst, dpitch, src, spitch, width, height, kind, stream.handle());
        CudaException.check(rc, what);
        if (stream == null && kind != HostCopies.D2H) {
            HostCopies.completeLegacy(what); // only a copy to the host is complete when cudaMemcpy2D returns
        }
    }

    /**
     * A Java array on one side: the critical binding holds off the garbage collector for a call, so copy
     * chunks of rows after the stream has drained, and wait for the legacy stream at the end.
     */
    private static void heap2D(MemorySegment dst, long dpitch, MemorySegment src, long spitch, long width, long height,
                               int kind, Stream stream, String what) {
        if (width == 0 || height == 0) {
            return;
        }
        if (height == 1) {
            dpitch = width;
            spitch = width;
        }
        HostCopies.drain(stream == null ? 0 : stream.handle(), what);
        long rowsPerChunk = Math.max(1, HostCopies.HEAP_CHUNK / Math.max(width, kind == HostCopies.H2D ? spitch : dpitch));
        for (long row = 0; row < height; row += rowsPerChunk) {
            long rows = Math.min(rowsPerChunk, height - row);
            MemorySegment d = dst.isNative() ? MemorySegment.ofAddress(dst.address() + row * dpitch)
                    : dst.asSlice(row * dpitch);
            MemorySegment s = src.isNative() ? MemorySegment.ofAddress(src.address() + row * spitch)
                    : src.asSlice(row * spitch);
            CudaException.check(Runtime.cudaMemcpy2DHeap(d, dpitch, s, spitch, width, rows, kind), what);
        }
        HostCopies.completeLegacy(what);
    }
}
