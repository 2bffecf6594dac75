package dev.cvj.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cvj.cuda.CudaException;
import dev.cvj.cuda.CudaOutOfMemoryException;
import dev.cvj.cuda.Device;
import dev.cvj.cuda.DeviceMemory;
import dev.cvj.cuda.IpcMemoryHandle;
import dev.cvj.cuda.Stream;
import dev.cvj.cuda.interop.CudaArray;
import dev.cvj.cuda.interop.CudaArrayInterface;
import dev.cvj.cuda.interop.DeviceArray;
import dev.cvj.cuda.interop.IpcDescriptor;
import dev.cvj.interop.CudaBuffer;
import dev.cvj.interop.CudaCopies;
import dev.cvj.interop.CudaIpc;
import dev.cvj.interop.DLDataType;
import dev.cvj.interop.DLManagedTensorVersioned;
import dev.cvj.interop.DLPack;
import dev.cvj.interop.DLPackTensor;
import dev.cvj.ops.BorderType;
import dev.cvj.ops.CenterCrop;
import dev.cvj.ops.ChannelReorder;
import dev.cvj.ops.ColorConversion;
import dev.cvj.ops.ConvertTo;
import dev.cvj.ops.CopyMakeBorder;
import dev.cvj.ops.CropFlipNormalizeReformat;
import dev.cvj.ops.CustomCrop;
import dev.cvj.ops.CvtColor;
import dev.cvj.ops.Flip;
import dev.cvj.ops.FlipMode;
import dev.cvj.ops.Interpolation;
import dev.cvj.ops.Normalize;
import dev.cvj.ops.OperatorCall;
import dev.cvj.ops.OperatorInfo;
import dev.cvj.ops.Operators;
import dev.cvj.ops.Reformat;
import dev.cvj.ops.Resize;
import dev.cvj.ops.ResizeCropConvertReformat;
import dev.cvj.ops.Stack;
import dev.cvj.tensor.DataType;
import dev.cvj.tensor.Tensor;
import dev.cvj.tensor.TensorLayout;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * Random malformed calls: bad shapes, layouts, strides, types, negative and overflowing sizes, interface
 * maps and JSON with missing or wrong fields, hand-made DLPack structs with bad fields, closed or foreign
 * objects, crops and rectangles outside the image, wrong destinations. Each call must end normally (some
 * random calls are valid) or in one of the documented exceptions:
 * <ul>
 * <li>{@link IllegalArgumentException}: a value (shape, type, layout, size, field, rectangle) is not accepted;</li>
 * <li>{@link IndexOutOfBoundsException}: an index, offset or range lies outside an object;</li>
 * <li>{@link IllegalStateException}: the object is closed, read-only or in the wrong place (host/device);</li>
 * <li>{@link NullPointerException}: a required argument is null;</li>
 * <li>{@link CudaOutOfMemoryException}: only from device allocations that are valid but too large.</li>
 * </ul>
 * Anything else (ArithmeticException, ClassCastException, NegativeArraySizeException, OutOfMemoryError, other
 * {@link CudaException}s, ...) is counted as a defect. On the host (no GPU) the sources are host tensors and
 * the interface, DLPack and validation layers; on a device the same generator runs on device tensors plus
 * calls that need a GPU (wrapping foreign pointers, device copies).
 *
 * <p>Some calls check what an accepted call gave (a wrong result is a defect): the edge calls of {@link EdgeCalls}
 * (overlapping src and dst, dst inside a guard region, rectangles and borders near 2^31, broadcast views of 2^31
 * pixels and more per side; results against the CPU path on host copies or a reference), and JSON texts read back
 * from their own JSON (CUDA array interface, IPC descriptors). DLPack structs come hand-made with bad fields and
 * as random bytes (only the deleter, shape, strides and data pointers kept real). Every call runs under a deadline
 * ({@code -Dcvj.fuzz.deadlineSeconds}, 20): one still running then is reported as a hang and ends the run.
 */
final class BadInputFuzzer {
    private BadInputFuzzer() {}

    /** {@code checked}: accepted calls whose result was checked (against the CPU path or a reference). */
    record Result(long calls, long accepted, long checked, Map<String, Long> exceptions, List<String> defects, double seconds) {
        @Override
        public String toString() {
            return String.format("%,d calls in %.1f s: %,d accepted (%,d results checked), exceptions %s, %d defects", calls,
                    seconds, accepted, checked, exceptions, defects.size());
        }
    }

    private static final boolean SLOW_LOG = Boolean.getBoolean("cvj.fuzz.logSlow");

    /**
     * One fuzzed call: {@code body} runs it; {@code check}, when not null, inspects an accepted call's result and
     * returns what is wrong with it (null: right). {@code allocates}: an out-of-memory error is a valid outcome.
     */
    record Call(String what, Callable<Object> body, boolean allocates, Check check) {
        Call(String what, Callable<Object> body, boolean allocates) {
            this(what, body, allocates, null);
        }
    }

    /** The check of an accepted call's result: null when right, else the defect. */
    @FunctionalInterface
    interface Check {
        String verify(Object result) throws Exception;
    }

    /** The longest a call may take ({@code -Dcvj.fuzz.deadlineSeconds}): a call still running then is a hang. */
    private static final long DEADLINE_SECONDS = Long.getLong("cvj.fuzz.deadlineSeconds", 20);

