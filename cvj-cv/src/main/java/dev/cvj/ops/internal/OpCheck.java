package dev.cvj.ops.internal;

import dev.cvj.cuda.Stream;
import dev.cvj.tensor.DataType;
import dev.cvj.tensor.ImageBatchVarShape;
import dev.cvj.tensor.ImageSize;
import dev.cvj.tensor.PixelType;
import dev.cvj.tensor.Tensor;
import dev.cvj.tensor.TensorLayout;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.function.IntFunction;
import java.util.stream.Collectors;

/**
 * The checks of one operator call, made before any GPU work: every message starts with the operator's name
 * and names the tensor (or argument) at fault, e.g. {@code Flip: dst has data type F32 but src has U8}.
 *
 * <pre>{@code
 * OpCheck op = OpCheck.of("Flip");
 * PixelGrid s = op.image("src", src, PixelGrid.ANY_IMAGE);
 * op.channels("src", s, 1, 4);
 * op.output(d, s, false);   // same place, dst writable, dst not overlapping src
 * }</pre>
 */
public final class OpCheck {
    private final String op;

    private OpCheck(String op) {
        this.op = op;
    }

    /** The checks of operator {@code op} (its name as users call it: "Flip", "CvtColor RGB2GRAY", ...). */
    public static OpCheck of(String op) {
        return new OpCheck(op);
    }

    /** The operator's name. */
    public String name() {
        return op;
    }

    /** An {@link IllegalArgumentException} saying {@code "<op>: <why>"}. */
    public IllegalArgumentException fail(String why) {
        return new IllegalArgumentException(op + ": " + why);
    }

    /** {@code value}, or a {@link NullPointerException} saying {@code "<op>: <role> is null"}. */
    public <T> T notNull(T value, String role) {
        if (value == null) {
            throw new NullPointerException(op + ": " + role + " is null");
        }
        return value;
    }

    /**
     * {@code t} as an image of one of {@code layouts}, every extent at most 2^31-1; on a device, rows of at most
     * {@link PixelGrid#MAX_DEVICE_ROW_BYTES} bytes.
     */
    public PixelGrid image(String role, Tensor t, Set<String> layouts) {
        notNull(t, role);
        TensorLayout l = t.layout();
        if (l == null || !layouts.contains(l.labels())) {
            throw fail(role + " has layout " + (l == null ? "none" : l.labels()) + "; supported: " + sorted(layouts));
        }
        for (int d = 0, rank = t.rank(); d < rank; d++) {
            if (t.shape(d) > Integer.MAX_VALUE) {
                throw fail(role + " shape " + Arrays.toString(t.shape()) + " has an extent above 2^31-1");
            }
        }
        PixelGrid g = PixelGrid.of(t);
        if (!t.isHost()) {
            deviceRows(role, g.rowBytes());
        }
        return g;
    }

    /** Fails when a device image's rows of {@code rowBytes} bytes are longer than the kernels address. */
    void deviceRows(String role, long rowBytes) {
        if (rowBytes > PixelGrid.MAX_DEVICE_ROW_BYTES) {
            throw fail(role + " has rows of " + rowBytes + " bytes (W x C x element size): the GPU kernels address at most "
                    + PixelGrid.MAX_DEVICE_ROW_BYTES + " bytes per row (2^31 - 2^16); split the image along W, or use a"
                    + " host tensor");
        }
    }

    /** {@code t} as an image of any image layout (NHWC, HWC, NCHW, CHW) of 1 to 4 channels. */
    public PixelGrid image(String role, Tensor t) {
        PixelGrid g = image(role, t, PixelGrid.ANY_IMAGE);
        channels(role, g, 1, 4);
        return g;
    }

    /**
     * The layouts an image of {@code src}'s batching can be written in (NHWC or NCHW for a batch, HWC or CHW for
     * one image): fails unless {@code layout} is one of them.
     */
    public void layoutOfSameBatching(String role, String layout, PixelGrid src) {
        boolean ok = src.batched() ? layout.equals("NHWC") || layout.equals("NCHW")
                : layout.equals("HWC") || layout.equals("CHW");
        if (!ok) {
            throw fail(role + " layout " + layout + " cannot hold a " + src.layout() + " src (" + src.layout() + " to "
                    + layout + "); supported: " + (src.batched() ? "NCHW, NHWC" : "CHW, HWC"));
        }
    }

