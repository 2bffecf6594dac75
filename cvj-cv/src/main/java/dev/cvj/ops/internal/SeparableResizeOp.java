package dev.cvj.ops.internal;

import dev.cvj.cuda.Stream;
import dev.cvj.ops.internal.SeparableResize.Arithmetic;
import dev.cvj.tensor.DataType;
import dev.cvj.tensor.ImageBatchVarShape;
import dev.cvj.tensor.ImageSize;
import dev.cvj.tensor.PixelType;
import dev.cvj.tensor.Tensor;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The checks and the dispatch shared by the separable resizes (PillowResize, HQResize, RandomResizedCrop): single
 * tensors (HWC/NHWC, packed pixels) and varshape batches, whole images or one window (crop) per image, resized by
 * {@link SeparableResize} with the taps an {@link Axis} gives. Every argument is checked, and the taps computed,
 * before an output is allocated or any work runs.
 */
public final class SeparableResizeOp {
    /** The taps of one axis of {@code in} source pixels resized to {@code out}. */
    public interface Axis {
        /**
         * The taps.
         *
         * @param in the source pixels of the axis
         * @param out the output pixels of the axis
         * @return the taps
         */
        SeparableTaps taps(int in, int out);
    }

    /** A window of a source image: {@code w x h} pixels from column {@code x}, row {@code y}. */
    public record Window(int x, int y, int w, int h) {}

    private final OpCheck op;
    private final Set<DataType> types;
    private final Function<DataType, Arithmetic> arithmetic;

    /** The checks of {@code op} for sources of {@code types}, resized with the arithmetic {@code arithmetic} picks. */
    public SeparableResizeOp(OpCheck op, Set<DataType> types, Function<DataType, Arithmetic> arithmetic) {
        this.op = op;
        this.types = types;
        this.arithmetic = arithmetic;
    }

    /** {@code src} checked as a source: HWC/NHWC, non-empty, packed pixels of 1 to 4 channels of the types. */
    public PixelGrid source(Tensor src) {
        PixelGrid g = op.image("src", src, PixelGrid.INTERLEAVED);
        op.channels("src", g, 1, 4);
        op.nonEmpty("src", g);
        op.packedPixels("src", g);
        op.dtype("src", g, types);
        return g;
    }

    /** {@code src}, a checked varshape source batch: its pixel type. */
    public PixelType source(ImageBatchVarShape src) {
        return op.batch("src batch", src, types, 1, 4);
    }

    /** Fails unless {@code size} is at least 1 x 1 ({@code role} names it). */
    public ImageSize size(ImageSize size, String role) {
        op.notNull(size, role);
        if (size.width() < 1 || size.height() < 1) {
            throw op.fail(role + " " + size + " must be at least 1 x 1");
        }
        return size;
    }

    /**
     * A new tensor of {@code size} (src's layout, type, N and C): image i of src (its window {@code windows[i]}, or
     * all of it when {@code windows} is null) resized.
     */
    public Tensor resize(Tensor src, PixelGrid s, ImageSize size, Window[] windows, Axis axis, Stream stream) {
        size(size, "size");
        op.notNull(axis, "filter");
        List<Piece> plan = plan(s, windows, s.n(), size.width(), size.height(), axis);
        long[] shape = s.batched() ? new long[] {s.n(), size.height(), size.width(), s.c()}
                : new long[] {size.height(), size.width(), s.c()};
        return Outputs.allocate(op, src, shape, src.dtype(), src.layout(), stream,
                dst -> run(s, dst, plan, stream));
    }

    /** {@code src} (whole images, or the windows) resized into {@code dst}, whose size is the output size. */
    public void resizeInto(Tensor dst, PixelGrid s, Window[] windows, Axis axis, Stream stream) {
        op.notNull(axis, "filter");
        PixelGrid d = op.image("dst", dst, PixelGrid.INTERLEAVED);
        op.nonEmpty("dst", d);
        op.packedPixels("dst", d);
        op.sameDtype("dst", d, "src", s);
        op.sameLayout("dst", d, "src", s);
        if (d.n() != s.n() || d.c() != s.c()) {
            throw op.fail("dst has " + d.n() + " images of " + d.c() + " channels, src " + s.n() + " of " + s.c());
        }
        op.output(d, s);
        run(s, dst, plan(s, windows, s.n(), d.w(), d.h(), axis), stream);
    }

    /** A new batch: image i of {@code src} (or its window) resized to {@code sizes[i]} (1 size for all, or N). */
    public ImageBatchVarShape resize(ImageBatchVarShape src, ImageSize[] sizes, Window[] windows, Axis axis,
                                     Stream stream) {
        PixelType p = source(src);
        op.notNull(sizes, "sizes");
        op.notNull(axis, "filter");
        op.perImage("sizes", sizes.length, src.size());
        for (int i = 0; i < sizes.length; i++) {
            size(sizes[i], "sizes[" + i + "]");
        }
        List<List<Piece>> plans = new ArrayList<>();
        for (int i = 0; i < src.size(); i++) {
            ImageSize z = sizes[sizes.length == 1 ? 0 : i];
            plans.add(plan(image(src, i), windows == null ? null : new Window[] {windows[i]}, 1, z.width(), z.height(),
                    axis));
        }
        return Outputs.allocateBatch(op, src, i -> sizes[sizes.length == 1 ? 0 : i], p.channels(), p.dataType(), stream,
                dst -> runBatch(dst, src, plans, stream));
    }

