package dev.cvj.cuda.test;

/**
 * Whether the tests run under compute-sanitizer ({@code scripts/gpu-test.sh --sanitizer T} passes
 * {@code -Dcvj.test.underSanitizer=true} and {@code -Dcvj.test.sanitizer=T}). Under a sanitizer every kernel
 * runs instrumented and every CUDA call is checked, so the GPU tests use a light mode: work that is only heavy,
 * not different (1 GiB round trips, busy-work copies, soak cycles, fuzz calls, timing loops), shrinks, and
 * checks that the shared device cannot support (device-wide free memory, which the tool's own allocations and
 * the other sanitizer shards move) are left out. Every test still runs and checks its results.
 */
public final class SanitizerMode {
    private static final boolean ACTIVE = Boolean.getBoolean("cvj.test.underSanitizer");

    private SanitizerMode() {}

    /** True under compute-sanitizer: use the light sizes. */
    public static boolean active() {
        return ACTIVE;
    }

    /** The tool's name ({@code memcheck}, {@code racecheck}, ...), or {@code ""} when not under a sanitizer. */
    public static String tool() {
        return ACTIVE ? System.getProperty("cvj.test.sanitizer", "unknown") : "";
    }

    /** {@code normal}, or {@code light} under a sanitizer. */
    public static long pick(long normal, long light) {
        return ACTIVE ? light : normal;
    }

    /** {@code normal}, or {@code light} under a sanitizer. */
    public static int pick(int normal, int light) {
        return ACTIVE ? light : normal;
    }

    /** {@code normal}, or {@code light} under a sanitizer. */
    public static double pick(double normal, double light) {
        return ACTIVE ? light : normal;
    }
}
