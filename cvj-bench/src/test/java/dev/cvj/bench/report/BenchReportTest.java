package dev.cvj.bench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
    void cupyRowsArePairedWithCvjsRowOfTheSameName(@TempDir Path dir) throws IOException {
        String md = report(dir,
                "cvj,gaussian_7x7,32,1920x1080,0.5000,0.5000,0.5000,400000,0.4000\n",
                "npp,gaussian_7x7,32,1920x1080,1.0000,,,,0.8000,0\n",
                "cupy,gaussian_7x7,32,1920x1080,2.0000,,,,1.6000,0\n");
        int t = md.indexOf("### gaussian_7x7");
        assertTrue(t >= 0, "no gaussian_7x7 table:\n" + md);
        String header = md.substring(t).lines().filter(l -> l.startsWith("| batch |")).findFirst().orElseThrow();
        String row = md.substring(t).lines().filter(l -> l.startsWith("| 32 | 1920x1080 |")).findFirst().orElseThrow();
        List<String> h = cells(header), c = cells(row);
        assertEquals(h.size(), c.size(), "a cell per column");
        int cupy = h.indexOf("CuPy call / GPU");
        assertTrue(cupy > 0, "a CuPy column: " + header);
        assertEquals("2.00 / 1.60", c.get(cupy));
        assertEquals("4.00x / 4.00x", c.get(cupy + 1), "CuPy time / cvj time, call and GPU");
        assertEquals("-", c.get(h.indexOf("torchvision call / GPU")), "no torch row");
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

    private static final String VS = ",32,640x480-1920x1080,";

    /** The row of the images-of-different-sizes section whose first cell is {@code first}. */
    private static List<String> varShapeRow(String md, String first) {
        int t = md.indexOf("## Images of different sizes");
        assertTrue(t >= 0, "no images-of-different-sizes section:\n" + md);
        return cells(md.substring(t).lines().filter(l -> l.startsWith("| " + first + " |")).findFirst()
                .orElseThrow(() -> new AssertionError("no row " + first + " in\n" + md.substring(t))));
    }

    @Test
    void varShapeRowsOfEveryPeerInOneTableWithTheirTargets(@TempDir Path dir) throws IOException {
        // 1 GB/s: bound = bytes / 1e6 ms; 27,000 bytes -> 0.027 ms; cvj's GPU time 0.030 -> 90%
        String md = report(dir,
                "cvj,resize_varshape_224" + VS + "0.0400,0.039,0.041,27000,0.0300,0\n"
                        + "cvj,resize_per_image_loop_224" + VS + "0.2000,0.19,0.21,27000,0.1000,0\n",
                "npp,resize_varshape_224" + VS + "0.0500,,,,0.0350,0\n",
                "torch,resize_varshape_224" + VS + "0.4000,,,,0.0900,0\ntorch,preprocess_varshape_224" + VS + "0.5000,,,,0.2000,0\n");
        List<String> cvj = varShapeRow(md, "cvj varshape, one call");
        assertEquals(List.of("cvj varshape, one call", "resize_varshape_224", "32", "0.040", "0.030", "800000 / 1066667", "-",
                "90%"), cvj);
        assertEquals("5.00x / 3.33x", varShapeRow(md, "cvj per-image loop").get(6), "loop time / varshape time");
        assertEquals("27%", varShapeRow(md, "cvj per-image loop").get(7));
        assertEquals("1.25x / 1.17x", varShapeRow(md, "NPP advanced batch call").get(6));
        assertEquals("10.00x / 3.00x", varShapeRow(md, "torchvision loop, then stack").get(6));
        assertEquals("30%", varShapeRow(md, "torchvision loop, then stack").get(7), "cvj's bytes over torch's GPU time");
        assertEquals(List.of("cvj varshape pre-processing (fused)", "preprocess_varshape_224", "-", "not measured", "-", "-",
                "-", "-"), varShapeRow(md, "cvj varshape pre-processing (fused)"));
        assertEquals("-", varShapeRow(md, "torchvision pre-processing loop").get(6), "no cvj row to compare with");
        assertEquals(List.of("90%", "**met**"), varShapeRow(md, "varshape resize at >= 80% of its bandwidth bound (GPU time)")
                .subList(1, 3));
        assertEquals("**met**", varShapeRow(md, "varshape resize faster than NPP's advanced batch call (call and GPU)").get(2));
        assertEquals(List.of("10.00x / 3.00x", "**met**"),
                varShapeRow(md, "varshape resize >= 5x torchvision's loop per call").subList(1, 3), "judged on the call");
        assertEquals("**met**", varShapeRow(md, "varshape resize >= 3x cvj's per-image loop per call").get(2));
        assertEquals(List.of("-", "not measured"),
                varShapeRow(md, "fused varshape pre-processing >= 100000 images/s").subList(1, 3));
    }

    @Test
    void varShapeTargetsNotMetSayWhy(@TempDir Path dir) throws IOException {
        // bound 0.021 ms / GPU 0.030 -> 70%; NPP faster on the GPU; the loop only 2x; 32 images in 0.4 ms = 80,000/s
        String md = report(dir,
                "cvj,resize_varshape_224" + VS + "0.0400,0.039,0.041,21000,0.0300\n"
                        + "cvj,resize_per_image_loop_224" + VS + "0.0800,0.079,0.081,21000,0.0700\n"
                        + "cvj,preprocess_varshape_224" + VS + "0.4000,0.39,0.41,60000,0.1000\n",
                "npp,resize_varshape_224" + VS + "0.0500,,,,0.0250\n",
                "torch,preprocess_varshape_224" + VS + "1.6000,,,,0.9000\n");
        assertEquals(List.of("70%", "**not met**"),
                varShapeRow(md, "varshape resize at >= 80% of its bandwidth bound (GPU time)").subList(1, 3));
        assertEquals(List.of("1.25x / 0.83x (cvj slower)", "**not met**"),
                varShapeRow(md, "varshape resize faster than NPP's advanced batch call (call and GPU)").subList(1, 3));
        assertEquals("**not met**", varShapeRow(md, "varshape resize >= 3x cvj's per-image loop per call").get(2));
        assertEquals("not measured", varShapeRow(md, "varshape resize >= 5x torchvision's loop per call").get(2));
        assertEquals(List.of("80000 images/s (GPU: 320000)", "**not met**"),
                varShapeRow(md, "fused varshape pre-processing >= 100000 images/s").subList(1, 3));
        assertEquals("4.00x / 9.00x", varShapeRow(md, "torchvision pre-processing loop").get(6), "against the fused row");
        assertEquals("not measured", varShapeRow(md, "torchvision loop, then stack").get(3));
    }

    @Test
    void noVarShapeRowsNoSection(@TempDir Path dir) throws IOException {
        String md = report(dir, "cvj,resize_linear_224,32,1920x1080,0.0370,0.0360,0.0390,30000,0.0333\n", "", "");
        assertFalse(md.contains("## Images of different sizes"), "section without rows");
    }

    private static final String PHOTOMETRIC = "## Colour, photometric, statistics and training resizes";

    /** The header and the row at {@code batch} and {@code size} of operator {@code op}'s table in the photometric section. */
    private static List<List<String>> photometricTable(String md, String op, int batch, String size) {
        int s = md.indexOf(PHOTOMETRIC);
        assertTrue(s >= 0, "no photometric section:\n" + md);
        int t = md.indexOf("### " + op + " (", s);
        assertTrue(t >= 0, "no " + op + " table:\n" + md.substring(s));
        String table = md.substring(t, md.indexOf("\n\n", md.indexOf("|", t)));
        String header = table.lines().filter(l -> l.startsWith("| batch |")).findFirst().orElseThrow();
        String row = table.lines().filter(l -> l.startsWith("| " + batch + " | " + size + " |")).findFirst()
                .orElseThrow(() -> new AssertionError("no row " + batch + " " + size + " in\n" + table));
        return List.of(cells(header), cells(row));
    }

    @Test
    void photometricRowsOfEveryPeerWithTheBoundOfPointwiseOnes(@TempDir Path dir) throws IOException {
        // bytes 400,000 -> bound 0.4 ms; cvj GPU 0.5 -> 80%; OpenCV 2 ms an image x 32 = 64 ms
        String md = report(dir,
                "cvj,brightness_contrast,32,1920x1080,0.6000,0.6000,0.6000,400000,0.5000\n",
                "npp,brightness_contrast,32,1920x1080,1.2000,,,,1.0000,0\n",
                "opencv_cpu,brightness_contrast,1,1920x1080,2.0000\n");
        List<List<String>> t = photometricTable(md, "brightness_contrast", 32, "1920x1080");
        List<String> h = t.get(0), c = t.get(1);
        assertEquals(h.size(), c.size(), "a cell per column");
        assertEquals("80%", c.get(h.indexOf("% of bound")));
        assertEquals("1.20 / 1.00", c.get(h.indexOf("NPP call / GPU")));
        assertEquals("2.00x / 2.00x", c.get(h.indexOf("vs NPP")));
        assertEquals("64.0", c.get(h.indexOf("OpenCV CPU")), "per image x batch");
        assertEquals("-", c.get(h.indexOf("torchvision call / GPU")), "no torchvision op");
        assertTrue(h.contains("Pillow CPU"), "a Pillow column: " + h);
        assertFalse(md.substring(0, md.indexOf(PHOTOMETRIC)).contains("### brightness_contrast"),
                "in its own section, not among the warps and filters");
    }

    @Test
    void rowsMeasuredByPeersAloneShowWithoutCvj(@TempDir Path dir) throws IOException {
        String md = report(dir, "", "",
                "torch,histogram_eq,1,224x224,0.2000,,,,0.1000,0\nopencv_cpu,histogram_eq,1,224x224,0.0500\n");
        List<List<String>> t = photometricTable(md, "histogram_eq", 1, "224x224");
        List<String> h = t.get(0), c = t.get(1);
        assertEquals("-", c.get(h.indexOf("cvj call")));
        assertEquals("-", c.get(h.indexOf("% of bound")));
        assertEquals("0.200 / 0.100", c.get(h.indexOf("torchvision call / GPU")));
        assertEquals("0.050", c.get(h.indexOf("OpenCV CPU")));
        assertFalse(md.contains("| 32 | 224x224 |"), "no batch that no peer measured");
    }

    @Test
    void trainingResizeTargetsAgainstTorchvisionAndPillow(@TempDir Path dir) throws IOException {
        // hq: torch GPU 0.6 / cvj 0.1 = 6x (>= 5: met); Pillow 10 ms an image x 32 = 320 / cvj 8 = 40x (< 50: missed)
        String md = report(dir,
                "cvj,hq_resize_224,32,1920x1080,0.1200,0.12,0.12,1000,0.1000\n"
                        + "cvj,pillow_resize_224,32,1920x1080,8.5000,8.4,8.6,1000,8.0000\n",
                "", "torch,hq_resize_224,32,1920x1080,0.7000,,,,0.6000,0\npillow,pillow_resize_224,1,1920x1080,10.0000\n");
        int s = md.indexOf(PHOTOMETRIC);
        assertTrue(s >= 0, "no photometric section:\n" + md);
        List<String> hq = cells(md.substring(s).lines().filter(l -> l.startsWith("| hq_resize_224 >= 5x")).findFirst()
                .orElseThrow());
        assertEquals(List.of("0.100", "0.600", "6.0x", "**met**"), hq.subList(1, 5));
        List<String> pil = cells(md.substring(s).lines().filter(l -> l.startsWith("| pillow_resize_224 >= 50x"))
                .findFirst().orElseThrow());
        assertEquals(List.of("8.00", "320", "40.0x", "**missed**"), pil.subList(1, 5));
        assertEquals("-", photometricTable(md, "hq_resize_224", 32, "1920x1080").get(1).get(5), "no bound for a resize");
    }

    @Test
    void noPhotometricRowsNoSection(@TempDir Path dir) throws IOException {
        String md = report(dir, "cvj,resize_linear_224,32,1920x1080,0.0370,0.0360,0.0390,30000,0.0333\n", "", "");
        assertFalse(md.contains(PHOTOMETRIC), "section without rows");
    }

    /** The row of the JPEG section whose first two cells are {@code workload} and {@code size}. */
    private static List<String> decodeRow(String md, String workload, String size) {
        int t = md.indexOf("## JPEG decode and pre-processing, images per second");
        assertTrue(t >= 0, "no JPEG section:\n" + md);
        return cells(md.substring(t).lines().filter(l -> l.startsWith("| " + workload + " | " + size + " |")).findFirst()
                .orElseThrow(() -> new AssertionError("no row " + workload + " " + size + " in\n" + md.substring(t))));
    }

    @Test
    void jpegRowsOfEveryPeerAsImagesPerSecond(@TempDir Path dir) throws IOException {
        // 128 images: 40 ms -> 3200/s, 80 ms -> 1600/s, 20 ms -> 6400/s
        Files.writeString(dir.resolve("cvj_decode.csv"), "peer,op,batch,WxH,median_ms,min_ms,max_ms,bytes,queued_ms,expired\n"
                + "cvj,jpeg_decode,128,1920x1080,40.0000,39.0000,42.0000,41000000,,\n"
                + "# decode paths jpeg_decode 1920x1080: HARDWARE 100.0%, GPU_HYBRID 0.0%, CPU 0.0% of 2560 images\n"
                + "cvj,jpeg_pipeline,128,1920x1080,64.0000,63.0000,65.0000,41000000,,\n"
                + "cvj,jpeg_decode,128,640x480,10.0000,9.0000,11.0000,6000000,,\n"
                + "# cvj preprocess (its own summary): cvj preprocess: 128 images, 0 failed, 512.0 img/s\n"
                + "cvj_cli,jpeg_preprocess_cli,128,1920x1080,1280.0000,,,,,\n");
        Files.writeString(dir.resolve("decode_peers.csv"), "peer,op,batch,WxH,median_ms,min_ms,max_ms,bytes,queued_ms,expired\n"
                + "torch,jpeg_decode,128,1920x1080,80.0000,79.0000,81.0000,41000000,,\n"
                + "opencv_cpu,jpeg_decode,128,1920x1080,20.0000,19.0000,21.0000,41000000,,\n"
                + "torch,jpeg_pipeline,128,1920x1080,32.0000,31.0000,33.0000,41000000,,\n");
        String md = report(dir, "", "", "");
        assertEquals(List.of("decode", "1920x1080", "3200", "1600", "6400", "2.00x", "0.50x (cvj slower)"),
                decodeRow(md, "decode", "1920x1080"));
        assertEquals(List.of("pipeline", "1920x1080", "2000", "4000", "-", "0.50x (cvj slower)", "-"),
                decodeRow(md, "pipeline", "1920x1080"));
        assertEquals(List.of("decode", "640x480", "12800", "-", "-", "-", "-"), decodeRow(md, "decode", "640x480"));
        assertEquals(List.of("pipeline", "640x480", "-", "-", "-", "-", "-"), decodeRow(md, "pipeline", "640x480"));
        assertTrue(md.contains("**100 images/s**, timed whole"), "the command's row: 128 images in 1.28 s");
        assertTrue(md.contains("Its own summary (timed from opening the decoder): `cvj preprocess: 128 images, 0 failed, "
                + "512.0 img/s`"), "the command's own summary");
        assertTrue(md.contains("- jpeg_decode 1920x1080: HARDWARE 100.0%, GPU_HYBRID 0.0%, CPU 0.0% of 2560 images"),
                "cvj's decode paths");
    }

    @Test
    void noJpegRowsNoSection(@TempDir Path dir) throws IOException {
        String md = report(dir, "cvj,resize_linear_224,32,1920x1080,0.0370,0.0360,0.0390,30000,0.0333\n", "", "");
        assertFalse(md.contains("## JPEG decode"), "section without rows");
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
