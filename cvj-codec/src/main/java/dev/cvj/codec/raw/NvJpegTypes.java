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

    // nvjpegStatus_t: what every nvJPEG call returns
    /** {@code NVJPEG_STATUS_SUCCESS}: the call succeeded. */
    public static final int STATUS_SUCCESS = 0;
    /** {@code NVJPEG_STATUS_NOT_INITIALIZED}: the library handle was not initialized. */
    public static final int STATUS_NOT_INITIALIZED = 1;
    /** {@code NVJPEG_STATUS_INVALID_PARAMETER}: a wrong parameter was passed. */
    public static final int STATUS_INVALID_PARAMETER = 2;
    /** {@code NVJPEG_STATUS_BAD_JPEG}: the data is not a JPEG nvJPEG can parse. */
    public static final int STATUS_BAD_JPEG = 3;
    /** {@code NVJPEG_STATUS_JPEG_NOT_SUPPORTED}: a JPEG nvJPEG does not decode (CMYK, 12 bits, arithmetic coding, ...). */
    public static final int STATUS_JPEG_NOT_SUPPORTED = 4;
    /** {@code NVJPEG_STATUS_ALLOCATOR_FAILURE}: a host or device allocation failed. */
    public static final int STATUS_ALLOCATOR_FAILURE = 5;
    /** {@code NVJPEG_STATUS_EXECUTION_FAILED}: the GPU work failed. */
    public static final int STATUS_EXECUTION_FAILED = 6;
    /** {@code NVJPEG_STATUS_ARCH_MISMATCH}: the GPU does not support the requested backend. */
    public static final int STATUS_ARCH_MISMATCH = 7;
    /** {@code NVJPEG_STATUS_INTERNAL_ERROR}: an internal error of nvJPEG. */
    public static final int STATUS_INTERNAL_ERROR = 8;
    /** {@code NVJPEG_STATUS_IMPLEMENTATION_NOT_SUPPORTED}: the backend does not implement the call. */
    public static final int STATUS_IMPLEMENTATION_NOT_SUPPORTED = 9;
    /** {@code NVJPEG_STATUS_INCOMPLETE_BITSTREAM}: the JPEG is truncated. */
    public static final int STATUS_INCOMPLETE_BITSTREAM = 10;

    // nvjpegBackend_t
    /** {@code NVJPEG_BACKEND_DEFAULT}: nvJPEG picks the backend. */
    public static final int BACKEND_DEFAULT = 0;
    /** {@code NVJPEG_BACKEND_HYBRID}: Huffman decoding on the CPU, the rest on the GPU (cvj's decoupled decoder). */
    public static final int BACKEND_HYBRID = 1;
    /** {@code NVJPEG_BACKEND_GPU_HYBRID}: GPU-assisted Huffman decoding. */
    public static final int BACKEND_GPU_HYBRID = 2;
    /** {@code NVJPEG_BACKEND_HARDWARE}: the JPEG hardware engines (A100, H100, H200, ...), batched baseline JPEGs only. */
    public static final int BACKEND_HARDWARE = 3;

    // nvjpegOutputFormat_t
    /** {@code NVJPEG_OUTPUT_UNCHANGED}: the JPEG's own planes, as stored. */
    public static final int OUTPUT_UNCHANGED = 0;
    /** {@code NVJPEG_OUTPUT_YUV}: Y, U and V planes. */
    public static final int OUTPUT_YUV = 1;
    /** {@code NVJPEG_OUTPUT_Y}: the Y (luma) plane only. */
    public static final int OUTPUT_Y = 2;
    /** {@code NVJPEG_OUTPUT_RGB}: R, G and B planes. */
    public static final int OUTPUT_RGB = 3;
    /** {@code NVJPEG_OUTPUT_BGR}: B, G and R planes. */
    public static final int OUTPUT_BGR = 4;
    /** {@code NVJPEG_OUTPUT_RGBI}: interleaved RGB in channel 0 (HWC). */
    public static final int OUTPUT_RGBI = 5;
    /** {@code NVJPEG_OUTPUT_BGRI}: interleaved BGR in channel 0 (HWC). */
    public static final int OUTPUT_BGRI = 6;

    // nvjpegInputFormat_t
    /** {@code NVJPEG_INPUT_RGB}: the encoder reads R, G and B planes. */
    public static final int INPUT_RGB = 3;
    /** {@code NVJPEG_INPUT_BGR}: the encoder reads B, G and R planes. */
    public static final int INPUT_BGR = 4;
    /** {@code NVJPEG_INPUT_RGBI}: the encoder reads interleaved RGB from channel 0 (HWC). */
    public static final int INPUT_RGBI = 5;
    /** {@code NVJPEG_INPUT_BGRI}: the encoder reads interleaved BGR from channel 0 (HWC). */
    public static final int INPUT_BGRI = 6;

    // nvjpegChromaSubsampling_t
    /** {@code NVJPEG_CSS_444}: full-resolution chroma. */
    public static final int CSS_444 = 0;
    /** {@code NVJPEG_CSS_422}: chroma at half the horizontal resolution. */
    public static final int CSS_422 = 1;
    /** {@code NVJPEG_CSS_420}: chroma at half the resolution both ways. */
    public static final int CSS_420 = 2;
    /** {@code NVJPEG_CSS_440}: chroma at half the vertical resolution. */
    public static final int CSS_440 = 3;
    /** {@code NVJPEG_CSS_411}: chroma at a quarter of the horizontal resolution. */
    public static final int CSS_411 = 4;
    /** {@code NVJPEG_CSS_410}: chroma at a quarter of the horizontal and half the vertical resolution. */
    public static final int CSS_410 = 5;
    /** {@code NVJPEG_CSS_GRAY}: one component, no chroma. */
    public static final int CSS_GRAY = 6;
    /** {@code NVJPEG_CSS_410V}: chroma at half the horizontal and a quarter of the vertical resolution. */
    public static final int CSS_410V = 7;
    /** {@code NVJPEG_CSS_UNKNOWN}: a sampling nvJPEG does not name. */
    public static final int CSS_UNKNOWN = -1;

    // nvjpegJpegEncoding_t
    /** {@code NVJPEG_ENCODING_UNKNOWN}: the frame type is not known. */
    public static final int ENCODING_UNKNOWN = 0x0;
    /** {@code NVJPEG_ENCODING_BASELINE_DCT}: baseline sequential DCT (SOF0). */
    public static final int ENCODING_BASELINE_DCT = 0xc0;
    /** {@code NVJPEG_ENCODING_EXTENDED_SEQUENTIAL_DCT_HUFFMAN}: extended sequential DCT, Huffman coding (SOF1). */
    public static final int ENCODING_EXTENDED_SEQUENTIAL_DCT_HUFFMAN = 0xc1;
    /** {@code NVJPEG_ENCODING_PROGRESSIVE_DCT_HUFFMAN}: progressive DCT, Huffman coding (SOF2). */
    public static final int ENCODING_PROGRESSIVE_DCT_HUFFMAN = 0xc2;
    /** {@code NVJPEG_ENCODING_LOSSLESS_HUFFMAN}: lossless, Huffman coding (SOF3). */
    public static final int ENCODING_LOSSLESS_HUFFMAN = 0xc3;

    /** {@code NVJPEG_MAX_COMPONENT}. */
    public static final int MAX_COMPONENT = 4;

    /** {@code nvjpegImage_t}: {@code unsigned char *channel[4]; size_t pitch[4];}. */
    public static final MemoryLayout IMAGE = MemoryLayout.structLayout(
            MemoryLayout.sequenceLayout(MAX_COMPONENT, ValueLayout.JAVA_LONG).withName("channel"),
            MemoryLayout.sequenceLayout(MAX_COMPONENT, ValueLayout.JAVA_LONG).withName("pitch")).withName("nvjpegImage_t");

    /**
     * Zeroed {@code nvjpegImage_t}s, contiguous: the array {@code nvjpegDecodeBatched} takes, or one image.
     *
     * @param arena where the structs are allocated; they live as long as it does (not null)
     * @param n the number of structs, 0 or more
     * @return a segment of {@code n * IMAGE.byteSize()} zero bytes, aligned for {@link #IMAGE}
     * @throws IllegalArgumentException if {@code n} is negative
     */
    public static MemorySegment images(SegmentAllocator arena, int n) {
        return arena.allocate(IMAGE, n);
    }

    /**
     * Sets channel {@code c} of struct {@code i} of {@code images} to a device address and its row pitch. For an
     * interleaved format ({@link #OUTPUT_RGBI}, {@link #INPUT_BGRI}, ...) only channel 0 is used.
     *
     * @param images structs from {@link #images}
     * @param i the struct's index in {@code images}, 0 or more
     * @param c the channel, in {@code [0, MAX_COMPONENT)}
     * @param address the device address of the channel's first row
     * @param pitch the distance between the starts of two rows, in bytes
     * @throws IndexOutOfBoundsException if {@code c} is outside {@code [0, MAX_COMPONENT)} or struct {@code i} is not
     *     inside {@code images}
     */
    public static void setChannel(MemorySegment images, int i, int c, long address, long pitch) {
        java.util.Objects.checkIndex(c, MAX_COMPONENT); // past 3 would write another field, not fail
        long base = i * IMAGE.byteSize();
        images.set(ValueLayout.JAVA_LONG, base + 8L * c, address);
        images.set(ValueLayout.JAVA_LONG, base + 8L * (MAX_COMPONENT + c), pitch);
    }

    /**
     * The C name of an {@code nvjpegStatus_t} value.
     *
     * @param status a status an nvJPEG call returned
     * @return e.g. {@code NVJPEG_STATUS_BAD_JPEG}, or {@code "nvjpegStatus 42"} for a value this class does not name
     */
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
