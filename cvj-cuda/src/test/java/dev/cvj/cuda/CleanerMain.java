package dev.cvj.cuda;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Drops device memory without closing it (one {@code allocate}, one {@code allocateAsync}) and waits, with
 * {@code System.gc()}, for the cleaner to free it; run by {@link CleanerGpuTest} in a JVM started with
 * {@code -Dcvj.trackAllocations=true}. Prints {@code LINES=n}, {@code SITE=true|false} (each warning names
 * {@link #dropAllocations}), {@code FREED=...} and the log lines; exits 0 when it saw both warnings.
 */
public final class CleanerMain {
    private CleanerMain() {}

    static final long BYTES = 256L << 20;

    public static void main(String[] args) throws InterruptedException {
        Logger log = Logger.getLogger(DeviceMemory.class.getName());
        List<String> lines = new CopyOnWriteArrayList<>();
        log.addHandler(new Handler() {
            @Override
            public void publish(LogRecord r) {
                lines.add(r.getMessage());
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        });
        Device dev = Device.get(0);
        try (Stream s = Stream.create(dev)) {
            dev.synchronize();
            long freeBefore = dev.memoryInfo().free();
            long poolBefore = dev.memoryPool().usedBytes();
            dropAllocations(dev, s);
            long freeDuring = dev.memoryInfo().free();
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (lines.size() < 2 && System.nanoTime() < deadline) {
                System.gc();
                Thread.sleep(20);
            }
            dev.synchronize();
            dev.memoryPool().trimTo(0);
            long freeAfter = dev.memoryInfo().free();
            System.out.println("LINES=" + lines.size());
            System.out.println("SITE=" + (lines.size() == 2 && lines.stream().allMatch(l -> l.contains("CleanerMain.dropAllocations"))));
            System.out.println("HELD=" + (freeBefore - freeDuring));
            System.out.println("FREED=" + (freeAfter - freeDuring));
            System.out.println("GROWTH=" + (freeBefore - freeAfter));
            System.out.println("POOL_USED_GROWTH=" + (dev.memoryPool().usedBytes() - poolBefore));
            lines.forEach(l -> System.out.println("LOG " + l.replace('\n', ' ')));
        }
        System.exit(lines.size() == 2 ? 0 : 2);
    }

    /** Allocates 256 MiB each way and drops both. */
    static void dropAllocations(Device dev, Stream s) {
        DeviceMemory a = DeviceMemory.allocate(dev, BYTES);
        DeviceMemory b = DeviceMemory.allocateAsync(BYTES, s);
        a.fill(1);
        b.fill(2, s);
        s.synchronize();
    }
}
