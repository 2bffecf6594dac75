package dev.cvj.reliability;

import dev.cvj.cuda.Device;

/**
 * The leak soak ({@link LeakSoak}) with progress output, for runs on a GPU machine from the bundle:
 * <pre>
 *   java --enable-native-access=ALL-UNNAMED -cp '.gpu/lib/*' dev.cvj.reliability.SoakMain [cycles [maxSeconds [seed]]]
 * </pre>
 * Defaults: 1,000,000 cycles, at most 600 s. Prints the report and {@code SOAK PASS} or {@code SOAK FAIL ...};
 * exits 0 on pass, 1 on fail.
 */
public final class SoakMain {
    private SoakMain() {}

    /** Pool-used growth allowed: none. Device and pool-reserved growth: 4 MiB (allocation granularity). Heap: 32 MiB. */
    static String verdict(LeakSoak.Report r) {
        return verdict(r, true);
    }

    /**
     * As {@link #verdict(LeakSoak.Report)}; {@code deviceWide} false leaves out the device's free memory
     * ({@code cudaMemGetInfo}), which other processes on the device move (compute-sanitizer's own allocations, the
     * other sanitizer shards): the pool counters and the heap are this process's alone and are still checked.
     */
    static String verdict(LeakSoak.Report r, boolean deviceWide) {
        StringBuilder sb = new StringBuilder();
        if (!r.mismatches().isEmpty()) {
            sb.append(r.mismatches().size()).append(" wrong results, first: ").append(r.mismatches().get(0)).append("; ");
        }
        if (r.poolUsedGrowth() != 0) {
            sb.append("pool used grew by ").append(r.poolUsedGrowth()).append(" B; ");
        }
        if (r.poolReservedGrowth() > 4 << 20) {
            sb.append("pool reserved grew by ").append(r.poolReservedGrowth()).append(" B; ");
        }
        if (deviceWide && r.deviceGrowth() > 4 << 20) {
            sb.append("device memory in use grew by ").append(r.deviceGrowth()).append(" B; ");
        }
        if (r.heapGrowth() > 32 << 20) {
            sb.append("Java heap grew by ").append(r.heapGrowth()).append(" B; ");
        }
        return sb.isEmpty() ? null : sb.toString();
    }

    public static void main(String[] args) {
        long cycles = args.length > 0 ? Long.parseLong(args[0].replace("_", "")) : 1_000_000;
        double maxSeconds = args.length > 1 ? Double.parseDouble(args[1]) : 600;
        long seed = args.length > 2 ? Long.parseLong(args[2]) : System.nanoTime();
        Device d = Device.get(0);
        System.out.println("soak: " + d + " " + d.name() + ", " + cycles + " cycles, at most " + maxSeconds + " s, seed " + seed);
        LeakSoak.Report r = LeakSoak.run(cycles, maxSeconds, seed, System.out);
        System.out.println("soak: " + r);
        r.mismatches().stream().limit(10).forEach(m -> System.out.println("soak: MISMATCH " + m));
        String v = verdict(r);
        System.out.println(v == null ? "SOAK PASS" : "SOAK FAIL " + v);
        System.exit(v == null ? 0 : 1);
    }
}
