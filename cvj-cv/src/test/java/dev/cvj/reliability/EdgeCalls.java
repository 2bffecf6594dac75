package dev.cvj.reliability;

import dev.cvj.cuda.interop.CudaArrayInterface;
import dev.cvj.ops.BorderType;
import dev.cvj.ops.CenterCrop;
import dev.cvj.ops.ChannelReorder;
import dev.cvj.ops.ConvertTo;
import dev.cvj.ops.CopyMakeBorder;
import dev.cvj.ops.CropFlipNormalizeReformat;
import dev.cvj.ops.CustomCrop;
import dev.cvj.ops.Flip;
import dev.cvj.ops.FlipMode;
import dev.cvj.ops.Normalize;
import dev.cvj.ops.OperatorCall;
import dev.cvj.ops.OperatorInfo;
import dev.cvj.ops.Operators;
import dev.cvj.ops.Reformat;
import dev.cvj.ops.Stack;
import dev.cvj.reliability.BadInputFuzzer.Call;
import dev.cvj.reliability.BadInputFuzzer.Pool;
import dev.cvj.tensor.DataType;
import dev.cvj.tensor.Tensor;
import dev.cvj.tensor.TensorLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalLong;
import java.util.Random;
import java.util.concurrent.Callable;

/**
 * Fuzzed calls at the edges of what the operators accept, each with a check of its result when accepted:
 * <ul>
 * <li>aliasing: an operator writing into memory that overlaps its source (must be refused, except the very same view
 * for the operators documented as correct in place) or lies right after it (must be accepted and right);</li>
 * <li>guarded: an operator writing into a view inside a larger tensor filled with a guard byte: nothing outside the
 * view may change, and the view must hold the allocating form's result;</li>
 * <li>crop rectangles near 2^31 (CropFlipNormalizeReformat, every border type): refused exactly when the rectangle
 * runs past 2^31-1, otherwise equal to a reference computed here;</li>
 * <li>borders of 10^3 to 10^6 pixels and past 2^31 (CopyMakeBorder): refused exactly when the output would have an
 * extent past 2^31-1, otherwise equal (at sampled pixels) to the reference;</li>
 * <li>broadcast views of 2^31 and more pixels per side: operators whose output would be as large must refuse, crops
 * of them must give the broadcast value.</li>
 * </ul>
 * Expected results come from the CPU path on host copies made before the call (for device tensors: the GPU against
 * the CPU) and from {@link #border}, OpenCV's border loop after reducing the index by the border's period.
 */
final class EdgeCalls {
    private EdgeCalls() {}

    private static final int MAX = Integer.MAX_VALUE;
    private static final byte GUARD = (byte) 0xA5;
    /** The operators documented as correct in place (OpCheck's sameViewAllowed). */

    static Call next(Random r, Pool p) {
        return switch (r.nextInt(5)) {
            case 0 -> aliasing(r, p);
            case 1 -> guarded(r, p);
            case 2 -> cropNearLimits(r, p);
            case 3 -> hugeBorder(r, p);
            default -> giantViews(r, p);
        };
    }

    /** A registered operator's call for {@code im}. */
    private static OperatorCall sample(Random r, Tensor im) {
        List<OperatorInfo> all = Operators.all();
        return all.get(r.nextInt(all.size())).sample(r, im);
    }

    /** A dense host copy of {@code t} (device tensors: after the pool's stream is done), closed with the pool. */
    private static Tensor hostCopy(Pool p, Tensor t) {
        if (p.stream != null) {
            p.stream.synchronize();
        }
        Tensor h = t.toHost();
        p.temps.add(h);
        return h;
    }

    /** A dense view of {@code shape} at byte {@code off} of {@code buf}'s memory (host or device). */
    private static Tensor view(Tensor buf, long off, long[] shape, DataType t, TensorLayout l) {
        if (buf.isHost()) {
            return Tensor.wrapHost(buf.hostSegment().asSlice(off), shape, t, l, null);
        }
        return Tensor.asTensor(CudaArrayInterface.of(shape, t.typestr(), buf.address() + off, false, null,
                OptionalLong.empty()), l);
    }

    private static long byteCount(long[] shape, DataType t) {
        long n = t.byteSize();
        for (long s : shape) {
            n *= s;
        }
        return n;
    }

    /** A call that must be accepted: a refusal becomes an AssertionError, which the fuzzer counts as a defect. */
    private static <T> T mustAccept(String why, Callable<T> call) throws Exception {
        try {
            return call.call();
        } catch (IllegalArgumentException e) {
            throw new AssertionError("refused " + why + ": " + e.getMessage(), e);
        }
    }

