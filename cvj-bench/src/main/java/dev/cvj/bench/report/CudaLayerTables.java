package dev.cvj.bench.report;

import static dev.cvj.bench.report.Cells.bwRatio;
import static dev.cvj.bench.report.Cells.f;
import static dev.cvj.bench.report.Cells.timeRatio;

import java.util.Locale;

/** The report's CUDA-layer sections: its targets, per-call overhead and copy bandwidth, against C and JCuda. */
final class CudaLayerTables {
    private final BenchResults results;
    private final StringBuilder md;

    CudaLayerTables(BenchResults results, StringBuilder md) {
        this.results = results;
        this.md = md;
    }

    /** The CUDA layer's targets against the C peer. */
    void targets() {
        md.append("## Speed targets: the CUDA layer against C\n\n");
        md.append("| target | C | cvj | ratio | met? |\n|---|---:|---:|---:|---|\n");
        double cCount = results.c(results.cStatic, "cudaGetDeviceCount");
        double cCountShared = results.c(results.cShared, "cudaGetDeviceCount");
        double jCount = results.j("TrivialCallBench.deviceCount", "", "");
        double jRaw = results.j("TrivialCallBench.rawCritical", "", "");
        targetRow("trivial call `Device.count()` (cudaGetDeviceCount) <= 1.5x C (static cudart), ns", cCount, jCount,
                jCount / cCount, jCount <= 1.5 * cCount);
        targetRow("same, against C linked with the shared cudart the JVM loads, ns", cCountShared, jCount,
                jCount / cCountShared, jCount <= 1.5 * cCountShared);
        targetRow("raw binding `Runtime.cudaGetDeviceCount` (critical) <= 1.5x C (static), ns", cCount, jRaw, jRaw / cCount,
                jRaw <= 1.5 * cCount);
        double cLaunch = results.c(results.cStatic, "launch_empty_with_final_sync");
        double jLaunch = results.j("LaunchBench.emptyKernel", "", "");
        double launchErr = results.jErr("LaunchBench.emptyKernel", "", "");
        targetRow("empty-kernel launch through `Kernel` <= 1.2x C, ns/launch"
                + (Double.isNaN(launchErr) ? "" : " (cvj +- " + f(launchErr) + ")"), cLaunch, jLaunch, jLaunch / cLaunch, jLaunch <= 1.2 * cLaunch);
        for (String size : new String[] {"268435456", "1073741824"}) {
            String name = size.equals("1073741824") ? "1GiB" : "256MiB";
            for (String dir : new String[] {"h2d", "d2h"}) {
                double cv = results.c(results.cStatic, dir + "_pinned_" + name);
                double jv = gbps("CopyBench." + (dir.equals("h2d") ? "hostToDevice" : "deviceToHost"), size, "pinned");
                targetRow("pinned " + dir.toUpperCase(Locale.ROOT) + " " + name + " >= 98% of C, GB/s", cv, jv, jv / cv,
                        jv >= 0.98 * cv);
            }
        }
        for (String size : new String[] {"268435456", "1073741824"}) {
            String name = size.equals("1073741824") ? "1GiB" : "256MiB";
            for (String dir : new String[] {"h2d", "d2h"}) {
                double cv = results.c(results.cStatic, dir + "_pageable_" + name);
                double jv = gbps("CopyBench." + (dir.equals("h2d") ? "hostToDevice" : "deviceToHost"), size, "heap");
                targetRow("Java heap `byte[]` " + dir.toUpperCase(Locale.ROOT) + " " + name + " >= C pageable, GB/s", cv, jv,
                        jv / cv, jv >= cv);
            }
        }
        double floor = results.j("TrivialCallBench.ffmCriticalAbs", "", "");
        if (!Double.isNaN(cCountShared) && !Double.isNaN(jRaw)) {
            md.append(String.format(Locale.ROOT, "\nWhere the trivial-call time goes: a critical FFM downcall costs %s ns (libc `abs`); "
                    + "the same C program linked with the shared cudart instead of the static one takes %s ns instead of %s ns "
                    + "per `cudaGetDeviceCount`. So cvj's raw binding (%s ns) is within %s ns of C calling the same `libcudart.so`, "
                    + "and most of the gap to the static-cudart C figure is the shared library's own cost, which a JVM cannot "
                    + "avoid (it can only load the shared cudart).\n", f(floor), f(cCountShared), f(cCount), f(jRaw),
                    f(jRaw - cCountShared)));
        }
        md.append("\nTimes: lower is better (ratio = cvj / C); bandwidths: higher is better (ratio = cvj / C). ")
                .append("The C peer's launch figure is 10^5 launches then one sync (per launch); cvj's (JMH) is 100 launches ")
                .append("then one sync. C copies are timed with CUDA events over back-to-back copies (pinned) or the host clock ")
                .append("(pageable); cvj's are JMH averages of one synchronous copy.\n\n");
    }

    private void targetRow(String what, double cv, double jv, double ratio, boolean met) {
        String m = Double.isNaN(cv) || Double.isNaN(jv) ? "not measured" : met ? "**met**" : "**missed**";
        md.append("| ").append(what).append(" | ").append(f(cv)).append(" | ").append(f(jv)).append(" | ")
                .append(Double.isNaN(ratio) ? "-" : String.format(Locale.ROOT, "%.2f", ratio)).append(" | ").append(m).append(" |\n");
    }

    private double gbps(String bench, String size, String host) {
        double us = results.j(bench, size, host);
        return Long.parseLong(size) / (us * 1e-6) / 1e9;
    }

