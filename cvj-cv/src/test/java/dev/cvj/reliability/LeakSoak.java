package dev.cvj.reliability;

import dev.cvj.cuda.Device;
import dev.cvj.cuda.DeviceMemory;
import dev.cvj.cuda.MemoryPool;
import dev.cvj.cuda.Stream;
import dev.cvj.cuda.interop.DeviceArray;
import dev.cvj.tensor.CurrentStream;
import dev.cvj.tensor.DataType;
import dev.cvj.tensor.Tensor;
import dev.cvj.tensor.TensorLayout;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Allocate / wrap / run an operator / close, over and over: cycle {@code i} allocates its input with
 * {@code DeviceMemory.allocate} ({@code i % 3 == 0}, wrapped as a tensor through a {@link DeviceArray}),
 * {@code DeviceMemory.allocateAsync} (1, wrapped the same way) or {@code Tensor.allocate} (2, wrapped again
 * through its CUDA Array Interface map), fills it, runs one operator (all 19 steps of {@link RandomOps} in
 * turn) and closes everything. Every 997th cycle the output is checked against the CPU path. Device memory
 * ({@code cudaMemGetInfo}), the pool's counters and the Java heap are read after a warm-up and at the end,
 * both times after a sync, a pool trim and a few GCs.
 */
final class LeakSoak {
    private LeakSoak() {}

    record Snapshot(long deviceFree, long poolUsed, long poolReserved, long heapUsed) {
        @Override
        public String toString() {
            return String.format("device free %,d B, pool used %,d B, pool reserved %,d B, heap used %,d B", deviceFree,
                    poolUsed, poolReserved, heapUsed);
        }
    }

    record Report(long cycles, double seconds, Snapshot start, Snapshot end, long checked, List<String> mismatches,
                  long[] cyclesPerKind) {
        long deviceGrowth() {
            return start.deviceFree - end.deviceFree;
        }

        long poolUsedGrowth() {
            return end.poolUsed - start.poolUsed;
        }

        long poolReservedGrowth() {
            return end.poolReserved - start.poolReserved;
        }

        long heapGrowth() {
            return end.heapUsed - start.heapUsed;
        }

        @Override
        public String toString() {
            return String.format("%,d cycles in %.1f s (%,.0f cycles/s; DeviceMemory.allocate %,d, allocateAsync %,d,"
                            + " Tensor.allocate %,d), %d checked against the CPU, %d mismatches%n  start: %s%n  end:   %s%n"
                            + "  growth: device %,d B, pool used %,d B, pool reserved %,d B, heap %,d B",
                    cycles, seconds, cycles / seconds, cyclesPerKind[0], cyclesPerKind[1], cyclesPerKind[2], checked,
                    mismatches.size(), start, end, deviceGrowth(), poolUsedGrowth(), poolReservedGrowth(), heapGrowth());
        }
    }

    /** Steps per kind: 8 shaping, 6 final, and 5 more Resizes (interpolating, another mode and size each time). */
    private static final int STEPS = 19;

