package dev.cvj.ops.internal;

import dev.cvj.cuda.Kernel;
import dev.cvj.cuda.KernelArgs;
import dev.cvj.cuda.Stream;
import dev.cvj.tensor.DataType;
import dev.cvj.tensor.ImageBatchVarShape;
import dev.cvj.tensor.ImageSize;
import dev.cvj.tensor.PixelType;
import dev.cvj.tensor.Tensor;
import java.lang.foreign.MemorySegment;
import java.util.EnumSet;

/**
 * Rotation by a multiple of 90 degrees as a pure copy, OpenCV's {@code cv::rotate} with its codes: 0
 * ({@code ROTATE_90_CLOCKWISE}), 1 ({@code ROTATE_180}), 2 ({@code ROTATE_90_COUNTERCLOCKWISE}). The CPU path copies
 * element by element; the GPU ({@code cvj_rotate90_e*} in layout.cu) moves 32 x 32 source tiles through shared
 * memory so that both the reads of source rows and the writes of dst rows are coalesced.
 */
public final class QuarterTurns {
    /** The kernels' source tile (TILE x TILE pixels) and threads per block (layout.cu's ROT_TILE, ROT_THREADS). */
    private static final int TILE = 32, THREADS = 256;

    private final OpCheck op;

    /** The checks of {@code op} ("Rotate"). */
    public QuarterTurns(OpCheck op) {
        this.op = op;
    }

    /** Fails unless {@code code} is one of cv::rotate's codes (0, 1, 2). */
    public void checkCode(String role, int code) {
        if (code < 0 || code > 2) {
            throw op.fail(role + " is " + code + "; cv::rotate's codes: 0 (ROTATE_90_CLOCKWISE), 1 (ROTATE_180),"
                    + " 2 (ROTATE_90_COUNTERCLOCKWISE)");
        }
    }

    /** Whether the code swaps width and height (a quarter turn). */
    public static boolean swaps(int code) {
        return code != 1;
    }

    /** src checked as a source: any image layout, elements of 1, 2, 4 or 8 bytes, 1 to 4 channels. */
    public PixelGrid source(Tensor src) {
        PixelGrid s = op.image("src", src);
        elementSize("src", s.elemSize());
        op.channels("src", s, 1, 4);
        return s;
    }

    private void elementSize(String role, int e) {
        if (e != 1 && e != 2 && e != 4 && e != 8) {
            throw op.fail(role + " has elements of " + e + " bytes; supported: 1, 2, 4, 8");
        }
    }

    /** The checks of dst (src's layout, type, N, C; W x H src's turned by {@code code}; apart from src), then the copy. */
    public void into(Tensor dst, PixelGrid s, int code, Stream stream) {
        checkCode("rotateCode", code);
        PixelGrid d = op.image("dst", dst);
        int w = swaps(code) ? s.h() : s.w(), h = swaps(code) ? s.w() : s.h();
        if (!d.layout().equals(s.layout()) || d.dtype() != s.dtype() || d.n() != s.n() || d.c() != s.c()
                || d.w() != w || d.h() != h) {
            throw op.fail("dst is " + d + " but must have src's layout, data type, N and C (" + s + ") and W x H " + w
                    + "x" + h + " (src's turned by rotateCode " + code + ")");
        }
        op.output(d, s);
        if (dst.isHost()) {
            cpu(s, d, code);
            return;
        }
        if ((long) s.n() * s.w() * s.h() == 0) {
            return;
        }
        Stream st = op.stream(dst, stream);
        Kernel k = KernelLibrary.kernel(dst.device(), "cvj_rotate90_e" + s.elemSize());
        for (int n0 = 0; n0 < s.n(); n0 += Launch.MAX_GRID_YZ) {
            int count = Math.min(Launch.MAX_GRID_YZ, s.n() - n0);
            KernelArgs a = Launch.args().pointer(s.address() + n0 * s.sN()).i64(s.sN()).i64(s.sH()).i64(s.sW()).i64(s.sC())
                    .i32(s.w()).i32(s.h()).pointer(d.address() + n0 * d.sN()).i64(d.sN()).i64(d.sH()).i64(d.sW())
                    .i64(d.sC()).i32(s.c()).i32(code);
            Launch.blocks(k, tiles(s.w()), tiles(s.h()), count, THREADS, st, a);
        }
    }

