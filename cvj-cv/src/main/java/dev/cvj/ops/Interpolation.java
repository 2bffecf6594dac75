package dev.cvj.ops;

/**
 * How {@link Resize} computes a destination pixel from the source, with OpenCV's
 * {@code cv2.resize} semantics (4.x).
 */
public enum Interpolation {
    /** OpenCV's INTER_NEAREST: source index {@code floor(dst * srcSize / dstSize)} (not half-pixel). */
    NEAREST,
    /** Bilinear, half-pixel centres, edge pixels replicated; U8 in 11-bit fixed point as OpenCV. */
    LINEAR,
    /** Bicubic (a = -0.75), half-pixel centres, edge pixels replicated; U8 in fixed point as OpenCV. */
    CUBIC,
    /** Pixel-area averaging when shrinking; OpenCV's INTER_AREA bilinear variant when enlarging. */
    AREA
}
