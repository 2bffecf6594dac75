package dev.cvj.ops.internal;

import dev.cvj.tensor.DataType;
import java.lang.foreign.MemorySegment;

/**
 * A strided batch of packed-pixel images in host memory, as the CPU paths of Resize and CvtColor walk it:
 * {@code n} images of {@code h} rows of {@code w} pixels of {@code c} adjacent channels, addressed by byte
 * strides (image, row, pixel) from the start of {@code seg}. Element access goes through {@link CpuPixels}.
 */
public record CpuImage(MemorySegment seg, DataType type, int n, int h, int w, int c,
                       long strideN, long strideH, long strideW) {

    /** A dense image (or batch) over a heap or native segment. */
    public static CpuImage dense(MemorySegment seg, DataType type, int n, int h, int w, int c) {
        long sw = (long) c * type.byteSize();
        return new CpuImage(seg, type, n, h, w, c, sw * w * h, sw * w, sw);
    }

    /** Byte size of one element. */
    public int elemSize() {
        return type.byteSize();
    }

    public long offset(int img, int y, int x) {
        return img * strideN + y * strideH + x * strideW;
    }

    /** The element at a byte offset as an int (see {@link CpuPixels#loadInt}). */
    public int getInt(long off) {
        return CpuPixels.loadInt(seg, off, type);
    }

    /** The element at a byte offset as a float. */
    public float getFloat(long off) {
        return CpuPixels.load(seg, off, type);
    }

    /** Stores an int, saturated (see {@link CpuPixels#storeInt}). */
    public void setInt(long off, int v) {
        CpuPixels.storeInt(seg, off, type, v);
    }

    /** Stores a float, rounded and saturated for integer types (see {@link CpuPixels#store}). */
    public void setFloat(long off, float v) {
        CpuPixels.store(seg, off, type, v);
    }

    /** Copies one element to {@code dst} (same element type). */
    public void copyElem(long off, CpuImage dst, long dstOff) {
        CpuPixels.copy(seg, off, dst.seg, dstOff, type.byteSize());
    }
}
