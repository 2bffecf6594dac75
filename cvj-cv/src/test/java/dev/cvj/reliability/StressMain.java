package dev.cvj.reliability;

import dev.cvj.cuda.Device;

/**
 * The concurrency stress ({@link Stress}) with progress output, for runs on a GPU machine from the bundle:
 * <pre>
 *   java --enable-native-access=ALL-UNNAMED -cp '.gpu/lib/*' dev.cvj.reliability.StressMain [minutes [threads [pairs [seed]]]]
 * </pre>
 * Defaults: 10 minutes, 16 worker threads, 2 producer/consumer pairs. Prints {@code STRESS PASS} or
 * {@code STRESS FAIL}; exits 0 on pass, 1 on fail.
 */
public final class StressMain {
    private StressMain() {}

    public static void main(String[] args) throws InterruptedException {
        double minutes = args.length > 0 ? Double.parseDouble(args[0]) : 10;
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 16;
        int pairs = args.length > 2 ? Integer.parseInt(args[2]) : 2;
        long seed = args.length > 3 ? Long.parseLong(args[3]) : System.nanoTime();
        Device d = Device.get(0);
        System.out.println("stress: " + d + " " + d.name() + ", " + minutes + " min, " + threads + " threads, " + pairs
                + " pairs, seed " + seed);
        Stress.Report r = Stress.run(threads, pairs, minutes * 60, seed, 120, System.out);
        System.out.println("stress: " + r);
        r.failures().stream().limit(20).forEach(f -> System.out.println("stress: FAILURE " + f));
        boolean ok = r.failures().isEmpty() && !r.stalled();
        System.out.println(ok ? "STRESS PASS" : "STRESS FAIL");
        System.exit(ok ? 0 : 1);
    }
}
