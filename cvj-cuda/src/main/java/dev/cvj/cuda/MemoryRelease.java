package dev.cvj.cuda;

import dev.cvj.cuda.raw.Runtime;
import java.util.logging.Logger;

/**
 * Gives one {@link DeviceMemory} root back once, whether {@code close} or the cleaner runs it: {@code cudaFree},
 * {@code cudaFreeAsync} in stream order, or {@code cudaIpcCloseMemHandle} for another process's memory mapped
 * here. Holds no reference to the memory object (the stream it holds is another object, which the memory does
 * not own).
 */
final class MemoryRelease implements Runnable {
    private static final Logger LOG = Logger.getLogger(DeviceMemory.class.getName());

    /** How the memory was obtained, hence how it goes back. */
    enum Kind {
        /** {@code cudaMalloc}: {@code cudaFree}. */
        MALLOC,
        /** {@code cudaMallocAsync}: {@code cudaFreeAsync} on the allocating (or the closing) stream. */
        STREAM_ORDERED,
        /** {@code cudaIpcOpenMemHandle}: {@code cudaIpcCloseMemHandle}, after the closing stream's work. */
        IPC_MAPPING
    }

    final int device;
    final long address;
    final String site;
    volatile Kind kind;
    volatile Stream stream;
    volatile boolean explicit;

    MemoryRelease(int device, long address, Kind kind, Stream stream, String site) {
        this.device = device;
        this.address = address;
        this.kind = kind;
        this.stream = stream;
        this.site = site;
    }

    /** Where the allocation was made, with {@code -Dcvj.trackAllocations=true}; null otherwise. */
    static String site() {
        if (!DeviceMemory.TRACK) {
            return null;
        }
        StringBuilder sb = new StringBuilder();
        for (StackTraceElement e : new Throwable().getStackTrace()) {
            if (!e.getClassName().startsWith("dev.cvj.cuda.DeviceMemory") && !e.getClassName().startsWith(
                    "dev.cvj.cuda.MemoryRelease")) {
                sb.append("\n\tat ").append(e);
            }
        }
        return sb.toString();
    }

    @Override
    public void run() {
        if (address == 0) {
            return;
        }
        if (!explicit) {
            LOG.warning("cvj: device memory 0x" + Long.toHexString(address) + " on cuda:" + device
                    + " was never closed; freed by the cleaner. Allocated"
                    + (site != null ? ":" + site : " at an unknown place (run with -Dcvj.trackAllocations=true to record it)"));
        }
        Kind k = kind;
        Stream s = stream;
        boolean ordered = explicit && s != null && !s.isClosed();
        long sh = s == null ? 0 : s.rawHandle();
        int rc;
        if (k == Kind.STREAM_ORDERED && ordered && !Stream.isSpecialHandle(sh)) {
            // A stream-ordered free on the stream's own device's pool: the stream carries the device, so
            // no device switch (no cudaGetDevice / cudaSetDevice pair around it).
            rc = Runtime.cudaFreeAsync(address, sh);
        } else {
            int previous = Device.currentOrdinal();
            boolean switched = previous != device;
            if (switched) {
                Runtime.cudaSetDevice(device);
            }
            rc = switch (k) {
                case MALLOC -> Runtime.cudaFree(address);
                case IPC_MAPPING -> {
                    int w = ordered ? Runtime.cudaStreamSynchronize(sh) : 0;
                    yield w != 0 ? w : Runtime.cudaIpcCloseMemHandle(address);
                }
                case STREAM_ORDERED -> ordered
                        ? Runtime.cudaFreeAsync(address, sh) // a default-stream handle: the device must be current
                        : freeUnordered();
            };
            if (switched) {
                Runtime.cudaSetDevice(previous);
            }
        }
        if (rc != 0 && explicit) {
            String call = switch (k) {
                case MALLOC -> "cudaFree";
                case STREAM_ORDERED -> "cudaFreeAsync";
                case IPC_MAPPING -> "cudaIpcCloseMemHandle";
            };
            throw CudaException.runtime(rc, call + "(0x" + Long.toHexString(address) + ")");
        }
    }

    /**
     * The cleaner, or the allocating stream is gone: nobody can say which streams still use the memory, so
     * wait for the whole device, then give it back to its pool in stream order. (cudaFree would free it too,
     * but the pool would go on counting it as used.)
     */
    private int freeUnordered() {
        int rc = Runtime.cudaDeviceSynchronize();
        if (rc == 0) {
            rc = Runtime.cudaFreeAsync(address, Stream.LEGACY_HANDLE);
        }
        if (rc == 0) {
            rc = Runtime.cudaStreamSynchronize(Stream.LEGACY_HANDLE);
        }
        return rc;
    }
}
