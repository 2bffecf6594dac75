package dev.cvj.interop;

import dev.cvj.cuda.Device;
import dev.cvj.cuda.Event;
import dev.cvj.cuda.Stream;
import dev.cvj.cuda.interop.CudaArray;
import dev.cvj.cuda.interop.CudaArrayInterface;
import dev.cvj.tensor.MemoryHold;
import dev.cvj.tensor.Tensor;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * DLPack 1.x export and import: hands cvj arrays to C/C++ libraries (and, through a capsule made on the
 * Python side, to PyTorch, CuPy, JAX, ...) and takes theirs, without copying.
 *
 * <h2>Export</h2>
 * {@link #export(CudaArray)} builds a native {@code DLManagedTensorVersioned} (version 1.0) describing the
 * array: {@code kDLCUDA} with the device ordinal, the element type, the shape and the strides in
 * <em>elements</em> (DLPack's unit; byte strides that are not whole elements are refused), the
 * {@code READ_ONLY} flag when the interface says so. Until the consumer calls the struct's deleter, a
 * process-wide registry holds the exported object (so the garbage collector leaves it and its memory
 * alone) and the struct's own memory. The deleter may be called from any thread, exactly once; it
 * never throws into native code. Closing the exported object explicitly before that is the caller's
 * error, as in C.
 *
 * <p>Synchronization: DLPack carries no stream. {@link #export(CudaArray, Stream)} makes the consumer's
 * stream wait (with an event, never a device sync) for the stream the interface names.
 *
 * <h2>Import</h2>
 * {@link #fromDLPack(MemorySegment)} takes ownership of a producer's {@code DLManagedTensorVersioned*} and
 * returns a {@link DLPackTensor}; closing it calls the producer's deleter (once). A struct whose major
 * version is not 1 is released at once and refused, as the DLPack spec requires; so is any struct cvj
 * cannot describe (vector or sub-byte types, unsupported devices). {@link #fromLegacyDLPack} reads the
 * pre-1.0 {@code DLManagedTensor}.
 */
public final class DLPack {
    private static final Logger LOG = Logger.getLogger(DLPack.class.getName());
    private static final Linker LINKER = Linker.nativeLinker();
    private static final FunctionDescriptor DELETER = FunctionDescriptor.ofVoid(ValueLayout.ADDRESS);
    private static final MethodHandle CALL_DELETER = LINKER.downcallHandle(DELETER);

    /** The most dimensions an imported tensor may have (NumPy's limit). */
    public static final int MAX_NDIM = 64;

    private static final Map<Long, Export> LIVE = new ConcurrentHashMap<>();
    private static final AtomicLong NEXT_CTX = new AtomicLong(1);
    private static final MemorySegment VERSIONED_DELETER;
    private static final MemorySegment LEGACY_DELETER;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            MethodType t = MethodType.methodType(void.class, MemorySegment.class);
            VERSIONED_DELETER = LINKER.upcallStub(l.findStatic(DLPack.class, "deleteVersioned", t), DELETER, Arena.global());
            LEGACY_DELETER = LINKER.upcallStub(l.findStatic(DLPack.class, "deleteLegacy", t), DELETER, Arena.global());
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** What an exported struct keeps alive until its deleter runs: the exported object, a hold on a tensor's memory (or null), the struct. */
    private record Export(Object owner, MemoryHold hold, MemorySegment memory) {}

    private DLPack() {}

    // ---- export ---------------------------------------------------------------------------------------

    /**
     * A {@code DLManagedTensorVersioned*} describing {@code x} (a {@code Tensor}, {@link CudaBuffer},
     * {@code DeviceArray}, ...). The consumer must call its deleter exactly once. A host {@code Tensor} in
     * native memory is exported as a {@code kDLCPU} tensor. A {@code Tensor}'s memory is held
     * ({@link Tensor#hold()}) until the deleter runs, so the consumer may go on using it after the tensor is
     * closed; other arrays are kept reachable but their owner must keep their memory allocated.
     *
     * @param x the array to export
     * @return the {@code DLManagedTensorVersioned*}
     */
    public static MemorySegment export(CudaArray x) {
        return exportOf(x, null, true);
    }

    /**
     * As {@link #export(CudaArray)}, after making {@code consumer} wait for the stream the array's
     * interface names (if any): work the consumer queues on it then sees the producer's finished data.
     *
     * @param x the array to export
     * @param consumer the stream the consumer will use
     * @return the {@code DLManagedTensorVersioned*}
     */
    public static MemorySegment export(CudaArray x, Stream consumer) {
        Objects.requireNonNull(consumer, "DLPack.export: consumer is null");
        return exportOf(x, consumer, true);
    }

    /**
     * {@return a legacy (pre-1.0) {@code DLManagedTensor*} describing {@code x}, for consumers that only read that
     * one}
     *
     * @param x the array to export
     */
    public static MemorySegment exportLegacy(CudaArray x) {
        return exportOf(x, null, false);
    }

    private static MemorySegment exportOf(CudaArray x, Stream consumer, boolean versioned) {
        Objects.requireNonNull(x, "DLPack.export: x is null");
        if (!(x instanceof Tensor t)) {
            CudaArrayInterface cai = x.cudaArrayInterface();
            Device device = deviceOf(x, cai);
            waitFor(cai, device, consumer);
            return export(cai, DLDevice.CUDA, device.ordinal(), x, null, versioned);
        }
        MemoryHold hold = t.hold(); // throws for a closed tensor
        try {
            if (t.isHost()) {
                if (consumer != null) {
                    throw new IllegalArgumentException("DLPack.export: " + t + " is a host tensor: there is no stream to wait for");
                }
                long address = t.elementCount() == 0 ? 0 : t.address(); // throws for Java-array tensors: no stable address
                CudaArrayInterface desc = CudaArrayInterface.of(t.shape(), t.dtype().typestr(), address, t.isReadOnly(),
                        t.strides(), OptionalLong.empty());
                return export(desc, DLDevice.CPU, 0, t, hold, versioned);
            }
            CudaArrayInterface cai = t.cuda();
            waitFor(cai, t.device(), consumer);
            return export(cai, DLDevice.CUDA, t.device().ordinal(), t, hold, versioned);
        } catch (RuntimeException e) {
            hold.close();
            throw e;
        }
    }

    /** Makes {@code consumer} (if given) wait for the stream {@code cai} names, with an event. */
    private static void waitFor(CudaArrayInterface cai, Device device, Stream consumer) {
        if (consumer != null && cai.stream().isPresent() && cai.stream().getAsLong() != consumer.handle()) {
            try (Event e = Event.create(device, Event.DISABLE_TIMING)) {
                e.record(Stream.wrap(device, cai.stream().getAsLong()));
                consumer.waitFor(e);
            }
        }
    }

    private static Device deviceOf(CudaArray x, CudaArrayInterface cai) {
        if (x instanceof CudaBuffer b) {
            return b.device();
        }
        return Pointers.deviceOf(cai.data(), "DLPack.export");
    }

    /** As {@link #export(CudaArrayInterface, int, int, Object, MemoryHold, boolean)} with no memory hold. */
    static MemorySegment export(CudaArrayInterface cai, int deviceType, int deviceId, Object owner, boolean versioned) {
        return export(cai, deviceType, deviceId, owner, null, versioned);
    }

    /**
     * Builds the struct for an interface on a given device (no CUDA call: usable without a GPU, e.g. for
     * host memory with {@link DLDevice#CPU}). {@code owner} is kept reachable and {@code hold} (may be null)
     * open until the deleter runs.
     */
    static MemorySegment export(CudaArrayInterface cai, int deviceType, int deviceId, Object owner, MemoryHold hold,
                                boolean versioned) {
        int[] dt = DLDataType.fromTypestr(cai.typestr());
        int item = cai.itemSize();
        int ndim = cai.rank();
        long[] shape = cai.shape();
        long[] elementStrides = new long[ndim];
        long[] byteStrides = cai.stridesOrContiguous();
        for (int d = 0; d < ndim; d++) {
            if (byteStrides[d] % item != 0) {
                throw new IllegalArgumentException("DLPack.export: stride " + byteStrides[d] + " of dimension " + d
                        + " is not a whole number of " + item + "-byte elements; DLPack strides count elements");
            }
            elementStrides[d] = byteStrides[d] / item;
        }
        long structSize = versioned ? DLManagedTensorVersioned.LAYOUT.byteSize() : DLManagedTensor.LAYOUT.byteSize();
        // One block: the struct, then shape, then strides. An automatic arena frees it once the registry
        // lets go of it (after the deleter), so the deleter never frees memory it is still reading.
        MemorySegment mem = Arena.ofAuto().allocate(structSize + 16L * Math.max(ndim, 1), 16);
        MemorySegment shapeSeg = mem.asSlice(structSize, 8L * ndim);
        MemorySegment strideSeg = mem.asSlice(structSize + 8L * ndim, 8L * ndim);
        MemorySegment.copy(shape, 0, shapeSeg, ValueLayout.JAVA_LONG, 0, ndim);
        MemorySegment.copy(elementStrides, 0, strideSeg, ValueLayout.JAVA_LONG, 0, ndim);
        long ctx = NEXT_CTX.getAndIncrement();
        MemorySegment tensor;
        if (versioned) {
            mem.set(ValueLayout.JAVA_INT, DLManagedTensorVersioned.VERSION_MAJOR, DLManagedTensorVersioned.MAJOR_VERSION);
            mem.set(ValueLayout.JAVA_INT, DLManagedTensorVersioned.VERSION_MINOR, DLManagedTensorVersioned.MINOR_VERSION);
            mem.set(ValueLayout.JAVA_LONG, DLManagedTensorVersioned.MANAGER_CTX, ctx);
            mem.set(ValueLayout.ADDRESS, DLManagedTensorVersioned.DELETER, VERSIONED_DELETER);
            mem.set(ValueLayout.JAVA_LONG, DLManagedTensorVersioned.FLAGS,
                    cai.readOnly() ? DLManagedTensorVersioned.FLAG_READ_ONLY : 0L);
            tensor = DLManagedTensorVersioned.dlTensor(mem);
        } else {
            mem.set(ValueLayout.JAVA_LONG, DLManagedTensor.MANAGER_CTX, ctx);
            mem.set(ValueLayout.ADDRESS, DLManagedTensor.DELETER, LEGACY_DELETER);
            tensor = DLManagedTensor.dlTensor(mem);
        }
        DLTensor.set(tensor, cai.data(), deviceType, deviceId, ndim, dt[0], dt[1], dt[2],
                ndim == 0 ? MemorySegment.NULL : shapeSeg, ndim == 0 ? MemorySegment.NULL : strideSeg, 0);
        LIVE.put(ctx, new Export(owner, hold, mem));
        return mem.asSlice(0, structSize);
    }

    /** {@return how many exported structs have not been deleted yet} */
    public static int liveExports() {
        return LIVE.size();
    }

    private static void deleteVersioned(MemorySegment self) {
        release(self, DLManagedTensorVersioned.MANAGER_CTX, DLManagedTensorVersioned.LAYOUT.byteSize());
    }

    private static void deleteLegacy(MemorySegment self) {
        release(self, DLManagedTensor.MANAGER_CTX, DLManagedTensor.LAYOUT.byteSize());
    }

    /** The deleter: native code called it, so nothing may escape. */
    private static void release(MemorySegment self, long ctxOffset, long size) {
        try {
            if (self.address() == 0) {
                return;
            }
            long ctx = self.reinterpret(size).get(ValueLayout.JAVA_LONG, ctxOffset);
            Export e = LIVE.remove(ctx);
            if (e == null) {
                LOG.warning("cvj: DLPack deleter called for an unknown or already deleted tensor (manager_ctx "
                        + ctx + ") at 0x" + Long.toHexString(self.address()));
            } else if (e.hold() != null) {
                e.hold().close(); // may free the memory now, if the exporting tensor was closed
            }
        } catch (Throwable t) {
            try {
                LOG.log(Level.SEVERE, "cvj: DLPack deleter failed", t);
            } catch (Throwable ignored) {
                // nothing can be done inside a native callback
            }
        }
    }

    // ---- import ---------------------------------------------------------------------------------------

    /**
     * Takes ownership of a producer's {@code DLManagedTensorVersioned*}. On success, closing the result
     * calls the producer's deleter; on failure the deleter has already been called (unless the struct could not
     * be read at all: a null pointer or a segment too small for it) and an {@link IllegalArgumentException}
     * says why.
     *
     * <p>{@code managedTensorVersioned} must span the struct ({@code DLManagedTensorVersioned.LAYOUT.byteSize()}
     * bytes): cvj reads no byte outside the segment it is given, so a pointer from native code (a zero-length
     * segment) must be {@linkplain MemorySegment#reinterpret(long) reinterpreted} to that size by the caller, who
     * thereby vouches for it. Inside the struct, cvj checks what can be checked: the version, the device type,
     * {@code ndim} (0 to {@value #MAX_NDIM}), the data type (whole bytes, one lane, a size DLPack defines for its
     * code), shape and strides (non-negative, element count and byte span within 2^63-1), a data pointer that is
     * not NULL for a non-empty tensor, and that every pointer (data + byte_offset and the span after it, shape,
     * strides) lies in the user address space. What cannot be checked from Java: that the shape and strides
     * arrays really hold {@code ndim} values, that the data pointer points to memory the producer owns with at
     * least the span it describes, and that the deleter is a function. A producer that lies about those makes
     * the process read or write wrong memory, as in C.
     *
     * @param managedTensorVersioned the producer's {@code DLManagedTensorVersioned*}
     * @return the imported tensor (closing it calls the producer's deleter)
     */
    public static DLPackTensor fromDLPack(MemorySegment managedTensorVersioned) {
        String who = "DLPack.fromDLPack";
        MemorySegment m = struct(who, managedTensorVersioned, DLManagedTensorVersioned.DL_TENSOR, "DLManagedTensorVersioned");
        long deleter = DLManagedTensorVersioned.deleter(m);
        int major = DLManagedTensorVersioned.major(m);
        if (major != DLManagedTensorVersioned.MAJOR_VERSION) {
            int minor = DLManagedTensorVersioned.minor(m);
            callDeleter(deleter, m.address());
            throw new IllegalArgumentException(who + ": DLPack version " + major + "." + minor + " is not supported"
                    + " (cvj reads " + DLManagedTensorVersioned.MAJOR_VERSION + ".x); the tensor was released");
        }
        long size = DLManagedTensorVersioned.LAYOUT.byteSize();
        if (managedTensorVersioned.byteSize() < size) {
            callDeleter(deleter, m.address());
            throw new IllegalArgumentException(who + ": the segment has " + managedTensorVersioned.byteSize()
                    + " bytes but a DLPack 1.x DLManagedTensorVersioned has " + size + "; the tensor was released");
        }
        m = managedTensorVersioned.asSlice(0, size);
        long flags = DLManagedTensorVersioned.flags(m);
        return DLPackTensor.adopt(m.address(), deleter, true, DLManagedTensorVersioned.dlTensor(m),
                (flags & DLManagedTensorVersioned.FLAG_READ_ONLY) != 0, flags);
    }

    /**
     * Takes ownership of a legacy (pre-1.0) {@code DLManagedTensor*}; as {@link #fromDLPack}, the segment spanning
     * {@code DLManagedTensor.LAYOUT}.
     *
     * @param managedTensor the producer's {@code DLManagedTensor*}
     * @return the imported tensor (closing it calls the producer's deleter)
     */
    public static DLPackTensor fromLegacyDLPack(MemorySegment managedTensor) {
        MemorySegment m = struct("DLPack.fromLegacyDLPack", managedTensor, DLManagedTensor.LAYOUT.byteSize(), "DLManagedTensor");
        return DLPackTensor.adopt(m.address(), DLManagedTensor.deleter(m), false, DLManagedTensor.dlTensor(m), false, 0);
    }

    /** The first {@code size} bytes of {@code p}, refused (nothing read) when it is null or smaller. */
    private static MemorySegment struct(String who, MemorySegment p, long size, String type) {
        Objects.requireNonNull(p, () -> who + ": the DLPack pointer is null");
        if (p.address() == 0) {
            throw new IllegalArgumentException(who + ": the DLPack pointer is NULL");
        }
        if (p.byteSize() < size) {
            throw new IllegalArgumentException(who + ": the segment has " + p.byteSize() + " bytes, too small for a "
                    + type + "; a pointer from native code must first be reinterpreted to " + type
                    + ".LAYOUT.byteSize() bytes (MemorySegment.reinterpret)");
        }
        return p.asSlice(0, size);
    }

    /** Calls a producer's deleter (a C function pointer) on {@code self}; a null deleter does nothing. */
    static void callDeleter(long deleter, long self) {
        if (deleter == 0) {
            return;
        }
        try {
            CALL_DELETER.invokeExact(MemorySegment.ofAddress(deleter), MemorySegment.ofAddress(self));
        } catch (Throwable t) {
            throw new IllegalStateException("DLPack deleter at 0x" + Long.toHexString(deleter) + " failed", t);
        }
    }
}
