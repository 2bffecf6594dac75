package dev.cvj.codec.raw;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SegmentAllocator;
import java.lang.foreign.ValueLayout;

/**
 * The enum values and the one struct of {@code nvjpeg.h} that cvj uses, written by hand next to the generated
 * {@link NvJpeg}: {@code nvjpegStatus_t}, {@code nvjpegBackend_t}, {@code nvjpegOutputFormat_t},
 * {@code nvjpegInputFormat_t}, {@code nvjpegChromaSubsampling_t}, {@code nvjpegJpegEncoding_t}, and
 * {@code nvjpegImage_t} (four channel pointers, then four pitches: 64 bytes). Checked against the {@code nvjpeg.h} of
 * CUDA 13.0; these values have not changed since CUDA 11.
 */
public final class NvJpegTypes {
    private NvJpegTypes() {}

    // nvjpegStatus_t
    public static final int STATUS_SUCCESS = 0;
    public static final int STATUS_NOT_INITIALIZED = 1;
    public static final int STATUS_INVALID_PARAMETER = 2;
    public static final int STATUS_BAD_JPEG = 3;
    public static final int STATUS_JPEG_NOT_SUPPORTED = 4;
    public static final int STATUS_ALLOCATOR_FAILURE = 5;
    public static final int STATUS_EXECUTION_FAILED = 6;
    public static final int STATUS_ARCH_MISMATCH = 7;
    public static final int STATUS_INTERNAL_ERROR = 8;
    public static final int STATUS_IMPLEMENTATION_NOT_SUPPORTED = 9;
    public static final int STATUS_INCOMPLETE_BITSTREAM = 10;

    // nvjpegBackend_t
    public static final int BACKEND_DEFAULT = 0;
    public static final int BACKEND_HYBRID = 1;
    public static final int BACKEND_GPU_HYBRID = 2;
    public static final int BACKEND_HARDWARE = 3;

    // nvjpegOutputFormat_t
    public static final int OUTPUT_UNCHANGED = 0;
    public static final int OUTPUT_YUV = 1;
    public static final int OUTPUT_Y = 2;
    public static final int OUTPUT_RGB = 3;
    public static final int OUTPUT_BGR = 4;
    public static final int OUTPUT_RGBI = 5;
    public static final int OUTPUT_BGRI = 6;

    // nvjpegInputFormat_t
    public static final int INPUT_RGB = 3;
    public static final int INPUT_BGR = 4;
    public static final int INPUT_RGBI = 5;
    public static final int INPUT_BGRI = 6;

    // nvjpegChromaSubsampling_t
    public static final int CSS_444 = 0;
    public static final int CSS_422 = 1;
    public static final int CSS_420 = 2;
    public static final int CSS_440 = 3;
    public static final int CSS_411 = 4;
    public static final int CSS_410 = 5;
    public static final int CSS_GRAY = 6;
    public static final int CSS_410V = 7;
    public static final int CSS_UNKNOWN = -1;

    // nvjpegJpegEncoding_t
    public static final int ENCODING_UNKNOWN = 0x0;
    public static final int ENCODING_BASELINE_DCT = 0xc0;
    public static final int ENCODING_EXTENDED_SEQUENTIAL_DCT_HUFFMAN = 0xc1;
    public static final int ENCODING_PROGRESSIVE_DCT_HUFFMAN = 0xc2;
    public static final int ENCODING_LOSSLESS_HUFFMAN = 0xc3;

    /** {@code NVJPEG_MAX_COMPONENT}. */
    public static final int MAX_COMPONENT = 4;

    /** {@code nvjpegImage_t}: {@code unsigned char *channel[4]; size_t pitch[4];}. */
    public static final MemoryLayout IMAGE = MemoryLayout.structLayout(
            MemoryLayout.sequenceLayout(MAX_COMPONENT, ValueLayout.JAVA_LONG).withName("channel"),
            MemoryLayout.sequenceLayout(MAX_COMPONENT, ValueLayout.JAVA_LONG).withName("pitch")).withName("nvjpegImage_t");

    /** {@code n} zeroed {@code nvjpegImage_t}s, contiguous (the array {@code nvjpegDecodeBatched} takes). */
    public static MemorySegment images(SegmentAllocator arena, int n) {
        return arena.allocate(IMAGE, n);
    }

    /** Sets channel {@code c} of image {@code i} of {@code images} to a device address and its row pitch in bytes. */
    public static void setChannel(MemorySegment images, int i, int c, long address, long pitch) {
        long base = i * IMAGE.byteSize();
        images.set(ValueLayout.JAVA_LONG, base + 8L * c, address);
        images.set(ValueLayout.JAVA_LONG, base + 8L * (MAX_COMPONENT + c), pitch);
    }

    /** The name of an {@code nvjpegStatus_t} value, e.g. {@code NVJPEG_STATUS_BAD_JPEG}. */
    public static String statusName(int status) {
        return switch (status) {
            case STATUS_SUCCESS -> "NVJPEG_STATUS_SUCCESS";
            case STATUS_NOT_INITIALIZED -> "NVJPEG_STATUS_NOT_INITIALIZED";
            case STATUS_INVALID_PARAMETER -> "NVJPEG_STATUS_INVALID_PARAMETER";
            case STATUS_BAD_JPEG -> "NVJPEG_STATUS_BAD_JPEG";
            case STATUS_JPEG_NOT_SUPPORTED -> "NVJPEG_STATUS_JPEG_NOT_SUPPORTED";
            case STATUS_ALLOCATOR_FAILURE -> "NVJPEG_STATUS_ALLOCATOR_FAILURE";
            case STATUS_EXECUTION_FAILED -> "NVJPEG_STATUS_EXECUTION_FAILED";
            case STATUS_ARCH_MISMATCH -> "NVJPEG_STATUS_ARCH_MISMATCH";
            case STATUS_INTERNAL_ERROR -> "NVJPEG_STATUS_INTERNAL_ERROR";
            case STATUS_IMPLEMENTATION_NOT_SUPPORTED -> "NVJPEG_STATUS_IMPLEMENTATION_NOT_SUPPORTED";
            case STATUS_INCOMPLETE_BITSTREAM -> "NVJPEG_STATUS_INCOMPLETE_BITSTREAM";
            default -> "nvjpegStatus " + status;
        };
    }
}