    /** Image i of {@code src} (or its window) resized into image i of {@code dst}, at that image's size. */
    public void resizeInto(ImageBatchVarShape dst, ImageBatchVarShape src, Window[] windows, Axis axis, Stream stream) {
        PixelType p = source(src);
        op.notNull(axis, "filter");
        op.batchOutput("dst batch", dst, "src batch", src, false);
        op.batchPixels("dst batch", dst, p);
        List<List<Piece>> plans = new ArrayList<>();
        for (int i = 0; i < src.size(); i++) {
            ImageSize z = dst.imageSize(i);
            plans.add(plan(image(src, i), windows == null ? null : new Window[] {windows[i]}, 1, z.width(), z.height(),
                    axis));
        }
        runBatch(dst, src, plans, stream);
    }

    /** Image {@code i} of a varshape batch as a checked source grid. */
    public PixelGrid image(ImageBatchVarShape b, int i) {
        return op.image("src image " + i, b.image(i), PixelGrid.INTERLEAVED);
    }

    /** One image's work: src image {@code img}'s window to dst image {@code img} ({@code w x h}), with its taps. */
    private record Piece(int img, Window win, int w, int h, SeparableTaps x, SeparableTaps y) {}

    /** The pieces of {@code n} images of {@code s} resized to {@code w x h}; the taps computed once per size pair. */
    private List<Piece> plan(PixelGrid s, Window[] windows, int n, int w, int h, Axis axis) {
        Map<Long, SeparableTaps> cache = new HashMap<>();
        List<Piece> pieces = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Window win = windows == null ? new Window(0, 0, s.w(), s.h()) : windows[i];
            if (s.tensor().isHost()) {
                SeparableResize.checkCpu(op, win.h(), w, s.c());
            }
            SeparableTaps tx, ty;
            try {
                tx = cache.computeIfAbsent(((long) win.w() << 32) | w, k -> axis.taps(win.w(), w));
                ty = cache.computeIfAbsent(((long) win.h() << 32) | h, k -> axis.taps(win.h(), h));
            } catch (IllegalArgumentException e) {
                throw op.fail(e.getMessage());
            }
            pieces.add(new Piece(i, win, w, h, tx, ty));
        }
        return pieces;
    }

    private void run(PixelGrid s, Tensor dst, List<Piece> plan, Stream stream) {
        PixelGrid d = PixelGrid.of(dst);
        Arithmetic a = arithmetic.apply(s.dtype());
        if (dst.isHost()) {
            for (Piece p : plan) {
                SeparableResize.cpu(window(s, p.img(), p.win()), window(d, p.img(), new Window(0, 0, p.w(), p.h())),
                        p.x(), p.y(), a);
            }
            return;
        }
        Stream st = op.stream(dst, stream);
        List<SeparableResize.DeviceImage> jobs = new ArrayList<>(plan.size());
        for (Piece p : plan) {
            jobs.add(job(s, p.img(), d, p.img(), p));
        }
        SeparableResize.gpu(jobs, s.c(), s.dtype(), d.dtype(), a, st);
    }

    private void runBatch(ImageBatchVarShape dst, ImageBatchVarShape src, List<List<Piece>> plans, Stream stream) {
        if (dst.isHost()) {
            for (int i = 0; i < src.size(); i++) {
                run(image(src, i), dst.image(i), plans.get(i), null);
            }
            return;
        }
        Stream st = op.stream(src.image(0), stream);
        List<SeparableResize.DeviceImage> jobs = new ArrayList<>(src.size());
        PixelGrid first = image(src, 0);
        for (int i = 0; i < src.size(); i++) {
            jobs.add(job(image(src, i), 0, PixelGrid.of(dst.image(i)), 0, plans.get(i).getFirst()));
        }
        SeparableResize.gpu(jobs, first.c(), first.dtype(), first.dtype(), arithmetic.apply(first.dtype()), st);
    }

    private static SeparableResize.DeviceImage job(PixelGrid s, int si, PixelGrid d, int di, Piece p) {
        Window w = p.win();
        long src = s.address() + si * s.sN() + w.y() * s.sH() + w.x() * s.sW();
        long dst = d.address() + di * d.sN();
        return new SeparableResize.DeviceImage(src, s.sH(), w.w(), w.h(), dst, d.sH(), p.w(), p.h(), p.x(), p.y());
    }

    /** Image {@code img}'s window of a host grid as a one-image CPU view. */
    private static CpuImage window(PixelGrid g, int img, Window w) {
        long off = img * g.sN() + w.y() * g.sH() + w.x() * g.sW();
        MemorySegment seg = g.host().asSlice(off);
        return new CpuImage(seg, g.dtype(), 1, w.h(), w.w(), g.c(), g.sN(), g.sH(), g.sW());
    }
}