    public void dtype(String role, PixelGrid g, Set<DataType> allowed) {
        if (!allowed.contains(g.dtype())) {
            throw fail(role + " has data type " + g.dtype() + "; supported: " + sortedTypes(allowed));
        }
    }

    public void channels(String role, PixelGrid g, int min, int max) {
        if (g.c() < min || g.c() > max) {
            throw fail(role + " has " + g.c() + " channels; supported: " + min + ".." + max);
        }
    }

    /** At least one image of at least one pixel. */
    public void nonEmpty(String role, PixelGrid g) {
        if (g.n() < 1 || g.h() < 1 || g.w() < 1) {
            throw fail(role + " is empty (" + g.n() + " images of " + g.w() + " x " + g.h() + ", W x H)");
        }
    }

    /** Channels adjacent and pixels adjacent in every row (channel stride = element size, pixel stride = C elements). */
    public void packedPixels(String role, PixelGrid g) {
        int es = g.elemSize();
        if ((g.c() > 1 && g.sC() != es) || (g.w() > 1 && g.sW() != (long) g.c() * es)) {
            throw fail(role + " pixels must be packed (channel stride " + es + ", pixel stride " + (long) g.c() * es
                    + " bytes), got strides " + Arrays.toString(g.tensor().strides()));
        }
    }

    public void sameLayout(String role, PixelGrid g, String otherRole, PixelGrid other) {
        if (!g.layout().equals(other.layout())) {
            throw fail(role + " has layout " + g.layout() + " but " + otherRole + " has " + other.layout());
        }
    }

    public void sameDtype(String role, PixelGrid g, String otherRole, PixelGrid other) {
        if (g.dtype() != other.dtype()) {
            throw fail(role + " has data type " + g.dtype() + " but " + otherRole + " has " + other.dtype());
        }
    }

    /** Same layout and the same shape. */
    public void sameShape(String role, PixelGrid g, String otherRole, PixelGrid other) {
        sameLayout(role, g, otherRole, other);
        if (!Arrays.equals(g.tensor().shape(), other.tensor().shape())) {
            throw fail(role + " has shape " + Arrays.toString(g.tensor().shape()) + " but " + otherRole + " has "
                    + Arrays.toString(other.tensor().shape()));
        }
    }

    /** Both on the host, or both on one device; a mix names both places (see {@link Placement#mismatch}). */
    public void samePlace(String roleA, Tensor a, String roleB, Tensor b) {
        Placement.requireSame(op, roleA, a, roleB, b);
    }

    public void writable(String role, Tensor t) {
        if (t.isReadOnly()) {
            throw fail(role + " is read-only");
        }
    }

    /**
     * The checks of an output {@code dst} against an input {@code src}, in this order: same place, dst
     * writable, and no shared memory ({@link #apart}).
     */
    public void output(String dstRole, PixelGrid dst, String srcRole, PixelGrid src, boolean sameViewAllowed) {
        samePlace(srcRole, src.tensor(), dstRole, dst.tensor());
        writable(dstRole, dst.tensor());
        apart(dstRole, dst.tensor(), srcRole, src.tensor(), sameViewAllowed);
    }

    /** {@link #output} with the usual roles "dst" and "src", and no in-place use. */
    public void output(PixelGrid dst, PixelGrid src) {
        output("dst", dst, "src", src, false);
    }

