package dev.cvj.ops;

/**
 * The resampling filters of Pillow's {@code Image.resize} ({@code PIL.Image.Resampling}), as {@link PillowResize} and
 * CV-CUDA's {@code cvcuda.pillowresize} apply them. Every filter but {@link #NEAREST} is evaluated at support
 * {@code support * max(1, in / out)} source pixels around each output pixel's centre, its weights normalised to sum 1.
 */
public enum PillowFilter {
    /** Pillow's NEAREST: source index {@code (int) (in / out * (o + 0.5))} (a separate path, no weights). */
    NEAREST,
    /** Pillow's BOX: 1 on (-0.5, 0.5], support 0.5. */
    BOX,
    /** Pillow's BILINEAR: the triangle {@code 1 - |x|}, support 1. */
    BILINEAR,
    /** Pillow's HAMMING: {@code sinc(x) * (0.54 + 0.46 cos(pi x))}, support 1. */
    HAMMING,
    /** Pillow's BICUBIC: Keys' cubic with a = -0.5, support 2. */
    BICUBIC,
    /** Pillow's LANCZOS: {@code sinc(x) * sinc(x / 3)}, support 3. */
    LANCZOS
}
