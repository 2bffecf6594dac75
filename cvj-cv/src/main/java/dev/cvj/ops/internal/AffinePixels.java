package dev.cvj.ops.internal;

import dev.cvj.cuda.Kernel;
import dev.cvj.cuda.KernelArgs;
import dev.cvj.cuda.Stream;
import dev.cvj.tensor.DataType;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.EnumSet;
import java.util.Set;

/**
 * The per-channel affine map behind ConvertTo and Normalize, on the CPU and the GPU
 * ({@code cvj_pointwise_*} in convert.cu):
 * <pre>  dst = saturate(fma((src - p[c]) * q[c], g, h))</pre>
 * each step rounded once to float, in both paths, so GPU and CPU agree bit for bit.
 */
public final class AffinePixels {
    /** Element types of both sides. */
    public static final Set<DataType> TYPES = EnumSet.of(DataType.U8, DataType.U16, DataType.S16, DataType.F32, DataType.F16);

    /** Threads per block and units per thread of {@code cvj_pointwise_vec*} ({@code cvj::VB}, {@code cvj::VK}). */
    private static final int VEC_BLOCK = 192, VEC_UNITS = 4;

    private AffinePixels() {}

    /** Fails unless {@code base} and {@code scale} hold 1 value, or one per channel (Normalize's parameters). */
    public static void checkParams(OpCheck op, int channels, float[] base, float[] scale) {
        op.notNull(base, "base");
        op.notNull(scale, "scale");
        if (base.length != 1 && base.length != channels) {
            throw op.fail("base has " + base.length + " values; expected 1 or " + channels + " (channels)");
        }
        if (scale.length != 1 && scale.length != channels) {
            throw op.fail("scale has " + scale.length + " values; expected 1 or " + channels + " (channels)");
        }
    }

    /** The multiplier used for a scale value: {@code 1 / sqrt(s*s + epsilon)} in float when it is a stddev. */
    public static float effectiveScale(float s, float epsilon, boolean scaleIsStddev) {
        return scaleIsStddev ? 1f / (float) Math.sqrt(s * s + epsilon) : s;
    }

    /** {@link #effectiveScale} of each value. */
    public static float[] effectiveScales(float[] scale, float epsilon, boolean scaleIsStddev) {
        float[] q = new float[scale.length];
        for (int i = 0; i < q.length; i++) {
            q[i] = effectiveScale(scale[i], epsilon, scaleIsStddev);
        }
        return q;
    }

    /** One element: {@code fma((x - p) * q, g, h)} in float. */
    public static float apply(float x, float p, float q, float g, float h) {
        return Math.fma((x - p) * q, g, h);
    }