    private static final DataType[] TYPES = DataType.values();
    private static final TensorLayout[] LAYOUTS = {TensorLayout.NHWC, TensorLayout.HWC, TensorLayout.NCHW, TensorLayout.CHW,
            TensorLayout.HW, TensorLayout.NDHWC, TensorLayout.W, null};
    /*
     * Sizes are wrong (negative, overflowing) or beyond the address space (2^48 and more: the allocation fails at
     * once): a valid request of a few GiB would be honoured, and filling it is slow, not wrong. Integer
     * parameters (output sizes, borders, crops) reach 1024 at most, except in the calls that must overflow.
     */
    private static final long[] SIZES = {-1, -7, 0, 1, 2, 3, 4, 5, 16, 33, 1L << 48, 1L << 52,
            Long.MAX_VALUE, Long.MIN_VALUE, 1L << 62, Integer.MIN_VALUE};
    private static final int[] INTS = {-1, -2, 0, 1, 2, 3, 5, 100, 1024, Integer.MIN_VALUE};

    /** Runs {@code calls} random calls; {@code device}: sources on device 0 (else host tensors only). */
    /**
     * The fuzz tests' run: {@code defaultCalls} calls on host or device tensors ({@code -Dcvj.fuzz.calls} and
     * {@code -Dcvj.fuzz.seed} override the count and the seed), the summary and the first 20 defects printed, and
     * the test failed by any defect. Returns the seed, for checks that follow on the same randomness.
     */
    static long runChecked(long defaultCalls, boolean device, Consumer<Result> moreChecks) {
        long calls = Long.getLong("cvj.fuzz.calls", defaultCalls);
        long seed = Long.getLong("cvj.fuzz.seed", System.nanoTime());
        Result r = run(calls, seed, device);
        System.out.println("fuzz (" + (device ? "device" : "host") + ", seed " + seed + "): " + r);
        r.defects().stream().filter(d -> d.contains(": HANG")).forEach(d -> System.out.println("fuzz: DEFECT " + d));
        r.defects().stream().limit(20).forEach(d -> System.out.println("fuzz: DEFECT " + d));
        assertEquals(calls, r.calls());
        assertTrue(r.defects().isEmpty(), r.defects().size()
                + " calls ended in an undocumented exception (seed " + seed + "), first: "
                + String.join("\n", r.defects().subList(0, Math.min(10, r.defects().size()))));
        moreChecks.accept(r);
        return seed;
    }

    static Result run(long calls, long seed, boolean device) {
        Random r = new Random(seed);
        Map<String, Long> counts = new TreeMap<>();
        List<String> defects = new ArrayList<>();
        long accepted = 0;
        long checked = 0;
        long t0 = System.nanoTime();
        long done = 0;
        // each call runs on this worker, so that one that does not return in time is reported (and ends the run)
        ExecutorService worker = Executors.newSingleThreadExecutor(task -> {
            Thread t = new Thread(task, "fuzz-call");
            t.setDaemon(true);
            return t;
        });
        try (Arena arena = Arena.ofShared(); Pool pool = new Pool(r, device, arena)) {
            for (long i = 0; i < calls; i++, done++) {
                if (i % 500 == 0) {
                    pool.refresh();
                }
                Call c = next(r, pool);
                Object out;
                long c0 = System.nanoTime();
                try {
                    out = withDeadline(worker, c.body());
                } catch (TimeoutException e) {
                    defects.add(c.what() + ": HANG, still running after " + DEADLINE_SECONDS + " s");
                    counts.merge("hang", 1L, Long::sum);
                    worker.shutdownNow();
                    break; // the hung call still holds its tensors: no further call is meaningful
                } catch (IllegalArgumentException | IndexOutOfBoundsException | IllegalStateException
                         | NullPointerException e) {
                    counts.merge(e.getClass().getSimpleName(), 1L, Long::sum);
                    continue;
                } catch (CudaOutOfMemoryException | OutOfMemoryError e) {
                    // device memory, or native host memory (the JDK's "Unable to allocate N bytes"): only when asked
                    // for more than there is
                    if (c.allocates() && (e instanceof CudaOutOfMemoryException || String.valueOf(e.getMessage()).startsWith("Unable to allocate"))) {
                        counts.merge(e.getClass().getSimpleName(), 1L, Long::sum);
                    } else {
                        defects.add(c.what() + ": " + e);
                    }
                    continue;
                } catch (Throwable e) {
                    StringBuilder sb = new StringBuilder(c.what()).append(": ").append(e);
                    for (StackTraceElement el : e.getStackTrace()) {
                        if (el.getClassName().startsWith("dev.cvj")) {
                            sb.append(" at ").append(el);
                            break;
                        }
                    }
                    defects.add(sb.toString());
                    counts.merge("undocumented " + e.getClass().getSimpleName(), 1L, Long::sum);
                    continue;
                }
                accepted++;
                if (c.check() != null) {
                    checked++;
                    try {
                        String wrong = withDeadline(worker, () -> c.check().verify(out));
                        if (wrong != null) {
                            defects.add(c.what() + ": WRONG RESULT: " + wrong);
                            counts.merge("wrong result", 1L, Long::sum);
                        }
                    } catch (Throwable e) {
                        defects.add(c.what() + ": checking its result threw " + e);
                    }
                }
                closeQuietly(out, defects, c.what());
                long dt = System.nanoTime() - c0;
                if (dt > 200_000_000L && SLOW_LOG) {
                    System.out.printf("fuzz: slow call (%.0f ms): %s%n", dt / 1e6, c.what());
                }
            }
        }
        worker.shutdownNow();
        return new Result(done, accepted, checked, counts, defects, (System.nanoTime() - t0) / 1e9);
    }

