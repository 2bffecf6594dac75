package dev.cvj.bench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report's reading of the peers' CSVs and its judgement of the operators' speed targets, on hand-made results. No GPU. */
class BenchReportTest {
    /** 1 GB/s makes the bound in ms = bytes / 1e6. */
    private static final String D2D = "cvj,d2d_copy_1GiB_GBps,1,1073741824B,1.0,,,2147483648\n";

    private static String report(Path dir, String cvj, String npp, String torch) throws IOException {
        Files.writeString(dir.resolve("cvj_ops.csv"), "peer,op,batch,WxH,median_ms,min_ms,max_ms,bytes,queued_ms\n" + D2D + cvj);
        Files.writeString(dir.resolve("c_npp_ops.csv"), npp);
        Files.writeString(dir.resolve("torch_ops.csv"), "peer,op,batch,WxH,median_ms\n" + torch);
        return BenchReport.render(dir, dir.resolve("plots"), "test");
    }

    private static String targetRow(String md, String op) {
        int t = md.indexOf("## Speed targets: the operators");
        assertTrue(t >= 0, "no operator targets section:\n" + md);
        return md.substring(t).lines().filter(l -> l.startsWith("| " + op + " |")).findFirst()
                .orElseThrow(() -> new AssertionError("no row for " + op));
    }

    private static List<String> cells(String row) {
        return List.of(row.substring(2, row.length() - 2).split(" \\| "));
    }

    @Test
    void gpuTimeAgainstTheBoundAndPeersBeatenBothWays(@TempDir Path dir) throws IOException {
        // bytes 30,000 -> bound 0.030 ms; cvj GPU 0.0333 -> 90%; NPP slower both ways (batched is its best)
        String md = report(dir,
                "cvj,resize_linear_224,32,1920x1080,0.0370,0.0360,0.0390,30000,0.0333\n",
                "npp,resize_linear_224,32,1920x1080,0.1300,,,,0.1350\nnpp,resize_linear_224_batched,32,1920x1080,0.0390,,,,0.0360\n",
                "torch,resize_linear_224,32,1920x1080,0.7400,,,,0.7200\n");
        List<String> c = cells(targetRow(md, "resize_linear_224"));
        assertEquals("0.037", c.get(1), "call time");
        assertEquals("0.033", c.get(2), "GPU time");
        assertEquals("90%", c.get(4), "bound / GPU time");
        assertEquals("0.039 / 0.036", c.get(6), "NPP: the batched call, both ways");
        assertEquals("**met**", c.get(7));
    }

    @Test
    void slowerThanAPeerOnEitherTimingOrUnderTheBoundIsMissed(@TempDir Path dir) throws IOException {
        String md = report(dir,
                "cvj,resize_linear_224,32,1920x1080,0.0400,0.0390,0.0410,30000,0.0333\n"
                        + "cvj,flip_horizontal,32,1920x1080,0.1000,0.1000,0.1000,70000,0.0950\n",
                "npp,resize_linear_224_batched,32,1920x1080,0.0390,,,,0.0360\nnpp,flip_horizontal,32,1920x1080,0.3,,,,0.3\n",
                "");
        assertEquals("**missed**", cells(targetRow(md, "resize_linear_224")).get(7), "NPP's call is faster");
        List<String> flip = cells(targetRow(md, "flip_horizontal"));
        assertEquals("74%", flip.get(4));
        assertEquals("**missed**", flip.get(7), "74% of the bound is under 80%");
    }

    @Test
    void gpuFiguresWithLateRunsAreMarked(@TempDir Path dir) throws IOException {
        String md = report(dir,
                "cvj,normalize_f32,32,1920x1080,0.5460,0.54,0.55,555000,0.5410,0\n"
                        + "cvj,resize_linear_224,32,1920x1080,0.0370,0.0360,0.0390,30000,0.0333\n",
                "",
                "torch,normalize_f32,32,1920x1080,1.4000,,,,1.4000,20\n");
        List<String> c = cells(targetRow(md, "normalize_f32"));
        assertEquals("0.541", c.get(2), "cvj: no late run, no mark");
        assertEquals("1.40 / 1.40*", c.get(5), "torch: its queued runs were late");
        assertTrue(md.contains("A GPU figure marked * includes host time"), "the mark is explained");
    }

    @Test
    void resultsWithoutQueuedTimesAreNotJudgedOnTheBound(@TempDir Path dir) throws IOException {
        String md = report(dir, "cvj,resize_linear_224,32,1920x1080,0.0370,0.0360,0.0390,30000\n", "", "");
        List<String> c = cells(targetRow(md, "resize_linear_224"));
        assertEquals("-", c.get(2));
        assertEquals("-", c.get(4));
        assertEquals("**missed**", c.get(7));
    }

    @Test
    void theDeviceIsTheOneTheRunNames(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("cvj_ops.csv"), "# cvj device NVIDIA H200 runtime 13000 driver 13000\n"
                + "peer,op,batch,WxH,median_ms\n" + D2D);
        assertTrue(BenchReport.render(dir, dir.resolve("plots"), "test").contains("- Device: **NVIDIA H200**"),
                "the GPU named by cvj_ops.csv when the C peer's file is missing");
        Files.writeString(dir.resolve("c_cuda_overhead.csv"), "metric,value,unit\ndevice,NVIDIA H200 NVL,name\n");
        assertTrue(BenchReport.render(dir, dir.resolve("plots"), "test").contains("- Device: **NVIDIA H200 NVL**"),
                "the C peer's device line first");
    }
}
