package dev.cvj.ops.internal;

import dev.cvj.cuda.Kernel;
import dev.cvj.cuda.KernelArgs;
import dev.cvj.cuda.Stream;
import dev.cvj.tensor.DataType;

/**
 * The per-element kernels over dense U8 images ({@code dense_u8_pointwise} in pixels.cuh): when src and dst are U8
 * images of interleaved layout whose rows have no padding, each image is one run of {@code H x W x C} bytes, mapped 16
 * bytes per thread (one vector load and store) instead of pixel by pixel along strided rows.
 */
public final class DenseImages {
    private DenseImages() {}

    /** {@return whether {@code s} and {@code d} (of one shape) can take the dense kernels} */
    public static boolean fit(PixelGrid s, PixelGrid d) {
        return s.dtype() == DataType.U8 && d.dtype() == DataType.U8 && dense(s) && dense(d) && d.n() <= Launch.MAX_GRID_YZ;
    }

    private static boolean dense(PixelGrid g) {
        return !g.planar() && g.rowsDense() && (g.h() == 1 || g.sH() == g.rowBytes());
    }

    /** {@return the dense kernels' first arguments: src, its image stride, dst, its image stride, bytes per image, C} */
    public static KernelArgs args(PixelGrid s, PixelGrid d) {
        return Launch.args().pointer(s.address()).i64(s.sN()).pointer(d.address()).i64(d.sN())
                .i64((long) d.h() * d.w() * d.c()).i32(d.c());
    }

    /**
     * Blocks per image at most: each thread then strides over its image, so that work done once per block (a table
     * made in shared memory) is spread over many bytes, while a batch still fills the GPU many times over.
     */
    static final int MAX_BLOCKS_PER_IMAGE = 64;

    /** Launches a dense kernel over the images of {@code d}: grid (blocks per image, images). */
    public static void launch(Kernel k, PixelGrid d, Stream stream, KernelArgs args) {
        long count = (long) d.h() * d.w() * d.c();
        long perBlock = 16L * Launch.LINEAR_BLOCK;
        int blocks = (int) Math.min(MAX_BLOCKS_PER_IMAGE, (count + perBlock - 1) / perBlock);
        Launch.blocks(k, blocks, d.n(), 1, Launch.LINEAR_BLOCK, stream, args);
    }
}
