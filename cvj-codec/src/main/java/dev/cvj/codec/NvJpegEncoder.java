package dev.cvj.codec;

import static dev.cvj.codec.NvJpegException.check;

import dev.cvj.codec.raw.NvJpeg;
import dev.cvj.codec.raw.NvJpegTypes;
import dev.cvj.cuda.Device;
import dev.cvj.cuda.Stream;
import dev.cvj.tensor.Tensor;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * JPEG encoding on the GPU with nvJPEG: one handle, encoder state and parameters, created once and reused. Not
 * thread-safe ({@link ImageEncoder} serializes its calls).
 */
final class NvJpegEncoder implements AutoCloseable {
    private final NvJpegObjects objects = new NvJpegObjects();
    private final long handle;
    private final long state;
    private final long params;

    NvJpegEncoder(Device device) {
        device.makeCurrent();
        try {
            handle = objects.create("nvjpegCreateEx(NVJPEG_BACKEND_DEFAULT)",
                    p -> NvJpeg.nvjpegCreateEx(NvJpegTypes.BACKEND_DEFAULT, MemorySegment.NULL, MemorySegment.NULL, 0, p),
                    "nvjpegDestroy", NvJpeg::nvjpegDestroy);
            state = objects.create("nvjpegEncoderStateCreate", p -> NvJpeg.nvjpegEncoderStateCreate(handle, p, 0L),
                    "nvjpegEncoderStateDestroy", NvJpeg::nvjpegEncoderStateDestroy);
            params = objects.create("nvjpegEncoderParamsCreate", p -> NvJpeg.nvjpegEncoderParamsCreate(handle, p, 0L),
                    "nvjpegEncoderParamsDestroy", NvJpeg::nvjpegEncoderParamsDestroy);
        } catch (RuntimeException e) {
            objects.closeAfter(e);
            throw e;
        }
    }

    /**
     * Encodes the HWC U8 3-channel device tensor {@code image} (rows may be padded) on {@code stream}; returns the
     * JPEG once the stream has run the encode (this call waits for it).
     */
    byte[] encode(Tensor image, boolean bgr, int quality, ChromaSubsampling css, Stream stream) {
        long s = stream.handle();
        int h = Math.toIntExact(image.shape(image.rank() - 3)), w = Math.toIntExact(image.shape(image.rank() - 2));
        check(NvJpeg.nvjpegEncoderParamsSetQuality(params, quality, s), "nvjpegEncoderParamsSetQuality(" + quality + ")");
        check(NvJpeg.nvjpegEncoderParamsSetSamplingFactors(params, css.nvjpeg, s),
                "nvjpegEncoderParamsSetSamplingFactors(" + css + ")");
        try (Arena a = Arena.ofConfined()) {
            MemorySegment source = NvJpegTypes.images(a, 1);
            NvJpegTypes.setChannel(source, 0, 0, image.address(), image.strides()[image.rank() - 3]);
            String what = "(" + w + "x" + h + ")";
            check(NvJpeg.nvjpegEncodeImage(handle, state, params, source, bgr ? NvJpegTypes.INPUT_BGRI : NvJpegTypes.INPUT_RGBI,
                    w, h, s), "nvjpegEncodeImage" + what);
            MemorySegment length = a.allocate(ValueLayout.JAVA_LONG);
            check(NvJpeg.nvjpegEncodeRetrieveBitstream(handle, state, MemorySegment.NULL, length, s),
                    "nvjpegEncodeRetrieveBitstream" + what + " (length)");
            stream.synchronize();
            long n = length.get(ValueLayout.JAVA_LONG, 0);
            MemorySegment out = a.allocate(Math.max(1, n));
            check(NvJpeg.nvjpegEncodeRetrieveBitstream(handle, state, out, length, s), "nvjpegEncodeRetrieveBitstream" + what);
            stream.synchronize();
            return out.asSlice(0, length.get(ValueLayout.JAVA_LONG, 0)).toArray(ValueLayout.JAVA_BYTE);
        }
    }

    @Override
    public void close() {
        objects.close();
    }
}
