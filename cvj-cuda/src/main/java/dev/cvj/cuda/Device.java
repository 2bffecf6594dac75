package dev.cvj.cuda;

import dev.cvj.cuda.raw.Driver;
import dev.cvj.cuda.raw.Runtime;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * A CUDA device. Every cvj object that lives on a device remembers it and switches to it for its own
 * calls ({@link #enter()}), so objects work whatever device is current on the calling thread.
 *
 * <pre>{@code
 * Device gpu = Device.get(0);
 * System.out.println(gpu.name() + " sm_" + gpu.computeCapability());
 * try (DeviceMemory m = DeviceMemory.allocate(gpu, 1 << 20)) { ... }
 * }</pre>
 */
public final class Device {
    private static volatile Device[] devices;

    private final int ordinal;
    private volatile String name;
    private volatile MemoryPool pool;

    /** Package-private: {@link #get} makes the only instances; tests make ones that no CUDA call touches. */
    Device(int ordinal) {
        this.ordinal = ordinal;
    }

    /**
     * {@return the number of CUDA devices} Throws {@link CudaException} when there is no usable driver ({@code
     * cudaErrorInsufficientDriver}) or no device; see {@link #isAvailable()} for a query that does not throw.
     */
    public static int count() {
        MemorySegment out = Scratch.get();
        CudaException.check(Runtime.cudaGetDeviceCount(out), "cudaGetDeviceCount");
        return Scratch.readInt(out);
    }

    /**
     * {@return whether at least one CUDA device can be used} Never throws: a missing library or driver is {@code
     * false}. {@link #unavailableReason()} says why.
     */
    public static boolean isAvailable() {
        return unavailableReason() == null;
    }

    /** {@return why no device can be used (the library's or the driver's own words), or {@code null} if one can} */
    public static String unavailableReason() {
        try {
            return count() > 0 ? null : "the CUDA driver reports no device";
        } catch (RuntimeException e) {
            return e.getMessage();
        }
    }

    /** {@return the CUDA runtime's version as {@code major * 1000 + minor * 10}, e.g. 13000} Needs no driver. */
    public static int runtimeVersion() {
        MemorySegment out = Scratch.get();
        CudaException.check(Runtime.cudaRuntimeGetVersion(out), "cudaRuntimeGetVersion");
        return Scratch.readInt(out);
    }

    /**
     * {@return the newest CUDA version the installed driver supports ({@code major * 1000 + minor * 10}); 0 without a
     * driver}
     */
    public static int driverVersion() {
        MemorySegment out = Scratch.get();
        CudaException.check(Runtime.cudaDriverGetVersion(out), "cudaDriverGetVersion");
        return Scratch.readInt(out);
    }

    /**
     * Device {@code ordinal}; throws {@link IllegalArgumentException} if there is no such device.
     *
     * @param ordinal the device's ordinal, from 0 to {@link #count()} - 1
     * @return the device
     */
    public static Device get(int ordinal) {
        Device[] all = devices;
        if (all == null) {
            synchronized (Device.class) {
                all = devices;
                if (all == null) {
                    int n = count();
                    all = new Device[n];
                    for (int i = 0; i < n; i++) {
                        all[i] = new Device(i);
                    }
                    devices = all;
                }
            }
        }
        if (ordinal < 0 || ordinal >= all.length) {
            throw new IllegalArgumentException("no CUDA device " + ordinal + ": this machine has " + all.length);
        }
        return all[ordinal];
    }

    /** {@return the device current on the calling thread (device 0 if the thread never chose one)} */
    public static Device current() {
        return get(currentOrdinal());
    }

    static int currentOrdinal() {
        MemorySegment out = Scratch.get();
        CudaException.check(Runtime.cudaGetDevice(out), "cudaGetDevice");
        return Scratch.readInt(out);
    }

    /** {@return the device's ordinal, as CUDA numbers it in this process} */
    public int ordinal() {
        return ordinal;
    }

    /**
     * Makes this device current on the calling thread, and returns it.
     *
     * @return this device
     */
    public Device makeCurrent() {
        CudaException.check(Runtime.cudaSetDevice(ordinal), "cudaSetDevice(" + ordinal + ")");
        return this;
    }

    /**
     * Makes this device current until the returned scope closes, then restores the previous one.
     * Cheap when this device is already current (no CUDA call but one {@code cudaGetDevice}).
     *
     * <pre>{@code try (var on = device.enter()) { ... CUDA calls for this device ... } }</pre>
     *
     * @return the scope that restores the previous device when closed
     */
    public Scope enter() {
        int previous = currentOrdinal();
        if (previous == ordinal) {
            return Scope.NONE;
        }
        makeCurrent();
        return new Scope(previous);
    }

    /**
     * Restores the device that was current before {@link #enter()}. Close it on the thread that entered,
     * in reverse order of entering (try-with-resources does both). Closing twice restores once.
     */
    public static final class Scope implements AutoCloseable {
        static final Scope NONE = new Scope(-1);
        private int previous;

        private Scope(int previous) {
            this.previous = previous;
        }

        @Override
        public void close() {
            int p = previous;
            if (p >= 0) {
                previous = -1;
                CudaException.check(Runtime.cudaSetDevice(p), "cudaSetDevice(" + p + ")");
            }
        }
    }

    /**
     * Any {@code cudaDeviceAttr} value of this device.
     *
     * @param cudaDeviceAttr the attribute's {@code cudaDeviceAttr} value
     * @return the attribute's value
     */
    public int attribute(int cudaDeviceAttr) {
        MemorySegment out = Scratch.get();
        CudaException.check(Runtime.cudaDeviceGetAttribute(out, cudaDeviceAttr, ordinal),
                "cudaDeviceGetAttribute(" + cudaDeviceAttr + ", device " + ordinal + ")");
        return Scratch.readInt(out);
    }

    /**
     * A device attribute.
     *
     * @param attribute the attribute to read
     * @return the attribute's value
     */
    public int attribute(DeviceAttribute attribute) {
        return attribute(attribute.code());
    }

    /**
     * Compute capability as {@code major * 10 + minor}, e.g. 90 for an H100.
     *
     * @return {@code major * 10 + minor}
     */
    public int computeCapability() {
        return attribute(DeviceAttribute.COMPUTE_CAPABILITY_MAJOR) * 10 + attribute(DeviceAttribute.COMPUTE_CAPABILITY_MINOR);
    }

    /** {@return number of streaming multiprocessors} */
    public int multiprocessorCount() {
        return attribute(DeviceAttribute.MULTIPROCESSOR_COUNT);
    }

    /** {@return the product name, e.g. {@code NVIDIA H100 80GB HBM3} (read through the driver API)} */
    public String name() {
        String n = name;
        if (n == null) {
            DriverContext.init();
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment buf = arena.allocate(256);
                CudaException.checkDriver(Driver.cuDeviceGetName(buf, 256, ordinal), "cuDeviceGetName(" + ordinal + ")");
                n = buf.getString(0);
            }
            name = n;
        }
        return n;
    }

    /**
     * Free and total memory of this device, in bytes ({@code cudaMemGetInfo}).
     *
     * @return the free and total bytes
     */
    public MemoryInfo memoryInfo() {
        try (Scope _ = enter(); Arena arena = Arena.ofConfined()) {
            MemorySegment free = arena.allocate(ValueLayout.JAVA_LONG);
            MemorySegment total = arena.allocate(ValueLayout.JAVA_LONG);
            CudaException.check(Runtime.cudaMemGetInfo(free, total), "cudaMemGetInfo(device " + ordinal + ")");
            return new MemoryInfo(free.get(ValueLayout.JAVA_LONG, 0), total.get(ValueLayout.JAVA_LONG, 0));
        }
    }

    /**
     * Free and total device memory in bytes.
     *
     * @param free the free bytes
     * @param total the total bytes
     */
    public record MemoryInfo(long free, long total) {}

    /** Waits until all work on this device is done. */
    public void synchronize() {
        try (Scope _ = enter()) {
            CudaException.check(Runtime.cudaDeviceSynchronize(), "cudaDeviceSynchronize(device " + ordinal + ")");
        }
    }

    /**
     * {@return the attributes of {@code address} (which device's memory it is, if any); see {@link
     * PointerAttributes}}
     *
     * @param address any address, host or device
     */
    public static PointerAttributes pointerAttributes(long address) {
        return PointerAttributes.of(address);
    }

    /** {@return the PCI bus id, e.g. {@code 0000:3b:00.0}} */
    public String pciBusId() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buf = arena.allocate(64);
            CudaException.check(Runtime.cudaDeviceGetPCIBusId(buf, 64, ordinal), "cudaDeviceGetPCIBusId(" + ordinal + ")");
            return buf.getString(0);
        }
    }

    /**
     * {@return whether this device can read and write {@code peer}'s memory directly}
     *
     * @param peer the other device
     */
    public boolean canAccessPeer(Device peer) {
        java.util.Objects.requireNonNull(peer, "peer");
        MemorySegment out = Scratch.get();
        CudaException.check(Runtime.cudaDeviceCanAccessPeer(out, ordinal, peer.ordinal),
                "cudaDeviceCanAccessPeer(" + ordinal + ", " + peer.ordinal + ")");
        return Scratch.readInt(out) != 0;
    }

    /**
     * Lets this device access {@code peer}'s memory; returns false if it was already enabled.
     *
     * @param peer the other device
     * @return whether access was enabled now (false: it already was)
     */
    public boolean enablePeerAccess(Device peer) {
        java.util.Objects.requireNonNull(peer, "peer");
        if (peer == this) {
            throw new IllegalArgumentException(this + " cannot enable peer access to itself");
        }
        try (Scope _ = enter()) {
            int rc = Runtime.cudaDeviceEnablePeerAccess(peer.ordinal, 0);
            if (rc == 704) { // cudaErrorPeerAccessAlreadyEnabled
                Runtime.cudaGetLastError(); // not sticky, but it is recorded as the last error: clear it
                return false;
            }
            CudaException.check(rc, "cudaDeviceEnablePeerAccess(" + ordinal + " -> " + peer.ordinal + ")");
            return true;
        }
    }

    /** {@return the device's default stream-ordered memory pool, used by {@link DeviceMemory#allocateAsync}} */
    public MemoryPool memoryPool() {
        MemoryPool p = pool;
        if (p == null) {
            synchronized (this) {
                p = pool;
                if (p == null) {
                    p = MemoryPool.defaultOf(this);
                    pool = p;
                }
            }
        }
        return p;
    }

    @Override
    public String toString() {
        return "cuda:" + ordinal;
    }
}
