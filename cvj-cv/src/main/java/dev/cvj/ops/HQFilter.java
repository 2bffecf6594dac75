package dev.cvj.ops;

/**
 * The antialiasing filters of {@link HQResize} (CV-CUDA's {@code cvcuda.hq_resize} interpolations). When shrinking an
 * axis by {@code s = in / out > 1} a filter is stretched by {@code s} (its support and argument scaled), so every
 * output pixel averages the source pixels it covers; when enlarging it is the plain interpolation.
 */
public enum HQFilter {
    /** The triangle {@code 1 - |x|}, support 1: torchvision's {@code resize(antialias=True)} BILINEAR. */
    LINEAR,
    /** Keys' cubic with a = -0.5, support 2: torchvision's {@code resize(antialias=True)} BICUBIC. */
    CUBIC,
    /** CV-CUDA's Gaussian window {@code exp(-4 x^2)}, support 1 (sigma = s / (2 sqrt 2) source pixels). */
    GAUSSIAN,
    /** CV-CUDA's Lanczos-3 window {@code sinc(x) * sinc(x / 3)}, support 3. */
    LANCZOS
}
