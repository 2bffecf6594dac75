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
 * @param name what error messages and {@link DecodeFailure#name()} call the image (not null)
 * @param data the encoded bytes, all of the segment: a heap segment ({@link #of(String, byte[])}) or native memory
 *     (not null). A segment of a confined arena can be decoded only on the arena's thread.
 */
public record EncodedImage(String name, MemorySegment data) {
    /**
     * Wraps the bytes; copies nothing.
     *
     * @param name what error messages call the image (not null)
     * @param data the encoded bytes (not null)
     * @throws NullPointerException if {@code name} or {@code data} is null
     */
    public EncodedImage {
        Objects.requireNonNull(name, "EncodedImage: name");
        Objects.requireNonNull(data, "EncodedImage: data");
    }

    /**
     * The bytes of a Java array, not copied: change the array only after the decode call returned.
     *
     * @param name what error messages call the image (not null)
     * @param bytes the whole array is the encoded image (not null)
     * @return the image over {@code bytes}
     * @throws NullPointerException if {@code name} or {@code bytes} is null
     */
    public static EncodedImage of(String name, byte[] bytes) {
        return new EncodedImage(name, MemorySegment.ofArray(Objects.requireNonNull(bytes, "EncodedImage.of: bytes")));
    }

    /**
     * The bytes of a buffer from its position to its limit, not copied (the buffer's position is not moved).
     *
     * @param name what error messages call the image (not null)
     * @param buffer a heap or direct buffer (not null)
     * @return the image over the buffer's remaining bytes
     * @throws NullPointerException if {@code name} or {@code buffer} is null
     */
    public static EncodedImage of(String name, ByteBuffer buffer) {
        return new EncodedImage(name, MemorySegment.ofBuffer(Objects.requireNonNull(buffer, "EncodedImage.of: buffer")));
    }

    /**
     * A file's bytes, read whole now; the name is the file's path as given.
     *
     * @param file the file to read (not null)
     * @return the image over a new array of the file's bytes
     * @throws IOException if the file cannot be read (missing, a directory, no permission)
     * @throws OutOfMemoryError if the file is larger than a Java array can hold (2 GiB)
     * @throws NullPointerException if {@code file} is null
     */
    public static EncodedImage read(Path file) throws IOException {
        return of(file.toString(), Files.readAllBytes(file));
    }

    /** {@return the number of encoded bytes: {@code data().byteSize()}} */
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
