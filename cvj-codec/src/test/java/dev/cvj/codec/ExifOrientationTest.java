package dev.cvj.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.cvj.ops.Flip;
import dev.cvj.ops.Rotate;
import dev.cvj.tensor.DataType;
import dev.cvj.tensor.Tensor;
import dev.cvj.tensor.TensorLayout;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The orientation tag read from hand-made EXIF blocks in both byte orders, hostile blocks read as upright without an
 * exception, and the two steps of each orientation checked against the EXIF definition written out per pixel.
 */
class ExifOrientationTest {
    /** A JPEG prefix: SOI, an APP0, an APP1 Exif with IFD0 {0x010F (ASCII), 0x0112 (SHORT value)}, then EOI. */
    static byte[] jpegWithOrientation(int value, boolean littleEndian, int type) {
        ByteArrayOutputStream tiff = new ByteArrayOutputStream();
        Writer w = new Writer(tiff, littleEndian);
        tiff.writeBytes(littleEndian ? new byte[] {'I', 'I'} : new byte[] {'M', 'M'});
        w.u16(42);
        w.u32(8); // IFD0 right after the header
        w.u16(2);
        w.u16(0x010F).u16(2).u32(4).u32(0x41424300); // Make, 4 ASCII bytes in place
        w.u16(0x0112).u16(type).u32(1);
        w.u16(value).u16(0); // the SHORT value, left-justified in its 4 bytes
        w.u32(0); // no next IFD
        byte[] t = tiff.toByteArray();
        ByteArrayOutputStream f = new ByteArrayOutputStream();
        f.writeBytes(new byte[] {(byte) 0xFF, (byte) 0xD8});
        f.writeBytes(new byte[] {(byte) 0xFF, (byte) 0xE0, 0, 4, 'J', 'F'}); // a short APP0 before it
        int len = 2 + 6 + t.length;
        f.writeBytes(new byte[] {(byte) 0xFF, (byte) 0xE1, (byte) (len >> 8), (byte) len, 'E', 'x', 'i', 'f', 0, 0});
        f.writeBytes(t);
        f.writeBytes(new byte[] {(byte) 0xFF, (byte) 0xD9});
        return f.toByteArray();
    }

    private record Writer(ByteArrayOutputStream out, boolean le) {
        Writer u16(int v) {
            out.write(le ? v : v >> 8);
            out.write(le ? v >> 8 : v);
            return this;
        }

        Writer u32(long v) {
            for (int i = 0; i < 4; i++) {
                out.write((int) (v >> (le ? 8 * i : 24 - 8 * i)));
            }
            return this;
        }
    }

    private static ExifOrientation of(byte[] b) {
        return ExifOrientation.of(MemorySegment.ofArray(b));
    }

    @Test
    void readsEveryValueInBothByteOrders() {
        for (boolean le : new boolean[] {true, false}) {
            for (int v = 1; v <= 8; v++) {
                ExifOrientation o = of(jpegWithOrientation(v, le, 3));
                assertEquals(v, o.tag(), (le ? "II" : "MM") + " value " + v);
            }
        }
        assertEquals(ExifOrientation.RIGHT_TOP, ExifOrientation.ofTag(6));
        assertEquals(ExifOrientation.TOP_LEFT, ExifOrientation.ofTag(9));
    }

    @Test
    void imagesWithoutExifAreUpright() throws IOException {
        try (var files = Files.list(SampleImages.DIR)) {
            for (Path p : files.filter(f -> f.toString().endsWith(".jpg")).toList()) {
                assertEquals(ExifOrientation.TOP_LEFT, ExifOrientation.of(EncodedImage.read(p).data()), p.toString());
            }
        }
    }