    /** {@code body}'s result, run on {@code worker}; its exception as thrown; TimeoutException past the deadline. */
    private static <T> T withDeadline(ExecutorService worker, Callable<T> body) throws Exception {
        Future<T> f = worker.submit(body);
        try {
            return f.get(DEADLINE_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception x) {
                throw x;
            }
            if (e.getCause() instanceof Error x) {
                throw x;
            }
            throw e;
        }
    }

    private static void closeQuietly(Object out, List<String> defects, String what) {
        try {
            if (out instanceof List<?> l) {
                for (Object o : l) {
                    closeQuietly(o, defects, what);
                }
            } else if (out instanceof AutoCloseable a) {
                a.close();
            }
        } catch (Exception e) {
            defects.add(what + ": closing its result threw " + e);
        }
    }

    /** Valid sources to mutate, re-made now and then; closed ones included on purpose. */
    static final class Pool implements AutoCloseable {
        final Random r;
        final boolean device;
        final Arena arena;
        final Stream stream;
        final List<Tensor> images = new ArrayList<>();
        Tensor closed;
        Tensor otherSide; // a tensor on the other side (host for device sources, unused on host)
        DeviceMemory closedMemory;

        Pool(Random r, boolean device, Arena arena) {
            this.r = r;
            this.device = device;
            this.arena = arena;
            this.stream = device ? Stream.create(Device.get(0)) : null;
        }

        void refresh() {
            clear();
            for (int k = 0; k < 4; k++) {
                Tensor h = RandomOps.randomImage(r, 3, 24);
                if (device) {
                    images.add(onDevice(h));
                    h.close();
                } else {
                    images.add(h);
                }
            }
            Tensor c = RandomOps.randomImage(r, 2, 8);
            closed = device ? c.toDevice(Device.get(0), stream) : c;
            if (device) {
                c.close();
                otherSide = RandomOps.randomImage(r, 2, 8);
                closedMemory = DeviceMemory.allocate(Device.get(0), 64);
                closedMemory.close();
            }
            closed.close();
        }

        Tensor image() {
            return images.get(r.nextInt(images.size()));
        }

        final List<Tensor> temps = new ArrayList<>();

        /**
         * A device copy of {@code h} whose row padding is written too: the fuzzed calls include raw 2D copies of
         * an image's whole span, which would read unwritten padding (initcheck reports that).
         */
        private Tensor onDevice(Tensor h) {
            Tensor d = Tensor.allocate(h.shape(), h.dtype(), h.layout(), stream);
            d.deviceMemory().fill(0, stream);
            d.copyFrom(h, stream);
            return d;
        }

        Tensor alloc(long[] shape, DataType t, TensorLayout l) {
            Tensor x = device ? Tensor.allocate(shape, t, l, stream) : Tensor.allocateHost(shape, t, l);
            temps.add(x);
            if (device) { // the operators read it: initialised, so initcheck sees no reads of unwritten memory
                x.deviceMemory().fill(0, stream);
            }
            return x;
        }

        /** {@code x}, closed with the pool's temporaries. */
        Tensor keep(Tensor x) {
            temps.add(x);
            return x;
        }

        private void clear() {
            images.forEach(Tensor::close);
            images.clear();
            temps.forEach(Tensor::close);
            temps.clear();
            if (otherSide != null) {
                otherSide.close();
            }
        }

        @Override
        public void close() {
            clear();
            if (stream != null) {
                stream.synchronize();
                stream.close();
            }
        }
    }

    private static long size(Random r) {
        return SIZES[r.nextInt(SIZES.length)];
    }

    private static int anInt(Random r) {
        return r.nextInt(3) == 0 ? INTS[r.nextInt(INTS.length)] : r.nextInt(40) - 8;
    }

    private static long[] shape(Random r) {
        int rank = r.nextInt(8) == 0 ? 16 + r.nextInt(3) : r.nextInt(6);
        long[] s = new long[rank];
        for (int d = 0; d < rank; d++) {
            s[d] = r.nextInt(3) == 0 ? size(r) : 1 + r.nextInt(6);
        }
        return r.nextInt(50) == 0 ? null : s;
    }

    private static DataType type(Random r) {
        return r.nextInt(30) == 0 ? null : TYPES[r.nextInt(TYPES.length)];
    }

    private static TensorLayout layout(Random r) {
        return LAYOUTS[r.nextInt(LAYOUTS.length)];
    }

    /** A source for an operator: usually a valid image, sometimes a closed, reshaped, wrongly typed one, or null. */
    private static Tensor src(Random r, Pool p) {
        return switch (r.nextInt(12)) {
            case 0 -> p.closed;
            case 1 -> null;
            case 2 -> p.device && p.otherSide != null ? p.otherSide : p.image();
            case 3 -> {
                Tensor im = p.image();
                int d = r.nextInt(im.rank());
                yield im.slice(d, 0, r.nextInt((int) im.shape(d) + 1)); // a view, maybe empty
            }
            case 4 -> {
                long[] s = p.image().shape();
                s[s.length - 1] = 1 + r.nextInt(6); // other channel counts
                yield p.alloc(s, TYPES[r.nextInt(TYPES.length)], s.length == 4 ? TensorLayout.NHWC : TensorLayout.HWC);
            }
            case 5 -> p.alloc(new long[] {1 + r.nextInt(3), 1 + r.nextInt(4), 1 + r.nextInt(4)}, DataType.U8,
                    r.nextBoolean() ? null : TensorLayout.of(r.nextBoolean() ? "NHW" : "NWC"));
            default -> p.image();
        };
    }

