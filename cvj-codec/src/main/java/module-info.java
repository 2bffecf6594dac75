/**
 * JPEG decode and encode for cvj: nvJPEG on the GPU (hardware and hybrid backends), ImageIO as the fallback and the
 * CPU path.
 *
 * <p>{@link dev.cvj.codec.ImageDecoder} turns encoded images into an {@link dev.cvj.tensor.ImageBatchVarShape} or one
 * tensor, with a per-image failure for each image it cannot read; {@link dev.cvj.codec.ImageEncoder} writes JPEGs.
 * {@link dev.cvj.codec.raw} holds the generated nvJPEG bindings. The native calls are made by {@code dev.cvj.cuda}:
 * run with {@code --enable-native-access=dev.cvj.cuda}.
 */
module dev.cvj.codec {
    requires transitive dev.cvj.cv;
    requires java.desktop; // ImageIO: the fallback decoder and encoder

    exports dev.cvj.codec;
    exports dev.cvj.codec.raw;
}
