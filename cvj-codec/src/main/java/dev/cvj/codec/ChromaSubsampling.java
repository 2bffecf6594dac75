package dev.cvj.codec;

import dev.cvj.codec.raw.NvJpegTypes;

/** The chroma subsampling of an encoded JPEG: the luma sampling factors over chroma's (1 x 1). */
public enum ChromaSubsampling {
    /** Full-resolution chroma. */
    CSS_444(1, 1, NvJpegTypes.CSS_444),
    /** Chroma at half the horizontal resolution. */
    CSS_422(2, 1, NvJpegTypes.CSS_422),
    /** Chroma at half the resolution both ways (the usual camera and web JPEG). */
    CSS_420(2, 2, NvJpegTypes.CSS_420);

    final int h;
    final int v;
    final int nvjpeg;

    ChromaSubsampling(int h, int v, int nvjpeg) {
        this.h = h;
        this.v = v;
        this.nvjpeg = nvjpeg;
    }
}
