package dev.cvj.bench.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The decode benchmark's CSV lines. No GPU. */
class DecodeRowsTest {
    @Test
    void rowHasTheColumnsOfTheHeaderWithMedianMinAndMax() {
        String row = DecodeRows.row("cvj", "jpeg_decode", 128, 1920, 1080, new double[] {40.5, 38.25, 51, 39}, 41_000_000L);
        assertEquals("cvj,jpeg_decode,128,1920x1080,40.5000,38.2500,51.0000,41000000,,", row);
        assertEquals(DecodeRows.HEADER.split(",").length, row.split(",", -1).length, "a cell per column of the header");
        assertEquals("cvj,jpeg_pipeline,128,640x480,7.0000,7.0000,7.0000,5,,",
                DecodeRows.row("cvj", "jpeg_pipeline", 128, 640, 480, new double[] {7}, 5));
    }

    @Test
    void noTimesIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DecodeRows.row("cvj", "jpeg_decode", 128, 640, 480, new double[0], 0));
        assertTrue(e.getMessage().contains("jpeg_decode"), e.getMessage());
    }

    @Test
    void pathsGiveEachDecodersShare() {
        Map<String, Long> counts = new LinkedHashMap<>();
        counts.put("HARDWARE", 384L);
        counts.put("GPU_HYBRID", 128L);
        counts.put("CPU", 0L);
        assertEquals("# decode paths jpeg_decode 1920x1080: HARDWARE 75.0%, GPU_HYBRID 25.0%, CPU 0.0% of 512 images",
                DecodeRows.paths("jpeg_decode", 1920, 1080, counts));
    }

    @Test
    void onlySelectsRowsByAnyPartOfTheName() {
        assertTrue(DecodeBenchGpuMain.wanted(null, "jpeg_decode"));
        assertTrue(DecodeBenchGpuMain.wanted("jpeg", "jpeg_pipeline"));
        assertTrue(DecodeBenchGpuMain.wanted("resize_linear,pipeline", "jpeg_pipeline"));
        assertFalse(DecodeBenchGpuMain.wanted("resize_linear", "jpeg_decode"));
        assertFalse(DecodeBenchGpuMain.wanted(",", "jpeg_decode"), "empty parts match nothing");
    }
}
