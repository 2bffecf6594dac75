package dev.cvj.ops.internal;

import dev.cvj.cuda.Device;
import dev.cvj.cuda.Dim3;
import dev.cvj.cuda.Kernel;
import dev.cvj.cuda.KernelArgs;
import dev.cvj.cuda.Stream;
import dev.cvj.tensor.ImageBatchVarShape;
import dev.cvj.tensor.ImageSize;
import dev.cvj.tensor.PixelType;
import dev.cvj.tensor.Tensor;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Copies of pixels without changing them, shared by the copy operators (crops, Flip, Reformat, Stack, Resize
 * at the same size): the byte-row copy ({@code cvj_copy_rows}), the table of rows ({@code cvj_copy_rows_table}),
 * the general strided pixel copy ({@code cvj_copy4d_e*}) and its CPU twin, and the crops and flips of varshape
 * batches ({@code cvj_copy_vs_e*}).
 */
public final class PixelCopies {
    private PixelCopies() {}

    /**
     * Copies {@code n} x {@code rows} rows of {@code rowBytes} bytes: row r of image i at
     * {@code src + i*sN + r*sRow} (strides may be negative) to {@code dst + i*dN + r*dRow}.
     */
    public static void copyRows(Device d, long src, long sN, long sRow, long dst, long dN, long dRow, long rowBytes,
                                int rows, int n, Stream s) {
        if (rowBytes == 0 || rows == 0 || n == 0) {
            return;
        }
        if (rowBytes > Integer.MAX_VALUE - 32) {
            throw new IllegalArgumentException("rows of " + rowBytes + " bytes are too long");
        }
        long windows = rowBytes / 16 + 2;
        long threads = windows * rows * n;
        Kernel k = KernelLibrary.kernel(d, "cvj_copy_rows");
        KernelArgs a = Launch.args().pointer(src).i64(sN).i64(sRow).pointer(dst).i64(dN).i64(dRow)
                .i32((int) rowBytes).i32(rows).i32(n);
        Launch.linear(k, threads, s, a); // cvj_copy_rows' launch bounds are Launch.LINEAR_BLOCK
    }

    /** Images per launch of {@code cvj_copy_rows_table} ({@code cvj::ROW_TABLE}). */
    public static final int ROW_TABLE = 128;

    /**
     * Copies {@code srcs.length} images of {@code rows} rows of {@code rowBytes} bytes, image i's row r at
     * {@code srcs[i] + r * sRows[i]}, to {@code dst + i * dN + r * dRow}: one launch per {@link #ROW_TABLE}
     * images.
     */
    public static void copyRowsTable(Device d, long[] srcs, long[] sRows, long dst, long dN, long dRow, long rowBytes,
                                     int rows, Stream s) {
        if (rowBytes == 0 || rows == 0 || srcs.length == 0) {
            return;
        }
        if (rowBytes > Integer.MAX_VALUE - 32) {
            throw new IllegalArgumentException("rows of " + rowBytes + " bytes are too long");
        }
        long threads = (rowBytes / 16 + 2) * rows;
        Kernel k = KernelLibrary.kernel(d, "cvj_copy_rows_table");
        // entries past count are the previous launch's: the kernel reads entries 0 .. count - 1 (grid y)
        java.nio.ByteBuffer t = java.nio.ByteBuffer.allocate(16 * ROW_TABLE).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        for (int at = 0; at < srcs.length; at += ROW_TABLE) {
            int count = Math.min(ROW_TABLE, srcs.length - at);
            for (int i = 0; i < count; i++) {
                t.putLong(8 * i, srcs[at + i]);
                t.putLong(8 * (ROW_TABLE + i), sRows[at + i]);
            }
            KernelArgs a = Launch.args().struct(t.array(), 8).pointer(dst + at * dN).i64(dN).i64(dRow)
                    .i32((int) rowBytes).i32(rows);
            Launch.blocks(k, Dim3.blocksFor(threads, 256), count, 1, 256, s, a);
        }
    }