    /**
     * Refuses {@code dst} when its bytes (from element 0 to one past the last, strides included) overlap those
     * of {@code src}, on the host or on the device: an operator that reads pixels another thread has already
     * written gives wrong results without an error. {@code sameViewAllowed}: the operator is documented as
     * correct in place, each element read and written by the same thread, so the exact same view (address,
     * shape, strides and element size) passes; any other overlap does not.
     */
    public void apart(String dstRole, Tensor dst, String srcRole, Tensor src, boolean sameViewAllowed) {
        if (dst.elementCount() == 0 || src.elementCount() == 0) {
            return;
        }
        long shift; // where dst starts relative to src, when they overlap
        if (dst.isHost()) {
            MemorySegment d = dst.hostSegment(), s = src.hostSegment();
            if (s.asOverlappingSlice(d).isEmpty()) {
                return;
            }
            shift = d.address() - s.address(); // overlapping segments share one base: addresses compare
        } else {
            long d = dst.address(), s = src.address();
            if (d >= s + src.byteSpan() || s >= d + dst.byteSpan()) {
                return;
            }
            shift = d - s;
        }
        boolean sameView = shift == 0 && dst.dtype().byteSize() == src.dtype().byteSize()
                && Arrays.equals(dst.shape(), src.shape()) && Arrays.equals(dst.strides(), src.strides());
        if (sameView && sameViewAllowed) {
            return;
        }
        throw fail(dstRole + " overlaps " + srcRole + " in memory (" + dstRole + " starts " + shift + " bytes from "
                + srcRole + (sameView ? ", the same view" : "") + "): " + (sameViewAllowed
                ? "write into separate memory, or into the very same view for an in-place update"
                : "write into separate memory (this operator cannot work in place)"));
    }

    // ---- batches of images of different sizes --------------------------------------------------------

    /**
     * {@code b} as the source batch of a varshape call: open, not empty, of one of {@code types} with
     * {@code minC..maxC} channels, and on a device at most {@link Launch#MAX_GRID_YZ} images (one launch's grid z).
     * Returns its pixel format.
     */
    public PixelType batch(String role, ImageBatchVarShape b, Set<DataType> types, int minC, int maxC) {
        notNull(b, role);
        if (b.isClosed()) {
            throw fail(role + " is closed");
        }
        if (b.size() == 0) {
            throw fail(role + " is empty");
        }
        PixelType p = b.uniqueFormat();
        if (!types.contains(p.dataType())) {
            throw fail(role + " has data type " + p.dataType() + "; supported: " + sortedTypes(types));
        }
        if (p.channels() < minC || p.channels() > maxC) {
            throw fail(role + " has " + p.channels() + " channels; supported: "
                    + (minC == maxC ? String.valueOf(minC) : minC + ".." + maxC));
        }
        if (!b.isHost()) {
            if (b.size() > Launch.MAX_GRID_YZ) {
                throw fail(role + " has " + b.size() + " images; one GPU launch takes at most " + Launch.MAX_GRID_YZ);
            }
            for (int i = 0; i < b.size(); i++) {
                ImageSize s = b.imageSize(i);
                deviceRows(imageRole(role) + i, (long) s.width() * p.channels() * p.dataType().byteSize());
            }
        }
        return p;
    }

    /**
     * {@code dst} as the output batch of {@code src} (checked already by {@link #batch}): open, the same number of
     * images, in the same place, writable, and no dst image sharing memory with any src image ({@link #apartAll};
     * {@code sameViewAllowed}: image i may be the very same view as src image i).
     */
    public void batchOutput(String dstRole, ImageBatchVarShape dst, String srcRole, ImageBatchVarShape src,
                            boolean sameViewAllowed) {
        notNull(dst, dstRole);
        if (dst.isClosed()) {
            throw fail(dstRole + " is closed");
        }
        if (dst.size() != src.size()) {
            throw fail(dstRole + " has " + dst.size() + " images but " + srcRole + " has " + src.size());
        }
        List<Tensor> d = images(dst), s = images(src);
        String di = imageRole(dstRole), si = imageRole(srcRole);
        samePlace(si + "0", s.get(0), di + "0", d.get(0));
        for (int i = 0; i < d.size(); i++) {
            writable(di + i, d.get(i));
        }
        apartAll(i -> di + i, d, i -> si + i, s, sameViewAllowed);
    }

