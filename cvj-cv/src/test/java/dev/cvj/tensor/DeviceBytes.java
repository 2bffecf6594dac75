package dev.cvj.tensor;

import dev.cvj.cuda.Device;
import dev.cvj.cuda.DeviceMemory;
import dev.cvj.cuda.Stream;
import java.lang.foreign.MemorySegment;

/** Reads raw device bytes at an address (a descriptor table) on a stream, for comparison with expected bytes. */
final class DeviceBytes {
    private DeviceBytes() {}

    static byte[] read(Device dev, long address, int bytes, Stream s) {
        byte[] out = new byte[bytes];
        DeviceMemory.wrap(dev, address, bytes).copyTo(0, MemorySegment.ofArray(out), s);
        s.synchronize();
        return out;
    }
}
