package dev.cvj.bench.cuda;

import dev.cvj.cuda.Device;
import dev.cvj.cuda.Event;
import dev.cvj.cuda.Stream;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/** Event record + query on an idle stream, and a query alone. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class EventBench {
    private Stream stream;
    private Event event;

    @Setup
    public void setup() {
        Device dev = Device.get(0);
        stream = Stream.create(dev);
        event = Event.create(dev, Event.DISABLE_TIMING);
    }

    @TearDown
    public void tearDown() {
        stream.synchronize();
        event.close();
        stream.close();
    }

    @Benchmark
    public boolean recordAndQuery() {
        event.record(stream);
        return event.isDone();
    }

    @Benchmark
    public boolean query() {
        return event.isDone();
    }
}
