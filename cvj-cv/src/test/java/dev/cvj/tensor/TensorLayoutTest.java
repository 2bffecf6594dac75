package dev.cvj.tensor;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TensorLayoutTest {
    @Test
    void constantsAreInterned() {
        assertSame(TensorLayout.NHWC, TensorLayout.of("NHWC"));
        assertSame(TensorLayout.CHW, TensorLayout.of("CHW"));
        assertSame(TensorLayout.of("DHW"), TensorLayout.of("DHW"));
    }

    @Test
    void labelsAndRanks() {
        assertEquals(4, TensorLayout.NHWC.rank());
        assertEquals(3, TensorLayout.NHWC.indexOf('C'));
        assertEquals(1, TensorLayout.NCHW.indexOf('C'));
        assertEquals(-1, TensorLayout.HWC.indexOf('N'));
        assertEquals(-1, TensorLayout.HWC.indexOf('x'));
        assertEquals('H', TensorLayout.NHWC.label(1));
        assertEquals("NCDHW", TensorLayout.NCDHW.labels());
        assertEquals(5, TensorLayout.NDHWC.rank());
        assertEquals(2, TensorLayout.NFHWC.indexOf('H'));
        assertTrue(TensorLayout.NHWC.has('W'));
        assertFalse(TensorLayout.NC.has('W'));
        assertEquals("WC", TensorLayout.WC.toString());
    }

    @Test
    void everyCvCudaLayoutIsDefined() {
        String[] all = {"NCHW", "NHWC", "HWC", "CHW", "HW", "NHW", "NC", "NW", "NWC", "NCW", "CW", "WC", "W", "NDHWC", "NCDHW",
                "CDHW", "DHWC", "NFHWC", "NFCHW", "FHWC", "FCHW", "NCFDHW"};
        for (String s : all) {
            assertEquals(s, TensorLayout.of(s).labels());
            assertEquals(s.length(), TensorLayout.of(s).rank());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "NHWX", "nhwc", "NHHW", "N C", "NCHWDFN"})
    void rejectsBadLabels(String s) {
        assertThrows(IllegalArgumentException.class, () -> TensorLayout.of(s));
    }

    @Test
    void rejectsNull() {
        assertThrows(NullPointerException.class, () -> TensorLayout.of(null));
    }

    @Test
    void implicitLayoutsAreCvCudas() {
        assertNull(TensorLayout.implicitFor(0));
        assertSame(TensorLayout.W, TensorLayout.implicitFor(1));
        assertSame(TensorLayout.HW, TensorLayout.implicitFor(2));
        assertSame(TensorLayout.NHW, TensorLayout.implicitFor(3));
        assertSame(TensorLayout.NCHW, TensorLayout.implicitFor(4));
        assertSame(TensorLayout.NCDHW, TensorLayout.implicitFor(5));
        assertSame(TensorLayout.NCFDHW, TensorLayout.implicitFor(6));
        assertNull(TensorLayout.implicitFor(7));
    }

    @Test
    void imageFormats() {
        assertEquals(3, ImageFormat.RGB8.channels());
        assertEquals(4, ImageFormat.BGRA8.channels());
        assertEquals(1, ImageFormat.NV12.channels());
        assertEquals(DataType.F32, ImageFormat.RGBf32.dataType());
        assertEquals(DataType.U8, ImageFormat.HSV8.dataType());
        assertTrue(ImageFormat.I420.isYuv420());
        assertFalse(ImageFormat.Y8.isYuv420());
    }
}
