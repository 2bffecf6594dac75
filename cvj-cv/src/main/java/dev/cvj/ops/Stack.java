package dev.cvj.ops;

import dev.cvj.cuda.Stream;
import dev.cvj.ops.internal.PixelCopies;
import dev.cvj.ops.internal.PixelGrid;
import dev.cvj.tensor.Tensor;
import dev.cvj.tensor.TensorLayout;
import java.util.List;
import java.util.Objects;

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
 * All tensors on the host, or all on one device.
 *
 * <pre>{@code
 * Tensor batch = Stack.stack(List.of(img0, img1, img2), stream);   // 3 x H x W x C
 * }</pre>
 */
public final class Stack {
    private Stack() {}

    /** A new NHWC (or NCHW) tensor holding every image of {@code srcs}, in order. */
    public static Tensor stack(List<Tensor> srcs, Stream stream) {
        PixelGrid first = check(srcs);
        int total = 0;
        for (Tensor t : srcs) {
            total += PixelGrid.of(t, "src", PixelGrid.ANY_IMAGE).n();
        }
        TensorLayout l = first.planar() ? TensorLayout.NCHW : TensorLayout.NHWC;
        Tensor dst = PixelGrid.allocateLike(first.tensor(), PixelGrid.shapeOf(l, total, first.h(), first.w(), first.c()),
                first.dtype(), l, stream);
        try {
            run(dst, srcs, first, stream);
        } catch (RuntimeException e) {
            dst.close();
            throw e;
        }
        return dst;
    }

    /** Copies every image of {@code srcs}, in order, into the batch {@code dst} (N = total images). */
    public static void stackInto(Tensor dst, List<Tensor> srcs, Stream stream) {
        run(dst, srcs, check(srcs), stream);
    }

    /**
     * One launch per 64 images when every image (and dst's) is a block of dense rows: interleaved rows of
     * {@code w * c} elements, or planar images whose C planes follow each other ({@code sC == h * sH}) as
     * {@code c * h} rows of {@code w} elements. Returns false (nothing done) otherwise.
     */
    private static boolean gpuTable(Tensor dst, PixelGrid d, List<Tensor> srcs, int total, Stream st) {
        int e = d.elemSize(), c = d.c(), h = d.h(), w = d.w();
        boolean planar = d.planar();
        if (!rowBlock(d, planar)) {
            return false;
        }
        long[] addr = new long[total];
        long[] sRow = new long[total];
        int at = 0;
        for (Tensor t : srcs) {
            PixelGrid g = PixelGrid.of(t, "src", PixelGrid.ANY_IMAGE);
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
        PixelCopies.copyRowsTable(dst.device(), addr, sRow, d.address(), d.sN(), d.sH(), rowBytes, rows, st);
        return true;
    }

    private static boolean rowBlock(PixelGrid g, boolean planar) {
        int e = g.elemSize();
        return planar ? g.sW() == e && g.sC() == (long) g.h() * g.sH() : g.sC() == e && g.sW() == (long) g.c() * e;
    }

    private static PixelGrid check(List<Tensor> srcs) {
        Objects.requireNonNull(srcs, "srcs");
        if (srcs.isEmpty()) {
            throw new IllegalArgumentException("srcs is empty: nothing to stack");
        }
        PixelGrid first = PixelGrid.of(srcs.get(0), "srcs[0]", PixelGrid.ANY_IMAGE);
        first.requireChannels("srcs[0]", 1, 4);
        long total = 0;
        for (int i = 0; i < srcs.size(); i++) {
            String role = "srcs[" + i + "]";
            PixelGrid g = PixelGrid.of(srcs.get(i), role, PixelGrid.ANY_IMAGE);
            if (g.planar() != first.planar()) {
                throw new IllegalArgumentException(role + " has layout " + g.layout() + " but srcs[0] has " + first.layout()
                        + ": interleaved and planar images cannot be stacked together");
            }
            if (g.dtype() != first.dtype()) {
                throw new IllegalArgumentException(role + " has data type " + g.dtype() + " but srcs[0] has " + first.dtype());
            }
            if (g.h() != first.h() || g.w() != first.w() || g.c() != first.c()) {
                throw new IllegalArgumentException(role + " is " + g.w() + "x" + g.h() + "x" + g.c() + " (WxHxC) but srcs[0] is "
                        + first.w() + "x" + first.h() + "x" + first.c());
            }
            PixelGrid.requireSamePlace(srcs.get(0), "srcs[0]", srcs.get(i), role);
            total += g.n();
        }
        if (total > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(total + " images: too many");
        }
        return first;
    }

    private static void run(Tensor dst, List<Tensor> srcs, PixelGrid first, Stream stream) {
        PixelGrid d = PixelGrid.of(dst, "dst", first.planar() ? java.util.Set.of("NCHW") : java.util.Set.of("NHWC"));
        if (d.dtype() != first.dtype() || d.h() != first.h() || d.w() != first.w() || d.c() != first.c()) {
            throw new IllegalArgumentException("dst is " + d + " but the images are " + first);
        }
        long total = 0;
        for (Tensor t : srcs) {
            total += PixelGrid.of(t, "src", PixelGrid.ANY_IMAGE).n();
        }
        if (d.n() != total) {
            throw new IllegalArgumentException("dst holds " + d.n() + " images but srcs have " + total);
        }
        PixelGrid.requireSamePlace(first.tensor(), "srcs[0]", dst, "dst");
        Stream st = dst.isHost() ? null : PixelGrid.stream(stream, dst);
        if (!dst.isHost() && gpuTable(dst, d, srcs, (int) total, st)) {
            return;
        }
        int at = 0;
        for (Tensor t : srcs) {
            PixelGrid g = PixelGrid.of(t, "src", PixelGrid.ANY_IMAGE);
            PixelCopies.region(t, 0, PixelCopies.strides(g), dst, at * d.sN(), PixelCopies.strides(d), g.n(), g.h(), g.w(),
                    g.c(), g.elemSize(), st);
            at += g.n();
        }
    }
}
