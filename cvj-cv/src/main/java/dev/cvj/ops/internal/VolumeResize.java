package dev.cvj.ops.internal;

import dev.cvj.cuda.Stream;
import dev.cvj.ops.internal.SeparableResize.Arithmetic;
import dev.cvj.ops.internal.SeparableResize.DeviceImage;
import dev.cvj.tensor.DataType;
import dev.cvj.tensor.Tensor;
import dev.cvj.tensor.TensorLayout;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * Separable resizes of volumes (DHWC, NDHWC; packed pixels) with {@link Arithmetic#FLOAT}: the W and H passes of
 * {@link SeparableResize} over every depth slice into a float volume, then the D pass as {@link SeparableResize}'s
 * vertical pass over each output row's stack of D slices (rows {@code sD} bytes apart), after an identity W pass
 * (an exact float copy). The same code runs on both paths (CPU oracle and separable_resize.cu's kernels), so GPU ==
 * CPU bit for bit. Every argument is checked, and the taps computed, before an output is allocated or work runs.
 */
public final class VolumeResize {
    /** The volume layouts. */
    public static final Set<String> LAYOUTS = Set.of("NDHWC", "DHWC");
    /** SeparableResize.gpu writes its job table (80 bytes a job) into one Java array. */
    private static final long MAX_JOBS = Integer.MAX_VALUE / 80;

    /** A checked volume: {@code n} volumes of {@code d x h x w} pixels of {@code c} packed elements, byte strides. */
    public record Volume(Tensor tensor, int n, int d, int h, int w, int c, long sN, long sD, long sH, long sW) {
        DataType dtype() {
            return tensor.dtype();
        }

        int elemSize() {
            return tensor.dtype().byteSize();
        }
    }

    private final OpCheck op;
    private final Set<DataType> types;

    /** The checks of {@code op} for volumes of {@code types}. */
    public VolumeResize(OpCheck op, Set<DataType> types) {
        this.op = op;
        this.types = types;
    }

    /** Whether {@code t} has a volume layout (DHWC, NDHWC). */
    public static boolean isVolume(Tensor t) {
        return t != null && t.layout() != null && LAYOUTS.contains(t.layout().labels());
    }

    /** {@code t} checked as a volume ({@code role} names it): layout, extents, types, 1 to 4 packed channels. */
    public Volume volume(String role, Tensor t) {
        op.notNull(t, role);
        TensorLayout l = t.layout();
        if (l == null || !LAYOUTS.contains(l.labels())) {
            throw op.fail(role + " has layout " + (l == null ? "none" : l.labels()) + "; supported: DHWC, NDHWC");
        }
        for (int i = 0; i < t.rank(); i++) {
            if (t.shape(i) > Integer.MAX_VALUE) {
                throw op.fail(role + " shape " + Arrays.toString(t.shape()) + " has an extent above 2^31-1");
            }
        }
        int in = l.indexOf('N'), id = l.indexOf('D'), ih = l.indexOf('H'), iw = l.indexOf('W'), ic = l.indexOf('C');
        Volume v = new Volume(t, in < 0 ? 1 : (int) t.shape(in), (int) t.shape(id), (int) t.shape(ih),
                (int) t.shape(iw), (int) t.shape(ic), in < 0 ? 0 : t.stride(in), t.stride(id), t.stride(ih),
                t.stride(iw));
        if (!types.contains(t.dtype())) {
            throw op.fail(role + " has data type " + t.dtype() + "; supported: U8, F32");
        }
        if (v.c() < 1 || v.c() > 4) {
            throw op.fail(role + " has " + v.c() + " channels; supported: 1..4");
        }
        if (v.n() < 1 || v.d() < 1 || v.h() < 1 || v.w() < 1) {
            throw op.fail(role + " is empty (" + v.n() + " volumes of " + v.w() + " x " + v.h() + " x " + v.d()
                    + ", W x H x D)");
        }
        int es = v.elemSize();
        if ((v.c() > 1 && t.stride(ic) != es) || (v.w() > 1 && v.sW() != (long) v.c() * es)) {
            throw op.fail(role + " pixels must be packed (channel stride " + es + ", pixel stride " + (long) v.c() * es
                    + " bytes), got strides " + Arrays.toString(t.strides()));
        }
        if (!t.isHost()) {
            op.deviceRows(role, (long) v.w() * v.c() * es);
        }
        return v;
    }

    /** A new tensor of {@code depth x height x width} (src's layout, type, N and C): src resized with the taps. */
    public Tensor resize(Tensor src, int depth, int height, int width, SeparableResizeOp.Axis axis, Stream stream) {
        Volume s = volume("src", src);
        if (depth < 1 || height < 1 || width < 1) {
            throw op.fail("size " + width + " x " + height + " x " + depth + " (W x H x D) must be at least 1 x 1 x 1");
        }
        op.notNull(axis, "filter");
        Plan p = plan(s, depth, height, width, axis);
        long[] shape = s.tensor().layout().has('N') ? new long[] {s.n(), depth, height, width, s.c()}
                : new long[] {depth, height, width, s.c()};
        return Outputs.allocate(op, src, shape, src.dtype(), src.layout(), stream,
                dst -> run(s, volume("dst", dst), p, stream));
    }

    /** {@code src} resized into {@code dst}, whose size is the output size. */
    public void resizeInto(Tensor dst, Tensor src, SeparableResizeOp.Axis axis, Stream stream) {
        Volume s = volume("src", src);
        op.notNull(axis, "filter");
        Volume d = volume("dst", dst);
        if (d.dtype() != s.dtype()) {
            throw op.fail("dst has data type " + d.dtype() + " but src has " + s.dtype());
        }
        if (!dst.layout().labels().equals(src.layout().labels())) {
            throw op.fail("dst has layout " + dst.layout().labels() + " but src has " + src.layout().labels());
        }
        if (d.n() != s.n() || d.c() != s.c()) {
            throw op.fail("dst has " + d.n() + " volumes of " + d.c() + " channels, src " + s.n() + " of " + s.c());
        }
        op.samePlace("src", src, "dst", dst);
        op.writable("dst", dst);
        op.apart("dst", dst, "src", src, false);
        run(s, d, plan(s, d.d(), d.h(), d.w(), axis), stream);
    }

    /** The taps of each axis, and the work's sizes checked against the paths' limits. */
    private record Plan(SeparableTaps x, SeparableTaps y, SeparableTaps z, int dstD, int dstH, int dstW) {}

    private Plan plan(Volume s, int depth, int height, int width, SeparableResizeOp.Axis axis) {
        if (s.tensor().isHost()) {
            long volume = product(s.d(), height, width, s.c());
            if (volume > ResizeCpu.MAX_ARRAY) {
                throw op.fail("the CPU path of a resize of a volume to " + width + " x " + height + " x " + s.d()
                        + " (W x H x D) needs an intermediate of " + volume + " values, more than a Java array holds;"
                        + " use a device tensor");
            }
            SeparableResize.checkCpu(op, s.h(), width, s.c());
        } else if ((long) s.n() * s.d() > MAX_JOBS || (long) s.n() * height > MAX_JOBS) {
            throw op.fail("a resize of " + s.n() + " volumes of depth " + s.d() + " to height " + height + " needs more"
                    + " than " + MAX_JOBS + " slices or rows in one call; split the batch");
        } else if (product(s.n(), s.d(), height, width, s.c(), Float.BYTES) == Long.MAX_VALUE) {
            throw op.fail("the float intermediate of a resize to " + width + " x " + height + " (W x H) of " + s.n()
                    + " volumes of depth " + s.d() + " would hold more than 2^63-2 bytes");
        }
        try {
            return new Plan(axis.taps(s.w(), width), axis.taps(s.h(), height), axis.taps(s.d(), depth), depth, height,
                    width);
        } catch (IllegalArgumentException e) {
            throw op.fail(e.getMessage());
        }
    }

    /** The product of {@code factors}; Long.MAX_VALUE when it overflows. */
    private static long product(long... factors) {
        long p = 1;
        try {
            for (long f : factors) {
                p = Math.multiplyExact(p, f);
            }
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
        return p;
    }

    private void run(Volume s, Volume d, Plan p, Stream stream) {
        int c = s.c();
        long rowBytes = (long) p.dstW() * c * Float.BYTES;
        long sliceBytes = rowBytes * p.dstH();
        long volumeBytes = sliceBytes * s.d();
        SeparableTaps keepW = SeparableTaps.identity(p.dstW());
        if (d.tensor().isHost()) {
            MemorySegment src = s.tensor().hostSegment(), dst = d.tensor().hostSegment();
            for (int n = 0; n < s.n(); n++) {
                MemorySegment tmp = MemorySegment.ofArray(new float[(int) (volumeBytes / Float.BYTES)]);
                // the D slices as a batch of images: W and H passes into the float volume
                CpuImage slices = new CpuImage(src.asSlice(n * s.sN()), s.dtype(), s.d(), s.h(), s.w(), c, s.sD(),
                        s.sH(), s.sW());
                CpuImage floats = CpuImage.dense(tmp, DataType.F32, s.d(), p.dstH(), p.dstW(), c);
                SeparableResize.cpu(slices, floats, p.x(), p.y(), Arithmetic.FLOAT);
                // each output row y as an image whose rows are the D slices: the D pass
                CpuImage stacks = new CpuImage(tmp, DataType.F32, p.dstH(), s.d(), p.dstW(), c, rowBytes, sliceBytes,
                        (long) c * Float.BYTES);
                CpuImage out = new CpuImage(dst.asSlice(n * d.sN()), d.dtype(), p.dstH(), p.dstD(), p.dstW(), c,
                        d.sH(), d.sD(), d.sW());
                SeparableResize.cpu(stacks, out, keepW, p.z(), Arithmetic.FLOAT);
            }
            return;
        }
        Stream st = op.stream(d.tensor(), stream);
        long total = volumeBytes * s.n(); // bounded in plan
        Tensor tmp = Tensor.allocate(new long[] {total}, DataType.U8, null, st);
        try {
            List<DeviceImage> slices = new ArrayList<>(s.n() * s.d());
            for (int n = 0; n < s.n(); n++) {
                for (int z = 0; z < s.d(); z++) {
                    slices.add(new DeviceImage(s.tensor().address() + n * s.sN() + z * s.sD(), s.sH(), s.w(), s.h(),
                            tmp.address() + n * volumeBytes + z * sliceBytes, rowBytes, p.dstW(), p.dstH(), p.x(),
                            p.y()));
                }
            }
            SeparableResize.gpu(slices, c, s.dtype(), DataType.F32, Arithmetic.FLOAT, st);
            List<DeviceImage> rows = new ArrayList<>(s.n() * p.dstH());
            for (int n = 0; n < s.n(); n++) {
                for (int y = 0; y < p.dstH(); y++) {
                    rows.add(new DeviceImage(tmp.address() + n * volumeBytes + y * rowBytes, sliceBytes, p.dstW(),
                            s.d(), d.tensor().address() + n * d.sN() + y * d.sH(), d.sD(), p.dstW(), p.dstD(), keepW,
                            p.z()));
                }
            }
            SeparableResize.gpu(rows, c, DataType.F32, d.dtype(), Arithmetic.FLOAT, st);
        } finally {
            tmp.close(st);
        }
    }
}