    /** Src and dst views of one buffer, dst {@code off} bytes after src's start (overlapping when off < src's bytes). */
    private static Call aliasing(Random r, Pool p) {
        Tensor im = p.image();
        OperatorCall c = sample(r, im);
        long srcBytes = byteCount(im.shape(), im.dtype());
        long dstBytes = byteCount(c.dstShape(), c.dstType());
        long after = (srcBytes + 15) / 16 * 16;
        long off = switch (r.nextInt(4)) {
            case 0 -> 0;
            case 1 -> after; // right after src: no overlap
            default -> 16 * r.nextLong(after / 16 + 1);
        };
        Tensor buf = p.alloc(new long[] {after + dstBytes + 64}, DataType.U8, null);
        Tensor src = view(buf, 0, im.shape(), im.dtype(), im.layout());
        src.copyFrom(im, p.stream);
        Tensor dst = view(buf, off, c.dstShape(), c.dstType(), c.dstLayout());
        boolean overlaps = off < srcBytes;
        boolean sameView = off == 0 && Arrays.equals(im.shape(), c.dstShape()) && im.dtype().byteSize() == c.dstType().byteSize()
                && im.layout().equals(c.dstLayout());
        String name = c.description().split(" ")[0];
        boolean allowed = !overlaps || (sameView && Operators.get(name).inPlace());
        Tensor before = hostCopy(p, src);
        String what = "aliasing: " + c + " from " + src + " into a dst " + off + " bytes after it (" + srcBytes + " bytes)";
        return new Call(what, () -> {
            if (allowed) {
                mustAccept("a dst that is the same view or apart from src", () -> { c.into().run(dst, src, p.stream); return null; });
            } else {
                c.into().run(dst, src, p.stream);
            }
            return null;
        }, false, out -> {
            if (!allowed) {
                return "accepted a dst overlapping its src";
            }
            try (Tensor want = c.apply().apply(before, null)) {
                return RandomOps.mismatch(c.description(), p.device ? c.integerTolerance() : 0, want, hostCopy(p, dst));
            }
        });
    }

    /** dst: a view with a border of guard bytes around it (1 row above and below, 1 to 3 columns each side). */
    private static Call guarded(Random r, Pool p) {
        Tensor im = p.image();
        OperatorCall c = sample(r, im);
        long[] ds = c.dstShape();
        TensorLayout l = c.dstLayout();
        int hd = l.indexOf('H'), wd = l.indexOf('W');
        int g = 1 + r.nextInt(3);
        long[] ps = ds.clone();
        ps[hd] += 2;
        ps[wd] += 2L * g;
        Tensor parent = p.alloc(ps, c.dstType(), l);
        if (parent.isHost()) {
            parent.hostSegment().fill(GUARD);
        } else {
            parent.deviceMemory().fill(GUARD & 0xff, p.stream);
        }
        Tensor dst = parent.slice(hd, 1, ds[hd]).slice(wd, g, ds[wd]);
        Tensor before = hostCopy(p, im);
        return new Call("guarded: " + c + " into a view of " + parent, () -> mustAccept("a valid call into a view", () -> {
            c.into().run(dst, im, p.stream);
            return null;
        }), false, out -> {
            Tensor all = hostCopy(p, parent);
            String outside = guardTouched(all, hd, wd, 1, ds[hd], g, ds[wd]);
            if (outside != null) {
                return outside;
            }
            try (Tensor want = c.apply().apply(before, null)) {
                return RandomOps.mismatch(c.description() + " into a view", p.device ? c.integerTolerance() : 0, want,
                        hostCopy(p, dst));
            }
        });
    }

    /** The first element outside rows [h0, h0 + h) x columns [w0, w0 + w) of a dense host tensor that is not guard bytes. */
    private static String guardTouched(Tensor t, int hd, int wd, long h0, long h, long w0, long w) {
        MemorySegment s = t.hostSegment();
        long[] shape = t.shape(), st = t.strides();
        int e = t.dtype().byteSize();
        for (long at = 0; at < t.byteSize(); at += e) {
            long y = at / st[hd] % shape[hd], x = at / st[wd] % shape[wd];
            if (y >= h0 && y < h0 + h && x >= w0 && x < w0 + w) {
                continue;
            }
            for (int b = 0; b < e; b++) {
                if (s.get(ValueLayout.JAVA_BYTE, at + b) != GUARD) {
                    return "wrote outside dst: element at row " + y + ", column " + x + " of the guard region " + t;
                }
            }
        }
        return null;
    }

