package dev.cvj.ops;

import dev.cvj.cuda.Dim3;
import dev.cvj.cuda.Kernel;
import dev.cvj.cuda.KernelArgs;
import dev.cvj.cuda.Stream;
import dev.cvj.ops.internal.CpuPixels;
import dev.cvj.ops.internal.KernelLibrary;
import dev.cvj.ops.internal.PixelCopies;
import dev.cvj.ops.internal.PixelGrid;
import dev.cvj.tensor.Tensor;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.Objects;

/**
 * Rearranges channels, CV-CUDA's ChannelReorder: output channel {@code c} of image {@code i} is input
 * channel {@code orders[i][c]}, or 0 when that index is negative (CV-CUDA's rule). One order may serve
 * every image. The output has as many channels as the order has entries, so channels may be dropped or
 * duplicated: {2, 1, 0} turns RGB into BGR, {0, 0, 0} gray into 3 channels, {2, 1, 0, -1} RGB into BGR
 * plus a zero channel. Bit-exact.
 *
 * <table>
 *   <caption>Support</caption>
 *   <tr><th></th><th>src</th><th>dst</th></tr>
 *   <tr><td>Layouts</td><td>NHWC, HWC, NCHW, CHW</td><td>same as src</td></tr>
 *   <tr><td>Data types</td><td>all</td><td>same as src</td></tr>
 *   <tr><td>Channels</td><td>1, 2, 3, 4</td><td>1, 2, 3, 4 (the order's length)</td></tr>
 *   <tr><td>Orders</td><td colspan="2">1 order, or one per image; entries in [-1, src channels)
 *       (any negative means 0)</td></tr>
 * </table>
 *
 * <pre>{@code
 * Tensor bgr = ChannelReorder.channelReorder(rgb, new int[] {2, 1, 0}, stream);
 * }</pre>
 */
public final class ChannelReorder {
    private static final int IMAGES_PER_LAUNCH = 256;

    private ChannelReorder() {}

    /** A new tensor: channels of every image picked by {@code order}. */
    public static Tensor channelReorder(Tensor src, int[] order, Stream stream) {
        Objects.requireNonNull(order, "order");
        return channelReorder(src, new int[][] {order}, stream);
    }

    /** A new tensor: channels of image i picked by {@code orders[i]} ({@code orders} of length 1 serves all). */
    public static Tensor channelReorder(Tensor src, int[][] orders, Stream stream) {
        PixelGrid s = checkSrc(src);
        int cout = checkOrders(s, orders);
        Tensor dst = PixelGrid.allocateLike(src, PixelGrid.shapeOf(src.layout(), s.n(), s.h(), s.w(), cout), src.dtype(),
                src.layout(), stream);
        try {
            run(dst, s, orders, stream);
        } catch (RuntimeException e) {
            dst.close();
            throw e;
        }
        return dst;
    }

    /** Writes the reordered channels into {@code dst} (channels = the orders' length). */
    public static void channelReorderInto(Tensor dst, Tensor src, int[][] orders, Stream stream) {
        PixelGrid s = checkSrc(src);
        checkOrders(s, orders);
        run(dst, s, orders, stream);
    }

    private static PixelGrid checkSrc(Tensor src) {
        PixelGrid s = PixelGrid.of(src, "src", PixelGrid.ANY_IMAGE);
        s.requireChannels("src", 1, 4);
        return s;
    }

    private static int checkOrders(PixelGrid s, int[][] orders) {
        Objects.requireNonNull(orders, "orders");
        if (orders.length != 1 && orders.length != s.n()) {
            throw new IllegalArgumentException(orders.length + " orders for " + s.n() + " images; give 1 or " + s.n());
        }
        int cout = -1;
        for (int i = 0; i < orders.length; i++) {
            int[] o = Objects.requireNonNull(orders[i], "orders[" + i + "]");
            if (o.length < 1 || o.length > 4) {
                throw new IllegalArgumentException("orders[" + i + "] has " + o.length + " entries; supported: 1..4");
            }
            if (cout >= 0 && o.length != cout) {
                throw new IllegalArgumentException("orders[" + i + "] has " + o.length + " entries but orders[0] has " + cout);
            }
            cout = o.length;
            for (int v : o) {
                if (v >= s.c()) {
                    throw new IllegalArgumentException("orders[" + i + "] = " + Arrays.toString(o) + " names channel " + v
                            + " but src has " + s.c() + " channels");
                }
            }
        }
        return cout;
    }

