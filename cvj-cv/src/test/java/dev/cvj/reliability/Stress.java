package dev.cvj.reliability;

import dev.cvj.cuda.Device;
import dev.cvj.cuda.Stream;
import dev.cvj.cuda.interop.CudaArrayInterface;
import dev.cvj.tensor.CurrentStream;
import dev.cvj.tensor.Tensor;
import dev.cvj.tensor.TensorLayout;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Concurrency stress: {@code workers} threads, each with its own stream, run random operator chains
 * ({@link RandomOps}: 1 to 3 shaping steps, then maybe a final one) on random shapes, or a varshape call on a batch of
 * random sizes ({@link VarShapeSteps}), queueing the whole chain
 * before any sync, then check every link against the CPU path on the same input. Beside them,
 * {@code pairs} producer/consumer pairs share tensors across streams the way two libraries would: the
 * producer runs a step on its stream and hands over {@code Tensor.cuda()} (the interface, with its stream)
 * without synchronizing; the consumer, with another current stream, wraps it with {@code Tensor.asTensor}
 * (which makes its stream wait for the producer's with an event), runs a second step and checks both steps
 * against the CPU. A watchdog fails the run when no thread makes progress for {@code stallSeconds}.
 */
final class Stress {
    private Stress() {}

    record Report(int workers, int pairs, double seconds, long chains, long steps, long elements, long shared,
                  List<String> failures, boolean stalled) {
        @Override
        public String toString() {
            return String.format("%d worker threads + %d producer/consumer pairs, %.1f s: %,d chains (%,d operator calls,"
                            + " %,d output elements checked), %,d tensors shared across streams; %d failures%s",
                    workers, pairs, seconds, chains, steps, elements, shared, failures.size(), stalled ? ", STALLED" : "");
        }
    }

    static Report run(int workers, int pairs, double seconds, long seed, double stallSeconds, PrintStream progress)
            throws InterruptedException {
        Device dev = Device.get(0);
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong chains = new AtomicLong();
        AtomicLong steps = new AtomicLong();
        AtomicLong elements = new AtomicLong();
        AtomicLong shared = new AtomicLong();
        AtomicLong progressTick = new AtomicLong();
        List<String> failures = Collections.synchronizedList(new ArrayList<>());
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < workers; t++) {
            long ts = seed * 1_000_003L + t;
            threads.add(Thread.ofPlatform().daemon().name("stress-worker-" + t).unstarted(() -> {
                java.util.Random r = new java.util.Random(ts);
                try (Stream s = Stream.create(dev); CurrentStream.Scope _ = CurrentStream.use(s)) {
                    while (!stop.get()) {
                        String f = chain(r, s, steps, elements);
                        if (f != null) {
                            failures.add(Thread.currentThread().getName() + ": " + f);
                        }
                        chains.incrementAndGet();
                        progressTick.incrementAndGet();
                    }
                } catch (Throwable e) {
                    failures.add(Thread.currentThread().getName() + " died: " + e);
                    e.printStackTrace(progress);
                }
            }));
        }
        for (int p = 0; p < pairs; p++) {
            SynchronousQueue<Handoff> q = new SynchronousQueue<>();
            long ps = seed * 7_000_001L + p;
            threads.add(Thread.ofPlatform().daemon().name("stress-producer-" + p).unstarted(
                    () -> producer(dev, new java.util.Random(ps), q, stop, failures, progressTick)));
            threads.add(Thread.ofPlatform().daemon().name("stress-consumer-" + p).unstarted(
                    () -> consumer(dev, new java.util.Random(ps + 1), q, stop, failures, shared, steps, elements, progressTick)));
        }
        long t0 = System.nanoTime();
        threads.forEach(Thread::start);
        long end = t0 + (long) (seconds * 1e9);
        long lastTick = -1;
        long lastChange = System.nanoTime();
        long nextReport = t0 + 30_000_000_000L;
        boolean stalled = false;
        while (System.nanoTime() < end) {
            Thread.sleep(500);
            long now = System.nanoTime();
            long tick = progressTick.get();
            if (tick != lastTick) {
                lastTick = tick;
                lastChange = now;
            } else if (now - lastChange > stallSeconds * 1e9) {
                stalled = true;
                failures.add("no progress for " + stallSeconds + " s: deadlock or hang");
                dumpThreads(progress);
                break;
            }
            if (now > nextReport) {
                nextReport = now + 30_000_000_000L;
                progress.printf("stress: %.0f s, %,d chains, %,d operator calls, %,d shared, %d failures%n", (now - t0) / 1e9,
                        chains.get(), steps.get(), shared.get(), failures.size());
            }
        }
        stop.set(true);
        for (Thread t : threads) {
            t.join(60_000);
            if (t.isAlive() && !stalled) {
                stalled = true;
                failures.add(t.getName() + " did not stop within 60 s of the end");
                dumpThreads(progress);
            }
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        return new Report(workers, pairs, secs, chains.get(), steps.get(), elements.get(), shared.get(),
                new ArrayList<>(failures), stalled);
    }

    /** One chain on {@code s}: all GPU steps queued first, then each link checked on the CPU. Null when right. */
    static String chain(java.util.Random r, Stream s, AtomicLong steps, AtomicLong elements) {
        if (r.nextInt(4) == 0) { // now and then a batch of images of different sizes
            return VarShapeSteps.check(r, s, steps, elements);
        }
        int n = 1 + r.nextInt(3);
        boolean fin = r.nextBoolean();
        List<Tensor> gpu = new ArrayList<>();
        List<RandomOps.Step> ops = new ArrayList<>();
        try (Tensor host = RandomOps.randomImage(r, 3, r.nextInt(8) == 0 ? 400 : 64)) {
            Tensor cur = host.toDevice(s.device(), s);
            gpu.add(cur);
            for (int k = 0; k < n + (fin ? 1 : 0); k++) {
                RandomOps.Step st = k < n ? RandomOps.shaping(r, cur, -1) : RandomOps.finalStep(r, cur, -1);
                ops.add(st);
                cur = st.apply(cur, s);
                gpu.add(cur);
            }
            steps.addAndGet(ops.size());
            // now check each link: the CPU step on the GPU's own input
            for (int k = 0; k < ops.size(); k++) {
                try (Tensor in = gpu.get(k).toHost(); Tensor cpu = ops.get(k).apply(in, null)) {
                    String m = RandomOps.mismatch(ops.get(k), cpu, gpu.get(k + 1));
                    if (m != null) {
                        return "chain " + describe(ops) + ", step " + k + ": " + m;
                    }
                    elements.addAndGet(cpu.elementCount());
                }
            }
            return null;
        } catch (RuntimeException e) {
            return "chain " + describe(ops) + " threw " + e;
        } finally {
            for (Tensor t : gpu) {
                t.close();
            }
        }
    }

    private static String describe(List<RandomOps.Step> ops) {
        StringBuilder sb = new StringBuilder("[");
        for (RandomOps.Step st : ops) {
            sb.append(sb.length() > 1 ? " -> " : "").append(st.describe());
        }
        return sb.append(']').toString();
    }

    /** What a producer hands to a consumer: the interface only, plus what the CPU needs to check. */
    private record Handoff(CudaArrayInterface cai, TensorLayout layout, Tensor hostInput, RandomOps.Step step,
                           CompletableFuture<Void> done) {}

    private static void producer(Device dev, java.util.Random r, SynchronousQueue<Handoff> q, AtomicBoolean stop,
                                 List<String> failures, AtomicLong tick) {
        try (Stream a = Stream.create(dev); CurrentStream.Scope _ = CurrentStream.use(a)) {
            while (!stop.get()) {
                Tensor host = RandomOps.randomImage(r, 2, 512);
                Tensor in = host.toDevice(dev, a);
                RandomOps.Step st = RandomOps.exactShaping(r, in);
                Tensor out = st.apply(in, a); // queued on a, not synchronized
                CompletableFuture<Void> done = new CompletableFuture<>();
                Handoff h = new Handoff(out.cuda(), out.layout(), host, st, done); // stream field = a
                boolean handed = false;
                while (!stop.get() && !(handed = q.offer(h, 100, TimeUnit.MILLISECONDS))) {
                    // wait for the consumer
                }
                if (handed) {
                    done.get(120, TimeUnit.SECONDS); // the consumer synchronized its stream: out may go
                }
                out.close(a);
                in.close();
                host.close();
                tick.incrementAndGet();
            }
        } catch (Throwable e) {
            failures.add(Thread.currentThread().getName() + " died: " + e);
        }
    }

    private static void consumer(Device dev, java.util.Random r, SynchronousQueue<Handoff> q, AtomicBoolean stop,
                                 List<String> failures, AtomicLong shared, AtomicLong steps, AtomicLong elements,
                                 AtomicLong tick) {
        try (Stream b = Stream.create(dev); CurrentStream.Scope _ = CurrentStream.use(b)) {
            while (!stop.get()) {
                Handoff h = q.poll(100, TimeUnit.MILLISECONDS);
                if (h == null) {
                    continue;
                }
                try {
                    Tensor view = Tensor.asTensor(h.cai(), h.layout()); // b waits for the producer's stream
                    RandomOps.Step st2 = RandomOps.exactShaping(r, view);
                    try (Tensor out2 = st2.apply(view, b);
                         Tensor got1 = view.toHost(); // on b: after the wait
                         Tensor want1 = h.step().apply(h.hostInput(), null);
                         Tensor want2 = st2.apply(want1, null)) {
                        b.synchronize();
                        String m = RandomOps.mismatch(h.step(), want1, got1);
                        if (m == null) {
                            m = RandomOps.mismatch(st2, want2, out2);
                        }
                        if (m != null) {
                            failures.add(Thread.currentThread().getName() + ": shared tensor: " + m);
                        }
                        elements.addAndGet(want1.elementCount() + want2.elementCount());
                    }
                    view.close();
                    steps.addAndGet(2);
                    shared.incrementAndGet();
                } catch (RuntimeException e) {
                    failures.add(Thread.currentThread().getName() + ": shared tensor threw " + e);
                } finally {
                    h.done().complete(null);
                    tick.incrementAndGet();
                }
            }
        } catch (Throwable e) {
            failures.add(Thread.currentThread().getName() + " died: " + e);
        }
    }

    private static void dumpThreads(PrintStream out) {
        for (ThreadInfo ti : ManagementFactory.getThreadMXBean().dumpAllThreads(true, true)) {
            if (ti.getThreadName().startsWith("stress-")) {
                out.print(ti);
            }
        }
    }
}