    /**
     * OpenCV's {@code cv::borderInterpolate} for any long index: the periodic types first reduced by their period
     * (REFLECT 2 * len, REFLECT_101 2 * len - 2, WRAP len), then OpenCV's loop, which then ends within two steps.
     */
    static int border(BorderType b, long p, int len) {
        if (p >= 0 && p < len) {
            return (int) p;
        }
        switch (b) {
            case CONSTANT:
                return -1;
            case REPLICATE:
                return p < 0 ? 0 : len - 1;
            case WRAP:
                return (int) (((p % len) + len) % len);
            default:
                if (len == 1) {
                    return 0;
                }
                int delta = b == BorderType.REFLECT_101 ? 1 : 0;
                long period = 2L * len - 2 * delta;
                long q = ((p % period) + period) % period;
                while (q < 0 || q >= len) {
                    q = q < 0 ? -q - 1 + delta : len - 1 - (q - len) - delta;
                }
                return (int) q;
        }
    }

    /** Near 2^31 (past it, exactly at it, at -2^31, around +-2e9) or small, for a rectangle side of {@code len}. */
    private static int nearLimit(Random r, int len) {
        return switch (r.nextInt(8)) {
            case 0 -> MAX - len + 1;       // ends at 2^31-1
            case 1 -> MAX - len + 2;       // one past
            case 2 -> Integer.MIN_VALUE + r.nextInt(3);
            case 3 -> 2_000_000_000 + r.nextInt(1000);
            case 4 -> -2_000_000_000 - r.nextInt(1000);
            case 5 -> MAX - r.nextInt(3);
            default -> r.nextInt(40) - 10;
        };
    }

    /** CropFlipNormalizeReformat (U8 to U8, identity map) of one rectangle near the int limits. */
    private static Call cropNearLimits(Random r, Pool p) {
        Tensor im = p.image();
        int w = 1 + r.nextInt(8), h = 1 + r.nextInt(8);
        int x = nearLimit(r, w), y = nearLimit(r, h);
        BorderType b = BorderType.values()[r.nextInt(BorderType.values().length)];
        int flip = r.nextInt(4) - 1;
        boolean swap = r.nextBoolean();
        boolean batched = im.rank() == 4;
        boolean fits = (long) x + w - 1 <= MAX && (long) y + h - 1 <= MAX;
        Tensor before = hostCopy(p, im);
        int[][] rects = {{x, y, w, h}};
        String what = "crop near the int limits: " + Arrays.toString(rects[0]) + " flip " + flip + " " + b
                + (swap ? " swapRB" : "") + " of " + im;
        Callable<Object> call = () -> CropFlipNormalizeReformat.cropFlipNormalizeReformat(im, rects, new int[] {flip},
                new float[] {0}, new float[] {1}, 1f, 0f, 0f, false, swap, b, 7f, DataType.U8,
                batched ? TensorLayout.NHWC : TensorLayout.HWC, p.stream);
        return new Call(what, fits ? () -> mustAccept("a rectangle inside the int range", call) : call, true, out -> {
            if (!fits) {
                return "accepted a rectangle past 2^31-1";
            }
            Tensor got = hostCopy(p, (Tensor) out);
            long[] ss = before.shape();
            int n = batched ? (int) ss[0] : 1, sh = (int) ss[ss.length - 3], sw = (int) ss[ss.length - 2];
            boolean fv = flip == 0 || flip == -1, fh = flip == 1 || flip == -1;
            for (int i = 0; i < n; i++) {
                for (int yy = 0; yy < h; yy++) {
                    int ys = border(b, (long) y + (fv ? h - 1 - yy : yy), sh);
                    for (int xx = 0; xx < w; xx++) {
                        int xs = border(b, (long) x + (fh ? w - 1 - xx : xx), sw);
                        for (int ch = 0; ch < 3; ch++) {
                            int sc = swap ? 2 - ch : ch;
                            int want = ys < 0 || xs < 0 ? 7 : u8(before, (((long) i * sh + ys) * sw + xs) * 3 + sc);
                            int have = u8(got, (((long) i * h + yy) * w + xx) * 3 + ch);
                            if (want != have) {
                                return "image " + i + " pixel (" + xx + ", " + yy + ") channel " + ch + ": " + have
                                        + ", expected " + want + " (source " + xs + ", " + ys + ")";
                            }
                        }
                    }
                }
            }
            return null;
        });
    }

    private static int u8(Tensor host, long index) {
        return host.hostSegment().get(ValueLayout.JAVA_BYTE, index) & 0xff;
    }

