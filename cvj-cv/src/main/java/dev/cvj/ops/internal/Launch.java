package dev.cvj.ops.internal;

import dev.cvj.cuda.Dim3;
import dev.cvj.cuda.Kernel;
import dev.cvj.cuda.KernelArgs;
import dev.cvj.cuda.Stream;
import dev.cvj.tensor.ImageSize;

/**
 * Launch helpers for operators: one line per launch.
 *
 * <pre>{@code
 * Kernel k = KernelLibrary.kernel(dst.device(), "cvj_resize_linear_u8");
 * Launch.image(k, dstW, dstH, batch, stream, Launch.args()
 *         .pointer(src.address()).i64(srcRowStride) ... .pointer(dst.address()).i32(dstW).i32(dstH));
 * }</pre>
 *
 * {@link #args()} is a per-thread reusable {@link KernelArgs}, cleared on each call: fill it and launch
 * before asking for it again. Every kernel launch of the operators goes through this class: the shapes of
 * launch are {@link #image}, {@link #warpSegments}, {@link #linear}, {@link #pixels}, {@link #batchPixels} (varshape
 * batches) and, for kernels with a grid of their own, {@link #blocks}.
 */
public final class Launch {
    /** Block of an image launch: 32 x 8 threads (x along W for coalesced rows). */
    public static final Dim3 IMAGE_BLOCK = Dim3.of(32, 8, 1);
    /** Threads per block of a linear launch. */
    public static final int LINEAR_BLOCK = 256;
    /** Threads per block of the per-pixel kernels ({@code cvj::BLOCK} in pixels.cuh). */
    public static final int PIXEL_BLOCK = 128;
    /** Pixels per thread of the per-pixel kernels ({@code cvj::PIX} in pixels.cuh). */
    public static final int PIXELS_PER_THREAD = 4;

    /** CUDA's grid limit in y and z: the most images one launch over grid z takes. */
    public static final int MAX_GRID_YZ = 65535;
    private static final int MAX_BLOCK = 1024;
    private static final ThreadLocal<KernelArgs> ARGS = ThreadLocal.withInitial(KernelArgs::new);

    private Launch() {}

    /** The calling thread's reusable arguments, cleared. */
    public static KernelArgs args() {
        return ARGS.get().clear();
    }

    /** The grid covering a {@code width x height} image, {@code batch} deep, with {@link #IMAGE_BLOCK}. */
    public static Dim3 imageGrid(long width, long height, long batch) {
        if (width < 0 || height < 0 || batch < 0) {
            throw new IllegalArgumentException("image launch of " + width + " x " + height + " x " + batch + ": sizes must be >= 0");
        }
        int gx = Dim3.blocksFor(width, IMAGE_BLOCK.x());
        int gy = Dim3.blocksFor(height, IMAGE_BLOCK.y());
        if (gy > MAX_GRID_YZ) {
            throw new IllegalArgumentException("a GPU launch over an image of height " + height + " needs " + gy
                    + " blocks in y, more than " + MAX_GRID_YZ + " (CUDA's grid limit)");
        }
        if (batch > MAX_GRID_YZ) {
            throw new IllegalArgumentException("a GPU launch over a batch of " + batch + " images: at most " + MAX_GRID_YZ
                    + " (CUDA's grid limit in z)");
        }
        return Dim3.of(gx, gy, (int) Math.max(batch, 1));
    }

    /**
     * Launches {@code k} over a {@code width x height} image, {@code batch} deep: thread (x, y) of block
     * z handles pixel (x, y) of image z; kernels check {@code x < width && y < height}. Nothing is launched
     * when any size is 0.
     */
    public static void image(Kernel k, long width, long height, long batch, Stream stream, KernelArgs args) {
        Dim3 grid = imageGrid(width, height, batch);
        if (width == 0 || height == 0 || batch == 0) {
            return;
        }
        k.launch(grid, IMAGE_BLOCK, 0, stream, args);
    }

    /**
     * Launches {@code k} with one warp per 32 consecutive outputs of an image row: blocks of
     * {@code warpsPerBlock} warps numbered along the rows of one image (grid x), images along grid y. The
     * kernel maps warp {@code blockIdx.x * warpsPerBlock + warp} to row {@code / ceil(width / 32)} and
     * segment {@code % ceil(width / 32)}, and returns from warps past the last row. Nothing when a size is 0.
     */
    public static void warpSegments(Kernel k, long width, long height, long batch, int warpsPerBlock, Stream stream,
                                    KernelArgs args) {
        if (width < 0 || height < 0 || batch < 0 || warpsPerBlock < 1 || warpsPerBlock > 32) {
            throw new IllegalArgumentException("warp-segment launch of " + width + " x " + height + " x " + batch
                    + " with " + warpsPerBlock + " warps per block");
        }
        if (batch > MAX_GRID_YZ) {
            throw new IllegalArgumentException("a GPU launch over a batch of " + batch + " images: at most " + MAX_GRID_YZ
                    + " (CUDA's grid limit in y)");
        }
        if (width == 0 || height == 0 || batch == 0) {
            return;
        }
        long warps = (width + 31) / 32 * height;
        if (warps > Integer.MAX_VALUE) { // the kernels number warps in 32 bits
            throw new IllegalArgumentException("image of " + width + " x " + height + " needs " + warps
                    + " warps, more than 2^31-1");
        }
        int gx = Dim3.blocksFor(warps, warpsPerBlock);
        k.launch(Dim3.of(gx, (int) batch, 1), Dim3.of(32 * warpsPerBlock, 1, 1), 0, stream, args);
    }

