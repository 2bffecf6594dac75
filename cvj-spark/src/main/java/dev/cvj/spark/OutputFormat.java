package dev.cvj.spark;

/** How the output column holds each image's tensor. */
public enum OutputFormat {
    /** {@code array<float>} of a fixed length (the row's elements in C order; F16 and U8 values widened to float). */
    FLOAT_ARRAY,
    /**
     * {@code binary}: the row's bytes as the spec's type (little-endian, C order), with the shape of one row in a
     * second column {@code <outputCol>_shape} ({@code array<int>}).
     */
    BINARY
}
