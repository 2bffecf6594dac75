package dev.cvj.ops;

/**
 * The YCbCr colour specifications of {@link AdvCvtColor}, named as CV-CUDA's {@code NVCVColorSpec} values: the
 * luma weights {@code Kr}, {@code Kb} ({@code Kg = 1 - Kr - Kb}) of an ITU-R standard and its range. Without a
 * suffix the range is limited (video, "studio swing", as {@code NVCV_COLOR_SPEC_BT601} and the others name it): 8-bit
 * Y in [16, 235] and Cb, Cr in [16, 240]; the {@code _ER} ("extended range") specifications are full range: Y in
 * [0, 255] and Cb, Cr in [0, 255] with 128 for no colour (JPEG's YCbCr for BT.601).
 *
 * <p>For R, G, B in [0, 255], with {@code E = Kr R + Kg G + Kb B}, {@code Pb = (B - E) / (2 (1 - Kb))} and
 * {@code Pr = (R - E) / (2 (1 - Kr))}:
 * <pre>
 * full range:    Y = E                 Cb = 128 + Pb            Cr = 128 + Pr
 * limited range: Y = 16 + 219/255 E    Cb = 128 + 224/255 Pb    Cr = 128 + 224/255 Pr
 * </pre>
 * and back, with {@code E = Y}, {@code Pb = Cb - 128} and {@code Pr = Cr - 128} (full range) or
 * {@code E = 255/219 (Y - 16)}, {@code Pb = 255/224 (Cb - 128)}, {@code Pr = 255/224 (Cr - 128)} (limited range):
 * <pre>
 * R = E + 2 (1 - Kr) Pr     G = E - (2 Kr (1 - Kr) Pr + 2 Kb (1 - Kb) Pb) / Kg     B = E + 2 (1 - Kb) Pb
 * </pre>
 * Numerically (6 places):
 * <table class="striped">
 * <caption>The weights</caption>
 * <tr><th></th><th>Kr, Kg, Kb</th><th>Pb = k (B - E)</th><th>Pr = k (R - E)</th><th>R from Pr</th>
 *     <th>G from Pr, Pb</th><th>B from Pb</th></tr>
 * <tr><td>BT.601</td><td>0.299, 0.587, 0.114</td><td>0.564334</td><td>0.713267</td><td>1.402</td>
 *     <td>-0.714136, -0.344136</td><td>1.772</td></tr>
 * <tr><td>BT.709</td><td>0.2126, 0.7152, 0.0722</td><td>0.538909</td><td>0.635001</td><td>1.5748</td>
 *     <td>-0.468124, -0.187324</td><td>1.8556</td></tr>
 * <tr><td>BT.2020</td><td>0.2627, 0.678, 0.0593</td><td>0.531519</td><td>0.678150</td><td>1.4746</td>
 *     <td>-0.571353, -0.164553</td><td>1.8814</td></tr>
 * </table>
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
