package dev.cvj.bench.cuda;

import dev.cvj.cuda.Device;
import dev.cvj.cuda.DeviceMemory;
import dev.cvj.cuda.PinnedMemory;
import dev.cvj.cuda.Stream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Host-to-device and device-to-host copies of {@code bytes}, each waited for, from pinned memory,
 * pageable off-heap memory and a Java {@code byte[]}. Bandwidth = bytes / time (CudaBenchMain reports it).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class CopyBench {
    @Param({"4096", "65536", "1048576", "16777216", "268435456", "1073741824"})
    public long bytes;

    @Param({"pinned", "pageable", "heap"})
    public String host;

    private Stream stream;
    private DeviceMemory device;
    private PinnedMemory pinned;
    private Arena arena;
    private MemorySegment segment;
    private byte[] array;

    @Setup(Level.Trial)
    public void setup() {
        Device dev = Device.get(0);
        stream = Stream.create(dev);
        device = DeviceMemory.allocate(dev, bytes);
        switch (host) {
            case "pinned" -> {
                pinned = PinnedMemory.allocate(bytes);
                segment = pinned.segment();
            }
            case "pageable" -> {
                arena = Arena.ofShared();
                segment = arena.allocate(bytes, 4096);
            }
            case "heap" -> array = new byte[Math.toIntExact(bytes)];
            default -> throw new IllegalArgumentException(host);
        }
        if (segment != null) {
            segment.fill((byte) 1);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        stream.synchronize();
        device.close();
        stream.close();
        if (pinned != null) {
            pinned.close();
        }
        if (arena != null) {
            arena.close();
        }
    }

    @Benchmark
    public void hostToDevice() {
        if (array != null) {
            device.copyFromAsync(array, stream); // returns when done
        } else {
            device.copyFrom(segment, 0, stream);
            stream.synchronize();
        }
    }

    @Benchmark
    public void deviceToHost() {
        if (array != null) {
            device.copyToAsync(array, stream);
        } else {
            device.copyTo(0, segment, stream);
            stream.synchronize();
        }
    }
}
