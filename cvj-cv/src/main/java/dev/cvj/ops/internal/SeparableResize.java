package dev.cvj.ops.internal;

import dev.cvj.cuda.Kernel;
import dev.cvj.cuda.Stream;
import dev.cvj.tensor.DataType;
import dev.cvj.tensor.Tensor;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Separable resizes from per-axis {@link SeparableTaps}: a horizontal pass (each source row to {@code dstW} pixels,
 * into an intermediate image of {@code srcH} rows), then a vertical pass (the intermediate's columns to {@code dstH}
 * rows), as Pillow and PyTorch's antialiased resizes run. The CPU path here is the oracle; separable_resize.cu
 * computes the same numbers in the same order, from the same tables (uploaded), one launch per pass for a whole batch.
 */
public final class SeparableResize {
    private SeparableResize() {}

    /** How the sums are formed, each pass's result stored and the output rounded. */
    public enum Arithmetic {
        /**
         * Pillow's 8-bit path: U8 in and out, the weights in fixed point ({@link SeparableTaps#fixed8}), an int sum
         * from {@code 1 << 21}, each pass's result {@code clamp(sum >> 22, 0, 255)} (the intermediate is U8).
         */
        FIXED8,
        /** Pillow's float path: F32 in and out, double weights and sums, each pass's result rounded to float. */
        DOUBLE,
        /**
         * PyTorch's float path: float weights and sums (U8 read as float), a float intermediate; a U8 output is the
         * sum rounded half to even and clamped to [0, 255] (torchvision's round and clamp), an F32 output the sum.
         */
        FLOAT
    }

    /**
     * One image of a device resize: the source window at {@code src} ({@code srcW x srcH} pixels, rows {@code
     * srcPitch} bytes apart), the output at {@code dst}, and the taps of each axis.
     */
    public record DeviceImage(long src, long srcPitch, int srcW, int srcH, long dst, long dstPitch, int dstW, int dstH,
                              SeparableTaps x, SeparableTaps y) {}

    /** The bytes of one job in separable_resize.cu's {@code cvj_sep::Job}. */
    private static final int JOB_BYTES = 80;

    /** Fails when the CPU path's intermediate ({@code srcH x dstW x c} values) exceeds a Java array. */
    public static void checkCpu(OpCheck op, int srcH, int dstW, int c) {
        long n = (long) srcH * dstW * c;
        if (n > ResizeCpu.MAX_ARRAY) {
            throw op.fail("the CPU path of a resize to " + dstW + " columns of a " + srcH + "-row image needs an"
                    + " intermediate of " + n + " values, more than a Java array holds; use a device tensor");
        }
    }