    /** The source batch: open, not empty, elements of 1, 2, 4 or 8 bytes, 1 to 4 channels; the codes (1 or one per image). */
    public PixelType source(ImageBatchVarShape src, int[] codes) {
        PixelType p = op.batch("src batch", src, EnumSet.allOf(DataType.class), 1, 4);
        elementSize("src batch", p.dataType().byteSize());
        op.notNull(codes, "rotateCodes");
        op.perImage("rotateCodes", codes.length, src.size());
        for (int i = 0; i < codes.length; i++) {
            checkCode("rotateCodes[" + i + "]", codes[i]);
        }
        return p;
    }

    /** The size of src image i turned by its code. */
    public static ImageSize turned(ImageBatchVarShape src, int[] codes, int i) {
        ImageSize s = src.imageSize(i);
        return swaps(codes[codes.length == 1 ? 0 : i]) ? ImageSize.of(s.height(), s.width()) : s;
    }

    /** dst image i = src image i turned by its code. Checks dst first (count, place, pixels, sizes, apart from src). */
    public void into(ImageBatchVarShape dst, ImageBatchVarShape src, int[] codes, Stream stream) {
        PixelType p = source(src, codes);
        op.batchOutput("dst batch", dst, "src batch", src, false);
        op.batchPixels("dst batch", dst, p);
        for (int i = 0; i < src.size(); i++) {
            ImageSize want = turned(src, codes, i);
            if (!dst.imageSize(i).equals(want)) {
                throw op.fail("dst image " + i + " is " + dst.imageSize(i) + " but src image " + i + " turned by its code is "
                        + want);
            }
        }
        if (dst.isHost()) {
            for (int i = 0; i < src.size(); i++) {
                into(dst.image(i), op.image("src image " + i, src.image(i)), codes[codes.length == 1 ? 0 : i], null);
            }
            return;
        }
        Stream s = op.stream(src.image(0), stream);
        ImageSize max = src.maxSize();
        if (max.width() == 0 || max.height() == 0) {
            return;
        }
        Tensor c = DeviceParameters.upload(codes, s);
        try {
            Kernel k = KernelLibrary.kernel(src.device(), "cvj_rotate90_vs_e" + p.dataType().byteSize());
            KernelArgs a = Launch.args().pointer(src.descriptors(s)).pointer(dst.descriptors(s)).pointer(c.address())
                    .i32(codes.length == 1 ? 0 : 1).i32(p.channels());
            Launch.blocks(k, tiles(max.width()), tiles(max.height()), src.size(), THREADS, s, a);
        } finally {
            c.close(s);
        }
    }

    private static int tiles(int extent) {
        return (extent + TILE - 1) / TILE;
    }

    private static void cpu(PixelGrid s, PixelGrid d, int code) {
        MemorySegment in = s.host(), out = d.host();
        int e = s.elemSize();
        CpuPixels.forRows(d.n(), d.h(), (img, y) -> {
            for (int x = 0; x < d.w(); x++) {
                int r = switch (code) { // the source row and column of dst pixel (x, y)
                    case 0 -> s.h() - 1 - x;
                    case 1 -> s.h() - 1 - y;
                    default -> x;
                };
                int c = switch (code) {
                    case 0 -> y;
                    case 1 -> s.w() - 1 - x;
                    default -> s.w() - 1 - y;
                };
                for (int ch = 0; ch < d.c(); ch++) {
                    MemorySegment.copy(in, s.offset(img, r, c, ch), out, d.offset(img, y, x, ch), e);
                }
            }
        });
    }
}