    /** The {@code cvj::Affine} struct: p[4], q[4], g, h. */
    public static byte[] struct(float[] p, float[] q, float g, float h) {
        ByteBuffer b = ByteBuffer.allocate(40).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < 4; i++) {
            b.putFloat(p[Math.min(i, p.length - 1)]);
        }
        for (int i = 0; i < 4; i++) {
            b.putFloat(q[Math.min(i, q.length - 1)]);
        }
        b.putFloat(g).putFloat(h);
        return b.array();
    }

    /**
     * dst = map(src), same extents and layout (checked by the caller). {@code p} and {@code q} hold 1 value
     * (all channels) or one per channel.
     */
    public static void run(PixelGrid src, PixelGrid dst, float[] p, float[] q, float g, float h, Stream stream) {
        if (src.tensor().isHost()) {
            cpu(src, dst, p, q, g, h);
        } else {
            gpu(src, dst, p, q, g, h, stream);
        }
    }

    private static void cpu(PixelGrid src, PixelGrid dst, float[] p, float[] q, float g, float h) {
        MemorySegment s = src.host();
        MemorySegment d = dst.host();
        DataType st = src.dtype();
        DataType dt = dst.dtype();
        int c = src.c();
        float[] pc = new float[c];
        float[] qc = new float[c];
        for (int i = 0; i < c; i++) {
            pc[i] = p[Math.min(i, p.length - 1)];
            qc[i] = q[Math.min(i, q.length - 1)];
        }
        CpuPixels.forRows(src.n(), src.h(), (img, y) -> {
            for (int x = 0; x < src.w(); x++) {
                for (int ch = 0; ch < c; ch++) {
                    float v = CpuPixels.load(s, src.offset(img, y, x, ch), st);
                    CpuPixels.store(d, dst.offset(img, y, x, ch), dt, apply(v, pc[ch], qc[ch], g, h));
                }
            }
        });
    }

    private static void gpu(PixelGrid src, PixelGrid dst, float[] p, float[] q, float g, float h, Stream stream) {
        int n = src.n(), hh = src.h(), w = src.w(), c = src.c();
        if ((long) n * hh * w * c == 0) {
            return;
        }
        String name = KernelLibrary.typeName(src.dtype()) + "_" + KernelLibrary.typeName(dst.dtype());
        byte[] affine = struct(p, q, g, h);
        boolean planar = src.planar();
        int es = src.elemSize(), ed = dst.elemSize();
        boolean rows = PixelCopies.aligned(16, src.address(), dst.address(), src.sH(), dst.sH())
                && (planar ? src.sW() == es && dst.sW() == ed
                        && src.sC() == hh * src.sH() && dst.sC() == hh * dst.sH()
                        && (n == 1 || (src.sN() == c * src.sC() && dst.sN() == c * dst.sC()))
                   : src.rowsDense() && dst.rowsDense()
                        && (n == 1 || (src.sN() == hh * src.sH() && dst.sN() == hh * dst.sH())));
        long rowCount = planar ? (long) n * c * hh : (long) n * hh;
        long rowElems = planar ? w : (long) w * c;
        if (rows && rowCount < Integer.MAX_VALUE && rowElems < Integer.MAX_VALUE / 2) {
            // Rows packed end to end on both sides (no row padding) collapse into fewer, longer rows: the
            // channel phase restarts at each row start, which stays a multiple of C.
            long sRow = src.sH(), dRow = dst.sH();
            if (!planar && sRow == rowElems * es && dRow == rowElems * ed) {
                long merge = Math.max(1, Math.min(rowCount, (1L << 30) / rowElems));
                for (int tries = 0; rowCount % merge != 0; tries++) { // a divisor of rowCount, or 1
                    merge = tries < 4096 ? merge - 1 : 1;
                }
                rowElems *= merge;
                rowCount /= merge;
                sRow *= merge;
                dRow *= merge;
            }
            Kernel k = KernelLibrary.kernel(src.tensor().device(), "cvj_pointwise_vec" + (planar ? 1 : c) + "_" + name);
            int e = 16 / Math.max(es, ed);
            long units = (rowElems + e - 1) / e;
            long segments = (units + VEC_BLOCK * VEC_UNITS - 1) / (VEC_BLOCK * VEC_UNITS);
            int gy = (int) Math.min(rowCount, 65535);
            long gz = (rowCount + gy - 1) / gy;
            if (segments < Integer.MAX_VALUE && gz <= 65535) {
                KernelArgs a = new KernelArgs().pointer(src.address()).i64(sRow).pointer(dst.address()).i64(dRow)
                        .i32((int) rowElems).i32((int) rowCount).i32(c).i32(planar ? hh : 0).struct(affine, 4);
                Launch.blocks(k, (int) segments, gy, (int) gz, VEC_BLOCK, stream, a);
                return;
            }
        }
        Kernel k = KernelLibrary.kernel(src.tensor().device(), "cvj_pointwise_strided_" + name);
        KernelArgs a = new KernelArgs().pointer(src.address()).i64(src.sN()).i64(src.sH()).i64(src.sW()).i64(src.sC())
                .pointer(dst.address()).i64(dst.sN()).i64(dst.sH()).i64(dst.sW()).i64(dst.sC()).i32(w).i32(c)
                .struct(affine, 4);
        Launch.pixels(k, w, hh, n, stream, a);
    }
}