    /** Per-call overhead of CUDA calls: C (static and shared cudart), cvj, JCuda. */
    void callOverhead() {
        md.append("## CUDA layer: per-call overhead\n\n");
        md.append("| operation | C (static cudart) | C (shared cudart) | cvj | JCuda 12.6.0 | cvj / C static | cvj / JCuda |\n")
                .append("|---|---:|---:|---:|---:|---:|---:|\n");
        String[][] rows = {
            {"cudaGetDeviceCount via `Device.count()`, ns", "cudaGetDeviceCount", "TrivialCallBench.deviceCount", "JCudaBench.deviceCount"},
            {"cudaGetDeviceCount via raw critical binding, ns", "cudaGetDeviceCount", "TrivialCallBench.rawCritical", "JCudaBench.deviceCount"},
            {"cudaGetDeviceCount, raw critical, global segment, ns", "cudaGetDeviceCount", "TrivialCallBench.rawCriticalGlobalSegment", ""},
            {"cudaGetDeviceCount via plain (non-critical) downcall, ns", "cudaGetDeviceCount", "TrivialCallBench.rawPlainHandle", ""},
            {"FFM floor: libc abs, critical downcall, ns", "", "TrivialCallBench.ffmCriticalAbs", ""},
            {"FFM floor: libc abs, plain downcall, ns", "", "TrivialCallBench.ffmPlainAbs", ""},
            {"cudaEventQuery (completed event), ns", "cudaEventQuery_completed", "EventBench.query", ""},
            {"cudaEventRecord + cudaEventQuery, ns", "", "EventBench.recordAndQuery", ""},
            {"empty kernel launch (+ final sync, per launch), ns", "launch_empty_with_final_sync", "LaunchBench.emptyKernel", "JCudaBench.emptyKernel"},
            {"cudaMallocAsync + cudaFreeAsync 1 MiB (warm pool), ns", "mallocAsync_freeAsync_pair_1MiB", "AllocBench.allocateAsyncAndClose", ""},
        };
        for (String[] r : rows) {
            double cs = r[1].isEmpty() ? Double.NaN : results.c(results.cStatic, r[1]);
            double cd = r[1].isEmpty() ? Double.NaN : results.c(results.cShared, r[1]);
            double jv = results.j(r[2], "", "");
            double jerr = results.jErr(r[2], "", "");
            double jc = r[3].isEmpty() ? Double.NaN : results.j(r[3], "", "");
            md.append("| ").append(r[0]).append(" | ").append(f(cs)).append(" | ").append(f(cd)).append(" | ").append(f(jv));
            if (!Double.isNaN(jerr)) {
                md.append(" +- ").append(f(jerr));
            }
            md.append(" | ").append(f(jc)).append(" | ").append(timeRatio(cs, jv)).append(" | ").append(timeRatio(jc, jv)).append(" |\n");
        }
        md.append("\nHere the ratio columns are cvj's time over the peer's: 1.00 = same cost, above 1 = cvj slower. ")
                .append("cvj figures are JMH averages (+- the 99.9% error); C figures are medians of 5 repeats.\n\n");
    }


    /** Host-device copy bandwidth: C, cvj (pinned, off-heap pageable, Java heap), JCuda. */
    void copies() {
        md.append("## CUDA layer: copy bandwidth, GB/s (10^9 B/s; higher is better)\n\n");
        md.append("| size | dir | C pinned | cvj pinned | JCuda pinned | cvj/C pinned | C pageable | cvj off-heap pageable | cvj `byte[]` | JCuda `byte[]` | cvj `byte[]` / C pageable |\n")
                .append("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        String[][] sizes = {{"4096", "4KiB"}, {"65536", "64KiB"}, {"1048576", "1MiB"}, {"16777216", "16MiB"},
            {"268435456", "256MiB"}, {"1073741824", "1GiB"}};
        for (String[] s : sizes) {
            for (String dir : new String[] {"h2d", "d2h"}) {
                String b = dir.equals("h2d") ? "hostToDevice" : "deviceToHost";
                double cp = results.c(results.cStatic, dir + "_pinned_" + s[1]);
                double jp = gbps("CopyBench." + b, s[0], "pinned");
                double jcp = gbps("JCudaBench." + b, s[0], "pinned");
                double cg = results.c(results.cStatic, dir + "_pageable_" + s[1]);
                double jg = gbps("CopyBench." + b, s[0], "pageable");
                double jh = gbps("CopyBench." + b, s[0], "heap");
                double jch = gbps("JCudaBench." + b, s[0], "heap");
                if (Double.isNaN(cp) && Double.isNaN(jp)) {
                    continue;
                }
                md.append("| ").append(s[1]).append(" | ").append(dir.toUpperCase(Locale.ROOT)).append(" | ").append(f(cp))
                        .append(" | ").append(f(jp)).append(" | ").append(f(jcp)).append(" | ").append(bwRatio(jp, cp))
                        .append(" | ").append(f(cg)).append(" | ").append(f(jg)).append(" | ").append(f(jh)).append(" | ")
                        .append(f(jch)).append(" | ").append(bwRatio(jh, cg)).append(" |\n");
            }
        }
        double d2d = results.c(results.cStatic, "d2d_rw_1GiB");
        md.append("\nC device-to-device 1 GiB (read + write counted): ").append(f(d2d)).append(" GB/s. ")
                .append("Small copies: cvj and JCuda wait for each copy (a stream sync per copy); C queues up to 1000 copies ")
                .append("between two events (pinned), so below ~1 MiB the cvj/C ratio measures the sync, not the copy.\n\n");
    }
}
