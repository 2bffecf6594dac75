package dev.cvj.tensor;

import dev.cvj.cuda.Device;
import dev.cvj.cuda.DeviceMemory;
import dev.cvj.cuda.Event;
import dev.cvj.cuda.PinnedMemory;
import dev.cvj.cuda.Stream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.ForkJoinPool;

/**
 * A batch's per-element descriptors, fixed-size entries written by the batch: in native host memory for a host
 * batch, in device memory for a device batch. Entries are rewritten only when the batch changed since they were
 * last written ({@link #markChanged}).
 *
 * <h2>Device uploads</h2>
 * The entries are written into a pinned staging buffer and copied to the device table with one
 * {@code cudaMemcpyAsync} on the stream that asks for them, so the upload is ordered before the launches queued
 * after it on that stream, and after those queued before (which may still read the previous contents). The
 * staging buffer is not rewritten while the previous upload may still read it: an event recorded after each
 * upload is waited for first (the host waits only when the batch changes again before its last upload ran).
 * When the batch is used on another stream than before, that stream first waits (an event, no host wait) for
 * the previous one, so an upload never overtakes work that reads the table there, and the last stream used is
 * after every use.
 *
 * <h2>Freeing</h2>
 * The device table is freed in the order of the last stream used (after every launch queued there), and so is a
 * table outgrown by a larger one. A staging buffer is released by a host function queued on that stream, which
 * hands the release to a pool thread (a host function may not call CUDA): closing never waits for the device.
 */
final class DescriptorTable {
    /** Writes entry {@code index} into {@code entry}, a zeroed segment of the entry size. */
    interface Writer {
        void write(int index, MemorySegment entry);
    }

    private final Device device; // null: a host table
    private final long entryBytes;
    private final long maxBytes; // capacity entries
    private long version = 1; // of the batch's contents; bumped by every change
    private long writtenVersion; // of the contents the table holds
    private long uploads;

    private Arena hostArena;
    private MemorySegment hostTable;

    private DeviceMemory deviceTable;
    private PinnedMemory staging;
    private Event uploaded; // recorded after the last upload's copy
    private Stream lastStream; // the stream of the last use: every use before it is ordered before its later work

    DescriptorTable(Device device, long entryBytes, int capacity) {
        this.device = device;
        this.entryBytes = entryBytes;
        this.maxBytes = capacity * entryBytes;
    }

    long entryBytes() {
        return entryBytes;
    }

    void markChanged() {
        version++;
    }

    long uploadCount() {
        return uploads;
    }

    /** The stream of the last device use, or null: where freed memory the batch used goes back in order. */
    Stream lastStream() {
        return lastStream;
    }

    /** The device table of {@code elements} for launches on {@code s} (null: the current stream); see {@link #device(Stream, int, Writer)}. */
    long device(String who, BatchElements elements, Stream s, Writer writer) {
        elements.ensureOpen(who);
        if (device == null) {
            throw new IllegalStateException(who + ": a host batch has no device descriptors; use hostDescriptors()");
        }
        if (s != null && s.device() != device) {
            throw new IllegalArgumentException(who + ": stream " + s + " is on " + s.device() + ", but the batch is on "
                    + device);
        }
        return device(CurrentStream.forDevice(device, s), elements.size(), writer);
    }

    /** The host table of {@code elements}; see {@link #host(int, Writer)}. */
    MemorySegment host(String who, BatchElements elements, Writer writer) {
        elements.ensureOpen(who);
        if (device != null) {
            throw new IllegalStateException(who + ": a device batch keeps its descriptors on " + device
                    + "; use descriptors(stream)");
        }
        return host(elements.size(), writer);
    }

    /** The host table of {@code count} entries (read-only), rewritten first if the batch changed. */
    MemorySegment host(int count, Writer writer) {
        long bytes = count * entryBytes;
        if (count == 0) {
            return MemorySegment.NULL.asReadOnly(); // size 0
        }
        if (writtenVersion != version) {
            if (hostTable == null || hostTable.byteSize() < bytes) {
                Arena arena = Arena.ofShared();
                MemorySegment grown = arena.allocate(grownSize(bytes, hostTable == null ? 0 : hostTable.byteSize()), 16);
                if (hostArena != null) {
                    hostArena.close(); // a segment handed out before now throws rather than shows stale entries
                }
                hostArena = arena;
                hostTable = grown;
            }
            writeEntries(hostTable, count, writer);
            writtenVersion = version;
        }
        return hostTable.asSlice(0, bytes).asReadOnly();
    }

