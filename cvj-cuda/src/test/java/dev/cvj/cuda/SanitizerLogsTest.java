package dev.cvj.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cvj.cuda.test.PythonScript;
import dev.cvj.cuda.test.PythonScript.Run;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * scripts/sanitizer/sanlog.py, the helper of scripts/gpu-sanitize-all.sh, on small synthetic compute-sanitizer logs
 * and launcher output: the error count less the allow-listed API errors, the summary line, the exit status, and
 * the class list and shards. Runs in CI (python3, no GPU).
 */
class SanitizerLogsTest {
    private static final Path DIR = PythonScript.inRepository("scripts/sanitizer");
    private static final Path SCRIPT = DIR.resolve("sanlog.py");
    private static final Path ALLOW = DIR.resolve("allowed-api-errors.txt");

    @TempDir
    Path tmp;

    private static Run sanlog(String... args) throws IOException, InterruptedException {
        return PythonScript.run(SCRIPT, args);
    }

    private Path log(String name, String... lines) throws IOException {
        return Files.writeString(tmp.resolve(name), String.join("\n", lines) + "\n");
    }

    private Run classify(Path... logs) throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of("classify", "--allow", ALLOW.toString()));
        for (Path l : logs) {
            args.add(l.toString());
        }
        return sanlog(args.toArray(String[]::new));
    }

    /** One API-error report as memcheck prints it, with its backtrace lines. */
    private static String[] apiError(String error, int code, String why, String api) {
        return new String[] {
            "========= Program hit " + error + " (error " + code + ") due to \"" + why + "\" on CUDA API call to " + api + ".",
            "=========     Saved host backtrace up to driver entry point at error",
            "=========         Host Frame: [0x2f1c3] in libcuda.so.1",
            "========= ",
        };
    }

    private static String[] concat(String[]... parts) {
        List<String> all = new ArrayList<>();
        for (String[] p : parts) {
            all.addAll(List.of(p));
        }
        return all.toArray(String[]::new);
    }

    @Test
    void theCommittedAllowListIsWellFormedAndEveryEntrySaysWhy() throws IOException, InterruptedException {
        Run r = sanlog("check-allow", ALLOW.toString());
        assertEquals(0, r.status(), r.out());
        Path bad = log("bad-allow.txt", "# a comment", "cuFuncGetParamInfo 1");
        Run noWhy = sanlog("check-allow", bad.toString());
        assertEquals(3, noWhy.status(), noWhy.out());
        assertTrue(noWhy.out().contains("want '<api> <code|*> <why>'"), noWhy.out());
    }

    @Test
    void expectedApiErrorsAreSubtractedAndNamed() throws IOException, InterruptedException {
        // two processes (the test JVM and a child JVM) in one log, as with --target-processes all
        Path a = log("memcheck-1.log", concat(
                new String[] {"========= COMPUTE-SANITIZER"},
                apiError("CUDA_ERROR_INVALID_VALUE", 1, "invalid argument", "cuFuncGetParamInfo"),
                apiError("CUDA_ERROR_INVALID_VALUE", 1, "invalid argument", "cuFuncGetParamInfo"),
                // a message wrapped onto an indented second line
                new String[] {"========= Program hit CUDA_ERROR_INVALID_PTX (error 218) due to",
                    "=========     \"a PTX JIT compilation failed\" on CUDA API call to cuModuleLoadData.", "========= "},
                apiError("cudaErrorMemoryAllocation", 2, "out of memory", "cudaMalloc"),
                apiError("cudaErrorMemoryAllocation", 2, "out of memory", "cudaGetLastError"),
                new String[] {"========= ERROR SUMMARY: 5 errors", "========= COMPUTE-SANITIZER"},
                apiError("CUDA_ERROR_INVALID_VALUE", 1, "invalid argument", "cuFuncGetParamInfo"),
                new String[] {"========= ERROR SUMMARY: 1 error"}));
        Path b = log("memcheck-2.log", "========= COMPUTE-SANITIZER", "========= ERROR SUMMARY: 0 errors");
        Run r = classify(a, b);
        assertEquals(0, r.status(), r.out());
        assertEquals("0 errors (6 expected API-error reports: cuFuncGetParamInfo 3, cuModuleLoadData 1, cudaMalloc 1,"
                + " cudaGetLastError 1)", r.out());
    }

    @Test
    void everyOtherReportCountsAndIsNamed() throws IOException, InterruptedException {
        Path l = log("memcheck.log", concat(
                new String[] {"========= COMPUTE-SANITIZER",
                    "========= Invalid __global__ read of size 4 bytes",
                    "=========     at cvj_resize_u8+0x1a0",
                    "=========     by thread (3,0,0) in block (0,0,0)",
                    "=========     Address 0x7f3a00000400 is out of bounds",
                    "========= "},
                apiError("CUDA_ERROR_INVALID_VALUE", 1, "invalid argument", "cuFuncGetParamInfo"),
                // the right API with the wrong code is not expected either
                apiError("CUDA_ERROR_INVALID_HANDLE", 400, "invalid resource handle", "cuModuleGetFunction"),
                new String[] {"========= ERROR SUMMARY: 3 errors"}));
        Run r = classify(l);
        assertEquals(1, r.status(), r.out());
        assertTrue(r.out().startsWith("2 errors (1 expected API-error reports: cuFuncGetParamInfo 1; "), r.out());
        assertTrue(r.out().contains("API errors not on the allow-list: 1 x cuModuleGetFunction error 400 (CUDA_ERROR_INVALID_HANDLE)"),
                r.out());
        assertTrue(r.out().contains("reports: 1 x 'Invalid __global__ read of size 4 bytes'"), r.out());
    }

    @Test
    void reportsBeyondThePrintLimitCount() throws IOException, InterruptedException {
        // the summary counts 3; only 2 (expected) reports were printed: the third is unknown, so it counts
        Path l = log("memcheck.log", concat(
                apiError("CUDA_ERROR_INVALID_VALUE", 1, "invalid argument", "cuFuncGetParamInfo"),
                apiError("CUDA_ERROR_INVALID_VALUE", 1, "invalid argument", "cuFuncGetParamInfo"),
                new String[] {"========= ERROR SUMMARY: 3 errors"}));
        Run r = classify(l);
        assertEquals(1, r.status(), r.out());
        assertTrue(r.out().startsWith("1 errors (2 expected API-error reports: cuFuncGetParamInfo 2)"), r.out());
    }

    @Test
    void aLogWithoutItsSummaryFails() throws IOException, InterruptedException {
        // a shard stopped by its timeout: reports, but no ERROR SUMMARY
        Path cut = log("initcheck-2.log", concat(new String[] {"========= COMPUTE-SANITIZER"},
                apiError("CUDA_ERROR_INVALID_VALUE", 1, "invalid argument", "cuFuncGetParamInfo")));
        Path fine = log("initcheck-1.log", "========= ERROR SUMMARY: 0 errors");
        Run r = classify(fine, cut);
        assertEquals(2, r.status(), r.out());
        assertTrue(r.out().contains("NO SUMMARY in 1 log(s): " + tmp.getFileName() + "/initcheck-2.log"), r.out());
        Run none = classify(tmp.resolve("absent.log"));
        assertEquals(2, none.status(), none.out());
        assertTrue(none.out().startsWith("? errors"), none.out());
        // more expected reports than the summaries count does not add up
        Path odd = log("odd.log", concat(apiError("CUDA_ERROR_INVALID_VALUE", 1, "invalid argument", "cuFuncGetParamInfo"),
                new String[] {"========= ERROR SUMMARY: 0 errors"}));
        Run inconsistent = classify(odd);
        assertEquals(2, inconsistent.status(), inconsistent.out());
        assertTrue(inconsistent.out().contains("INCONSISTENT"), inconsistent.out());
    }

    @Test
    void racecheckSummaryWhereThereIsNoErrorSummary() throws IOException, InterruptedException {
        Path clean = log("racecheck.log", "========= COMPUTE-SANITIZER",
                "========= RACECHECK SUMMARY: 0 hazards displayed (0 errors, 0 warnings)");
        Run r = classify(clean);
        assertEquals(0, r.status(), r.out());
        assertEquals("0 errors", r.out());
        Path race = log("racecheck-2.log", "========= COMPUTE-SANITIZER",
                "========= Error: Race reported between Write access at cvj_k+0xf0",
                "=========     and Read access at cvj_k+0x280 [4 hazards]",
                "========= ",
                "========= RACECHECK SUMMARY: 1 hazard displayed (1 error, 0 warnings)");
        Run bad = classify(race);
        assertEquals(1, bad.status(), bad.out());
        assertTrue(bad.out().contains("1 errors (reports: 1 x 'Error: Race reported between Write access at cvj_k+0xf0')"),
                bad.out());
    }

    @Test
    void classesFromTheLauncherAndShardsByWeight() throws IOException, InterruptedException {
        Path discover = log("discover.txt",
                "+-- JUnit Jupiter",
                "| +-- HeavyGpuTest",
                "| | +-- a()",
                "| | |  uniqueId: [engine:junit-jupiter]/[class:dev.cvj.x.HeavyGpuTest]/[method:a()]",
                "| | +-- b(int)",
                "| | |  uniqueId: [engine:junit-jupiter]/[class:dev.cvj.x.HeavyGpuTest]/[test-template:b(int)]",
                "| '-- HeavyGpuTest",
                "| +-- OtherHeavyGpuTest",
                "| | |  uniqueId: [engine:junit-jupiter]/[class:dev.cvj.y.OtherHeavyGpuTest]/[method:c()]",
                "| +-- Small1GpuTest",
                "| | |  uniqueId: [engine:junit-jupiter]/[class:dev.cvj.y.Small1GpuTest]/[method:d()]",
                "| +-- Small2GpuTest",
                "| | |  uniqueId: [engine:junit-jupiter]/[class:dev.cvj.y.Small2GpuTest]/[nested-class:Inner]/[method:e()]",
                "| | |    parent: [engine:junit-jupiter]/[class:dev.cvj.y.Small2GpuTest]/[nested-class:Inner]");
        Run classes = sanlog("classes", discover.toString());
        assertEquals(0, classes.status(), classes.out());
        assertEquals(String.join("\n", "dev.cvj.x.HeavyGpuTest 2", "dev.cvj.y.OtherHeavyGpuTest 1",
                "dev.cvj.y.Small1GpuTest 1", "dev.cvj.y.Small2GpuTest 1"), classes.out());
        Path list = Files.writeString(tmp.resolve("classes.txt"), classes.out() + "\n");
        Path weights = log("weights.txt", "# hints", "HeavyGpuTest 10", "dev.cvj.y.OtherHeavyGpuTest 8  # full name");
        Run shards = sanlog("shard", "--shards", "2", "--weights", weights.toString(), list.toString());
        assertEquals(0, shards.status(), shards.out());
        // heaviest first to the lightest shard: the two heavy classes are apart, the small ones join the lighter
        assertEquals(String.join("\n", "10 dev.cvj.x.HeavyGpuTest",
                "10.5 dev.cvj.y.OtherHeavyGpuTest,dev.cvj.y.Small1GpuTest,dev.cvj.y.Small2GpuTest"), shards.out());
        Run more = sanlog("shard", "--shards", "8", list.toString());
        assertEquals(4, more.out().lines().count(), "no empty shards: " + more.out());
    }
}