    /**
     * {@code dst} as the one NHWC tensor output of the source batch {@code src} (checked already by {@link #batch},
     * giving {@code p}): non-empty, packed pixels, N = the batch size, the batch's channels and type, in the batch's
     * place, writable, and sharing no memory with any src image. The dst role is "dst", the images "src image i".
     */
    public PixelGrid stackOutput(Tensor dst, ImageBatchVarShape src, PixelType p) {
        PixelGrid gd = image("dst", dst, Set.of("NHWC"));
        nonEmpty("dst", gd);
        packedPixels("dst", gd);
        if (gd.n() != src.size() || gd.c() != p.channels() || gd.dtype() != p.dataType()) {
            throw fail("dst has " + gd.n() + " images of " + gd.c() + " " + gd.dtype() + " channels, the src batch "
                    + src.size() + " of " + p.channels() + " " + p.dataType());
        }
        batchTensorOutput("dst", dst, "src batch", src);
        return gd;
    }

    /**
     * {@code dst}, one tensor holding the output of every image of {@code src} (checked already by {@link #batch}), as
     * that output: in the batch's place, writable, and sharing no memory with any src image (roles: {@code dstRole},
     * and {@code srcRole}'s images "src image i").
     */
    public void batchTensorOutput(String dstRole, Tensor dst, String srcRole, ImageBatchVarShape src) {
        String si = imageRole(srcRole);
        samePlace(si + "0", src.image(0), dstRole, dst);
        writable(dstRole, dst);
        apartAll(i -> dstRole, List.of(dst), i -> si + i, images(src), false);
    }

    /** Fails unless {@code layout}, {@code role}'s, holds one image per index of a batch: NCHW or NHWC. */
    public void batchLayout(String role, String layout) {
        if (!layout.equals("NCHW") && !layout.equals("NHWC")) {
            throw fail(role + " layout " + layout + " cannot hold the images of a batch; supported: NCHW, NHWC");
        }
    }

    /**
     * The images of {@code b} (open and not empty: see {@link #batchOutput}) have the pixels {@code want}, and on a
     * device rows the kernels address (as {@link #batch} checks a source's).
     */
    public void batchPixels(String role, ImageBatchVarShape b, PixelType want) {
        PixelType p = b.uniqueFormat();
        if (!want.equals(p)) {
            throw fail(role + " has pixels of " + p + " but must have " + want);
        }
        if (!b.isHost()) {
            for (int i = 0; i < b.size(); i++) {
                deviceRows(imageRole(role) + i, (long) b.imageSize(i).width() * p.byteSize());
            }
        }
    }

    /** Each dst image of {@code dst} has the size of image i of {@code src}. */
    public void sameSizes(String dstRole, ImageBatchVarShape dst, String srcRole, ImageBatchVarShape src) {
        for (int i = 0; i < src.size(); i++) {
            ImageSize a = dst.imageSize(i), b = src.imageSize(i);
            if (!a.equals(b)) {
                throw fail(imageRole(dstRole) + i + " is " + a + " but " + imageRole(srcRole) + i + " is " + b);
            }
        }
    }

    /**
     * A per-image parameter array: not null and of length 1 (one value for every image) or {@code images}. Returns
     * its length.
     */
    public int perImage(String role, int length, int images) {
        if (length != 1 && length != images) {
            throw fail(role + " has " + length + " entries for " + images + " images; give 1 (for all) or " + images);
        }
        return length;
    }

