package dev.cvj.ops;

import dev.cvj.cuda.Stream;
import dev.cvj.ops.internal.OpCheck;
import dev.cvj.ops.internal.Outputs;
import dev.cvj.ops.internal.PixelCopies;
import dev.cvj.ops.internal.PixelGrid;
import dev.cvj.tensor.Tensor;
import dev.cvj.tensor.TensorLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Stacks images into one batch: HWC images become the images of an NHWC tensor, NHWC tensors are
 * concatenated along N (the two may be mixed); CHW / NCHW likewise give NCHW. Bit-exact.
 *
 * <table>
 *   <caption>Support</caption>
 *   <tr><th></th><th>srcs</th><th>dst</th></tr>
 *   <tr><td>Layouts</td><td>HWC and NHWC, or CHW and NCHW</td><td>NHWC, or NCHW</td></tr>
 *   <tr><td>Data types</td><td>all (one for all srcs)</td><td>same as srcs</td></tr>
 *   <tr><td>Channels</td><td>1, 2, 3, 4</td><td>same as srcs</td></tr>
 *   <tr><td>Shape</td><td>same H, W, C for all</td><td>N = total images</td></tr>
 * </table>
 * All tensors on the host, or all on one device; dst must not overlap any src in memory (refused).
 *
 * <pre>{@code
 * Tensor batch = Stack.stack(List.of(img0, img1, img2), stream);   // 3 x H x W x C
 * }</pre>
 */
public final class Stack {
    private static final OpCheck OP = OpCheck.of("Stack");
    /** Most images of the one-table path: its address tables are Java arrays (more images go one src at a time). */
    private static final int TABLE_IMAGES = 1 << 20;

    private Stack() {}

    /**
     * A new NHWC (or NCHW) tensor holding every image of {@code srcs}, in order.
     *
     * @param srcs the tensors to stack
     * @param stream the stream for device work; null: the current stream
     * @return the new output, as the support table describes it
     * @throws IllegalArgumentException if an argument breaks the support table or the checks above (the
     *         message names the operator and the argument); nothing has run then
     * @throws NullPointerException if a required argument is null
     * @throws IllegalStateException if a tensor or batch argument is closed
     */
    public static Tensor stack(List<Tensor> srcs, Stream stream) {
        Sources s = check(srcs);
        PixelGrid first = s.grids().get(0);
        TensorLayout l = first.planar() ? TensorLayout.NCHW : TensorLayout.NHWC;
        return Outputs.allocate(OP, first.tensor(), PixelGrid.shapeOf(l, s.total(), first.h(), first.w(), first.c()),
                first.dtype(), l, stream, dst -> run(dst, s, stream));
    }

    /**
     * As {@link #stack(List, Stream)}, on the current stream.
     *
     * @param srcs the tensors to stack
     * @return the new output, as the support table describes it
     * @throws IllegalArgumentException if an argument breaks the support table or the checks above (the
     *         message names the operator and the argument); nothing has run then
     * @throws NullPointerException if a required argument is null
     * @throws IllegalStateException if a tensor or batch argument is closed
     */
    public static Tensor stack(List<Tensor> srcs) {
        return stack(srcs, null);
    }

    /**
     * Copies every image of {@code srcs}, in order, into the batch {@code dst} (N = total images).
     *
     * @param dst the caller's output, as the support table allows
     * @param srcs the tensors to stack
     * @param stream the stream for device work; null: the current stream
     * @throws IllegalArgumentException if an argument breaks the support table or the checks above (the
     *         message names the operator and the argument); nothing has run then
     * @throws NullPointerException if a required argument is null
     * @throws IllegalStateException if a tensor or batch argument is closed
     */
    public static void stackInto(Tensor dst, List<Tensor> srcs, Stream stream) {
        run(dst, check(srcs), stream);
    }

    /**
     * As {@link #stackInto(Tensor, List, Stream)}, on the current stream.
     *
     * @param dst the caller's output, as the support table allows
     * @param srcs the tensors to stack
     * @throws IllegalArgumentException if an argument breaks the support table or the checks above (the
     *         message names the operator and the argument); nothing has run then
     * @throws NullPointerException if a required argument is null
     * @throws IllegalStateException if a tensor or batch argument is closed
     */
    public static void stackInto(Tensor dst, List<Tensor> srcs) {
        stackInto(dst, srcs, null);
    }