    /** Images per launch of {@code cvj_copy_vs_e*} (layout.cu's {@code VS_COPY_IMAGES}): parameters travel by value. */
    public static final int BATCH_IMAGES = 256;

    /**
     * Copies image i of the device batch {@code src} into image i of {@code dst}: the rectangle of dst image i's size at
     * {@code (x[i], y[i])} of src image i, its rows reversed where bit 0 of {@code flips[i]} is set and its columns where
     * bit 1 is (one entry per image). Crops and flips of varshape batches. The caller has checked the batches (same
     * count and pixels, dst images apart from the src images) and that every rectangle lies inside its image. One
     * launch per {@link #BATCH_IMAGES} images, each image's place read from the descriptor tables; pixels of 2, 4, 8 or
     * 16 bytes move as one element when every image's address and row pitch allow it.
     */
    public static void batch(ImageBatchVarShape src, ImageBatchVarShape dst, int[] x, int[] y, int[] flips, Stream s) {
        PixelType p = src.uniqueFormat();
        int px = p.byteSize();
        boolean whole = p.channels() > 1 && (px == 2 || px == 4 || px == 8 || px == 16) && alignedImages(px, src)
                && alignedImages(px, dst);
        Kernel k = KernelLibrary.kernel(src.device(), "cvj_copy_vs_e" + (whole ? px : p.dataType().byteSize()));
        ImageSize max = dst.maxSize();
        long srcTable = src.descriptors(s), dstTable = dst.descriptors(s);
        for (int n0 = 0; n0 < src.size(); n0 += BATCH_IMAGES) {
            int count = Math.min(BATCH_IMAGES, src.size() - n0);
            // layout.cu's VarShapeCopyParams: x[256], y[256] (int), flip[256] (byte)
            ByteBuffer params = ByteBuffer.allocate(9 * BATCH_IMAGES).order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < count; i++) {
                params.putInt(4 * i, x[n0 + i]);
                params.putInt(4 * (BATCH_IMAGES + i), y[n0 + i]);
                params.put(8 * BATCH_IMAGES + i, (byte) flips[n0 + i]);
            }
            long at = (long) n0 * ImageBatchVarShape.DESCRIPTOR_BYTES;
            KernelArgs a = Launch.args().pointer(srcTable + at).pointer(dstTable + at).i32(whole ? 1 : p.channels())
                    .struct(params.array(), 4);
            Launch.batchPixels(k, max, count, s, a);
        }
    }

    /** Whether every image of {@code b} starts and has rows at multiples of {@code m} bytes. */
    private static boolean alignedImages(int m, ImageBatchVarShape b) {
        for (Tensor t : b) {
            if (!aligned(m, t.address(), t.strides()[t.rank() - 3])) {
                return false;
            }
        }
        return true;
    }

    /**
     * Copies {@code n x h x w} pixels of {@code c <= 4} elements of {@code elem} bytes; strides in bytes, in
     * the order N, H, W, C, may be negative (flips). Pixels of 2, 4, 8 or 16 bytes with adjacent channels move
     * as one element when the addresses allow it.
     */
    public static void copy4d(Device d, long src, long[] ss, long dst, long[] ds, int n, int h, int w, int c, int elem,
                              Stream s) {
        int e = elem;
        int ch = c;
        int px = c * elem;
        if (c > 1 && ss[3] == elem && ds[3] == elem && (px == 2 || px == 4 || px == 8 || px == 16)
                && aligned(px, src, dst, ss[0], ss[1], ss[2], ds[0], ds[1], ds[2])) {
            e = px;
            ch = 1;
        }
        Kernel k = KernelLibrary.kernel(d, "cvj_copy4d_e" + e);
        KernelArgs a = new KernelArgs().pointer(src).i64(ss[0]).i64(ss[1]).i64(ss[2]).i64(ss[3])
                .pointer(dst).i64(ds[0]).i64(ds[1]).i64(ds[2]).i64(ds[3]).i32(w).i32(ch);
        Launch.pixels(k, w, h, n, s, a);
    }

    /**
     * Copies a region without changing elements, on the CPU (host tensors) or the GPU: {@code n x h x w}
     * pixels of {@code c} elements of {@code e} bytes, starting at byte offsets {@code srcOff} / {@code dstOff}
     * from element 0 of each tensor, strides (N, H, W, C, bytes) possibly negative. Crops, flips, stacking.
     * Dense rows go through the row copy (one 16-byte store per thread), planar planes too; the rest per pixel.
     */
    public static void region(Tensor src, long srcOff, long[] ss, Tensor dst, long dstOff, long[] ds, int n, int h,
                              int w, int c, int e, Stream s) {
        if ((long) n * h * w * c == 0) {
            return;
        }
        if (src.isHost()) {
            cpuRegion(src.hostSegment(), srcOff, ss, dst.hostSegment(), dstOff, ds, n, h, w, c, e);
            return;
        }
        Device d = src.device();
        long sa = src.address() + srcOff;
        long da = dst.address() + dstOff;
        if (ss[3] == e && ds[3] == e && ss[2] == (long) c * e && ds[2] == (long) c * e) {
            copyRows(d, sa, ss[0], ss[1], da, ds[0], ds[1], (long) w * c * e, h, n, s);
        } else if (ss[2] == e && ds[2] == e && (n == 1 || (ss[0] == c * ss[3] && ds[0] == c * ds[3]))
                && (long) n * c <= Integer.MAX_VALUE) { // the planes of all images as one batch of n * c
            copyRows(d, sa, ss[3], ss[1], da, ds[3], ds[1], (long) w * e, h, n * c, s);
        } else {
            copy4d(d, sa, ss, da, ds, n, h, w, c, e, s);
        }
    }

    private static void cpuRegion(MemorySegment src, long srcOff, long[] ss, MemorySegment dst, long dstOff, long[] ds,
                                  int n, int h, int w, int c, int e) {
        boolean rows = ss[3] == e && ds[3] == e && ss[2] == (long) c * e && ds[2] == (long) c * e;
        CpuPixels.forRows(n, h, (i, y) -> {
            long so = srcOff + i * ss[0] + y * ss[1];
            long dO = dstOff + i * ds[0] + y * ds[1];
            if (rows) {
                MemorySegment.copy(src, so, dst, dO, (long) w * c * e);
                return;
            }
            for (int x = 0; x < w; x++) {
                for (int ch = 0; ch < c; ch++) {
                    CpuPixels.copy(src, so + x * ss[2] + ch * ss[3], dst, dO + x * ds[2] + ch * ds[3], e);
                }
            }
        });
    }

    /**
     * Copies the rectangle of dst's width and height at {@code (x, y)} of every image of {@code s} into
     * {@code d}, after checking {@code d} against {@code s} (layout, data type, N and C, place, apart); the
     * rectangle itself is the caller's to check. CustomCrop's and CenterCrop's work.
     */
    public static void crop(OpCheck op, PixelGrid s, PixelGrid d, int x, int y, Stream stream) {
        op.sameLayout("dst", d, "src", s);
        op.sameDtype("dst", d, "src", s);
        if (d.n() != s.n() || d.c() != s.c()) {
            throw op.fail("dst has " + d.n() + " images of " + d.c() + " channels but src has " + s.n() + " of " + s.c());
        }
        op.output(d, s);
        Stream st = d.tensor().isHost() ? null : op.stream(d.tensor(), stream);
        region(s.tensor(), s.offset(0, y, x, 0), s.strides(), d.tensor(), 0, d.strides(), d.n(), d.h(), d.w(), d.c(),
                d.elemSize(), st);
    }

    /** Whether every value is a multiple of {@code m}. */
    public static boolean aligned(long m, long... values) {
        for (long v : values) {
            if (Math.floorMod(v, m) != 0) {
                return false;
            }
        }
        return true;
    }
}
