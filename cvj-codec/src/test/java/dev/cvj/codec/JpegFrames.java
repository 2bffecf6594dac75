package dev.cvj.codec;

import java.util.Arrays;

/** Reads a JPEG's frame header (SOF) independently of any decoder: its size and its components' sampling factors. */
final class JpegFrames {
    /** {@code sampling[c] = {H, V}} of component c; {@code marker} 0xC0 baseline, 0xC2 progressive. */
    record Frame(int marker, int width, int height, int[][] sampling) {
        @Override
        public String toString() {
            return String.format("SOF%d %dx%d %s", marker - 0xC0, width, height, Arrays.deepToString(sampling));
        }
    }

    private JpegFrames() {}

    static Frame frame(byte[] b) {
        if ((b[0] & 0xff) != 0xFF || (b[1] & 0xff) != 0xD8) {
            throw new AssertionError("no SOI marker");
        }
        int i = 2;
        while (i + 4 <= b.length && (b[i] & 0xff) == 0xFF) {
            int m = b[i + 1] & 0xff, len = (b[i + 2] & 0xff) << 8 | (b[i + 3] & 0xff);
            if (m >= 0xC0 && m <= 0xC2) {
                int h = (b[i + 5] & 0xff) << 8 | (b[i + 6] & 0xff), w = (b[i + 7] & 0xff) << 8 | (b[i + 8] & 0xff);
                int n = b[i + 9] & 0xff;
                int[][] s = new int[n][];
                for (int c = 0; c < n; c++) {
                    int f = b[i + 11 + 3 * c] & 0xff;
                    s[c] = new int[] {f >> 4, f & 15};
                }
                return new Frame(m, w, h, s);
            }
            i += 2 + len;
        }
        throw new AssertionError("no SOF marker before the scan");
    }

    /** The peak signal-to-noise ratio of {@code a} against {@code b} (bytes), in dB. */
    static double psnr(byte[] a, byte[] b) {
        double se = 0;
        for (int i = 0; i < a.length; i++) {
            double d = (a[i] & 0xff) - (b[i] & 0xff);
            se += d * d;
        }
        return se == 0 ? Double.POSITIVE_INFINITY : 10 * Math.log10(255.0 * 255.0 * a.length / se);
    }
}
