package dev.cvj.cuda;

/**
 * Grid or block dimensions of a kernel launch.
 *
 * @param x the extent in x (at least 1)
 * @param y the extent in y (at least 1)
 * @param z the extent in z (at least 1)
 */
public record Dim3(int x, int y, int z) {
    /**
     * Checks the extents.
     *
     * @throws IllegalArgumentException if an extent is less than 1
     */
    public Dim3 {
        if (x < 1 || y < 1 || z < 1) {
            throw new IllegalArgumentException("launch dimensions must be >= 1, got (" + x + ", " + y + ", " + z + ")");
        }
    }

    /**
     * {@return a one-dimensional extent}
     *
     * @param x the extent in x
     */
    public static Dim3 of(int x) {
        return new Dim3(x, 1, 1);
    }

    /**
     * {@return a two-dimensional extent}
     *
     * @param x the extent in x
     * @param y the extent in y
     */
    public static Dim3 of(int x, int y) {
        return new Dim3(x, y, 1);
    }

    /**
     * {@return a three-dimensional extent}
     *
     * @param x the extent in x
     * @param y the extent in y
     * @param z the extent in z
     */
    public static Dim3 of(int x, int y, int z) {
        return new Dim3(x, y, z);
    }

    /**
     * {@return the number of blocks of {@code block} threads that cover {@code n} items: ceil(n / block)}
     *
     * @param n the number of items
     * @param block the threads per block
     */
    public static int blocksFor(long n, int block) {
        if (n < 0 || block <= 0) {
            throw new IllegalArgumentException("blocksFor(" + n + " items, blocks of " + block
                    + "): items must be >= 0 and the block > 0");
        }
        long b = n / block + (n % block == 0 ? 0 : 1); // n + block - 1 would overflow near 2^63

        if (b > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(n + " items need more than 2^31-1 blocks of " + block);
        }
        return (int) Math.max(1, b);
    }

    /** {@return x * y * z} */
    public long volume() {
        return (long) x * y * z;
    }
}