    private static void run(Tensor dst, PixelGrid s, int[][] orders, Stream stream) {
        PixelGrid d = PixelGrid.of(dst, "dst", PixelGrid.ANY_IMAGE);
        int cout = orders[0].length;
        if (!d.layout().equals(s.layout()) || d.dtype() != s.dtype() || d.n() != s.n() || d.h() != s.h() || d.w() != s.w()
                || d.c() != cout) {
            throw new IllegalArgumentException("dst is " + d + " but must be " + s.layout() + " " + s.dtype() + " "
                    + s.n() + "x" + s.h() + "x" + s.w() + "x" + cout);
        }
        PixelGrid.requireSamePlace(s.tensor(), "src", dst, "dst");
        int e = s.elemSize();
        if (dst.isHost()) {
            MemorySegment ss = s.host(), ds = d.host();
            CpuPixels.forRows(s.n(), s.h(), (img, y) -> {
                int[] o = orders[orders.length == 1 ? 0 : img];
                for (int x = 0; x < s.w(); x++) {
                    for (int c = 0; c < cout; c++) {
                        long dof = d.offset(img, y, x, c);
                        if (o[c] < 0) {
                            CpuPixels.storeRaw(ds, dof, e, 0);
                        } else {
                            CpuPixels.copy(ss, s.offset(img, y, x, o[c]), ds, dof, e);
                        }
                    }
                }
            });
            return;
        }
        Stream st = PixelGrid.stream(stream, dst);
        boolean perImage = orders.length > 1;
        int cin = s.c();
        // dense U8 rows of 3 or 4 channels, 16-byte aligned: 16 pixels per thread, 16-byte loads and stores
        boolean rows = e == 1 && !s.planar() && (cin == 3 || cin == 4) && (cout == 3 || cout == 4)
                && s.sC() == 1 && s.sW() == cin && d.sC() == 1 && d.sW() == cout
                && PixelCopies.aligned(16, s.address(), s.sH(), s.sN(), d.address(), d.sH(), d.sN())
                && s.h() <= 65535;
        Kernel k = KernelLibrary.kernel(dst.device(),
                rows ? "cvj_channel_reorder_rows_u8_" + cin + "to" + cout : "cvj_channel_reorder_e" + e);
        for (int n0 = 0; n0 < s.n(); n0 += IMAGES_PER_LAUNCH) {
            int count = Math.min(IMAGES_PER_LAUNCH, s.n() - n0);
            byte[] table = new byte[IMAGES_PER_LAUNCH * 4];
            for (int i = 0; i < (perImage ? count : 1); i++) {
                int[] o = orders[perImage ? n0 + i : 0];
                for (int c = 0; c < 4; c++) {
                    table[i * 4 + c] = (byte) (c < o.length ? Math.max(o[c], -1) : -1);
                }
            }
            if (rows) {
                KernelArgs a = new KernelArgs().pointer(s.address() + n0 * s.sN()).i64(s.sN()).i64(s.sH())
                        .pointer(d.address() + n0 * d.sN()).i64(d.sN()).i64(d.sH()).i32(s.w()).i32(perImage ? 1 : 0)
                        .struct(table, 1);
                if ((long) s.w() * s.h() > 0) {
                    k.launch(Dim3.of(Dim3.blocksFor((s.w() + 15) / 16, 128), s.h(), count), Dim3.of(128), 0, st, a);
                }
                continue;
            }
            KernelArgs a = new KernelArgs().pointer(s.address() + n0 * s.sN()).i64(s.sN()).i64(s.sH()).i64(s.sW()).i64(s.sC())
                    .pointer(d.address() + n0 * d.sN()).i64(d.sN()).i64(d.sH()).i64(d.sW()).i64(d.sC())
                    .i32(s.w()).i32(cout).i32(perImage ? 1 : 0).struct(table, 1);
            PixelCopies.launchPixels(k, s.w(), s.h(), count, st, a);
        }
    }
}
