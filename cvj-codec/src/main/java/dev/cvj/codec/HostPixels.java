package dev.cvj.codec;

/** Decoded pixels on the host: {@code height x width x channels} bytes, row by row, no padding. */
record HostPixels(int width, int height, int channels, byte[] pixels) {}