    private static Call next(Random r, Pool p) {
        if (r.nextInt(16) == 0) {
            return VarShapeSteps.next(r, p);
        }
        int k = r.nextInt(p.device ? 29 : 26);
        return switch (k) {
            case 0 -> {
                long[] s = shape(r);
                DataType t = type(r);
                TensorLayout l = layout(r);
                yield new Call("allocate " + Arrays.toString(s) + " " + t + " " + l, () -> p.alloc(s, t, l), true);
            }
            case 1 -> wrapHost(r, p);
            case 2 -> {
                Tensor im = p.image();
                int dim = anInt(r);
                long start = r.nextBoolean() ? size(r) : r.nextInt(6) - 1;
                long len = r.nextBoolean() ? size(r) : r.nextInt(6) - 1;
                yield new Call("slice(" + dim + ", " + start + ", " + len + ") of " + im, () -> im.slice(dim, start, len), false);
            }
            case 3 -> {
                Tensor im = r.nextInt(5) == 0 ? p.closed : p.image();
                long[] s = shape(r);
                TensorLayout l = layout(r);
                yield new Call("reshape " + Arrays.toString(s) + " " + l + " of " + im, () -> im.reshape(s, l), false);
            }
            case 4 -> caiMap(r, p);
            case 5 -> json(r);
            case 6 -> dlpack(r, p);
            case 7 -> arrays(r, p);
            case 8 -> {
                Tensor s = src(r, p);
                DataType t = type(r);
                double scale = r.nextBoolean() ? Double.NaN : r.nextDouble();
                yield new Call("convertTo " + t + " of " + s, () -> ConvertTo.convertTo(s, t, scale, 0, p.stream), true);
            }
            case 9 -> {
                Tensor s = src(r, p);
                float[] base = floats(r);
                float[] scale = floats(r);
                DataType t = type(r);
                yield new Call("normalize base " + Arrays.toString(base) + " scale " + Arrays.toString(scale) + " " + t + " of " + s,
                        () -> Normalize.normalize(s, base, scale, 1f, 0f, r.nextFloat(), r.nextBoolean(), t, p.stream), true);
            }
            case 10 -> {
                Tensor s = src(r, p);
                TensorLayout l = layout(r);
                yield new Call("reformat to " + l + " of " + s, () -> Reformat.reformat(s, l, p.stream), true);
            }
            case 11 -> {
                Tensor s = src(r, p);
                int[] order = r.nextInt(10) == 0 ? null : ints(r, r.nextInt(7));
                yield new Call("channelReorder " + Arrays.toString(order) + " of " + s, () -> ChannelReorder.channelReorder(s, order, p.stream), true);
            }
            case 12 -> {
                Tensor s = src(r, p);
                int x = anInt(r), y = anInt(r), w = anInt(r), h = anInt(r);
                yield new Call("customCrop " + x + "," + y + " " + w + "x" + h + " of " + s,
                        () -> r.nextBoolean() ? CustomCrop.customCrop(s, x, y, w, h, p.stream) : CenterCrop.centerCrop(s, w, h, p.stream), true);
            }
            case 13 -> {
                Tensor s = src(r, p);
                FlipMode m = r.nextInt(10) == 0 ? null : FlipMode.values()[r.nextInt(3)];
                yield new Call("flip " + m + " of " + s, () -> Flip.flip(s, m, p.stream), true);
            }
            case 14 -> {
                Tensor s = src(r, p);
                int t = anInt(r), b = anInt(r), le = anInt(r), ri = anInt(r);
                BorderType bt = r.nextInt(10) == 0 ? null : BorderType.values()[r.nextInt(BorderType.values().length)];
                double[] v = r.nextInt(5) == 0 ? null : new double[r.nextInt(6)];
                yield new Call("copyMakeBorder " + t + "," + b + "," + le + "," + ri + " " + bt + " value " + (v == null ? null : v.length)
                        + " of " + s, () -> CopyMakeBorder.copyMakeBorder(s, t, b, le, ri, bt, v, p.stream), true);
            }
            case 15 -> {
                List<Tensor> srcs = new ArrayList<>();
                int n = r.nextInt(4);
                for (int i = 0; i < n; i++) {
                    srcs.add(src(r, p));
                }
                List<Tensor> arg = r.nextInt(10) == 0 ? null : srcs;
                yield new Call("stack " + srcs, () -> Stack.stack(arg, p.stream), true);
            }
            case 16 -> {
                Tensor s = src(r, p);
                int w = anInt(r), h = anInt(r);
                Interpolation in = r.nextInt(10) == 0 ? null : Interpolation.values()[r.nextInt(4)];
                yield new Call("resize " + w + "x" + h + " " + in + " of " + s, () -> Resize.resize(s, w, h, in, p.stream), true);
            }
            case 17 -> {
                Tensor s = src(r, p);
                ColorConversion c = r.nextInt(10) == 0 ? null : ColorConversion.values()[r.nextInt(ColorConversion.values().length)];
                yield new Call("cvtColor " + c + " of " + s, () -> CvtColor.cvtColor(s, c, r.nextBoolean(), p.stream), true);
            }
            case 18 -> {
                Tensor s = src(r, p);
                int[][] rects = r.nextInt(10) == 0 ? null : new int[1 + r.nextInt(3)][];
                if (rects != null) {
                    for (int i = 0; i < rects.length; i++) {
                        rects[i] = r.nextInt(10) == 0 ? null : ints(r, r.nextInt(10) == 0 ? 3 : 4);
                    }
                }
                int[] flips = r.nextInt(10) == 0 ? null : ints(r, 1 + r.nextInt(3));
                DataType t = type(r);
                TensorLayout l = layout(r);
                yield new Call("cropFlipNormalizeReformat " + Arrays.deepToString(rects) + " flips " + Arrays.toString(flips) + " "
                        + t + " " + l + " of " + s,
                        () -> CropFlipNormalizeReformat.cropFlipNormalizeReformat(s, rects, flips, floats(r), floats(r), 1f, 0f,
                                0f, r.nextBoolean(), r.nextBoolean(), BorderType.values()[r.nextInt(5)], 0f, t, l, p.stream), true);
            }
            case 19 -> {
                Tensor s = src(r, p);
                int rw = anInt(r), rh = anInt(r), cx = anInt(r), cy = anInt(r), cw = anInt(r), ch = anInt(r);
                int[] order = r.nextInt(10) == 0 ? null : ints(r, r.nextInt(6));
                DataType t = type(r);
                TensorLayout l = layout(r);
                Interpolation in = r.nextInt(10) == 0 ? null : Interpolation.values()[r.nextInt(Interpolation.values().length)];
                yield new Call("resizeCropConvertReformat " + rw + "x" + rh + " crop " + cx + "," + cy + " " + cw + "x" + ch + " order "
                        + Arrays.toString(order) + " " + t + " " + l + " of " + s,
                        () -> ResizeCropConvertReformat.resizeCropConvertReformat(s, rw, rh, in, cx, cy, cw, ch, 1f, 0f, order, t, l,
                                p.stream), true);
            }
            case 20 -> into(r, p);
            case 21 -> overflow(r, p);
            case 22, 23 -> EdgeCalls.next(r, p);
            case 24 -> dlpackBytes(r, p);
            case 25 -> ipcJson(r);
            case 26 -> deviceCopies(r, p);
            case 27 -> foreign(r, p);
            default -> caiMapDevice(r, p);
        };
    }

