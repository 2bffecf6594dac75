package dev.cvj.codec;

/** Which decoder produced an image. */
public enum DecodePath {
    /** nvJPEG's hardware backend (the JPEG engines of A100, H100, H200, ...): baseline JPEGs it accepts. */
    HARDWARE,
    /** nvJPEG's hybrid backend through the decoupled phases: Huffman decoding on CPU threads, the rest on the GPU. */
    GPU_HYBRID,
    /** ImageIO on the CPU (then uploaded when the output is on a device): what nvJPEG refuses, or no GPU. */
    CPU
}