    /**
     * The device address of the table of {@code count} entries, for launches queued on {@code s} after this call;
     * uploaded first, on {@code s}, if the batch changed since the last upload. 0 when {@code count} is 0.
     */
    long device(Stream s, int count, Writer writer) {
        if (lastStream != null && !lastStream.isClosed() && !sameStream(lastStream, s)) {
            s.waitFor(lastStream);
        }
        lastStream = s;
        if (count == 0) {
            return 0;
        }
        if (writtenVersion != version) {
            long bytes = count * entryBytes;
            if (staging == null || staging.byteSize() < bytes) {
                long size = grownSize(bytes, staging == null ? 0 : staging.byteSize());
                releaseStagingInOrder();
                staging = PinnedMemory.allocate(size);
            } else if (uploaded != null) {
                uploaded.synchronize(); // the previous upload may still be reading the staging buffer
            }
            MemorySegment entries = staging.segment().asSlice(0, bytes);
            writeEntries(entries, count, writer); // before any device work: a dead element throws here
            if (deviceTable == null || deviceTable.byteSize() < bytes) {
                long size = grownSize(bytes, deviceTable == null ? 0 : deviceTable.byteSize());
                if (deviceTable != null) {
                    DeviceMemory outgrown = deviceTable;
                    deviceTable = null;
                    outgrown.close(s); // after the launches queued on s (and, through the waits, elsewhere)
                }
                deviceTable = DeviceMemory.allocateAsync(size, s);
            }
            deviceTable.copyFrom(entries, 0, s);
            if (uploaded == null) {
                uploaded = Event.create(device, Event.DISABLE_TIMING);
            }
            uploaded.record(s);
            writtenVersion = version;
            uploads++;
        }
        return deviceTable.address();
    }

    private void writeEntries(MemorySegment table, int count, Writer writer) {
        table.asSlice(0, count * entryBytes).fill((byte) 0); // padding and unused fields read as zero
        for (int i = 0; i < count; i++) {
            writer.write(i, table.asSlice(i * entryBytes, entryBytes));
        }
    }

    /** At least {@code needed}, doubling from {@code current} (a growing batch reallocates O(log n) times), at most the capacity's. */
    private long grownSize(long needed, long current) {
        return Math.max(needed, Math.min(maxBytes, Math.max(current * 2, 8 * entryBytes)));
    }

    private static boolean sameStream(Stream a, Stream b) {
        return a == b || (a.device() == b.device() && a.handle() == b.handle());
    }

    /** Frees everything in the order of the last stream used; never waits for the device. Idempotent. */
    void close() {
        if (hostArena != null) {
            hostArena.close();
            hostArena = null;
            hostTable = null;
        }
        Stream s = lastStream != null && !lastStream.isClosed() ? lastStream : null;
        if (deviceTable != null) {
            DeviceMemory t = deviceTable;
            deviceTable = null;
            if (s != null) {
                t.close(s);
            } else {
                t.close(); // in the order of its allocating stream, or after the device is idle if that one is gone
            }
        }
        releaseStagingInOrder();
        if (uploaded != null) {
            uploaded.close(); // destroying a pending event is allowed: CUDA releases it when it completes
            uploaded = null;
        }
    }

    /** Releases the staging buffer once the uploads queued from it have run. */
    private void releaseStagingInOrder() {
        PinnedMemory p = staging;
        staging = null;
        if (p == null) {
            return;
        }
        Stream s = lastStream;
        if (uploaded == null) {
            p.close(); // never uploaded from
        } else if (s != null && !s.isClosed()) {
            s.launchHostFunc(() -> ForkJoinPool.commonPool().execute(p::close)); // after the copies queued on s
        } else {
            Event e = uploaded; // the stream is gone: wait for the last copy on a pool thread
            uploaded = null;
            ForkJoinPool.commonPool().execute(() -> {
                try {
                    e.synchronize();
                } finally {
                    e.close();
                    p.close();
                }
            });
        }
    }
}
