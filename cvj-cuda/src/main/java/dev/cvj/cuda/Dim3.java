package dev.cvj.cuda;

/** Grid or block dimensions of a kernel launch. */
public record Dim3(int x, int y, int z) {
    public Dim3 {
        if (x < 1 || y < 1 || z < 1) {
            throw new IllegalArgumentException("launch dimensions must be >= 1, got (" + x + ", " + y + ", " + z + ")");
        }
    }

    public static Dim3 of(int x) {
        return new Dim3(x, 1, 1);
    }

    public static Dim3 of(int x, int y) {
        return new Dim3(x, y, 1);
    }

    public static Dim3 of(int x, int y, int z) {
        return new Dim3(x, y, z);
    }

    /** The number of blocks of {@code block} threads that cover {@code n} items: ceil(n / block). */
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

    public long volume() {
        return (long) x * y * z;
    }
}