    /** Launches {@code k} with one thread per item, {@link #LINEAR_BLOCK} per block; nothing when {@code n} is 0. */
    public static void linear(Kernel k, long n, Stream stream, KernelArgs args) {
        if (n < 0) {
            throw new IllegalArgumentException("linear launch of " + n + " items");
        }
        if (n == 0) {
            return;
        }
        k.launch(Dim3.of(Dim3.blocksFor(n, LINEAR_BLOCK)), Dim3.of(LINEAR_BLOCK), 0, stream, args);
    }

    /**
     * Grid of a per-pixel kernel over {@code n} images of {@code w x h}: {@link #PIXELS_PER_THREAD} pixels per
     * thread along x. The kernels number pixels in 32 bits and a thread's last pixel may lie up to
     * {@code PIXEL_BLOCK * PIXELS_PER_THREAD} past the row: {@code w} must stay that far below 2^31.
     */
    public static Dim3 pixelGrid(int w, int h, int n) {
        if (w < 0 || h < 0 || n < 0 || h > MAX_GRID_YZ || n > MAX_GRID_YZ
                || w > Integer.MAX_VALUE - PIXEL_BLOCK * PIXELS_PER_THREAD) {
            throw new IllegalArgumentException("a GPU launch over " + n + " images of " + w + " x " + h + " (W x H) pixels:"
                    + " the height and the batch must be at most " + MAX_GRID_YZ + " (CUDA's grid limits in y and z), the"
                    + " width at most " + (Integer.MAX_VALUE - PIXEL_BLOCK * PIXELS_PER_THREAD));
        }
        return Dim3.of(Dim3.blocksFor(w, PIXEL_BLOCK * PIXELS_PER_THREAD), Math.max(h, 1), Math.max(n, 1));
    }

    /** Launches a per-pixel kernel over {@code n} images of {@code w x h} (nothing when empty). */
    public static void pixels(Kernel k, int w, int h, int n, Stream stream, KernelArgs args) {
        if (w == 0 || h == 0 || n == 0) {
            return;
        }
        k.launch(pixelGrid(w, h, n), Dim3.of(PIXEL_BLOCK), 0, stream, args);
    }

    /**
     * Launches a per-pixel kernel over {@code n} images of a varshape batch, none larger than {@code max}:
     * grid x covers the widest row ({@link #PIXELS_PER_THREAD} pixels per thread, {@link #PIXEL_BLOCK} threads), grid y
     * up to {@link #MAX_GRID_YZ} rows (the kernel steps through its image's rows by {@code gridDim.y}, so any height
     * fits), grid z the images; the kernel returns for pixels past its own image. Nothing when a size is 0.
     */
    public static void batchPixels(Kernel k, ImageSize max, int n, Stream stream, KernelArgs args) {
        if (max.width() == 0 || max.height() == 0 || n == 0) {
            return;
        }
        Dim3 grid = pixelGrid(max.width(), Math.min(max.height(), MAX_GRID_YZ), n);
        k.launch(grid, Dim3.of(PIXEL_BLOCK), 0, stream, args);
    }

    /**
     * Launches {@code k} on a grid the caller computed ({@code gx x gy x gz} blocks of {@code threads}), for
     * kernels whose threads each own a window of a row (flip, channel reorder and reformat rows, the pointwise
     * row kernels, table copies). The caller skips empty work.
     */
    public static void blocks(Kernel k, int gx, int gy, int gz, int threads, Stream stream, KernelArgs args) {
        if (gx < 1 || gy < 1 || gy > MAX_GRID_YZ || gz < 1 || gz > MAX_GRID_YZ || threads < 1 || threads > MAX_BLOCK) {
            // CUDA would refuse it (or, for a count wrapped negative, the caller computed it wrong): never launch it
            throw new IllegalArgumentException("a GPU launch of " + gx + " x " + gy + " x " + gz + " blocks of " + threads
                    + " threads: CUDA allows 1..2^31-1 blocks in x, 1.." + MAX_GRID_YZ + " in y and z, 1.." + MAX_BLOCK
                    + " threads");
        }
        k.launch(Dim3.of(gx, gy, gz), Dim3.of(threads), 0, stream, args);
    }

    /**
     * Launches a tiled kernel: one block of {@code threads} threads per {@code tile x tile} block of outputs of
     * each image (grid x along the row, y down the image, z the images), with {@code sharedBytes} of dynamic shared
     * memory for the tile it loads. Nothing when a size is 0.
     */
    public static void tiles(Kernel k, long width, long height, long batch, int tile, int threads, int sharedBytes,
                             Stream stream, KernelArgs args) {
        if (width < 0 || height < 0 || batch < 0 || tile < 1) {
            throw new IllegalArgumentException("tiled launch of " + width + " x " + height + " x " + batch + " in tiles of " + tile);
        }
        if (width == 0 || height == 0 || batch == 0) {
            return;
        }
        long gx = (width + tile - 1) / tile, gy = (height + tile - 1) / tile;
        if (gx > Integer.MAX_VALUE || gy > MAX_GRID_YZ || batch > MAX_GRID_YZ) {
            throw new IllegalArgumentException("a GPU launch over " + batch + " images of " + width + " x " + height
                    + " in tiles of " + tile + ": at most " + MAX_GRID_YZ + " tiles down an image and " + MAX_GRID_YZ
                    + " images (CUDA's grid limits in y and z)");
        }
        k.launch(Dim3.of((int) gx, (int) gy, (int) batch), Dim3.of(threads), sharedBytes, stream, args);
    }
}
