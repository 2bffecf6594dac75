package dev.cvj.ops;

import dev.cvj.cuda.Stream;
import dev.cvj.ops.internal.OpCheck;
import dev.cvj.ops.internal.Outputs;
import dev.cvj.ops.internal.PixelCopies;
import dev.cvj.ops.internal.PixelGrid;
import dev.cvj.tensor.Tensor;
import dev.cvj.tensor.TensorLayout;
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

    /** A new NHWC (or NCHW) tensor holding every image of {@code srcs}, in order. */
    public static Tensor stack(List<Tensor> srcs, Stream stream) {
        PixelGrid first = check(srcs);
        int total = imageCount(srcs);
        TensorLayout l = first.planar() ? TensorLayout.NCHW : TensorLayout.NHWC;
        return Outputs.allocate(OP, first.tensor(), PixelGrid.shapeOf(l, total, first.h(), first.w(), first.c()),
                first.dtype(), l, stream, dst -> run(dst, srcs, first, stream));
    }

    /** As {@link #stack(List, Stream)}, on the current stream. */
    public static Tensor stack(List<Tensor> srcs) {
        return stack(srcs, null);
    }

    /** Copies every image of {@code srcs}, in order, into the batch {@code dst} (N = total images). */
    public static void stackInto(Tensor dst, List<Tensor> srcs, Stream stream) {
        run(dst, srcs, check(srcs), stream);
    }

    /** As {@link #stackInto(Tensor, List, Stream)}, on the current stream. */
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
        PixelCopies.copyRowsTable(d.tensor().device(), addr, sRow, d.address(), d.sN(), d.sH(), rowBytes, rows, st);
        return true;
    }

    private static boolean rowBlock(PixelGrid g, boolean planar) {
        int e = g.elemSize();
        return planar ? g.sW() == e && g.sC() == (long) g.h() * g.sH() : g.sC() == e && g.sW() == (long) g.c() * e;
    }

    private static String role(int i) {
        return "srcs[" + i + "]";
    }

    private static PixelGrid check(List<Tensor> srcs) {
        OP.notNull(srcs, "srcs");
        if (srcs.isEmpty()) {
            throw OP.fail("srcs is empty: nothing to stack");
        }
        PixelGrid first = OP.image(role(0), srcs.get(0));
        for (int i = 0; i < srcs.size(); i++) {
            PixelGrid g = OP.image(role(i), srcs.get(i), PixelGrid.ANY_IMAGE);
            if (g.planar() != first.planar()) {
                throw OP.fail(role(i) + " has layout " + g.layout() + " but srcs[0] has " + first.layout()
                        + ": interleaved and planar images cannot be stacked together");
            }
            OP.sameDtype(role(i), g, role(0), first);
            if (g.h() != first.h() || g.w() != first.w() || g.c() != first.c()) {
                throw OP.fail(role(i) + " is " + g.w() + "x" + g.h() + "x" + g.c() + " (WxHxC) but srcs[0] is " + first.w() + "x"
                        + first.h() + "x" + first.c());
            }
            OP.samePlace(role(0), srcs.get(0), role(i), srcs.get(i));
        }
        imageCount(srcs);
        return first;
    }

    /** The number of images of all srcs (each checked already). */
    private static int imageCount(List<Tensor> srcs) {
        long total = 0;
        for (Tensor t : srcs) {
            total += OP.image("src", t, PixelGrid.ANY_IMAGE).n();
        }
        if (total > Integer.MAX_VALUE) {
            throw OP.fail(total + " images: too many");
        }
        return (int) total;
    }

    private static void run(Tensor dst, List<Tensor> srcs, PixelGrid first, Stream stream) {
        PixelGrid d = OP.image("dst", dst, first.planar() ? Set.of("NCHW") : Set.of("NHWC"));
        if (d.dtype() != first.dtype() || d.h() != first.h() || d.w() != first.w() || d.c() != first.c()) {
            throw OP.fail("dst is " + d + " but the images are " + first);
        }
        int total = imageCount(srcs);
        if (d.n() != total) {
            throw OP.fail("dst holds " + d.n() + " images but srcs have " + total);
        }
        List<PixelGrid> grids = new java.util.ArrayList<>(srcs.size());
        for (int i = 0; i < srcs.size(); i++) {
            PixelGrid g = OP.image(role(i), srcs.get(i), PixelGrid.ANY_IMAGE);
            OP.output("dst", d, role(i), g, false);
            grids.add(g);
        }
        Stream st = dst.isHost() ? null : OP.stream(dst, stream);
        if (!dst.isHost() && gpuTable(d, grids, total, st)) {
            return;
        }
        int at = 0;
        for (PixelGrid g : grids) {
            PixelCopies.region(g.tensor(), 0, g.strides(), dst, at * d.sN(), d.strides(), g.n(), g.h(), g.w(), g.c(),
                    g.elemSize(), st);
            at += g.n();
        }
    }
}