    /**
     * One launch per 64 images when every image (and dst's) is a block of dense rows: interleaved rows of
     * {@code w * c} elements, or planar images whose C planes follow each other ({@code sC == h * sH}) as
     * {@code c * h} rows of {@code w} elements. Returns false (nothing done) otherwise.
     */
    private static boolean gpuTable(PixelGrid d, List<PixelGrid> srcs, int total, Stream st) {
        int c = d.c(), h = d.h(), w = d.w(), e = d.elemSize();
        boolean planar = d.planar();
        if (!rowBlock(d, planar) || total > TABLE_IMAGES) {
            return false;
        }
        long[] addr = new long[total];
        long[] sRow = new long[total];
        int at = 0;
        for (PixelGrid g : srcs) {
            if (!rowBlock(g, planar)) {
                return false;
            }
            for (int i = 0; i < g.n(); i++) {
                addr[at] = g.address() + i * g.sN();
                sRow[at] = g.sH();
                at++;
            }
        }
        int rows = planar ? c * h : h;
        long rowBytes = (long) (planar ? w : w * c) * e;
        if ((long) c * h > Integer.MAX_VALUE) {
            return false;
        }
        long step = total > 1 ? addr[1] - addr[0] : 0;
        if (evenlySpaced(addr, sRow, step)) { // e.g. the images of one batch: one strided copy, no address table
            PixelCopies.copyRows(d.tensor().device(), addr[0], step, sRow[0], d.address(), d.sN(), d.sH(), rowBytes, rows,
                    total, st);
            return true;
        }
        PixelCopies.copyRowsTable(d.tensor().device(), addr, sRow, d.address(), d.sN(), d.sH(), rowBytes, rows, st);
        return true;
    }

    /** Whether image i starts at {@code addr[0] + i * step} and every image has the row stride of image 0. */
    private static boolean evenlySpaced(long[] addr, long[] sRow, long step) {
        for (int i = 1; i < addr.length; i++) {
            if (addr[i] - addr[i - 1] != step || sRow[i] != sRow[0]) {
                return false;
            }
        }
        return true;
    }

    private static boolean rowBlock(PixelGrid g, boolean planar) {
        int e = g.elemSize();
        return planar ? g.sW() == e && g.sC() == (long) g.h() * g.sH() : g.sC() == e && g.sW() == (long) g.c() * e;
    }

    /** The roles of the first images, made once: the checks name every image's role on each call. */
    private static final String[] ROLES = java.util.stream.IntStream.range(0, 256).mapToObj(i -> "srcs[" + i + "]")
            .toArray(String[]::new);

    private static String role(int i) {
        return i < ROLES.length ? ROLES[i] : "srcs[" + i + "]";
    }

    /** The checked srcs: one grid per src (made once per call), and their image count. */
    private record Sources(List<Tensor> tensors, List<PixelGrid> grids, int total) {}

    private static Sources check(List<Tensor> srcs) {
        OP.notNull(srcs, "srcs");
        if (srcs.isEmpty()) {
            throw OP.fail("srcs is empty: nothing to stack");
        }
        List<Tensor> tensors = List.copyOf(srcs); // also refuses a null element; a list changed meanwhile cannot matter
        PixelGrid first = OP.image(role(0), tensors.get(0));
        List<PixelGrid> grids = new ArrayList<>(tensors.size());
        long total = 0;
        for (int i = 0; i < tensors.size(); i++) {
            PixelGrid g = i == 0 ? first : OP.image(role(i), tensors.get(i), PixelGrid.ANY_IMAGE);
            if (g.planar() != first.planar()) {
                throw OP.fail(role(i) + " has layout " + g.layout() + " but srcs[0] has " + first.layout()
                        + ": interleaved and planar images cannot be stacked together");
            }
            OP.sameDtype(role(i), g, role(0), first);
            if (g.h() != first.h() || g.w() != first.w() || g.c() != first.c()) {
                throw OP.fail(role(i) + " is " + g.w() + "x" + g.h() + "x" + g.c() + " (WxHxC) but srcs[0] is " + first.w() + "x"
                        + first.h() + "x" + first.c());
            }
            OP.samePlace(role(0), first.tensor(), role(i), g.tensor());
            grids.add(g);
            total += g.n();
        }
        if (total > Integer.MAX_VALUE) {
            throw OP.fail(total + " images: too many");
        }
        return new Sources(tensors, grids, (int) total);
    }

    private static void run(Tensor dst, Sources s, Stream stream) {
        PixelGrid first = s.grids().get(0);
        PixelGrid d = OP.image("dst", dst, first.planar() ? Set.of("NCHW") : Set.of("NHWC"));
        if (d.dtype() != first.dtype() || d.h() != first.h() || d.w() != first.w() || d.c() != first.c()) {
            throw OP.fail("dst is " + d + " but the images are " + first);
        }
        if (d.n() != s.total()) {
            throw OP.fail("dst holds " + d.n() + " images but srcs have " + s.total());
        }
        OP.samePlace("srcs[0]", first.tensor(), "dst", dst);
        OP.writable("dst", dst);
        OP.apartAll(i -> "dst", List.of(dst), Stack::role, s.tensors(), false);
        Stream st = dst.isHost() ? null : OP.stream(dst, stream);
        if (!dst.isHost() && gpuTable(d, s.grids(), s.total(), st)) {
            return;
        }
        int at = 0;
        for (PixelGrid g : s.grids()) {
            PixelCopies.region(g.tensor(), 0, g.strides(), dst, at * d.sN(), d.strides(), g.n(), g.h(), g.w(), g.c(),
                    g.elemSize(), st);
            at += g.n();
        }
    }
}