    /** Output sizes whose byte count overflows a long (3-channel sources): must be refused, not attempted. */
    private static Call overflow(Random r, Pool p) {
        Tensor s = p.image();
        int big = Integer.MAX_VALUE;
        return switch (r.nextInt(4)) {
            case 0 -> new Call("resize MAX x MAX of " + s, () -> Resize.resize(s, big, big, Interpolation.NEAREST, p.stream), true);
            case 1 -> new Call("copyMakeBorder MAX all round of " + s,
                    () -> CopyMakeBorder.copyMakeBorder(s, big, big, big, big, BorderType.CONSTANT, new double[] {0}, p.stream), true);
            case 2 -> new Call("resizeCropConvertReformat MAX x MAX of " + s,
                    () -> ResizeCropConvertReformat.resizeCropConvertReformat(s, big, big, Interpolation.NEAREST, 0, 0,
                            big, big, 1f, 0f, null, DataType.F32, s.rank() == 4 ? TensorLayout.NCHW : TensorLayout.CHW, p.stream), true);
            default -> new Call("allocate MAX x MAX x 3 F64 of " + s,
                    () -> p.alloc(new long[] {big, big, 3}, DataType.F64, TensorLayout.HWC), true);
        };
    }

    private static float[] floats(Random r) {
        if (r.nextInt(10) == 0) {
            return null;
        }
        float[] f = new float[r.nextInt(6)];
        for (int i = 0; i < f.length; i++) {
            f[i] = r.nextInt(8) == 0 ? Float.NaN : r.nextInt(8) == 0 ? 0f : r.nextFloat() * 100 - 20;
        }
        return f;
    }

    private static int[] ints(Random r, int n) {
        int[] a = new int[n];
        for (int i = 0; i < n; i++) {
            a[i] = r.nextInt(3) == 0 ? anInt(r) : r.nextInt(5) - 1;
        }
        return a;
    }

    /**
     * A registered operator's "into" form ({@link Operators}), its parameters drawn for a valid image, with a
     * source and a destination that may be of the wrong shape, type, layout or place, closed, or the source
     * itself (memory overlap); or a tensor copy between such tensors.
     */
    private static Call into(Random r, Pool p) {
        Tensor s = src(r, p);
        Tensor d = switch (r.nextInt(8)) {
            case 0 -> src(r, p);
            case 1 -> p.closed;
            case 2 -> s;
            default -> p.image();
        };
        Stream st = p.stream;
        if (r.nextInt(9) == 0) {
            return new Call("copyFrom " + s + " into " + d, () -> { d.copyFrom(s, st); return null; }, false);
        }
        OperatorInfo op = Operators.all().get(r.nextInt(Operators.all().size()));
        OperatorCall c = op.sample(r, p.image());
        return new Call(c.description() + " into " + d + " from " + s, () -> { c.into().run(d, s, st); return null; }, false);
    }

    private static Call wrapHost(Random r, Pool p) {
        long bytes = r.nextInt(4) == 0 ? 0 : r.nextInt(512);
        MemorySegment seg = r.nextInt(4) == 0 ? MemorySegment.ofArray(new byte[(int) bytes]) : p.arena.allocate(Math.max(bytes, 1));
        MemorySegment sg = r.nextInt(30) == 0 ? null : seg.asSlice(0, bytes);
        long[] s = shape(r);
        DataType t = type(r);
        TensorLayout l = layout(r);
        long[] strides = r.nextBoolean() || s == null ? null : new long[r.nextInt(10) == 0 ? s.length + 1 : s.length];
        if (strides != null) {
            for (int i = 0; i < strides.length; i++) {
                strides[i] = r.nextBoolean() ? size(r) : r.nextInt(17) - 1;
            }
        }
        return new Call("wrapHost " + bytes + " B as " + Arrays.toString(s) + " " + t + " " + l + " strides " + Arrays.toString(strides),
                () -> Tensor.wrapHost(sg, s, t, l, strides), false);
    }