    @Test
    void hostileBytesReadAsUprightWithoutAnException() {
        byte[] good = jpegWithOrientation(6, true, 3);
        assertEquals(ExifOrientation.TOP_LEFT, of(jpegWithOrientation(6, true, 4)), "a LONG, not a SHORT");
        assertEquals(ExifOrientation.TOP_LEFT, of(jpegWithOrientation(0, true, 3)), "value 0");
        assertEquals(ExifOrientation.TOP_LEFT, of(jpegWithOrientation(300, false, 3)), "value 300");
        assertEquals(ExifOrientation.TOP_LEFT, of(new byte[0]));
        assertEquals(ExifOrientation.TOP_LEFT, of(new byte[] {(byte) 0xFF, (byte) 0xD8}));
        assertEquals(ExifOrientation.TOP_LEFT, of("not a jpeg at all".getBytes()));
        for (int cut = 0; cut < good.length; cut++) {
            of(Arrays.copyOf(good, cut)); // any prefix: no exception, no read past the end
        }
        byte[] hugeCount = good.clone();
        int app1 = 2 + 6, tiff = app1 + 10, ifd = tiff + 8; // after SOI + APP0; after the APP1 header; the TIFF header
        hugeCount[ifd] = (byte) 0xFF;
        hugeCount[ifd + 1] = (byte) 0xFF;
        assertEquals(ExifOrientation.RIGHT_TOP, of(hugeCount), "65,535 entries claimed: the two present are read");
        byte[] noEntries = good.clone();
        noEntries[ifd] = 0;
        noEntries[ifd + 1] = 0;
        assertEquals(ExifOrientation.TOP_LEFT, of(noEntries), "an empty IFD0");
        assertEquals(ExifOrientation.RIGHT_TOP, of(good), "the undamaged block");
        byte[] farIfd = good.clone();
        farIfd[tiff + 7] = (byte) 0x7F; // IFD0 offset 0x7F000008 (little-endian)
        assertEquals(ExifOrientation.TOP_LEFT, of(farIfd), "IFD0 past the segment");
        byte[] longSegment = good.clone();
        longSegment[app1 + 2] = (byte) 0x7F; // APP1 length past the file
        assertEquals(ExifOrientation.TOP_LEFT, of(longSegment), "segment past the file");
        Random r = new Random(7);
        for (int i = 0; i < 2000; i++) {
            byte[] b = good.clone();
            b[2 + r.nextInt(b.length - 2)] = (byte) r.nextInt(256);
            of(b); // random damage: any orientation or upright, never an exception
        }
        assertThrows(NullPointerException.class, () -> ExifOrientation.of(null));
    }

    /** Each orientation's steps, run by cvj's CPU operators, against the EXIF definition of the upright image. */
    @Test
    void theStepsMakeTheStoredImageUpright() {
        int h = 3, w = 5;
        byte[] stored = new byte[h * w];
        for (int i = 0; i < stored.length; i++) {
            stored[i] = (byte) (i + 1);
        }
        for (ExifOrientation o : ExifOrientation.values()) {
            boolean swap = o.tag() >= 5;
            int uh = swap ? w : h, uw = swap ? h : w;
            byte[] expected = new byte[h * w];
            for (int y = 0; y < uh; y++) {
                for (int x = 0; x < uw; x++) {
                    // the stored pixel shown at upright (x, y), from the tag's meaning (TIFF 6.0, tag 274)
                    int[] s = switch (o.tag()) {
                        case 1 -> new int[] {x, y};
                        case 2 -> new int[] {w - 1 - x, y};
                        case 3 -> new int[] {w - 1 - x, h - 1 - y};
                        case 4 -> new int[] {x, h - 1 - y};
                        case 5 -> new int[] {y, x};
                        case 6 -> new int[] {y, h - 1 - x};
                        case 7 -> new int[] {w - 1 - y, h - 1 - x};
                        default -> new int[] {w - 1 - y, x};
                    };
                    expected[y * uw + x] = stored[s[1] * w + s[0]];
                }
            }
            Tensor t = Tensor.allocateHost(new long[] {h, w, 1}, DataType.U8, TensorLayout.HWC);
            t.copyFrom(stored);
            if (o.rotateCode() >= 0) {
                Tensor next = Rotate.rotate90(t, o.rotateCode());
                t.close();
                t = next;
            }
            if (o.flipAfter() != null) {
                Tensor next = Flip.flip(t, o.flipAfter());
                t.close();
                t = next;
            }
            assertEquals(uh, t.shape('H'), o + " height");
            byte[] got = new byte[h * w];
            t.copyTo(got);
            t.close();
            assertArrayEquals(expected, got, o.toString());
        }
    }
}
