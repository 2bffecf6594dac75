package dev.cvj.ops.internal;

import dev.cvj.cuda.Dim3;
import dev.cvj.cuda.Kernel;
import dev.cvj.cuda.KernelArgs;
import dev.cvj.cuda.Stream;

/**
 * Launches layout.cu's warp-staged row kernels ({@code cvj::staged_groups}: horizontal flips of 3-, 6- and 12-byte
 * pixels, the 3-channel U8 reorder): one warp per {@value #CHUNK}-byte chunk of a row, numbered over every row of
 * every image in a 1-D grid. Their rows hold whole 48-byte groups and lie 16-byte aligned on both sides.
 */
public final class StagedRows {
    /** Bytes of a row one warp moves (layout.cu's {@code STAGE}). */
    private static final int CHUNK = 1536;
    /** Threads per block (layout.cu's {@code STAGE_THREADS}). */
    private static final int THREADS = 128;
    private static final int WARPS_PER_BLOCK = THREADS / 32;

    private StagedRows() {}

    /**
     * Whether {@code images x rows} rows of {@code rowBytes} bytes suit the staged kernels: rows of whole 48-byte
     * groups, every address and stride given a multiple of 16, and a warp count the kernel's 32-bit numbering holds.
     */
    public static boolean fits(long rowBytes, long rows, long images, long... addressesAndStrides) {
        if (rowBytes <= 0 || rowBytes % 48 != 0 || rowBytes > Integer.MAX_VALUE || rows <= 0 || images <= 0
                || !PixelCopies.aligned(16, addressesAndStrides)) {
            return false;
        }
        long chunks = (rowBytes + CHUNK - 1) / CHUNK;
        return rows <= Integer.MAX_VALUE / images && rows * images <= (Integer.MAX_VALUE - WARPS_PER_BLOCK) / chunks;
    }

    /** Launches {@code k} over {@code images x rows} rows of {@code rowBytes} bytes (as {@link #fits} allows). */
    public static void launch(Kernel k, long rowBytes, long rows, long images, Stream st, KernelArgs a) {
        long warps = (rowBytes + CHUNK - 1) / CHUNK * rows * images;
        Launch.blocks(k, Dim3.blocksFor(warps, WARPS_PER_BLOCK), 1, 1, THREADS, st, a);
    }
}