    /**
     * {@link #apart} for every pair of a dst and a src tensor, in {@code O(n log n)} rather than pair by pair: the
     * byte ranges are sorted, and only ranges that overlap are compared exactly. {@code sameIndexViewAllowed}: dst
     * i may be the very same view as src i (an in-place update); every other overlap is refused, the message
     * naming both ({@code dstRole.apply(i)}, {@code srcRole.apply(j)}).
     */
    public void apartAll(IntFunction<String> dstRole, List<Tensor> dsts, IntFunction<String> srcRole, List<Tensor> srcs,
                         boolean sameIndexViewAllowed) {
        if (dsts.size() == 1 || (long) dsts.size() * srcs.size() <= 1024) { // few pairs: no sorting, no allocation
            for (int i = 0; i < dsts.size(); i++) {
                Tensor d = dsts.get(i);
                for (int j = 0; j < srcs.size(); j++) {
                    Tensor s = srcs.get(j);
                    if (d.isHost() || s.isHost() || mayOverlap(d, s)) {
                        apart(dstRole.apply(i), d, srcRole.apply(j), s, sameIndexViewAllowed && i == j);
                    }
                }
            }
            return;
        }
        // Host tensors of different heap arrays may have equal "addresses" (array offsets): group by array.
        Map<Object, List<Range>> groups = new IdentityHashMap<>();
        Object nativeKey = new Object();
        addRanges(groups, nativeKey, dsts, true);
        addRanges(groups, nativeKey, srcs, false);
        for (List<Range> g : groups.values()) {
            g.sort(Comparator.comparingLong(Range::start));
            // Sweep: each range is compared with the earlier ranges of the other kind still open at its start: every
            // such pair overlaps, so each comparison either throws or is an allowed same view (at most one per dst).
            // Open ranges wait in heaps by end, so ranges of one kind that overlap each other (the same image pushed
            // twice) cost no comparisons.
            PriorityQueue<Range> openDst = new PriorityQueue<>(Comparator.comparingLong(Range::end));
            PriorityQueue<Range> openSrc = new PriorityQueue<>(Comparator.comparingLong(Range::end));
            for (Range r : g) {
                for (PriorityQueue<Range> q : List.of(openDst, openSrc)) {
                    while (!q.isEmpty() && q.peek().end <= r.start) {
                        q.poll();
                    }
                }
                for (Range o : r.dst ? openSrc : openDst) {
                    Range d = r.dst ? r : o, s = r.dst ? o : r;
                    apart(dstRole.apply(d.index), dsts.get(d.index), srcRole.apply(s.index), srcs.get(s.index),
                            sameIndexViewAllowed && d.index == s.index);
                }
                (r.dst ? openDst : openSrc).add(r);
            }
        }
    }

    /** The role of a batch's image i, less i: "dst batch" has images "dst image i". */
    private static String imageRole(String batchRole) {
        return (batchRole.endsWith(" batch") ? batchRole.substring(0, batchRole.length() - 6) : batchRole) + " image ";
    }

    /** The images of {@code b} as views, in order. */
    private static List<Tensor> images(ImageBatchVarShape b) {
        List<Tensor> out = new ArrayList<>(b.size());
        for (int i = 0; i < b.size(); i++) {
            out.add(b.image(i));
        }
        return out;
    }

    /** Whether the byte ranges of two device tensors intersect (a cheap test before {@link #apart}). */
    private static boolean mayOverlap(Tensor d, Tensor s) {
        long a = d.address(), b = s.address();
        return a < b + s.byteSpan() && b < a + d.byteSpan();
    }


    private record Range(long start, long end, int index, boolean dst) {}

    private static void addRanges(Map<Object, List<Range>> groups, Object nativeKey, List<Tensor> ts, boolean dst) {
        for (int i = 0; i < ts.size(); i++) {
            Tensor t = ts.get(i);
            if (t.elementCount() == 0) {
                continue;
            }
            long start;
            Object key;
            if (t.isHost()) {
                MemorySegment m = t.hostSegment();
                key = m.heapBase().orElse(nativeKey);
                start = m.address();
            } else {
                key = nativeKey;
                start = t.address();
            }
            groups.computeIfAbsent(key, k -> new ArrayList<>()).add(new Range(start, start + t.byteSpan(), i, dst));
        }
    }

    /** The stream to launch on for {@code t}: see {@link Placement#stream}. */
    public Stream stream(Tensor t, Stream stream) {
        return Placement.stream(op, t, stream);
    }

    private static String sorted(Set<String> s) {
        return s.stream().sorted().collect(Collectors.joining(", "));
    }

    private static String sortedTypes(Set<DataType> s) {
        return s.stream().sorted().map(Enum::name).collect(Collectors.joining(", "));
    }
}
