/**
 * Decoding and encoding images for cvj: JPEG on the GPU with nvJPEG, and ImageIO on the CPU for what nvJPEG does not
 * take and for machines without a GPU.
 *
 * <p>{@link dev.cvj.codec.ImageDecoder} turns a list of {@link dev.cvj.codec.EncodedImage}s (a name for messages and
 * the bytes) into a {@link dev.cvj.codec.DecodeResult}: U8 HWC images as a {@link dev.cvj.tensor.ImageBatchVarShape}
 * (or one NHWC tensor when all share a size), which decoder took each ({@link dev.cvj.codec.DecodePath}), and one
 * {@link dev.cvj.codec.DecodeFailure} per image that no decoder could read; a bad file never costs the rest of its
 * batch. {@link dev.cvj.codec.ImageEncoder} writes a U8 HWC image as a JPEG. Each says in {@code describe()} which
 * path it takes and why (no GPU, no libnvjpeg, ...). Bad arguments are refused with an exception naming the method
 * and the argument; a failing nvJPEG call on the codec's own objects is an {@link dev.cvj.codec.NvJpegException}.
 *
 * <p>Decode the JPEGs of a folder (on device 0 when there is a GPU, else into host memory):
 * <pre>{@code
 * List<EncodedImage> jpegs = new ArrayList<>();
 * try (DirectoryStream<Path> files = Files.newDirectoryStream(Path.of("photos"), "*.{jpg,jpeg,JPG,JPEG}")) {
 *     for (Path file : files) {
 *         jpegs.add(EncodedImage.read(file));
 *     }
 * }
 * try (ImageDecoder decoder = ImageDecoder.create();
 *      DecodeResult result = decoder.decode(jpegs, ImageFormat.RGB8, null)) {   // null: the current stream
 *     ImageBatchVarShape images = result.images();   // owned by the result
 *     System.out.println(decoder.describe() + ": " + result.summary());
 *     result.failures().forEach(f -> System.err.println("failed: " + f));
 *     for (int i = 0; i < images.size(); i++) {
 *         System.out.println(jpegs.get(result.inputIndex(i)).name() + ": " + images.imageSize(i));
 *     }
 * }   // closes the images, then nvJPEG's objects and the decoder's threads
 * }</pre>
 *
 * <p>On the GPU the native calls need {@code --enable-native-access=dev.cvj.cuda} on the module path
 * ({@code --enable-native-access=ALL-UNNAMED} on the class path). docs/CODEC.md describes which decoder takes which
 * image and how far GPU and CPU pixels may differ.
 */
package dev.cvj.codec;
