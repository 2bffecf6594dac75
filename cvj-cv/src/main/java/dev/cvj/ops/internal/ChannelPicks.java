package dev.cvj.ops.internal;

import dev.cvj.cuda.Dim3;
import dev.cvj.cuda.Kernel;
import dev.cvj.cuda.KernelArgs;
import dev.cvj.cuda.Stream;
import dev.cvj.tensor.ImageBatchVarShape;
import dev.cvj.tensor.ImageSize;
import dev.cvj.tensor.PixelType;
import java.lang.foreign.MemorySegment;

/**
 * Output channel {@code c} of image {@code i} = input channel {@code orders[i][c]} (0 when negative), on the CPU
 * or the GPU: ChannelReorder's work (tensors and varshape batches), and CvtColor's for a pure selection of U8
 * channels (RGB2BGR, ...).
 * The caller has checked the tensors (same place, extents, dst apart from src) and the orders.
 */
public final class ChannelPicks {
    /** Images per launch: the orders travel in the kernel's parameters, 4 bytes per image. */
    private static final int IMAGES_PER_LAUNCH = 256;

    private ChannelPicks() {}

    /** Writes the picked channels of {@code s} into {@code d} ({@code orders}: 1, or one per image). */
    public static void run(PixelGrid s, PixelGrid d, int[][] orders, Stream stream) {
        if (d.tensor().isHost()) {
            cpu(s, d, orders);
        } else {
            gpu(s, d, orders, stream);
        }
    }

    private static void cpu(PixelGrid s, PixelGrid d, int[][] orders) {
        int e = s.elemSize();
        int cout = d.c();
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
    }

    private static void gpu(PixelGrid s, PixelGrid d, int[][] orders, Stream st) {
        int e = s.elemSize();
        int cout = d.c();
        boolean perImage = orders.length > 1;
        int cin = s.c();
        // dense U8 rows of 3 or 4 channels, 16-byte aligned: 16 pixels per thread, 16-byte loads and stores
        boolean rows = e == 1 && !s.planar() && (cin == 3 || cin == 4) && (cout == 3 || cout == 4)
                && s.sC() == 1 && s.sW() == cin && d.sC() == 1 && d.sW() == cout
                && PixelCopies.aligned(16, s.address(), s.sH(), s.sN(), d.address(), d.sH(), d.sN())
                && s.h() <= 65535;
        if (rows && cin == 3 && cout == 3 && staged(s, d, orders, st)) {
            return;
        }
        Kernel k = KernelLibrary.kernel(d.tensor().device(),
                rows ? "cvj_channel_reorder_rows_u8_" + cin + "to" + cout : "cvj_channel_reorder_e" + e);
        for (int n0 = 0; n0 < s.n(); n0 += IMAGES_PER_LAUNCH) {
            int count = Math.min(IMAGES_PER_LAUNCH, s.n() - n0);
            byte[] table = orderTable(orders, n0, count);
            if (rows) {
                KernelArgs a = new KernelArgs().pointer(s.address() + n0 * s.sN()).i64(s.sN()).i64(s.sH())
                        .pointer(d.address() + n0 * d.sN()).i64(d.sN()).i64(d.sH()).i32(s.w()).i32(perImage ? 1 : 0)
                        .struct(table, 1);
                if ((long) s.w() * s.h() > 0) {
                    Launch.blocks(k, Dim3.blocksFor((s.w() + 15) / 16, 128), s.h(), count, 128, st, a);
                }
                continue;
            }
            KernelArgs a = new KernelArgs().pointer(s.address() + n0 * s.sN()).i64(s.sN()).i64(s.sH()).i64(s.sW()).i64(s.sC())
                    .pointer(d.address() + n0 * d.sN()).i64(d.sN()).i64(d.sH()).i64(d.sW()).i64(d.sC())
                    .i32(s.w()).i32(cout).i32(perImage ? 1 : 0).struct(table, 1);
            Launch.pixels(k, s.w(), s.h(), count, st, a);
        }
    }

    /**
     * 3-channel U8 to 3 channels through the warp-staged kernel (contiguous 512-byte spans per load and store): an
     * image whose rows are contiguous on both sides is one row. Returns false (nothing done) where it does not fit.
     */
    private static boolean staged(PixelGrid s, PixelGrid d, int[][] orders, Stream st) {
        long rowBytes = 3L * s.w();
        long rows = s.h();
        if (s.sH() == rowBytes && d.sH() == rowBytes) {
            rowBytes *= rows;
            rows = 1;
        }
        if (!StagedRows.fits(rowBytes, rows, Math.min(s.n(), IMAGES_PER_LAUNCH), s.address(), s.sH(), s.sN(),
                d.address(), d.sH(), d.sN())) {
            return false;
        }
        Kernel k = KernelLibrary.kernel(d.tensor().device(), "cvj_channel_reorder_staged_u8_3to3");
        for (int n0 = 0; n0 < s.n(); n0 += IMAGES_PER_LAUNCH) {
            int count = Math.min(IMAGES_PER_LAUNCH, s.n() - n0);
            KernelArgs a = new KernelArgs().pointer(s.address() + n0 * s.sN()).i64(s.sN()).i64(s.sH())
                    .pointer(d.address() + n0 * d.sN()).i64(d.sN()).i64(d.sH()).i32((int) rowBytes).i32((int) rows)
                    .i32(count).i32(orders.length > 1 ? 1 : 0).struct(orderTable(orders, n0, count), 1);
            StagedRows.launch(k, rowBytes, rows, count, st, a);
        }
        return true;
    }

    /**
     * The picked channels of image i of the device batch {@code src} into image i of {@code dst} (same sizes; the
     * caller has checked the batches and the orders): one launch per {@value #IMAGES_PER_LAUNCH} images, each image's
     * place read from the descriptor tables.
     */
    public static void batch(ImageBatchVarShape src, ImageBatchVarShape dst, int[][] orders, Stream st) {
        PixelType p = src.uniqueFormat();
        boolean perImage = orders.length > 1;
        Kernel k = KernelLibrary.kernel(src.device(), "cvj_channel_reorder_vs_e" + p.dataType().byteSize());
        ImageSize max = dst.maxSize();
        long srcTable = src.descriptors(st), dstTable = dst.descriptors(st);
        for (int n0 = 0; n0 < src.size(); n0 += IMAGES_PER_LAUNCH) {
            int count = Math.min(IMAGES_PER_LAUNCH, src.size() - n0);
            long at = (long) n0 * ImageBatchVarShape.DESCRIPTOR_BYTES;
            KernelArgs a = Launch.args().pointer(srcTable + at).pointer(dstTable + at).i32(p.channels())
                    .i32(orders[0].length).i32(perImage ? 1 : 0).struct(orderTable(orders, n0, count), 1);
            Launch.batchPixels(k, max, count, st, a);
        }
    }

    /** layout.cu's {@code cvj::Orders} for images {@code n0 .. n0 + count - 1}: 4 entries per image, -1 padded. */
    private static byte[] orderTable(int[][] orders, int n0, int count) {
        boolean perImage = orders.length > 1;
        byte[] table = new byte[IMAGES_PER_LAUNCH * 4];
        for (int i = 0; i < (perImage ? count : 1); i++) {
            int[] o = orders[perImage ? n0 + i : 0];
            for (int c = 0; c < 4; c++) {
                table[i * 4 + c] = (byte) (c < o.length ? Math.max(o[c], -1) : -1);
            }
        }
        return table;
    }
}