    /** Resizes every image of {@code src} into {@code dst} (same n and c), the taps {@code tx} and {@code ty}. */
    public static void cpu(CpuImage src, CpuImage dst, SeparableTaps tx, SeparableTaps ty, Arithmetic a) {
        int c = src.c(), dw = dst.w(), sh = src.h();
        for (int img = 0; img < src.n(); img++) {
            final int i = img;
            if (a == Arithmetic.FIXED8) {
                int[] tmp = new int[sh * dw * c];
                int[] kx = tx.fixed8(), ky = ty.fixed8();
                CpuPixels.forRows(1, sh, (z, y) -> {
                    for (int x = 0; x < dw; x++) {
                        for (int ch = 0; ch < c; ch++) {
                            int acc = 1 << (SeparableTaps.PRECISION_BITS - 1);
                            for (int t = 0; t < tx.count()[x]; t++) {
                                acc += src.getInt(src.offset(i, y, tx.start()[x] + t) + (long) ch * src.elemSize())
                                        * kx[tx.offset()[x] + t];
                            }
                            tmp[(y * dw + x) * c + ch] = clip8(acc);
                        }
                    }
                });
                CpuPixels.forRows(1, dst.h(), (z, y) -> {
                    for (int x = 0; x < dw; x++) {
                        for (int ch = 0; ch < c; ch++) {
                            int acc = 1 << (SeparableTaps.PRECISION_BITS - 1);
                            for (int t = 0; t < ty.count()[y]; t++) {
                                acc += tmp[((ty.start()[y] + t) * dw + x) * c + ch] * ky[ty.offset()[y] + t];
                            }
                            dst.setInt(dst.offset(i, y, x) + (long) ch * dst.elemSize(), clip8(acc));
                        }
                    }
                });
            } else {
                boolean dbl = a == Arithmetic.DOUBLE;
                float[] tmp = new float[sh * dw * c];
                CpuPixels.forRows(1, sh, (z, y) -> {
                    for (int x = 0; x < dw; x++) {
                        for (int ch = 0; ch < c; ch++) {
                            long row = src.offset(i, y, tx.start()[x]) + (long) ch * src.elemSize();
                            double dacc = 0;
                            float facc = 0;
                            for (int t = 0; t < tx.count()[x]; t++) {
                                float v = src.getFloat(row + (long) t * src.strideW());
                                double w = tx.weights()[tx.offset()[x] + t];
                                if (dbl) {
                                    dacc += v * w;
                                } else {
                                    facc += v * (float) w;
                                }
                            }
                            tmp[(y * dw + x) * c + ch] = dbl ? (float) dacc : facc;
                        }
                    }
                });
                CpuPixels.forRows(1, dst.h(), (z, y) -> {
                    for (int x = 0; x < dw; x++) {
                        for (int ch = 0; ch < c; ch++) {
                            double dacc = 0;
                            float facc = 0;
                            for (int t = 0; t < ty.count()[y]; t++) {
                                float v = tmp[((ty.start()[y] + t) * dw + x) * c + ch];
                                double w = ty.weights()[ty.offset()[y] + t];
                                if (dbl) {
                                    dacc += v * w;
                                } else {
                                    facc += v * (float) w;
                                }
                            }
                            // setFloat rounds half to even and saturates for U8, as torchvision's round and clamp.
                            dst.setFloat(dst.offset(i, y, x) + (long) ch * dst.elemSize(), dbl ? (float) dacc : facc);
                        }
                    }
                });
            }
        }
    }

    /** Pillow's clip8: the fixed-point sum's integer part, clamped to [0, 255]. */
    private static int clip8(int acc) {
        return Math.clamp(acc >> SeparableTaps.PRECISION_BITS, 0, 255);
    }