    /** A border size: small, 10^3 to 10^6, or one that takes the output past 2^31-1 (with {@code len}, the image side). */
    private static int[] borders(Random r, int len, boolean huge) {
        if (!huge) {
            return new int[] {r.nextInt(4), r.nextInt(4)};
        }
        int big = r.nextInt(10) == 0 ? 1_000_000 : r.nextBoolean() ? 100_000 : 1000;
        return switch (r.nextInt(6)) {
            case 0 -> new int[] {MAX - len + 1, 0};
            case 1 -> new int[] {MAX / 2 + 1, MAX / 2 + 1};
            case 2 -> new int[] {r.nextInt(3), MAX};
            default -> r.nextBoolean() ? new int[] {big, r.nextInt(3)} : new int[] {1000, big};
        };
    }

    /** CopyMakeBorder of a tiny image with borders of 10^3 to 10^6 pixels along one axis, or past 2^31. */
    private static Call hugeBorder(Random r, Pool p) {
        int n = 1 + r.nextInt(2), h = 1 + r.nextInt(2), w = 1 + r.nextInt(3), c = 1 + r.nextInt(3);
        boolean batched = n > 1 || r.nextBoolean();
        long[] shape = batched ? new long[] {n, h, w, c} : new long[] {h, w, c};
        Tensor host = Tensor.allocateHost(shape, DataType.U8, batched ? TensorLayout.NHWC : TensorLayout.HWC);
        p.temps.add(host);
        byte[] b = new byte[(int) host.elementCount()];
        r.nextBytes(b);
        host.copyFrom(b);
        Tensor src = host;
        if (p.device) {
            src = p.alloc(shape, DataType.U8, host.layout());
            src.copyFrom(host, p.stream);
        }
        boolean wide = r.nextBoolean();
        int[] tb = borders(r, h, !wide), lr = borders(r, w, wide);
        BorderType bt = BorderType.values()[r.nextInt(BorderType.values().length)];
        long outW = (long) w + lr[0] + lr[1], outH = (long) h + tb[0] + tb[1];
        boolean fits = outW <= MAX && outH <= MAX;
        Tensor in = src;
        String what = "huge border: top " + tb[0] + " bottom " + tb[1] + " left " + lr[0] + " right " + lr[1] + " " + bt + " of " + in;
        Callable<Object> call = () -> CopyMakeBorder.copyMakeBorder(in, tb[0], tb[1], lr[0], lr[1], bt, new double[] {5, 6, 7}, p.stream);
        return new Call(what, fits ? () -> mustAccept("an output of at most 2^31-1 per side", call) : call, true, out -> {
            if (!fits) {
                return "accepted an output of " + outW + " x " + outH + " pixels";
            }
            Tensor got = hostCopy(p, (Tensor) out);
            Random pick = new Random(outW * 31 + outH);
            for (int k = 0; k < 4000; k++) {
                int i = pick.nextInt(n);
                long yy = k < 4 ? (k % 2) * (outH - 1) : pick.nextLong(outH), xx = k < 4 ? (k / 2) * (outW - 1) : pick.nextLong(outW);
                int ys = border(bt, yy - tb[0], h), xs = border(bt, xx - lr[0], w);
                for (int ch = 0; ch < c; ch++) {
                    int want = ys < 0 || xs < 0 ? 5 + ch : u8(host, (((long) i * h + ys) * w + xs) * c + ch);
                    int have = u8(got, (((long) i * outH + yy) * outW + xx) * c + ch);
                    if (want != have) {
                        return "image " + i + " pixel (" + xx + ", " + yy + ") channel " + ch + ": " + have + ", expected " + want;
                    }
                }
            }
            return null;
        });
    }

    private static final long[] GIANT = {1, 2, 3, MAX - 1, MAX, 1L << 31, 1L << 40};

