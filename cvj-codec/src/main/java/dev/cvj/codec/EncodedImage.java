package dev.cvj.codec;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * One encoded image (JPEG, PNG, ...) as bytes in memory, with the name that errors give it (its file name, or
 * {@code "image 3"}). The bytes are read, never modified, and must stay valid until the decode call returns.
 *
 * @param name what error messages call the image
 * @param data the encoded bytes: a heap segment ({@link #of(String, byte[])}) or native memory
 */
public record EncodedImage(String name, MemorySegment data) {
    public EncodedImage {
        Objects.requireNonNull(name, "EncodedImage: name");
        Objects.requireNonNull(data, "EncodedImage: data");
    }

    /** The bytes of a Java array (not copied). */
    public static EncodedImage of(String name, byte[] bytes) {
        return new EncodedImage(name, MemorySegment.ofArray(Objects.requireNonNull(bytes, "EncodedImage.of: bytes")));
    }

    /** The remaining bytes of a buffer (not copied). */
    public static EncodedImage of(String name, ByteBuffer buffer) {
        return new EncodedImage(name, MemorySegment.ofBuffer(Objects.requireNonNull(buffer, "EncodedImage.of: buffer")));
    }

    /** A file's bytes, read now; the name is the file's path. */
    public static EncodedImage read(Path file) throws IOException {
        return of(file.toString(), Files.readAllBytes(file));
    }

    /** The number of encoded bytes. */
    public long size() {
        return data.byteSize();
    }

    /** The bytes as a Java array: the backing array itself when it is one whole array, else a copy. */
    byte[] bytes() {
        if (data.heapBase().orElse(null) instanceof byte[] a && a.length == data.byteSize()) {
            return a;
        }
        return data.toArray(ValueLayout.JAVA_BYTE);
    }
}