    private static Call arrays(Random r, Pool p) {
        Tensor t = r.nextInt(8) == 0 ? p.closed : p.image();
        int n = (int) Math.max(0, t.isClosed() ? 4 : t.elementCount() + (r.nextBoolean() ? 0 : r.nextInt(5) - 2));
        return switch (r.nextInt(6)) {
            case 0 -> new Call("copyFrom byte[" + n + "] to " + t, () -> { t.copyFrom(new byte[n]); return null; }, false);
            case 1 -> new Call("copyTo byte[" + n + "] from " + t, () -> { t.copyTo(new byte[n]); return null; }, false);
            case 2 -> new Call("copyFrom float[" + n + "] to " + t, () -> { t.copyFrom(new float[n]); return null; }, false);
            case 3 -> new Call("copyTo short[" + n + "] from " + t, () -> { t.copyTo(new short[n]); return null; }, false);
            case 4 -> new Call("copyFrom null to " + t, () -> { t.copyFrom((int[]) null); return null; }, false);
            default -> new Call("shape('" + "NCHWDFX".charAt(r.nextInt(7)) + "') of " + t, () -> t.shape("NCHWDFX".charAt(r.nextInt(7))), false);
        };
    }

    /** A valid interface map with one or two fields made wrong, read by {@code fromMap} (and wrapped on a device). */
    private static Map<String, Object> badMap(Random r, long data) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("shape", List.of(2L, 3L, 4L));
        m.put("typestr", "|u1");
        m.put("data", Arrays.asList(data, false));
        m.put("version", 3L);
        int edits = 1 + r.nextInt(2);
        for (int e = 0; e < edits; e++) {
            String key = List.of("shape", "typestr", "data", "version", "strides", "stream", "descr", "mask", "bogus").get(r.nextInt(9));
            Object v = switch (r.nextInt(12)) {
                case 0 -> null;
                case 1 -> "x";
                case 2 -> List.of();
                case 3 -> List.of(size(r), size(r));
                case 4 -> Arrays.asList(1L, null);
                case 5 -> List.of("a", "b");
                case 6 -> size(r);
                case 7 -> List.of(1.5, 2.5);
                case 8 -> List.of("<f4", "|b1", "<c8", ">i4", "|u0", "<f99999999999", "", "<", "?u1").get(r.nextInt(9));
                case 9 -> Arrays.asList(size(r), r.nextBoolean() ? "ro" : true);
                case 10 -> new HashMap<>(Map.of("a", 1));
                default -> List.of(List.of(size(r)), List.of(1L));
            };
            if (r.nextInt(6) == 0) {
                m.remove(key);
            } else {
                m.put(key, v);
            }
        }
        return m;
    }

    private static Call caiMap(Random r, Pool p) {
        Map<String, Object> m = badMap(r, r.nextBoolean() ? 0x7f00_0000_0000L : size(r));
        return new Call("fromMap " + m, () -> CudaArrayInterface.fromMap(m), false);
    }

    private static Call caiMapDevice(Random r, Pool p) {
        Tensor im = p.image();
        Map<String, Object> m = badMap(r, r.nextBoolean() ? im.address() : r.nextBoolean() ? 0x1000L : size(r));
        TensorLayout l = layout(r);
        return new Call("asTensor(map) " + m + " " + l, () -> Tensor.asTensor(m, l), false);
    }

    private static Call json(Random r) {
        String ok = CudaArrayInterface.of(new long[] {2, 3}, "<f4", 0x7f00_0000_0000L, false, null,
                java.util.OptionalLong.of(2)).toJson();
        String s = r.nextInt(50) == 0 ? null : mutated(r, ok);
        return new Call("fromJson " + s, () -> CudaArrayInterface.fromJson(s), false,
                out -> roundTrips(out, CudaArrayInterface.fromJson(((CudaArrayInterface) out).toJson())));
    }

    /** An IPC descriptor's JSON with a few characters deleted, inserted or replaced, read by IpcExport.fromJson. */
    private static Call ipcJson(Random r) {
        byte[] handle = new byte[IpcMemoryHandle.BYTES];
        r.nextBytes(handle);
        String ok = new IpcDescriptor(IpcMemoryHandle.of(handle), 64, 0, new long[] {2, 3}, "|u1",
                r.nextBoolean() ? null : new long[] {3, 1}, r.nextBoolean()).toJson();
        String s = r.nextInt(50) == 0 ? null : mutated(r, ok);
        return new Call("IpcExport.fromJson " + s, () -> CudaIpc.IpcExport.fromJson(s), false,
                out -> roundTrips(out, CudaIpc.IpcExport.fromJson(((CudaIpc.IpcExport) out).toJson())));
    }

    /** An accepted JSON text must mean what its own JSON means (nothing dropped or changed on the way). */
    private static String roundTrips(Object read, Object again) {
        return read.equals(again) ? null : "read " + read + " but its own JSON reads back as " + again;
    }

    /** {@code ok} with 1 to 3 characters deleted, inserted (JSON punctuation, digits) or replaced. */
    private static String mutated(Random r, String ok) {
        StringBuilder sb = new StringBuilder(ok);
        int edits = 1 + r.nextInt(3);
        for (int e = 0; e < edits && !sb.isEmpty(); e++) {
            int at = r.nextInt(sb.length());
            switch (r.nextInt(5)) {
                case 0 -> sb.deleteCharAt(at);
                case 1 -> sb.insert(at, "{}[],:\"-0e9x \\".charAt(r.nextInt(14)));
                case 2 -> sb.setCharAt(at, (char) (32 + r.nextInt(95)));
                case 3 -> sb.insert(at, List.of("\\u00", "\\u+123", "01", "1e400", "[[[[", "\"readonly\": true, ", "null")
                        .get(r.nextInt(7)));
                default -> sb.insert(at, "99999999999999999999");
            }
        }
        return sb.toString();
    }

    /**
     * A DLPack struct of random bytes: every field random (the version, flags, device, ndim, dtype, offset) except
     * those a Java caller could not make safe by checking (the deleter: none; shape and strides: NULL or real arrays of
     * 64 entries, themselves random or small; data: NULL or a real 256-byte block), and now and then a segment
     * shorter than the struct.
     */
    private static Call dlpackBytes(Random r, Pool p) {
        Arena a = p.arena;
        long size = DLManagedTensorVersioned.LAYOUT.byteSize();
        MemorySegment m = a.allocate(size, 8);
        byte[] junk = new byte[(int) size];
        r.nextBytes(junk);
        MemorySegment.copy(junk, 0, m, ValueLayout.JAVA_BYTE, 0, junk.length);
        m.set(ValueLayout.JAVA_LONG, DLManagedTensorVersioned.DELETER, 0);
        if (r.nextBoolean()) {
            m.set(ValueLayout.JAVA_INT, DLManagedTensorVersioned.VERSION_MAJOR, 1); // past the version check
        }
        MemorySegment t = DLManagedTensorVersioned.dlTensor(m);
        MemorySegment shape = a.allocate(8 * 64, 8), strides = a.allocate(8 * 64, 8);
        for (int d = 0; d < 64; d++) {
            shape.setAtIndex(ValueLayout.JAVA_LONG, d, r.nextBoolean() ? r.nextLong() : r.nextInt(5));
            strides.setAtIndex(ValueLayout.JAVA_LONG, d, r.nextBoolean() ? r.nextLong() : r.nextInt(7) - 1);
        }
        t.set(ValueLayout.JAVA_LONG, 0, r.nextInt(3) == 0 ? 0 : a.allocate(256, 64).address());
        if (r.nextBoolean()) {
            t.set(ValueLayout.JAVA_INT, 8, 1); // kDLCPU
        }
        if (r.nextBoolean()) {
            t.set(ValueLayout.JAVA_INT, 16, r.nextInt(6)); // a small ndim
        }
        t.set(ValueLayout.JAVA_LONG, 24, r.nextInt(10) == 0 ? 0 : shape.address());
        t.set(ValueLayout.JAVA_LONG, 32, r.nextInt(3) == 0 ? 0 : strides.address());
        if (r.nextBoolean()) {
            t.set(ValueLayout.JAVA_LONG, 40, 0); // byte_offset
        }
        MemorySegment given = r.nextInt(10) == 0 ? m.asSlice(0, r.nextInt((int) size)) : m;
        TensorLayout l = layout(r);
        boolean device = p.device;
        return new Call("fromDLPack of random bytes " + HexFormat.of().formatHex(junk, 0, 48) + "... (" + given.byteSize()
                + " of " + size + " bytes) -> tensor " + l, () -> {
            try (DLPackTensor in = DLPack.fromDLPack(given)) {
                if (in.isCuda() && !device) {
                    return null;
                }
                Tensor x = in.tensor(l);
                x.close();
                return null;
            }
        }, false);
    }

    /** A hand-made versioned DLPack struct (host data, no deleter) with bad fields, imported and wrapped. */
    private static Call dlpack(Random r, Pool p) {
        Arena a = p.arena;
        MemorySegment m = a.allocate(DLManagedTensorVersioned.LAYOUT);
        int major = r.nextInt(6) == 0 ? r.nextInt(4) : 1;
        m.set(ValueLayout.JAVA_INT, DLManagedTensorVersioned.VERSION_MAJOR, major);
        m.set(ValueLayout.JAVA_LONG, DLManagedTensorVersioned.FLAGS, r.nextInt(8));
        MemorySegment data = a.allocate(256, 64);
        // shape and strides always have room for 64 entries: ndim is trusted to fit the producer's arrays
        MemorySegment shape = a.allocate(8 * 64, 8);
        MemorySegment strides = a.allocate(8 * 64, 8);
        int ndim = r.nextInt(8) == 0 ? anInt(r) : r.nextInt(5);
        for (int d = 0; d < 64; d++) {
            shape.setAtIndex(ValueLayout.JAVA_LONG, d, r.nextInt(3) == 0 ? size(r) : 1 + r.nextInt(4));
            strides.setAtIndex(ValueLayout.JAVA_LONG, d, r.nextInt(3) == 0 ? size(r) : r.nextInt(6) - 1);
        }
        int[] types = {1, 2, 3, 13, 7, -1};
        int devType = r.nextInt(3) == 0 ? types[r.nextInt(types.length)] : 1; // mostly kDLCPU
        int code = r.nextInt(4) == 0 ? anInt(r) : r.nextInt(7);
        int bits = r.nextInt(4) == 0 ? anInt(r) : 8 << r.nextInt(4);
        int lanes = r.nextInt(6) == 0 ? anInt(r) : 1;
        long off = r.nextInt(4) == 0 ? size(r) : 0;
        boolean nullShape = r.nextInt(20) == 0;
        boolean noStrides = r.nextBoolean();
        MemorySegment t = DLManagedTensorVersioned.dlTensor(m);
        t.set(ValueLayout.JAVA_LONG, 0, r.nextInt(20) == 0 ? 0 : data.address());
        t.set(ValueLayout.JAVA_INT, 8, devType);
        t.set(ValueLayout.JAVA_INT, 12, 0);
        t.set(ValueLayout.JAVA_INT, 16, ndim);
        t.set(ValueLayout.JAVA_BYTE, 20, (byte) code);
        t.set(ValueLayout.JAVA_BYTE, 21, (byte) bits);
        t.set(ValueLayout.JAVA_SHORT, 22, (short) lanes);
        t.set(ValueLayout.JAVA_LONG, 24, nullShape ? 0 : shape.address());
        t.set(ValueLayout.JAVA_LONG, 32, noStrides ? 0 : strides.address());
        t.set(ValueLayout.JAVA_LONG, 40, off);
        TensorLayout l = layout(r);
        String what = "fromDLPack v" + major + " device " + devType + " ndim " + ndim + " dtype " + code + "/" + bits + "/" + lanes
                + " shape " + (nullShape ? "NULL" : Arrays.toString(Arrays.copyOf(shape.toArray(ValueLayout.JAVA_LONG), Math.max(0, Math.min(ndim, 6)))))
                + " strides " + (noStrides ? "NULL" : Arrays.toString(Arrays.copyOf(strides.toArray(ValueLayout.JAVA_LONG), Math.max(0, Math.min(ndim, 6)))))
                + " offset " + off + " -> tensor " + l;
        boolean device = p.device;
        return new Call(what, () -> {
            try (DLPackTensor in = DLPack.fromDLPack(m)) {
                if (in.isCuda() && !device) {
                    return null; // a made-up device tensor cannot be wrapped without a GPU
                }
                // the 256 bytes of data are what the wrapped tensor may touch: only describe it
                Tensor x = in.tensor(l);
                x.close();
                return DLDataType.toTypestr(code, bits, lanes);
            }
        }, false);
    }

    /** Device copies with bad offsets, pitches and sizes (GPU only). */
    private static Call deviceCopies(Random r, Pool p) {
        Tensor im = p.image();
        DeviceMemory mem = r.nextInt(8) == 0 ? p.closedMemory : im.deviceMemory();
        long off = r.nextBoolean() ? size(r) : r.nextInt(64) - 8;
        long len = r.nextBoolean() ? size(r) : r.nextInt(64);
        return switch (r.nextInt(6)) {
            case 0 -> new Call("slice(" + off + ", " + len + ") of " + mem, () -> mem.slice(off, len), false);
            case 1 -> new Call("copyFrom byte[" + Math.min(len, 4096) + "] at " + off + " to " + mem,
                    () -> { mem.copyFromAsync(new byte[(int) Math.clamp(len, 0, 4096)], 0, (int) Math.clamp(len, 0, 4096), off, p.stream); return null; }, false);
            case 2 -> new Call("copy2DFrom pitch " + off + " width " + len + " of " + mem,
                    () -> { mem.copy2DFrom(0, off, mem, 0, len, len, 1 + r.nextInt(4), p.stream); return null; }, false);
            case 3 -> new Call("h2d " + Math.clamp(len, 0, 4096) + " B into " + im, () -> {
                CudaCopies.h2d(new byte[(int) Math.clamp(len, 0, 4096)], im);
                return null;
            }, false);
            case 4 -> new Call("DeviceMemory.allocate " + len, () -> DeviceMemory.allocate(Device.get(0), len), true);
            default -> new Call("CudaBuffer " + off + "x" + len, () -> new CudaBuffer(new long[] {off, len}, DataType.U8), true);
        };
    }

    /** Foreign objects: interfaces from elsewhere with bad pointers, a CudaArray returning null (GPU only). */
    private static Call foreign(Random r, Pool p) {
        long ptr = switch (r.nextInt(5)) {
            case 0 -> 0x1000L;
            case 1 -> p.otherSide != null ? p.otherSide.address() : 0x2000L; // host memory
            case 2 -> 0x7f00_dead_0000L;
            case 3 -> p.image().address() + 1; // misaligned for wider types
            default -> p.image().address();
        };
        String ts = List.of("|u1", "<f4", "<i2", "<f8").get(r.nextInt(4));
        long[] shape = {1 + r.nextInt(4), 1 + r.nextInt(4), r.nextBoolean() ? 3 : size(r)};
        CudaArray bogus = r.nextInt(6) == 0 ? () -> null : () -> CudaArrayInterface.of(shape, ts, ptr, false, null, java.util.OptionalLong.empty());
        DeviceMemory closed = p.closedMemory;
        return switch (r.nextInt(4)) {
            case 0 -> new Call("asTensor foreign 0x" + Long.toHexString(ptr) + " " + Arrays.toString(shape) + " " + ts,
                    () -> Tensor.asTensor(bogus, layout(r)), false);
            case 1 -> new Call("CudaBuffer.fromCuda foreign 0x" + Long.toHexString(ptr), () -> CudaBuffer.fromCuda(bogus), false);
            case 2 -> new Call("asTensor of a closed DeviceMemory", () -> Tensor.asTensor(DeviceArray.of(closed, new long[] {64}, "|u1"), null), false);
            default -> new Call("DeviceMemory.wrap 0x" + Long.toHexString(ptr),
                    () -> DeviceMemory.wrap(Device.get(0), ptr, Math.max(0, shape[2])), false);
        };
    }
}