    /**
     * A broadcast host view (every stride 0 but the channel's) of 3 channels whose batch, height or width reach
     * 2^31-1 and more: an operator writing an output as large must refuse (its bytes pass 2^63-1, or an extent 2^31-1);
     * a small crop of it is accepted and holds the broadcast value everywhere.
     */
    private static Call giantViews(Random r, Pool p) {
        byte v = (byte) (1 + r.nextInt(250));
        MemorySegment seg = p.arena.allocate(64);
        seg.fill(v);
        boolean crop = r.nextBoolean();
        long n = crop ? 1 + r.nextInt(2) : GIANT[r.nextInt(GIANT.length)];
        long h = GIANT[r.nextInt(GIANT.length)], w = GIANT[r.nextInt(GIANT.length)];
        if (crop) { // one giant side (two would pass 2^63 elements, which no tensor holds), the other small
            if (r.nextBoolean()) {
                h = 1 + r.nextInt(40);
            } else {
                w = 1 + r.nextInt(40);
            }
        } else { // two sides of 2^31-2 or more: a same-size output passes 2^63 bytes
            h = Math.max(h, MAX - 1 + r.nextInt(2));
            w = Math.max(w, MAX - 1 + r.nextInt(2));
        }
        long[] shape = {n, h, w, 3};
        // made in the call: a view whose element count passes 2^63-1 is refused by wrapHost itself
        Callable<Tensor> giant = () -> Tensor.wrapHost(seg, shape, DataType.U8, TensorLayout.NHWC, new long[] {0, 0, 0, 1});
        boolean fitsInt = h <= MAX && w <= MAX;
        String of = " of a broadcast " + Arrays.toString(shape) + " of " + (v & 0xff);
        if (!crop) {
            Callable<Object> body = switch (r.nextInt(7)) {
                case 0 -> () -> Flip.flip(giant.call(), FlipMode.BOTH, null);
                case 1 -> () -> ConvertTo.convertTo(giant.call(), DataType.F32, 1, 0, null);
                case 2 -> () -> Reformat.reformat(giant.call(), TensorLayout.NCHW, null);
                case 3 -> () -> ChannelReorder.channelReorder(giant.call(), new int[] {2, 1, 0}, null);
                case 4 -> () -> Normalize.normalize(giant.call(), new float[] {1}, new float[] {2}, 1f, 0f, 0f, false, null, null);
                case 5 -> () -> CopyMakeBorder.copyMakeBorder(giant.call(), 1, 1, 1, 1, BorderType.REFLECT, null, null);
                default -> () -> Stack.stack(List.of(giant.call(), giant.call()), null);
            };
            return new Call("same-size output" + of, body, true, out -> "accepted an output of " + out);
        }
        int cw = 1 + r.nextInt(6), ch = 1 + r.nextInt(6);
        int x = r.nextBoolean() ? (int) Math.min(MAX, w) - cw : r.nextInt(10) - 3;
        int y = r.nextBoolean() ? (int) Math.min(MAX, h) - ch : r.nextInt(10) - 3;
        boolean inside = fitsInt && x >= 0 && y >= 0 && (long) x + cw <= w && (long) y + ch <= h;
        boolean rectInt = (long) x + cw - 1 <= MAX && (long) y + ch - 1 <= MAX;
        int kind = r.nextInt(3);
        BorderType bt = BorderType.values()[r.nextInt(BorderType.values().length)];
        Callable<Object> body = switch (kind) {
            case 0 -> () -> CustomCrop.customCrop(giant.call(), x, y, cw, ch, null);
            case 1 -> () -> CenterCrop.centerCrop(giant.call(), cw, ch, null);
            default -> () -> CropFlipNormalizeReformat.cropFlipNormalizeReformat(giant.call(), new int[][] {{x, y, cw, ch}}, new int[] {1},
                    new float[] {0}, new float[] {1}, 1f, 0f, 0f, false, false, bt, 7f, DataType.U8, TensorLayout.NHWC, null);
        };
        boolean mustAccept = fitsInt && (kind == 1 ? cw <= w && ch <= h : kind == 0 ? inside : rectInt);
        String what = (kind == 0 ? "customCrop " : kind == 1 ? "centerCrop " : "cropFlipNormalizeReformat " + bt + " ")
                + x + "," + y + " " + cw + "x" + ch + of;
        return new Call(what, mustAccept ? () -> mustAccept("a crop of " + cw + " x " + ch, body) : body, true, out -> {
            if (!fitsInt) {
                return "accepted a source with an extent past 2^31-1";
            }
            if (kind == 0 && !inside || kind == 2 && !rectInt) {
                return "accepted a rectangle " + (kind == 0 ? "outside the image" : "past 2^31-1");
            }
            MemorySegment got = ((Tensor) out).hostSegment();
            for (long i = 0; i < got.byteSize(); i++) {
                byte b = got.get(ValueLayout.JAVA_BYTE, i);
                // CONSTANT outside the image gives the border value (7); everything else is the broadcast value
                if (b != v && !(kind == 2 && bt == BorderType.CONSTANT && !inside && b == 7)) {
                    return "byte " + i + " is " + (b & 0xff) + ", expected " + (v & 0xff);
                }
            }
            return null;
        });
    }
}
