package dev.cvj.ops;

/**
 * The YCbCr colour specifications of {@link AdvCvtColor}, named as CV-CUDA's {@code NVCVColorSpec} values: the
 * luma weights {@code Kr}, {@code Kb} ({@code Kg = 1 - Kr - Kb}) of an ITU-R standard and its range. Without a
 * suffix the range is limited (video, "studio swing", as {@code NVCV_COLOR_SPEC_BT601} and the others name it): 8-bit
 * Y in [16, 235] and Cb, Cr in [16, 240]; the {@code _ER} ("extended range") specifications are full range: Y in
 * [0, 255] and Cb, Cr in [0, 255] with 128 for no colour (JPEG's YCbCr for BT.601).
 *
 * <p>For R, G, B in [0, 255], with {@code E = Kr R + Kg G + Kb B}:
 * <pre>
 * full range:    Y = E                    Cb = 128 + (B - E) / (2 (1 - Kb))            Cr = 128 + (R - E) / (2 (1 - Kr))
 * limited range: Y = 16 + 219/255 E       Cb = 128 + 224/255 (B - E) / (2 (1 - Kb))    Cr = 128 + 224/255 (R - E) / (2 (1 - Kr))
 * </pre>
 * and back, with {@code E = Y} and {@code Pb = Cb - 128}, {@code Pr = Cr - 128} (full range) or
 * {@code E = 255/219 (Y - 16)}, {@code Pb = 255/224 (Cb - 128)}, {@code Pr = 255/224 (Cr - 128)} (limited range):
 * <pre>
 * R = E + 2 (1 - Kr) Pr     G = E - (2 Kr (1 - Kr) Pr + 2 Kb (1 - Kb) Pb) / Kg     B = E + 2 (1 - Kb) Pb
 * </pre>
 */
public enum ColorSpec {
    /** ITU-R BT.601, limited range: Kr = 0.299, Kb = 0.114 (OpenCV's 4:2:0 conversions). */
    BT601(0.299, 0.114, false),
    /** ITU-R BT.601, full range: Kr = 0.299, Kb = 0.114 (JPEG; OpenCV's {@code COLOR_RGB2YCrCb}). */
    BT601_ER(0.299, 0.114, true),
    /** ITU-R BT.709, limited range: Kr = 0.2126, Kb = 0.0722 (HD video). */
    BT709(0.2126, 0.0722, false),
    /** ITU-R BT.709, full range: Kr = 0.2126, Kb = 0.0722. */
    BT709_ER(0.2126, 0.0722, true),
    /** ITU-R BT.2020 (non-constant luminance), limited range: Kr = 0.2627, Kb = 0.0593 (UHD video). */
    BT2020(0.2627, 0.0593, false),
    /** ITU-R BT.2020 (non-constant luminance), full range: Kr = 0.2627, Kb = 0.0593. */
    BT2020_ER(0.2627, 0.0593, true);

    private final double kr;
    private final double kb;
    private final boolean fullRange;

    ColorSpec(double kr, double kb, boolean fullRange) {
        this.kr = kr;
        this.kb = kb;
        this.fullRange = fullRange;
    }

    /** {@return the red weight of luma, Kr} */
    public double kr() {
        return kr;
    }

    /** {@return the blue weight of luma, Kb} */
    public double kb() {
        return kb;
    }

    /** {@return the green weight of luma, Kg = 1 - Kr - Kb} */
    public double kg() {
        return 1 - kr - kb;
    }

    /** {@return whether Y, Cb and Cr use the full range [0, 255] (else Y [16, 235], Cb and Cr [16, 240])} */
    public boolean fullRange() {
        return fullRange;
    }
}
