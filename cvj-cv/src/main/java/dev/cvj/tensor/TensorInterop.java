package dev.cvj.tensor;

import dev.cvj.cuda.Device;
import dev.cvj.cuda.DeviceMemory;
import dev.cvj.cuda.Stream;
import dev.cvj.cuda.interop.CudaArrayInterface;
import java.util.OptionalLong;

/**
 * A tensor and the CUDA Array Interface, both ways: a device tensor over the memory an interface describes
 * (waiting for the producer's stream), and the interface of a device tensor.
 */
final class TensorInterop {
    private TensorInterop() {}

    /**
     * A device tensor over the memory {@code cai} describes. {@code base}, when given, is the memory the
     * interface points into (a {@code DeviceArray}'s), so the tensor stops working when it is closed;
     * {@code keepAlive} is kept reachable for as long as the tensor is.
     */
    static Tensor fromInterface(String who, CudaArrayInterface cai, TensorLayout layout, DeviceMemory base,
                                Object keepAlive) {
        DataType dt = DataType.fromTypestr(cai.typestr());
        TensorGeometry g = TensorGeometry.strided(who, cai.shape(), cai.strides(), layout, dt);
        Device dev;
        DeviceMemory mem;
        long off = 0;
        if (base != null) {
            dev = base.device();
            mem = base;
            off = g.elementCount() == 0 ? 0 : cai.data() - base.address();
        } else if (g.elementCount() == 0) {
            dev = CurrentStream.get().device();
            mem = DeviceMemory.wrap(dev, 0, 0);
        } else {
            if (cai.data() % dt.byteSize() != 0) {
                throw new IllegalArgumentException(who + ": data pointer 0x" + Long.toHexString(cai.data())
                        + " is not aligned to the " + dt.byteSize() + "-byte elements of " + dt);
            }
            dev = DeviceMemory.deviceOf(cai.data());
            mem = DeviceMemory.wrap(dev, cai.data(), g.byteSpan());
        }
        if (cai.stream().isPresent()) {
            waitForProducer(cai.stream().getAsLong(), dev);
        }
        return new Tensor(g, dt, layout, cai.readOnly(), null, off, TensorMemory.device(mem, null, keepAlive));
    }

    /** Makes the consumer's stream wait for the producer's (v3 {@code stream} field), with an event. */
    private static void waitForProducer(long producer, Device dev) {
        Stream consumer = CurrentStream.forDevice(dev, null);
        if (consumer.handle() == producer) {
            return; // same stream: already ordered
        }
        Stream p = producer == CudaArrayInterface.STREAM_LEGACY ? Stream.legacyDefault(dev)
                : producer == CudaArrayInterface.STREAM_PER_THREAD ? Stream.perThreadDefault(dev)
                : Stream.wrap(dev, producer);
        consumer.waitFor(p); // records an event on the producer, the consumer waits on it
    }

    /** The interface of an open device tensor, naming the current stream; strides null when contiguous. */
    static CudaArrayInterface interfaceOf(Tensor t) {
        return CudaArrayInterface.of(t.shape(), t.dtype().typestr(), t.elementCount() == 0 ? 0 : t.address(),
                t.isReadOnly(), t.isContiguous() ? null : t.strides(),
                OptionalLong.of(CurrentStream.forDevice(t.device(), null).handle()));
    }
}