    /** Runs {@code cycles} cycles (fewer if {@code maxSeconds} runs out first: the report says how many ran). */
    static Report run(long cycles, double maxSeconds, long seed, PrintStream progress) {
        Device dev = Device.get(0);
        Random r = new Random(seed);
        long[] perKind = new long[3];
        List<String> mismatches = new ArrayList<>();
        try (Stream s = Stream.create(dev); CurrentStream.Scope _ = CurrentStream.use(s)) {
            // warm-up: loads the kernels, fills the pool, JIT-compiles
            long[] dummy = new long[3];
            for (int i = 0; i < 3 * STEPS * 4; i++) {
                cycle(i, dev, s, r, dummy, false, mismatches);
            }
            mismatches.clear();
            Snapshot start = snapshot(dev, s);
            progress.println("soak: start " + start);
            long t0 = System.nanoTime();
            long deadline = t0 + (long) (maxSeconds * 1e9);
            long done = 0;
            long checked = 0;
            long nextReport = t0 + 10_000_000_000L;
            for (long i = 0; i < cycles; i++) {
                boolean check = i % 997 == 0;
                cycle(i, dev, s, r, perKind, check, mismatches);
                checked += check ? 1 : 0;
                done++;
                if ((i & 255) == 255) {
                    s.synchronize();
                    long now = System.nanoTime();
                    if (now > deadline) {
                        progress.println("soak: time limit of " + maxSeconds + " s reached after " + done + " cycles");
                        break;
                    }
                    if (now > nextReport) {
                        nextReport = now + 10_000_000_000L;
                        MemoryPool p = dev.memoryPool();
                        progress.printf("soak: %,d cycles, %.0f s, pool used %,d B, reserved %,d B, device free %,d B%n",
                                done, (now - t0) / 1e9, p.usedBytes(), p.reservedBytes(), dev.memoryInfo().free());
                    }
                }
            }
            s.synchronize();
            double secs = (System.nanoTime() - t0) / 1e9;
            Snapshot end = snapshot(dev, s);
            return new Report(done, secs, start, end, checked, mismatches, perKind);
        }
    }

    private static final long[][] SHAPES = {{2, 17, 23, 3}, {1, 32, 32, 3}, {3, 9, 40, 3}, {1, 64, 48, 3}};

    private static void cycle(long i, Device dev, Stream s, Random r, long[] perKind, boolean check, List<String> mismatches) {
        int kind = (int) (i % 3);
        int op = (int) ((i / 3) % STEPS);
        long[] shape = SHAPES[(int) ((i / (3 * STEPS)) % SHAPES.length)];
        long bytes = shape[0] * shape[1] * shape[2] * shape[3];
        perKind[kind]++;
        DeviceMemory mem = null;
        Tensor owner = null;
        Tensor in = null;
        Tensor out = null;
        try {
            switch (kind) {
                case 0 -> {
                    mem = DeviceMemory.allocate(dev, bytes);
                    in = Tensor.asTensor(DeviceArray.of(mem, shape, "|u1"), TensorLayout.NHWC);
                }
                case 1 -> {
                    mem = DeviceMemory.allocateAsync(bytes, s);
                    in = Tensor.asTensor(DeviceArray.of(mem, shape, "|u1"), TensorLayout.NHWC);
                }
                default -> {
                    owner = Tensor.allocate(shape, DataType.U8, TensorLayout.NHWC, s);
                    in = Tensor.asTensor(owner.cuda().toMap(), TensorLayout.NHWC);
                }
            }
            in.deviceMemory().fill((int) (i * 37), s);
            if (check) {
                byte[] b = new byte[(int) in.elementCount()];
                r.nextBytes(b);
                in.copyFrom(b);
            }
            RandomOps.Step step = op < 8 ? RandomOps.shaping(r, in, op) : op < 14 ? RandomOps.finalStep(r, in, op - 8)
                    : RandomOps.of("Resize", r, in);
            out = step.apply(in, s);
            if (check) {
                try (Tensor host = in.toHost(); Tensor cpu = step.apply(host, null)) {
                    String m = RandomOps.mismatch(step, cpu, out);
                    if (m != null) {
                        mismatches.add("cycle " + i + ": " + m);
                    }
                }
            }
        } finally {
            if (out != null) {
                out.close();
            }
            if (in != null) {
                in.close();
            }
            if (owner != null) {
                owner.close();
            }
            if (mem != null) {
                mem.close();
            }
        }
    }

    static Snapshot snapshot(Device dev, Stream s) {
        s.synchronize();
        dev.synchronize();
        MemoryPool p = dev.memoryPool();
        p.trimTo(0);
        MemoryMXBean heap = ManagementFactory.getMemoryMXBean();
        for (int k = 0; k < 4; k++) {
            System.gc();
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return new Snapshot(dev.memoryInfo().free(), p.usedBytes(), p.reservedBytes(), heap.getHeapMemoryUsage().getUsed());
    }
}
