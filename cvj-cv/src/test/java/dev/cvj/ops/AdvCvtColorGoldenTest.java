package dev.cvj.ops;

import static dev.cvj.ops.OpTestSupport.bytes;
import static dev.cvj.ops.OpTestSupport.host;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cvj.tensor.DataType;
import dev.cvj.tensor.Tensor;
import dev.cvj.tensor.TensorLayout;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * AdvCvtColor against OpenCV 4.6 where OpenCV computes the same conversion (src/test/golden/gen_adv_cvtcolor.py):
 * BT601_ER 4:4:4 both ways is COLOR_RGB2YCrCb / COLOR_YCrCb2RGB (Cr, Cb swapped), BT601 NV12 and NV21 to RGB are
 * COLOR_YUV2RGB_NV12 / COLOR_YUV2BGR_NV21 (Y planes from 16: OpenCV raises lower Y to 16); within 1 (OpenCV
 * rounds 14-bit and 20-bit weights, cvj 18-bit ones).
 */
class AdvCvtColorGoldenTest {
    private static final String OP = "adv_cvtcolor";

    @Test
    void matchesOpenCvWithinOne() {
        List<String[]> cases = GoldenFiles.manifest(OP);
        assertEquals(GoldenFiles.expectedCases(OP), cases.size(), "cases in the manifest");
        for (String[] line : cases) {
            String name = line[0], code = value(line, "code");
            int h = Integer.parseInt(value(line, "h")), w = Integer.parseInt(value(line, "w"));
            int c = Integer.parseInt(value(line, "c"));
            byte[] in = GoldenFiles.bytes(OP, name + ".in"), want = GoldenFiles.bytes(OP, name + ".out");
            boolean ycrcb = code.contains("YCrCb");
            if (code.equals("YCrCb2RGB")) {
                swapChroma(in);
            }
            ColorConversion conv = switch (code) {
                case "RGB2YCrCb" -> ColorConversion.RGB2YUV;
                case "YCrCb2RGB" -> ColorConversion.YUV2RGB;
                case "YUV2RGB_NV12" -> ColorConversion.YUV2RGB_NV12;
                default -> ColorConversion.YUV2BGR_NV21;
            };
            ColorSpec spec = ycrcb ? ColorSpec.BT601_ER : ColorSpec.BT601;
            try (Tensor src = host(in, DataType.U8, TensorLayout.HWC, h, w, c);
                 Tensor dst = AdvCvtColor.advCvtColor(src, conv, spec)) {
                byte[] got = bytes(dst);
                if (code.equals("RGB2YCrCb")) {
                    swapChroma(got);
                }
                assertEquals(want.length, got.length, name + " size");
                int max = 0;
                for (int i = 0; i < got.length; i++) {
                    max = Math.max(max, Math.abs((got[i] & 0xff) - (want[i] & 0xff)));
                }
                assertTrue(max <= 1, name + " " + code + ": largest difference from OpenCV " + max);
            }
        }
    }

    /** Swaps channels 1 and 2 of 3-channel pixels: Y, Cr, Cb to Y, Cb, Cr and back. */
    private static void swapChroma(byte[] b) {
        for (int p = 0; p < b.length; p += 3) {
            byte t = b[p + 1];
            b[p + 1] = b[p + 2];
            b[p + 2] = t;
        }
    }

    private static String value(String[] line, String key) {
        for (String kv : line) {
            if (kv.startsWith(key + "=")) {
                return kv.substring(key.length() + 1);
            }
        }
        throw new IllegalStateException("no " + key + " in " + String.join(" ", line));
    }
}