    /**
     * Resizes {@code images} (packed pixels of {@code channels} channels, {@code in} elements in, {@code out} out) on
     * {@code st}: the job, tap and weight tables and the intermediate go to device memory (stream-ordered, freed in
     * the stream's order after the two passes), then one launch per pass per 65535 images.
     */
    public static void gpu(List<DeviceImage> images, int channels, DataType in, DataType out, Arithmetic a, Stream st) {
        Map<SeparableTaps, Integer> at = new IdentityHashMap<>();
        int[] tapCount = {0};
        long[] weightCount = {0};
        for (DeviceImage im : images) {
            for (SeparableTaps t : List.of(im.x(), im.y())) {
                at.computeIfAbsent(t, k -> {
                    int first = tapCount[0];
                    tapCount[0] = Math.addExact(first, k.size());
                    weightCount[0] += k.weights().length;
                    return first;
                });
            }
        }
        if (3L * tapCount[0] > ResizeCpu.MAX_ARRAY || weightCount[0] > ResizeCpu.MAX_ARRAY) {
            throw new IllegalArgumentException("a batch resize needs tap tables longer than a Java array holds");
        }
        int[] taps = new int[3 * tapCount[0]];
        int[] fixed = a == Arithmetic.FIXED8 ? new int[(int) weightCount[0]] : null;
        float[] floats = a == Arithmetic.FLOAT ? new float[(int) weightCount[0]] : null;
        double[] doubles = a == Arithmetic.DOUBLE ? new double[(int) weightCount[0]] : null;
        int w = 0;
        for (Map.Entry<SeparableTaps, Integer> e : sortedByFirst(at)) {
            SeparableTaps t = e.getKey();
            int first = e.getValue();
            for (int o = 0; o < t.size(); o++) {
                taps[3 * (first + o)] = t.start()[o];
                taps[3 * (first + o) + 1] = t.count()[o];
                taps[3 * (first + o) + 2] = w + t.offset()[o];
            }
            int[] q = fixed != null ? t.fixed8() : null;
            for (int k = 0; k < t.weights().length; k++, w++) {
                if (fixed != null) {
                    fixed[w] = q[k];
                } else if (floats != null) {
                    floats[w] = (float) t.weights()[k];
                } else {
                    doubles[w] = t.weights()[k];
                }
            }
        }
        int tmpElem = a == Arithmetic.FIXED8 ? 1 : 4;
        long tmpBytes = 0;
        long[] tmpAt = new long[images.size()];
        int maxDw = 1, maxDh = 1, maxSh = 1;
        for (int i = 0; i < images.size(); i++) {
            DeviceImage im = images.get(i);
            tmpAt[i] = tmpBytes;
            tmpBytes += ((long) im.srcH() * im.dstW() * channels * tmpElem + 15) & ~15L;
            maxDw = Math.max(maxDw, im.dstW());
            maxDh = Math.max(maxDh, im.dstH());
            maxSh = Math.max(maxSh, im.srcH());
        }
        Tensor tmp = Tensor.allocate(new long[] {Math.max(tmpBytes, 1)}, DataType.U8, null, st);
        Tensor jobs = null, tapTable = null, weightTable = null;
        try {
            ByteBuffer b = ByteBuffer.allocate(images.size() * JOB_BYTES).order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < images.size(); i++) {
                DeviceImage im = images.get(i);
                long tmpPitch = (long) im.dstW() * channels * tmpElem;
                b.putLong(im.src()).putLong(im.srcPitch()).putLong(tmp.address() + tmpAt[i]).putLong(tmpPitch)
                        .putLong(im.dst()).putLong(im.dstPitch())
                        .putInt(im.srcW()).putInt(im.srcH()).putInt(im.dstW()).putInt(im.dstH())
                        .putInt(at.get(im.x())).putInt(at.get(im.y())).putInt(0).putInt(0);
            }
            jobs = DeviceParameters.upload(b.array(), st);
            tapTable = DeviceParameters.upload(taps, st);
            weightTable = fixed != null ? DeviceParameters.upload(fixed, st)
                    : floats != null ? DeviceParameters.upload(floats, st) : DeviceParameters.upload(doubles, st);
            DataType mid = a == Arithmetic.FIXED8 ? DataType.U8 : DataType.F32;
            Kernel h = KernelLibrary.kernel(tmp.device(), kernelName("h", a, in, mid));
            Kernel v = KernelLibrary.kernel(tmp.device(), kernelName("v", a, mid, out));
            for (int first = 0; first < images.size(); first += Launch.MAX_GRID_YZ) {
                int n = Math.min(Launch.MAX_GRID_YZ, images.size() - first);
                long table = jobs.address() + (long) first * JOB_BYTES;
                Launch.image(h, maxDw, maxSh, n, st, Launch.args().pointer(table).pointer(tapTable.address())
                        .pointer(weightTable.address()).i32(channels));
                Launch.image(v, maxDw, maxDh, n, st, Launch.args().pointer(table).pointer(tapTable.address())
                        .pointer(weightTable.address()).i32(channels));
            }
        } finally {
            for (Tensor t : new Tensor[] {weightTable, tapTable, jobs, tmp}) {
                if (t != null) {
                    t.close(st);
                }
            }
        }
    }

    private static List<Map.Entry<SeparableTaps, Integer>> sortedByFirst(Map<SeparableTaps, Integer> at) {
        return at.entrySet().stream().sorted(Map.Entry.comparingByValue()).toList();
    }

    /** separable_resize.cu's kernel of a pass ("h" or "v") for the arithmetic and element types. */
    private static String kernelName(String pass, Arithmetic a, DataType from, DataType to) {
        return "cvj_sep_resize_" + pass + "_" + a.name().toLowerCase(Locale.ROOT) + "_" + KernelLibrary.typeName(from)
                + "_" + KernelLibrary.typeName(to);
    }
}
