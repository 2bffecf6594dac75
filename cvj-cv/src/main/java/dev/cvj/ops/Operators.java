package dev.cvj.ops;

import dev.cvj.cuda.Stream;
import dev.cvj.tensor.DataType;
import dev.cvj.tensor.ImageBatchVarShape;
import dev.cvj.tensor.ImageSize;
import dev.cvj.tensor.Tensor;
import dev.cvj.tensor.TensorLayout;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * The registry of cvj's operators: one {@link OperatorInfo} per operator, in one list that the placement
 * tests, the fuzzer, the random-operator stress, the benchmark harness and docs/OPERATORS.md iterate over.
 * Adding an operator adds one entry here (a test fails for a public operator class that has none).
 *
 * <p>Each entry's sampler makes a valid call for a U8 image of 3 channels in NHWC or HWC (any size, any place).
 */
public final class Operators {
    private static final String IMAGE_LAYOUTS = "NHWC, HWC, NCHW, CHW";
    /** The border rules OpenCV's linear filters take for every type. */
    private static final List<BorderType> FILTER_BORDERS = List.of(BorderType.CONSTANT, BorderType.REPLICATE,
            BorderType.REFLECT, BorderType.REFLECT_101);
    private static final String AFFINE_TYPES = "U8, U16, S16, F32, F16";
    private static final List<DataType> AFFINE = List.of(DataType.U8, DataType.U16, DataType.S16, DataType.F32, DataType.F16);

    private static final String WARP_TYPES = "U8, U16, S16, F32";
    private static final List<Interpolation> WARP_INTERPOLATIONS =
            List.of(Interpolation.NEAREST, Interpolation.LINEAR, Interpolation.CUBIC);

    private static final List<OperatorInfo> ALL = List.of(
            new OperatorInfo("ChannelReorder", IMAGE_LAYOUTS, "all", "1, 2, 3, 4 (dst: the order's length)", (r, t) -> {
                int[] order = permutation(r);
                return call("ChannelReorder " + Arrays.toString(order), t, shape(t, h(t), w(t)), t.dtype(), t.layout(), 0,
                        (s, st) -> ChannelReorder.channelReorder(s, order, st),
                        (d, s, st) -> ChannelReorder.channelReorderInto(d, s, new int[][] {order}, st));
            }).withVarShape((r, b) -> {
                int[][] orders = new int[r.nextInt(4) == 0 ? 1 : b.size()][1 + r.nextInt(4)]; // one length: dst's C
                for (int[] o : orders) {
                    for (int c = 0; c < o.length; c++) {
                        o[c] = r.nextInt(4) - 1;
                    }
                }
                String what = "ChannelReorder to " + orders[0].length + " channels"
                        + (orders.length == 1 ? " " + Arrays.toString(orders[0]) : ", an order per image");
                return varShape(r, what, flat(orders), new long[] {orders.length, orders[0].length},
                        (s, st) -> ChannelReorder.channelReorder(s, orders, st),
                        (s, t, st) -> ChannelReorder.channelReorder(s, t, st),
                        (img, i, st) -> ChannelReorder.channelReorder(img, perImage(orders, i), st));
            }),
            new OperatorInfo("CustomCrop", IMAGE_LAYOUTS, "all", "1, 2, 3, 4", (r, t) -> {
                int cw = 1 + r.nextInt(w(t)), ch = 1 + r.nextInt(h(t));
                int x = r.nextInt(w(t) - cw + 1), y = r.nextInt(h(t) - ch + 1);
                return call("CustomCrop " + x + "," + y + " " + cw + "x" + ch, t, shape(t, ch, cw), t.dtype(), t.layout(), 0,
                        (s, st) -> CustomCrop.customCrop(s, x, y, cw, ch, st), (d, s, st) -> CustomCrop.customCropInto(d, s, x, y, st));
            }).withVarShape((r, b) -> {
                int[][] rects = new int[b.size()][]; // a rectangle inside each image
                for (int i = 0; i < rects.length; i++) {
                    ImageSize s = b.imageSize(i);
                    int cw = 1 + r.nextInt(s.width()), ch = 1 + r.nextInt(s.height());
                    rects[i] = new int[] {r.nextInt(s.width() - cw + 1), r.nextInt(s.height() - ch + 1), cw, ch};
                }
                return varShape(r, "CustomCrop, a rectangle per image", flat(rects), new long[] {rects.length, 4},
                        (s, st) -> CustomCrop.customCrop(s, rects, st), (s, t, st) -> CustomCrop.customCrop(s, t, st),
                        (img, i, st) -> CustomCrop.customCrop(img, rects[i][0], rects[i][1], rects[i][2], rects[i][3], st));
            }),
            new OperatorInfo("CenterCrop", IMAGE_LAYOUTS, "all", "1, 2, 3, 4", (r, t) -> {
                int cw = 1 + r.nextInt(w(t)), ch = 1 + r.nextInt(h(t));
                return call("CenterCrop " + cw + "x" + ch, t, shape(t, ch, cw), t.dtype(), t.layout(), 0,
                        (s, st) -> CenterCrop.centerCrop(s, cw, ch, st), CenterCrop::centerCropInto);
            }),
            new OperatorInfo("Flip", IMAGE_LAYOUTS, "all", "1, 2, 3, 4", (r, t) -> {
                FlipMode m = FlipMode.values()[r.nextInt(FlipMode.values().length)];
                return call("Flip " + m, t, shape(t, h(t), w(t)), t.dtype(), t.layout(), 0, (s, st) -> Flip.flip(s, m, st),
                        (d, s, st) -> Flip.flipInto(d, s, m, st));
            }).withVarShape((r, b) -> {
                FlipMode[] modes = new FlipMode[r.nextInt(4) == 0 ? 1 : b.size()];
                int[] codes = new int[modes.length];
                for (int i = 0; i < modes.length; i++) {
                    modes[i] = FlipMode.values()[r.nextInt(FlipMode.values().length)];
                    codes[i] = modes[i].code();
                }
                return varShape(r, modes.length == 1 ? "Flip " + modes[0] : "Flip, a mode per image", codes,
                        new long[] {codes.length}, (s, st) -> Flip.flip(s, modes, st), (s, t, st) -> Flip.flip(s, t, st),
                        (img, i, st) -> Flip.flip(img, perImage(modes, i), st));
            }),
            new OperatorInfo("CopyMakeBorder", IMAGE_LAYOUTS, "all", "1, 2, 3, 4", (r, t) -> {
                BorderType b = BorderType.values()[r.nextInt(BorderType.values().length)];
                int top = r.nextInt(4), bottom = r.nextInt(4), left = r.nextInt(4), right = r.nextInt(4);
                double[] v = {r.nextInt(256), r.nextInt(256), r.nextInt(256)};
                return call("CopyMakeBorder " + b + " " + top + "," + bottom + "," + left + "," + right, t,
                        shape(t, h(t) + top + bottom, w(t) + left + right), t.dtype(), t.layout(), 0,
                        (s, st) -> CopyMakeBorder.copyMakeBorder(s, top, bottom, left, right, b, v, st),
                        (d, s, st) -> CopyMakeBorder.copyMakeBorderInto(d, s, top, left, b, v, st));
            }).withVarShape((r, batch) -> {
                BorderType b = BorderType.values()[r.nextInt(BorderType.values().length)];
                double[] v = {r.nextInt(256), r.nextInt(256), r.nextInt(256)};
                int count = r.nextInt(4) == 0 ? 1 : batch.size(); // sometimes one offset for every image
                int[] top = new int[count], left = new int[count];
                for (int i = 0; i < count; i++) {
                    top[i] = r.nextInt(8);
                    left[i] = r.nextInt(8);
                }
                int fitW = 0, fitH = 0; // the smallest size every image fits at its offsets
                for (int i = 0; i < batch.size(); i++) {
                    ImageSize s = batch.imageSize(i);
                    fitW = Math.max(fitW, left[count == 1 ? 0 : i] + s.width());
                    fitH = Math.max(fitH, top[count == 1 ? 0 : i] + s.height());
                }
                ImageSize size = ImageSize.of(fitW + r.nextInt(8), fitH + r.nextInt(8));
                return new VarShapeCall("CopyMakeBorder.padAndStack " + b + " to " + size + (count == 1 ? " at one offset"
                        : " at an offset per image"), 0,
                        (s, st) -> VarShapeCall.Output.of(CopyMakeBorder.padAndStack(s, top, left, size, b, v, st)),
                        (img, i, st) -> {
                            int t = top[count == 1 ? 0 : i], l = left[count == 1 ? 0 : i];
                            return CopyMakeBorder.copyMakeBorder(img, t, size.height() - t - h(img), l,
                                    size.width() - l - w(img), b, v, st);
                        });
            }),
            new OperatorInfo("Stack", "HWC and NHWC, or CHW and NCHW (dst: NHWC or NCHW)", "all", "1, 2, 3, 4", (r, t) ->
                    call("Stack x2", t, new long[] {2 * n(t), h(t), w(t), 3}, t.dtype(), TensorLayout.NHWC, 0,
                            (s, st) -> Stack.stack(List.of(s, s), st), (d, s, st) -> Stack.stackInto(d, List.of(s, s), st))),
            new OperatorInfo("Resize", "NHWC, HWC", AFFINE_TYPES, "1, 3, 4", (r, t) -> {
                Interpolation in = Interpolation.values()[r.nextInt(Interpolation.values().length)];
                ImageSize size = ImageSize.of(1 + r.nextInt(2 * w(t) + 1), 1 + r.nextInt(2 * h(t) + 1));
                return call("Resize " + in + " " + size, t, shape(t, size.height(), size.width()), t.dtype(), t.layout(),
                        in == Interpolation.NEAREST ? 0 : 1, (s, st) -> Resize.resize(s, size, in, st),
                        (d, s, st) -> Resize.resizeInto(d, s, in, st));
            }).withVarShape((r, b) -> {
                Interpolation in = Interpolation.values()[r.nextInt(Interpolation.values().length)];
                int tol = in == Interpolation.NEAREST ? 0 : 1;
                if (r.nextBoolean()) { // one size: a batched tensor
                    ImageSize size = ImageSize.of(1 + r.nextInt(64), 1 + r.nextInt(64));
                    return new VarShapeCall("Resize " + in + " to " + size, tol,
                            (s, st) -> VarShapeCall.Output.of(Resize.resize(s, size, in, st)),
                            (img, i, st) -> Resize.resize(img, size, in, st));
                }
                ImageSize[] sizes = new ImageSize[b.size()]; // a size per image: a varshape batch
                for (int i = 0; i < sizes.length; i++) {
                    ImageSize s = b.imageSize(i);
                    sizes[i] = ImageSize.of(1 + r.nextInt(2 * s.width()), 1 + r.nextInt(2 * s.height()));
                }
                return new VarShapeCall("Resize " + in + " to a size per image", tol,
                        (s, st) -> VarShapeCall.Output.of(Resize.resize(s, sizes, in, st)),
                        (img, i, st) -> Resize.resize(img, sizes[i], in, st));
            }),
            new OperatorInfo("CvtColor", "NHWC, HWC", AFFINE_TYPES + " (by conversion)", "by conversion", (r, t) -> {
                // every conversion of a 3-channel image of this type that keeps the size
                List<ColorConversion> codes = Arrays.stream(ColorConversion.values())
                        .filter(c -> c.srcChannels() == 3 && c.yuv420() == null && c.dataTypes().contains(t.dtype()))
                        .toList();
                ColorConversion c = codes.get(r.nextInt(codes.size()));
                long[] shape = shape(t, h(t), w(t));
                shape[shape.length - 1] = c.dstChannels();
                return call("CvtColor " + c, t, shape, t.dtype(), t.layout(), 0, (s, st) -> CvtColor.cvtColor(s, c, st),
                        (d, s, st) -> CvtColor.cvtColorInto(d, s, c, st));
            }).withVarShape((r, b) -> {
                // every conversion of 3-channel U8 images (4:2:0 needs even sizes: PixelOpsVarShapeTest has those)
                List<ColorConversion> from3 = Arrays.stream(ColorConversion.values())
                        .filter(c -> c.srcChannels() == 3 && c.yuv420() == null).toList();
                ColorConversion c = from3.get(r.nextInt(from3.size()));
                return new VarShapeCall("CvtColor " + c, 0, (s, st) -> VarShapeCall.Output.of(CvtColor.cvtColor(s, c, st)),
                        (img, i, st) -> CvtColor.cvtColor(img, c, st));
            }),
            new OperatorInfo("ConvertTo", IMAGE_LAYOUTS, AFFINE_TYPES, "1, 2, 3, 4", (r, t) -> {
                double scale = r.nextDouble() * 2 - 1, offset = r.nextDouble() * 10;
                DataType dt = r.nextBoolean() ? DataType.F32 : DataType.S16;
                return call("ConvertTo " + dt, t, t.shape(), dt, t.layout(), 0,
                        (s, st) -> ConvertTo.convertTo(s, dt, scale, offset, st),
                        (d, s, st) -> ConvertTo.convertToInto(d, s, scale, offset, st));
            }, true).withVarShape((r, b) -> {
                double scale = r.nextDouble() * 4 - 2, offset = r.nextDouble() * 200 - 100; // both ends saturate
                DataType dt = AFFINE.get(r.nextInt(AFFINE.size()));
                return new VarShapeCall("ConvertTo " + dt + " scale " + scale + " offset " + offset, 0,
                        (s, st) -> VarShapeCall.Output.of(ConvertTo.convertTo(s, dt, scale, offset, st)),
                        (img, i, st) -> ConvertTo.convertTo(img, dt, scale, offset, st));
            }),
            new OperatorInfo("Normalize", IMAGE_LAYOUTS, AFFINE_TYPES + " (dst: src's, F32 or F16)", "1, 2, 3, 4", (r, t) -> {
                float[] base = {r.nextInt(256), r.nextInt(256), r.nextInt(256)};
                float[] sc = {1 + r.nextFloat() * 60, 1 + r.nextFloat() * 60, 1 + r.nextFloat() * 60};
                return call("Normalize F32", t, t.shape(), DataType.F32, t.layout(), 0,
                        (s, st) -> Normalize.normalize(s, base, sc, 1f, 0f, 0f, true, DataType.F32, st),
                        (d, s, st) -> Normalize.normalizeInto(d, s, base, sc, 1f, 0f, 0f, true, st));
            }, true).withVarShape((r, b) -> {
                int values = r.nextBoolean() ? 1 : 3; // one for all channels, or one per channel
                boolean stddev = r.nextBoolean();
                float[] base = new float[values], sc = new float[values];
                for (int c = 0; c < values; c++) {
                    base[c] = r.nextInt(256);
                    sc[c] = stddev ? 1 + r.nextFloat() * 60 : r.nextFloat() * 2;
                }
                float globalScale = 0.5f + r.nextFloat(), globalShift = r.nextFloat() * 20 - 10, epsilon = r.nextFloat();
                DataType dt = List.of(DataType.U8, DataType.F32, DataType.F16).get(r.nextInt(3)); // U8: src's type
                return new VarShapeCall("Normalize to " + dt + " base " + Arrays.toString(base) + (stddev ? " stddev " : " scale ")
                        + Arrays.toString(sc), 0,
                        (s, st) -> VarShapeCall.Output.of(Normalize.normalize(s, base, sc, globalScale, globalShift, epsilon,
                                stddev, dt, st)),
                        (img, i, st) -> Normalize.normalize(img, base, sc, globalScale, globalShift, epsilon, stddev, dt, st));
            }),
            new OperatorInfo("Threshold", IMAGE_LAYOUTS, "U8, U16, S16, F32 (OTSU, TRIANGLE: U8)", "1, 2, 3, 4 (OTSU, TRIANGLE: 1)",
                    (r, t) -> {
                Threshold.Type type = Threshold.Type.values()[r.nextInt(Threshold.Type.values().length)];
                double thresh = r.nextDouble() * 256 - 1, maxval = r.nextDouble() * 300;
                return call("Threshold " + type + " " + thresh + " " + maxval, t, t.shape(), t.dtype(), t.layout(), 0,
                        (s, st) -> Threshold.threshold(s, thresh, maxval, type, st),
                        (d, s, st) -> Threshold.thresholdInto(d, s, thresh, maxval, type, st));
            }, true).withVarShape((r, b) -> {
                Threshold.Type type = Threshold.Type.values()[r.nextInt(Threshold.Type.values().length)];
                double[] thresh = new double[b.size()], maxval = new double[r.nextBoolean() ? 1 : b.size()];
                for (int i = 0; i < thresh.length; i++) {
                    thresh[i] = r.nextDouble() * 256 - 1;
                }
                for (int i = 0; i < maxval.length; i++) {
                    maxval[i] = r.nextDouble() * 300;
                }
                return new VarShapeCall("Threshold " + type + " a thresh per image", 0,
                        (s, st) -> VarShapeCall.Output.of(Threshold.threshold(s, thresh, maxval, type, st)),
                        (img, i, st) -> Threshold.threshold(img, thresh[i], maxval[maxval.length == 1 ? 0 : i], type, st));
            }),
            new OperatorInfo("Reformat", IMAGE_LAYOUTS, "all", "1, 2, 3, 4", (r, t) -> {
                TensorLayout l = batched(t) ? TensorLayout.NCHW : TensorLayout.CHW;
                return call("Reformat " + l, t, planar(t, h(t), w(t)), t.dtype(), l, 0, (s, st) -> Reformat.reformat(s, l, st),
                        Reformat::reformatInto);
            }),
            new OperatorInfo("CropFlipNormalizeReformat", IMAGE_LAYOUTS, "U8, U16, S16, F32 (dst: F32, F16, U8)",
                    "1, 2, 3, 4 (3, 4 with swapRB)", (r, t) -> {
                int cw = 1 + r.nextInt(w(t)), ch = 1 + r.nextInt(h(t));
                int[][] rect = {{r.nextInt(w(t) + 4) - 2, r.nextInt(h(t) + 4) - 2, cw, ch}};
                int[] flip = {r.nextInt(4) - 1};
                float[] mean = {123.675f, 116.28f, 103.53f}, std = {58.395f, 57.12f, 57.375f};
                BorderType b = r.nextBoolean() ? BorderType.CONSTANT : BorderType.REPLICATE;
                DataType dt = r.nextBoolean() ? DataType.F32 : DataType.U8;
                boolean toPlanar = r.nextBoolean(), swap = r.nextBoolean();
                TensorLayout l = batched(t) ? (toPlanar ? TensorLayout.NCHW : TensorLayout.NHWC)
                        : (toPlanar ? TensorLayout.CHW : TensorLayout.HWC);
                return call("CropFlipNormalizeReformat " + Arrays.toString(rect[0]) + " flip " + flip[0] + " " + b + " " + dt
                                + " " + l + (swap ? " swapRB" : ""), t, toPlanar ? planar(t, ch, cw) : shape(t, ch, cw), dt, l, 0,
                        (s, st) -> CropFlipNormalizeReformat.cropFlipNormalizeReformat(s, rect, flip, mean, std, 1f, 0f, 0f,
                                true, swap, b, 0f, dt, l, st),
                        (d, s, st) -> CropFlipNormalizeReformat.cropFlipNormalizeReformatInto(d, s, rect, flip, mean, std, 1f,
                                0f, 0f, true, swap, b, 0f, st));
            }).withVarShape((r, batch) -> {
                int n = batch.size(), cw = 1 + r.nextInt(48), ch = 1 + r.nextInt(48);
                boolean one = r.nextInt(4) == 0; // one rectangle and flip code for all, else one per image
                int[][] rects = new int[one ? 1 : n][];
                int[] flips = new int[one ? 1 : n];
                for (int i = 0; i < rects.length; i++) { // reaching past each edge of the image now and then
                    ImageSize s = batch.imageSize(i);
                    rects[i] = new int[] {r.nextInt(s.width() + cw) - cw / 2, r.nextInt(s.height() + ch) - ch / 2, cw, ch};
                    flips[i] = r.nextInt(4) - 1;
                }
                boolean stddev = r.nextBoolean(), swap = r.nextBoolean();
                float[] base = stddev ? new float[] {123.675f, 116.28f, 103.53f} : new float[] {r.nextInt(256)};
                float[] scale = stddev ? new float[] {58.395f, 57.12f, 57.375f} : new float[] {0.5f + r.nextFloat()};
                BorderType b = BorderType.values()[r.nextInt(BorderType.values().length)];
                float bv = r.nextInt(256);
                DataType dt = List.of(DataType.F32, DataType.F16, DataType.U8).get(r.nextInt(3));
                boolean planar = r.nextBoolean();
                TensorLayout l = planar ? TensorLayout.NCHW : TensorLayout.NHWC;
                TensorLayout single = planar ? TensorLayout.CHW : TensorLayout.HWC; // of the single-image call
                return new VarShapeCall("CropFlipNormalizeReformat " + cw + "x" + ch + (one ? " one rect" : " per image") + " "
                        + b + " " + dt + " " + l + (swap ? " swapRB" : ""), 0,
                        (src, st) -> VarShapeCall.Output.of(CropFlipNormalizeReformat.cropFlipNormalizeReformat(src, rects, flips,
                                base, scale, 1f, 0f, 0f, stddev, swap, b, bv, dt, l, st)),
                        (img, i, st) -> CropFlipNormalizeReformat.cropFlipNormalizeReformat(img,
                                new int[][] {rects[one ? 0 : i]}, new int[] {flips[one ? 0 : i]}, base, scale, 1f, 0f, 0f, stddev,
                                swap, b, bv, dt, single, st));
            }),
            new OperatorInfo("ResizeCropConvertReformat", IMAGE_LAYOUTS + " (dst: NHWC, NCHW, HWC, CHW)",
                    "U8 (dst: F32, F16, U8)", "1, 2, 3, 4", (r, t) -> {
                Interpolation in = r.nextBoolean() ? Interpolation.NEAREST : Interpolation.LINEAR;
                int rw = 2 + r.nextInt(2 * w(t)), rh = 2 + r.nextInt(2 * h(t));
                int cw = 1 + r.nextInt(rw), ch = 1 + r.nextInt(rh);
                int cx = r.nextInt(rw - cw + 1), cy = r.nextInt(rh - ch + 1);
                TensorLayout l = batched(t) ? TensorLayout.NCHW : TensorLayout.CHW;
                int[] order = {2, 1, 0};
                return call("ResizeCropConvertReformat " + in + " " + rw + "x" + rh + " crop " + cx + "," + cy + " " + cw + "x"
                                + ch, t, planar(t, ch, cw), DataType.F32, l, 0,
                        (s, st) -> ResizeCropConvertReformat.resizeCropConvertReformat(s, rw, rh, in, cx, cy, cw, ch, 1 / 255f,
                                0f, order, DataType.F32, l, st),
                        (d, s, st) -> ResizeCropConvertReformat.resizeCropConvertReformatInto(d, s, rw, rh, in, cx, cy, 1 / 255f,
                                0f, order, st));
            }).withVarShape((r, batch) -> {
                Interpolation in = r.nextBoolean() ? Interpolation.NEAREST : Interpolation.LINEAR;
                ImageSize size = ImageSize.of(1 + r.nextInt(96), 1 + r.nextInt(96));
                int cw = 1 + r.nextInt(size.width()), ch = 1 + r.nextInt(size.height());
                int cx = r.nextInt(size.width() - cw + 1), cy = r.nextInt(size.height() - ch + 1);
                int[] order = r.nextBoolean() ? null : new int[] {2, 1, 0};
                int range = r.nextInt(3); // [0, 1], [-1, 1], or the U8 values as they are
                float scale = range == 0 ? 1 / 255f : range == 1 ? 1 / 127.5f : 1f, offset = range == 1 ? -1f : 0f;
                DataType dt = List.of(DataType.F32, DataType.F16, DataType.U8).get(r.nextInt(3));
                boolean planar = r.nextBoolean();
                TensorLayout l = planar ? TensorLayout.NCHW : TensorLayout.NHWC;
                TensorLayout single = planar ? TensorLayout.CHW : TensorLayout.HWC; // of the single-image call
                return new VarShapeCall("ResizeCropConvertReformat " + in + " to " + size + " crop " + cx + "," + cy + " " + cw
                        + "x" + ch + " " + dt + " " + l, 0,
                        (src, st) -> VarShapeCall.Output.of(ResizeCropConvertReformat.resizeCropConvertReformat(src, size, in, cx,
                                cy, cw, ch, scale, offset, order, dt, l, st)),
                        (img, i, st) -> ResizeCropConvertReformat.resizeCropConvertReformat(img, size.width(), size.height(), in,
                                cx, cy, cw, ch, scale, offset, order, dt, single, st));
            }),
            new OperatorInfo("Morphology", IMAGE_LAYOUTS, "U8, U16, S16, F32", "1, 2, 3, 4", (r, t) -> {
                Morphology.Operation op = Morphology.Operation.values()[r.nextInt(Morphology.Operation.values().length)];
                Morphology.Shape shape = Morphology.Shape.values()[r.nextInt(Morphology.Shape.values().length)];
                Morphology.Element e = Morphology.Element.of(shape, 1 + r.nextInt(7), 1 + r.nextInt(7));
                int iterations = 1 + r.nextInt(3);
                BorderType border = List.of(BorderType.CONSTANT, BorderType.REPLICATE, BorderType.REFLECT,
                        BorderType.REFLECT_101).get(r.nextInt(4));
                double value = r.nextBoolean() ? Morphology.DEFAULT_BORDER_VALUE : r.nextInt(256);
                return call("Morphology " + op + " " + shape + " " + e + " x" + iterations + " " + border + " " + value, t,
                        t.shape(), t.dtype(), t.layout(), 0,
                        (s, st) -> Morphology.morphology(s, op, e, iterations, border, value, st),
                        (d, s, st) -> Morphology.morphologyInto(d, s, op, e, iterations, border, value, st));
            }).withVarShape((r, batch) -> {
                Morphology.Operation op = Morphology.Operation.values()[r.nextInt(Morphology.Operation.values().length)];
                Morphology.Element[] e = new Morphology.Element[r.nextInt(4) == 0 ? 1 : batch.size()];
                for (int i = 0; i < e.length; i++) { // large images get small elements (CPU time)
                    Morphology.Shape shape = Morphology.Shape.values()[r.nextInt(Morphology.Shape.values().length)];
                    int most = small(batch, e.length, i) ? 7 : 3, w = 1 + r.nextInt(most), h = 1 + r.nextInt(most);
                    e[i] = Morphology.Element.of(shape, w, h, r.nextInt(w), r.nextInt(h));
                }
                int iterations = 1 + r.nextInt(2);
                BorderType border = FILTER_BORDERS.get(r.nextInt(FILTER_BORDERS.size()));
                double value = r.nextBoolean() ? Morphology.DEFAULT_BORDER_VALUE : r.nextInt(256);
                return new VarShapeCall("Morphology " + op + (e.length == 1 ? " " + e[0] : ", an element per image") + " x"
                        + iterations + " " + border + " " + value, 0,
                        (s, st) -> VarShapeCall.Output.of(Morphology.morphology(s, op, e, iterations, border, value, st)),
                        (img, i, st) -> Morphology.morphology(img, op, perImage(e, i), iterations, border, value, st));
            }),
            new OperatorInfo("MedianBlur", IMAGE_LAYOUTS, "U8 (ksize odd >= 3), U16, S16, F32 (ksize 3, 5)", "1, 2, 3, 4",
                    (r, t) -> {
                int k = List.of(3, 5, 7, 9).get(r.nextInt(4));
                return call("MedianBlur " + k, t, t.shape(), t.dtype(), t.layout(), 0, (s, st) -> MedianBlur.medianBlur(s, k, st),
                        (d, s, st) -> MedianBlur.medianBlurInto(d, s, k, st));
            }).withVarShape((r, batch) -> {
                int[] ksize = new int[r.nextInt(4) == 0 ? 1 : batch.size()]; // sometimes one ksize for every image
                for (int i = 0; i < ksize.length; i++) { // 3 and 5 sort, 7 bisects (U8); 3 on large images (CPU time)
                    ksize[i] = small(batch, ksize.length, i) ? 3 + 2 * r.nextInt(3) : 3;
                }
                return varShape(r, ksize.length == 1 ? "MedianBlur " + ksize[0] : "MedianBlur, a ksize per image", ksize,
                        new long[] {ksize.length}, (s, st) -> MedianBlur.medianBlur(s, ksize, st),
                        (s, t, st) -> MedianBlur.medianBlur(s, t, st), (img, i, st) -> MedianBlur.medianBlur(img, at(ksize, i), st));
            }),
            new OperatorInfo("WarpAffine", IMAGE_LAYOUTS, WARP_TYPES, "1, 2, 3, 4", (r, t) -> {
                Interpolation in = WARP_INTERPOLATIONS.get(r.nextInt(WARP_INTERPOLATIONS.size()));
                BorderType b = BorderType.values()[r.nextInt(BorderType.values().length)];
                ImageSize size = ImageSize.of(1 + r.nextInt(2 * w(t) + 1), 1 + r.nextInt(2 * h(t) + 1));
                double a = r.nextDouble() * 2 * Math.PI, sc = 0.5 + r.nextDouble();
                double[] m = {sc * Math.cos(a), -sc * Math.sin(a), r.nextDouble() * w(t), sc * Math.sin(a), sc * Math.cos(a),
                    r.nextDouble() * h(t)};
                boolean inverse = r.nextBoolean();
                double[] v = {r.nextInt(256), r.nextInt(256), r.nextInt(256)};
                return call("WarpAffine " + in + " " + b + " " + size + " " + Arrays.toString(m) + (inverse ? " inverse" : ""),
                        t, shape(t, size.height(), size.width()), t.dtype(), t.layout(), 0,
                        (s, st) -> WarpAffine.warpAffine(s, size, new double[][] {m}, inverse, in, b, v, st),
                        (d, s, st) -> WarpAffine.warpAffineInto(d, s, new double[][] {m}, inverse, in, b, v, st));
            }).withVarShape((r, b) -> {
                Interpolation in = WARP_INTERPOLATIONS.get(r.nextInt(WARP_INTERPOLATIONS.size()));
                BorderType border = BorderType.values()[r.nextInt(BorderType.values().length)];
                boolean inverse = r.nextBoolean();
                double[] v = {r.nextInt(256), r.nextInt(256), r.nextInt(256)};
                ImageSize[] sizes = warpSizes(r, b);
                double[][] m = new double[b.size()][];
                for (int i = 0; i < m.length; i++) {
                    ImageSize s = b.imageSize(i);
                    double a = r.nextDouble() * 2 * Math.PI, sc = 0.5 + r.nextDouble();
                    m[i] = new double[] {sc * Math.cos(a), -sc * Math.sin(a), r.nextDouble() * s.width(), sc * Math.sin(a),
                        sc * Math.cos(a), r.nextDouble() * s.height()};
                }
                return new VarShapeCall("WarpAffine " + in + " " + border + (inverse ? " inverse" : "") + " a matrix per image",
                        0, (s, st) -> VarShapeCall.Output.of(WarpAffine.warpAffine(s, sizes, m, inverse, in, border, v, st)),
                        (img, i, st) -> WarpAffine.warpAffine(img, sizes[sizes.length == 1 ? 0 : i], new double[][] {m[i]}, inverse, in, border, v, st));
            }),
            new OperatorInfo("WarpPerspective", IMAGE_LAYOUTS, WARP_TYPES, "1, 2, 3, 4", (r, t) -> {
                Interpolation in = WARP_INTERPOLATIONS.get(r.nextInt(WARP_INTERPOLATIONS.size()));
                BorderType b = BorderType.values()[r.nextInt(BorderType.values().length)];
                ImageSize size = ImageSize.of(1 + r.nextInt(2 * w(t) + 1), 1 + r.nextInt(2 * h(t) + 1));
                double[] m = {1 + r.nextGaussian() * 0.2, r.nextGaussian() * 0.2, r.nextDouble() * w(t),
                    r.nextGaussian() * 0.2, 1 + r.nextGaussian() * 0.2, r.nextDouble() * h(t),
                    r.nextGaussian() * 0.01, r.nextGaussian() * 0.01, 1};
                boolean inverse = r.nextBoolean();
                double[] v = {r.nextInt(256)};
                return call("WarpPerspective " + in + " " + b + " " + size + " " + Arrays.toString(m)
                        + (inverse ? " inverse" : ""), t, shape(t, size.height(), size.width()), t.dtype(), t.layout(), 0,
                        (s, st) -> WarpPerspective.warpPerspective(s, size, new double[][] {m}, inverse, in, b, v, st),
                        (d, s, st) -> WarpPerspective.warpPerspectiveInto(d, s, new double[][] {m}, inverse, in, b, v, st));
            }).withVarShape((r, b) -> {
                Interpolation in = WARP_INTERPOLATIONS.get(r.nextInt(WARP_INTERPOLATIONS.size()));
                BorderType border = BorderType.values()[r.nextInt(BorderType.values().length)];
                boolean inverse = r.nextBoolean();
                double[] v = {r.nextInt(256)};
                ImageSize[] sizes = warpSizes(r, b);
                double[][] m = new double[b.size()][];
                for (int i = 0; i < m.length; i++) {
                    ImageSize s = b.imageSize(i);
                    m[i] = new double[] {1 + r.nextGaussian() * 0.2, r.nextGaussian() * 0.2, r.nextDouble() * s.width(),
                        r.nextGaussian() * 0.2, 1 + r.nextGaussian() * 0.2, r.nextDouble() * s.height(),
                        r.nextGaussian() * 0.01, r.nextGaussian() * 0.01, 1};
                }
                return new VarShapeCall("WarpPerspective " + in + " " + border + (inverse ? " inverse" : "")
                        + " a matrix per image", 0,
                        (s, st) -> VarShapeCall.Output.of(WarpPerspective.warpPerspective(s, sizes, m, inverse, in, border, v, st)),
                        (img, i, st) -> WarpPerspective.warpPerspective(img, sizes[sizes.length == 1 ? 0 : i], new double[][] {m[i]}, inverse, in,
                                border, v, st));
            }),
            new OperatorInfo("Rotate", IMAGE_LAYOUTS, WARP_TYPES + " (rotate90: any of 1, 2, 4, 8 bytes)", "1, 2, 3, 4",
                    (r, t) -> {
                if (r.nextInt(3) == 0) { // a quarter turn: a copy, W and H swapped for codes 0 and 2
                    int code = r.nextInt(3);
                    long[] shape = t.shape();
                    if (code != Rotate.ROTATE_180) {
                        int hi = t.layout().indexOf('H'), wi = t.layout().indexOf('W');
                        long h = shape[hi];
                        shape[hi] = shape[wi];
                        shape[wi] = h;
                    }
                    return call("Rotate rotate90 code " + code, t, shape, t.dtype(), t.layout(), 0,
                            (s, st) -> Rotate.rotate90(s, code, st), (d, s, st) -> Rotate.rotate90Into(d, s, code, st));
                }
                Interpolation in = WARP_INTERPOLATIONS.get(r.nextInt(WARP_INTERPOLATIONS.size()));
                double angle = r.nextDouble() * 720 - 360, sx = r.nextDouble() * w(t), sy = r.nextDouble() * h(t);
                return call("Rotate " + in + " " + angle + " shift " + sx + ", " + sy, t, t.shape(), t.dtype(), t.layout(), 0,
                        (s, st) -> Rotate.rotate(s, angle, sx, sy, in, st),
                        (d, s, st) -> Rotate.rotateInto(d, s, angle, sx, sy, in, st));
            }).withVarShape((r, b) -> {
                if (r.nextInt(3) == 0) {
                    int[] codes = new int[b.size()];
                    for (int i = 0; i < codes.length; i++) {
                        codes[i] = r.nextInt(3);
                    }
                    return new VarShapeCall("Rotate rotate90 a code per image", 0,
                            (s, st) -> VarShapeCall.Output.of(Rotate.rotate90(s, codes, st)),
                            (img, i, st) -> Rotate.rotate90(img, codes[i], st));
                }
                Interpolation in = WARP_INTERPOLATIONS.get(r.nextInt(WARP_INTERPOLATIONS.size()));
                double[] angle = new double[b.size()], sx = new double[b.size()], sy = new double[b.size()];
                for (int i = 0; i < angle.length; i++) {
                    angle[i] = r.nextDouble() * 720 - 360;
                    sx[i] = r.nextDouble() * b.imageSize(i).width();
                    sy[i] = r.nextDouble() * b.imageSize(i).height();
                }
                return new VarShapeCall("Rotate " + in + " an angle and shift per image", 0,
                        (s, st) -> VarShapeCall.Output.of(Rotate.rotate(s, angle, sx, sy, in, st)),
                        (img, i, st) -> Rotate.rotate(img, angle[i], sx[i], sy[i], in, st));
            }),
            new OperatorInfo("BoxFilter", IMAGE_LAYOUTS, "U8, U16, S16, F32", "1, 2, 3, 4", (r, t) -> {
                int kw = 1 + r.nextInt(9), kh = 1 + r.nextInt(9), ax = r.nextInt(kw + 1) - 1, ay = r.nextInt(kh + 1) - 1;
                boolean normalize = r.nextBoolean();
                BorderType b = FILTER_BORDERS.get(r.nextInt(FILTER_BORDERS.size()));
                return call("BoxFilter " + kw + "x" + kh + " anchor " + ax + "," + ay + " normalize " + normalize + " " + b,
                        t, t.shape(), t.dtype(), t.layout(), 0,
                        (s, st) -> BoxFilter.boxFilter(s, kw, kh, ax, ay, normalize, b, st),
                        (d, s, st) -> BoxFilter.boxFilterInto(d, s, kw, kh, ax, ay, normalize, b, st));
            }).withVarShape((r, batch) -> {
                int[][] k = windows(r, batch);
                boolean normalize = r.nextBoolean();
                BorderType b = FILTER_BORDERS.get(r.nextInt(FILTER_BORDERS.size()));
                return new VarShapeCall("BoxFilter " + describeWindows(k) + " normalize " + normalize + " " + b, 0,
                        (s, st) -> VarShapeCall.Output.of(BoxFilter.boxFilter(s, k[0], k[1], k[2], k[3], normalize, b, st)),
                        (img, i, st) -> BoxFilter.boxFilter(img, at(k[0], i), at(k[1], i), at(k[2], i), at(k[3], i),
                                normalize, b, st));
            }),
            new OperatorInfo("AverageBlur", IMAGE_LAYOUTS, "U8, U16, S16, F32", "1, 2, 3, 4", (r, t) -> {
                int kw = 1 + r.nextInt(9), kh = 1 + r.nextInt(9), ax = r.nextInt(kw + 1) - 1, ay = r.nextInt(kh + 1) - 1;
                BorderType b = FILTER_BORDERS.get(r.nextInt(FILTER_BORDERS.size()));
                return call("AverageBlur " + kw + "x" + kh + " anchor " + ax + "," + ay + " " + b, t, t.shape(), t.dtype(),
                        t.layout(), 0, (s, st) -> AverageBlur.averageBlur(s, kw, kh, ax, ay, b, st),
                        (d, s, st) -> AverageBlur.averageBlurInto(d, s, kw, kh, ax, ay, b, st));
            }).withVarShape((r, batch) -> {
                int[][] k = windows(r, batch);
                BorderType b = FILTER_BORDERS.get(r.nextInt(FILTER_BORDERS.size()));
                return new VarShapeCall("AverageBlur " + describeWindows(k) + " " + b, 0,
                        (s, st) -> VarShapeCall.Output.of(AverageBlur.averageBlur(s, k[0], k[1], k[2], k[3], b, st)),
                        (img, i, st) -> AverageBlur.averageBlur(img, at(k[0], i), at(k[1], i), at(k[2], i), at(k[3], i), b,
                                st));
            }),
            new OperatorInfo("GaussianBlur", IMAGE_LAYOUTS, "U8, U16, S16, F32", "1, 2, 3, 4", (r, t) -> {
                int kw = 1 + 2 * r.nextInt(6), kh = 1 + 2 * r.nextInt(6);
                double sx = r.nextInt(3) == 0 ? 0 : 0.3 + 3 * r.nextDouble(), sy = r.nextBoolean() ? 0 : 0.3 + 3 * r.nextDouble();
                BorderType b = FILTER_BORDERS.get(r.nextInt(FILTER_BORDERS.size()));
                return call("GaussianBlur " + kw + "x" + kh + " sigma " + sx + "," + sy + " " + b, t, t.shape(), t.dtype(),
                        t.layout(), 0, (s, st) -> GaussianBlur.gaussianBlur(s, kw, kh, sx, sy, b, st),
                        (d, s, st) -> GaussianBlur.gaussianBlurInto(d, s, kw, kh, sx, sy, b, st));
            }).withVarShape((r, batch) -> {
                int n = r.nextInt(4) == 0 ? 1 : batch.size(); // sometimes one kernel for every image
                int[] kw = new int[n], kh = new int[n];
                double[] sx = new double[n], sy = new double[n];
                for (int i = 0; i < n; i++) {
                    int most = small(batch, n, i) ? 6 : 2; // large images get small kernels (CPU time)
                    kw[i] = 1 + 2 * r.nextInt(most);
                    kh[i] = 1 + 2 * r.nextInt(most);
                    sx[i] = r.nextInt(3) == 0 ? 0 : 0.3 + 3 * r.nextDouble();
                    sy[i] = r.nextBoolean() ? 0 : 0.3 + 3 * r.nextDouble();
                }
                BorderType b = BorderType.values()[r.nextInt(BorderType.values().length)]; // U8: WRAP too
                return new VarShapeCall("GaussianBlur " + (n == 1 ? kw[0] + "x" + kh[0] + " sigma " + sx[0] + "," + sy[0]
                        : "a kernel per image") + " " + b, 0,
                        (s, st) -> VarShapeCall.Output.of(GaussianBlur.gaussianBlur(s, kw, kh, sx, sy, b, st)),
                        (img, i, st) -> GaussianBlur.gaussianBlur(img, at(kw, i), at(kh, i), at(sx, i), at(sy, i), b, st));
            }),
            new OperatorInfo("Conv2D", IMAGE_LAYOUTS, "U8, U16, S16, F32", "1, 2, 3, 4", (r, t) -> {
                int kw = 1 + r.nextInt(7), kh = 1 + r.nextInt(7), ax = r.nextInt(kw + 1) - 1, ay = r.nextInt(kh + 1) - 1;
                float[][] kernel = new float[kh][kw];
                for (float[] row : kernel) {
                    for (int i = 0; i < kw; i++) {
                        row[i] = r.nextInt(4) == 0 ? 0 : (r.nextFloat() - 0.5f) / 4;
                    }
                }
                double delta = r.nextInt(3) == 0 ? 0 : r.nextDouble() * 20 - 10;
                BorderType b = FILTER_BORDERS.get(r.nextInt(FILTER_BORDERS.size()));
                return call("Conv2D " + kw + "x" + kh + " anchor " + ax + "," + ay + " delta " + delta + " " + b, t, t.shape(),
                        t.dtype(), t.layout(), 0, (s, st) -> Conv2D.conv2D(s, kernel, ax, ay, delta, b, st),
                        (d, s, st) -> Conv2D.conv2DInto(d, s, kernel, ax, ay, delta, b, st));
            }).withVarShape((r, batch) -> {
                int n = r.nextInt(4) == 0 ? 1 : batch.size(); // sometimes one kernel for every image
                float[][] kernels = new float[n][];
                ImageSize[] sizes = new ImageSize[n];
                int[] ax = new int[n], ay = new int[n];
                for (int i = 0; i < n; i++) { // large images get small kernels (CPU time)
                    int most = small(batch, n, i) ? 7 : 3, kw = 1 + r.nextInt(most), kh = 1 + r.nextInt(most);
                    sizes[i] = ImageSize.of(kw, kh);
                    kernels[i] = new float[kw * kh];
                    for (int j = 0; j < kernels[i].length; j++) {
                        kernels[i][j] = r.nextInt(4) == 0 ? 0 : (r.nextFloat() - 0.5f) / 4;
                    }
                    ax[i] = r.nextInt(kw + 1) - 1;
                    ay[i] = r.nextInt(kh + 1) - 1;
                }
                double delta = r.nextInt(3) == 0 ? 0 : r.nextDouble() * 20 - 10;
                BorderType b = FILTER_BORDERS.get(r.nextInt(FILTER_BORDERS.size()));
                VarShapeCall.PerImage single = (img, i, st) -> {
                    ImageSize k = perImage(sizes, i);
                    float[] flat = kernels[n == 1 ? 0 : i];
                    float[][] rows = new float[k.height()][];
                    for (int j = 0; j < rows.length; j++) {
                        rows[j] = Arrays.copyOfRange(flat, j * k.width(), (j + 1) * k.width());
                    }
                    return Conv2D.conv2D(img, rows, at(ax, i), at(ay, i), delta, b, st);
                };
                String what = "Conv2D " + (n == 1 ? sizes[0] + " anchor " + ax[0] + "," + ay[0] : "a kernel per image")
                        + " delta " + delta + " " + b;
                if (r.nextBoolean()) {
                    return new VarShapeCall(what, 0, (s, st) -> VarShapeCall.Output.of(Conv2D.conv2D(s, kernels, sizes, ax, ay,
                            delta, b, st)), single);
                }
                return new VarShapeCall(what + " (kernel batch, S32 anchors)", 0, (s, st) -> { // kernels as F32 images
                    List<Tensor> images = new ArrayList<>();
                    try (ImageBatchVarShape kb = ImageBatchVarShape.createHost(n);
                         Tensor anchors = Tensor.allocateHost(new long[] {n, 2}, DataType.S32, null)) {
                        for (int i = 0; i < n; i++) {
                            Tensor k = Tensor.allocateHost(new long[] {sizes[i].height(), sizes[i].width(), 1}, DataType.F32,
                                    TensorLayout.HWC);
                            images.add(k);
                            k.copyFrom(kernels[i]);
                            kb.pushBack(k);
                        }
                        int[] a = new int[2 * n];
                        for (int i = 0; i < n; i++) {
                            a[2 * i] = ax[i];
                            a[2 * i + 1] = ay[i];
                        }
                        anchors.copyFrom(a);
                        return VarShapeCall.Output.of(Conv2D.conv2D(s, kb, anchors, delta, b, st));
                    } finally {
                        images.forEach(Tensor::close);
                    }
                }, single);
            }),
            new OperatorInfo("Laplacian", IMAGE_LAYOUTS, "U8, U16, S16, F32 (dst: same or F32; S16 from U8)", "1, 2, 3, 4",
                    (r, t) -> {
                int ksize = r.nextBoolean() ? 1 : 3;
                double scale = r.nextBoolean() ? 1 : 0.25 + r.nextDouble() * 2, delta = r.nextBoolean() ? 0 : r.nextDouble() * 50;
                DataType dt = r.nextBoolean() ? t.dtype() : DataType.F32;
                BorderType b = FILTER_BORDERS.get(r.nextInt(FILTER_BORDERS.size()));
                return call("Laplacian ksize " + ksize + " scale " + scale + " delta " + delta + " " + dt + " " + b, t, t.shape(),
                        dt, t.layout(), 0, (s, st) -> Laplacian.laplacian(s, ksize, scale, delta, dt, b, st),
                        (d, s, st) -> Laplacian.laplacianInto(d, s, ksize, scale, delta, b, st));
            }).withVarShape((r, batch) -> {
                int n = r.nextInt(4) == 0 ? 1 : batch.size(); // sometimes one set for every image
                int[] ksize = new int[n];
                double[] scale = new double[n], delta = new double[n];
                for (int i = 0; i < n; i++) {
                    ksize[i] = r.nextBoolean() ? 1 : 3;
                    scale[i] = r.nextBoolean() ? 1 : 0.25 + r.nextDouble() * 2;
                    delta[i] = r.nextBoolean() ? 0 : r.nextDouble() * 50;
                }
                DataType dt = List.of(DataType.U8, DataType.S16, DataType.F32).get(r.nextInt(3));
                BorderType b = FILTER_BORDERS.get(r.nextInt(FILTER_BORDERS.size()));
                return new VarShapeCall("Laplacian " + (n == 1 ? "ksize " + ksize[0] + " scale " + scale[0] + " delta "
                        + delta[0] : "a ksize, scale and delta per image") + " to " + dt + " " + b, 0,
                        (s, st) -> VarShapeCall.Output.of(Laplacian.laplacian(s, ksize, scale, delta, dt, b, st)),
                        (img, i, st) -> Laplacian.laplacian(img, at(ksize, i), at(scale, i), at(delta, i), dt, b, st));
            }),
            new OperatorInfo("Remap", IMAGE_LAYOUTS, WARP_TYPES + " (map: F32, 2 channels, NHWC or HWC)", "1, 2, 3, 4", (r, t) -> {
                Interpolation in = WARP_INTERPOLATIONS.get(r.nextInt(WARP_INTERPOLATIONS.size()));
                BorderType b = BorderType.values()[r.nextInt(BorderType.values().length)];
                boolean relative = r.nextBoolean();
                int dw = 1 + r.nextInt(2 * w(t) + 1), dh = 1 + r.nextInt(2 * h(t) + 1);
                long[] mapShape = batched(t) && r.nextBoolean() ? new long[] {n(t), dh, dw, 2} : new long[] {dh, dw, 2};
                float[] map = new float[(int) Arrays.stream(mapShape).reduce(1, (x, y) -> x * y)];
                for (int i = 0; i < map.length; i++) {
                    int extent = i % 2 == 0 ? w(t) : h(t);
                    map[i] = (float) ((r.nextDouble() * 2 - (relative ? 1 : 0.5)) * extent);
                }
                double[] v = {r.nextInt(256), r.nextInt(256), r.nextInt(256)};
                return call("Remap " + in + " " + b + (relative ? " relative" : "") + " map " + Arrays.toString(mapShape), t,
                        shape(t, dh, dw), t.dtype(), t.layout(), 0, (s, st) -> {
                            try (Tensor m = placedLike(s, map, mapShape, st)) {
                                return Remap.remap(s, m, relative, in, b, v, st);
                            }
                        }, (d, s, st) -> {
                            try (Tensor m = placedLike(s, map, mapShape, st)) {
                                Remap.remapInto(d, s, m, relative, in, b, v, st);
                            }
                        });
            }).withVarShape((r, b) -> {
                Interpolation in = WARP_INTERPOLATIONS.get(r.nextInt(WARP_INTERPOLATIONS.size()));
                BorderType border = BorderType.values()[r.nextInt(BorderType.values().length)];
                boolean relative = r.nextBoolean();
                int dw = 1 + r.nextInt(96), dh = 1 + r.nextInt(64);
                ImageSize max = b.maxSize();
                long[] mapShape = r.nextBoolean() ? new long[] {1, dh, dw, 2} : new long[] {dh, dw, 2};
                float[] map = new float[dh * dw * 2];
                for (int i = 0; i < map.length; i++) {
                    int extent = i % 2 == 0 ? max.width() : max.height();
                    map[i] = (float) ((r.nextDouble() * 2 - (relative ? 1 : 0.5)) * extent);
                }
                double[] v = {r.nextInt(256), r.nextInt(256), r.nextInt(256)};
                return new VarShapeCall("Remap " + in + " " + border + (relative ? " relative" : "") + " one map "
                        + Arrays.toString(mapShape), 0, (s, st) -> {
                            try (Tensor m = placedLike(s.image(0), map, mapShape, st)) {
                                return VarShapeCall.Output.of(Remap.remap(s, m, relative, in, border, v, st));
                            }
                        }, (img, i, st) -> {
                            try (Tensor m = placedLike(img, map, mapShape, st)) {
                                return Remap.remap(img, m, relative, in, border, v, st);
                            }
                        });
            }),
            new OperatorInfo("AdaptiveThreshold", IMAGE_LAYOUTS, "U8", "1, 2, 3, 4 (each on its own; OpenCV: 1)", (r, t) -> {
                AdaptiveThreshold.Method m = AdaptiveThreshold.Method.values()[r.nextInt(2)];
                Threshold.Type type = r.nextBoolean() ? Threshold.Type.BINARY : Threshold.Type.BINARY_INV;
                int block = 3 + 2 * r.nextInt(8);
                double c = r.nextInt(3) == 0 ? 0 : r.nextDouble() * 20 - 10, maxval = r.nextBoolean() ? 255 : r.nextDouble() * 300;
                return call("AdaptiveThreshold " + m + " " + type + " block " + block + " C " + c + " maxval " + maxval, t,
                        t.shape(), t.dtype(), t.layout(), 0,
                        (s, st) -> AdaptiveThreshold.adaptiveThreshold(s, maxval, m, type, block, c, st),
                        (d, s, st) -> AdaptiveThreshold.adaptiveThresholdInto(d, s, maxval, m, type, block, c, st));
            }).withVarShape((r, b) -> {
                AdaptiveThreshold.Method m = AdaptiveThreshold.Method.values()[r.nextInt(2)];
                Threshold.Type type = r.nextBoolean() ? Threshold.Type.BINARY : Threshold.Type.BINARY_INV;
                int[] block = new int[b.size()];
                double[] c = new double[b.size()], maxval = new double[b.size()];
                for (int i = 0; i < block.length; i++) {
                    ImageSize size = b.imageSize(i); // small windows on large images keep the CPU oracle quick
                    block[i] = 3 + 2 * r.nextInt((long) size.width() * size.height() > 1_000_000 ? 2 : 8);
                    c[i] = r.nextInt(3) == 0 ? 0 : r.nextDouble() * 20 - 10;
                    maxval[i] = r.nextBoolean() ? 255 : r.nextDouble() * 300;
                }
                return new VarShapeCall("AdaptiveThreshold " + m + " " + type + " a block, C and maxValue per image", 0,
                        (s, st) -> VarShapeCall.Output.of(AdaptiveThreshold.adaptiveThreshold(s, maxval, m, type, block, c, st)),
                        (img, i, st) -> AdaptiveThreshold.adaptiveThreshold(img, maxval[i], m, type, block[i], c[i], st));
            }),
            new OperatorInfo("BilateralFilter", IMAGE_LAYOUTS, "U8, F32", "1, 3", (r, t) -> {
                int d = r.nextInt(10);
                double sc = r.nextDouble() * 100, ss = r.nextDouble() * 5;
                BorderType b = BorderType.values()[r.nextInt(BorderType.values().length)];
                return call("BilateralFilter d " + d + " sigmas " + sc + ", " + ss + " " + b, t, t.shape(), t.dtype(), t.layout(), 0,
                        (s, st) -> BilateralFilter.bilateralFilter(s, d, sc, ss, b, st),
                        (dst, s, st) -> BilateralFilter.bilateralFilterInto(dst, s, d, sc, ss, b, st));
            }).withVarShape((r, batch) -> {
                double[][] q = bilateral(r, batch);
                int[] d = Arrays.stream(q[0]).mapToInt(v -> (int) v).toArray();
                BorderType b = BorderType.values()[r.nextInt(BorderType.values().length)];
                return new VarShapeCall("BilateralFilter " + describeBilateral(q) + " " + b, 0,
                        (s, st) -> VarShapeCall.Output.of(BilateralFilter.bilateralFilter(s, d, q[1], q[2], b, st)),
                        (img, i, st) -> BilateralFilter.bilateralFilter(img, at(d, i), at(q[1], i), at(q[2], i), b, st));
            }),
            new OperatorInfo("JointBilateralFilter", IMAGE_LAYOUTS, "U8, F32 (guide: src's)", "1, 3", (r, t) -> {
                int d = r.nextInt(10);
                double sc = r.nextDouble() * 100, ss = r.nextDouble() * 5;
                BorderType b = BorderType.values()[r.nextInt(BorderType.values().length)];
                // the source as its own guide: the sampler has one input
                return call("JointBilateralFilter d " + d + " sigmas " + sc + ", " + ss + " " + b, t, t.shape(), t.dtype(),
                        t.layout(), 0, (s, st) -> JointBilateralFilter.jointBilateralFilter(s, s, d, sc, ss, b, st),
                        (dst, s, st) -> JointBilateralFilter.jointBilateralFilterInto(dst, s, s, d, sc, ss, b, st));
            }).withVarShape((r, batch) -> {
                double[][] q = bilateral(r, batch);
                int[] d = Arrays.stream(q[0]).mapToInt(v -> (int) v).toArray();
                BorderType b = BorderType.values()[r.nextInt(BorderType.values().length)];
                FlipMode[] guideFlip = {FlipMode.HORIZONTAL}; // the guide: each image mirrored
                return new VarShapeCall("JointBilateralFilter " + describeBilateral(q) + " " + b + ", guides mirrored", 0,
                        (s, st) -> {
                            try (ImageBatchVarShape guide = Flip.flip(s, guideFlip, st)) {
                                return VarShapeCall.Output.of(JointBilateralFilter.jointBilateralFilter(s, guide, d, q[1], q[2],
                                        b, st));
                            }
                        },
                        (img, i, st) -> {
                            try (Tensor guide = Flip.flip(img, FlipMode.HORIZONTAL, st)) {
                                return JointBilateralFilter.jointBilateralFilter(img, guide, at(d, i), at(q[1], i), at(q[2], i),
                                        b, st);
                            }
                        });
            }),
            new OperatorInfo("ColorTwist", IMAGE_LAYOUTS, "U8, U16, S16, F32", "3, 4", (r, t) -> {
                float[][] m = twists(r, r.nextBoolean() ? 1 : n(t));
                return call("ColorTwist " + describeTwists(m), t, t.shape(), t.dtype(), t.layout(), 0,
                        (s, st) -> ColorTwist.colorTwist(s, m, st), (d, s, st) -> ColorTwist.colorTwistInto(d, s, m, st));
            }, true).withVarShape((r, b) -> {
                float[][] m = twists(r, r.nextBoolean() ? 1 : b.size());
                return new VarShapeCall("ColorTwist " + describeTwists(m), 0,
                        (s, st) -> VarShapeCall.Output.of(ColorTwist.colorTwist(s, m, st)),
                        (img, i, st) -> ColorTwist.colorTwist(img, new float[][] {m[m.length == 1 ? 0 : i]}, st));
            }),
            new OperatorInfo("BrightnessContrast", IMAGE_LAYOUTS, "U8, U16, S16, F32 (into: dst any of them)", "1, 2, 3, 4",
                    (r, t) -> {
                float[][] v = brightnessContrast(r, n(t));
                return call("BrightnessContrast " + describe(v), t, t.shape(), t.dtype(), t.layout(), 0,
                        (s, st) -> BrightnessContrast.brightnessContrast(s, v[0], v[1], v[2], v[3], st),
                        (d, s, st) -> BrightnessContrast.brightnessContrastInto(d, s, v[0], v[1], v[2], v[3], st));
            }, true).withVarShape((r, b) -> {
                float[][] v = brightnessContrast(r, b.size());
                return new VarShapeCall("BrightnessContrast " + describe(v), 0,
                        (s, st) -> VarShapeCall.Output.of(BrightnessContrast.brightnessContrast(s, v[0], v[1], v[2], v[3], st)),
                        (img, i, st) -> BrightnessContrast.brightnessContrast(img, pick(v[0], i), pick(v[1], i), pick(v[2], i),
                                pick(v[3], i), st));
            }),
            new OperatorInfo("GammaContrast", IMAGE_LAYOUTS, "U8, U16, S16, F32", "1, 2, 3, 4", (r, t) -> {
                float[] g = gammas(r, r.nextBoolean() ? 1 : n(t) * (int) t.shape(t.rank() - 1));
                // GPU powf against Java's Math.pow: integer results within 1
                return call("GammaContrast " + Arrays.toString(g), t, t.shape(), t.dtype(), t.layout(), 1,
                        (s, st) -> GammaContrast.gammaContrast(s, g, st), (d, s, st) -> GammaContrast.gammaContrastInto(d, s, g, st));
            }, true).withVarShape((r, b) -> {
                float[] g = gammas(r, r.nextBoolean() ? 1 : b.size());
                return new VarShapeCall("GammaContrast " + Arrays.toString(g), 1,
                        (s, st) -> VarShapeCall.Output.of(GammaContrast.gammaContrast(s, g, st)),
                        (img, i, st) -> GammaContrast.gammaContrast(img, pick(g, i), st));
            }),
            new OperatorInfo("Composite", "NHWC, HWC", "U8", "3 (dst: 3, 4)", (r, t) -> {
                int out = 3 + r.nextInt(2);
                // background: src mirrored; mask: src's gray levels
                return call("Composite to " + out + " channels", t, withChannels(t, out), t.dtype(), t.layout(), 0,
                        (s, st) -> {
                            try (Tensor bg = Flip.flip(s, FlipMode.HORIZONTAL, st);
                                 Tensor mask = CvtColor.cvtColor(s, ColorConversion.RGB2GRAY, st)) {
                                return Composite.composite(s, bg, mask, out, st);
                            }
                        },
                        (d, s, st) -> {
                            try (Tensor bg = Flip.flip(s, FlipMode.HORIZONTAL, st);
                                 Tensor mask = CvtColor.cvtColor(s, ColorConversion.RGB2GRAY, st)) {
                                Composite.compositeInto(d, s, bg, mask, st);
                            }
                        });
            }).withVarShape((r, b) -> {
                int out = 3 + r.nextInt(2);
                FlipMode[] mirror = {FlipMode.HORIZONTAL};
                return new VarShapeCall("Composite to " + out + " channels, backgrounds mirrored, masks gray", 0,
                        (s, st) -> {
                            try (ImageBatchVarShape bg = Flip.flip(s, mirror, st);
                                 ImageBatchVarShape mask = CvtColor.cvtColor(s, ColorConversion.RGB2GRAY, st)) {
                                return VarShapeCall.Output.of(Composite.composite(s, bg, mask, out, st));
                            }
                        },
                        (img, i, st) -> {
                            try (Tensor bg = Flip.flip(img, FlipMode.HORIZONTAL, st);
                                 Tensor mask = CvtColor.cvtColor(img, ColorConversion.RGB2GRAY, st)) {
                                return Composite.composite(img, bg, mask, out, st);
                            }
                        });
            }),
            new OperatorInfo("Erase", IMAGE_LAYOUTS, "U8, U16, S16, F32", "1, 2, 3, 4", (r, t) -> {
                int c = (int) t.shape(t.rank() - 1);
                List<Erase.Area> areas = new ArrayList<>();
                for (int k = r.nextInt(5); k > 0; k--) {
                    areas.add(eraseArea(r, r.nextInt(n(t)), ImageSize.of(w(t), h(t)), c));
                }
                boolean random = r.nextBoolean();
                int seed = r.nextInt();
                return call("Erase " + areas.size() + " areas" + (random ? ", random, seed " + seed : ""), t, t.shape(),
                        t.dtype(), t.layout(), 0, (s, st) -> Erase.erase(s, areas, random, seed, st),
                        (d, s, st) -> Erase.eraseInto(d, s, areas, random, seed, st));
            }, true).withVarShape((r, b) -> {
                int c = b.uniqueFormat().channels();
                List<Erase.Area> areas = new ArrayList<>();
                for (int k = r.nextInt(2 * b.size() + 1); k > 0; k--) {
                    int i = r.nextInt(b.size());
                    areas.add(eraseArea(r, i, b.imageSize(i), c));
                }
                boolean random = r.nextBoolean();
                int seed = r.nextInt();
                // image i of the batch: its own areas, as image 0 of a single-image call with seed + i
                return new VarShapeCall("Erase " + areas.size() + " areas" + (random ? ", random, seed " + seed : ""), 0,
                        (s, st) -> VarShapeCall.Output.of(Erase.erase(s, areas, random, seed, st)),
                        (img, i, st) -> Erase.erase(img, areas.stream().filter(a -> a.image() == i)
                                .map(a -> new Erase.Area(a.x(), a.y(), a.width(), a.height(), a.channelMask(), a.values(), 0))
                                .toList(), random, seed + i, st));
            }),
            new OperatorInfo("GaussianNoise", IMAGE_LAYOUTS, "U8, U16, S16, F32", "1, 2, 3, 4", (r, t) -> {
                float[][] p = noise(r, r.nextBoolean() ? 1 : n(t));
                boolean perChannel = r.nextBoolean();
                long seed = r.nextLong();
                // the GPU's and Java's double log and cos may round a normal apart by a float ulp: integers within 1
                return call("GaussianNoise " + describe(p) + (perChannel ? " per channel" : "") + " seed " + seed, t,
                        t.shape(), t.dtype(), t.layout(), 1,
                        (s, st) -> GaussianNoise.gaussianNoise(s, p[0], p[1], perChannel, seed, st),
                        (d, s, st) -> GaussianNoise.gaussianNoiseInto(d, s, p[0], p[1], perChannel, seed, st));
            }, true).withVarShape((r, b) -> {
                float[][] p = noise(r, r.nextBoolean() ? 1 : b.size());
                boolean perChannel = r.nextBoolean();
                long seed = r.nextLong();
                // image i of the batch: the single-image call with its mu and sigma and seed + i
                return new VarShapeCall("GaussianNoise " + describe(p) + (perChannel ? " per channel" : "") + " seed "
                        + seed, 1, (s, st) -> VarShapeCall.Output.of(GaussianNoise.gaussianNoise(s, p[0], p[1], perChannel,
                                seed, st)),
                        (img, i, st) -> GaussianNoise.gaussianNoise(img, pick(p[0], i), pick(p[1], i), perChannel, seed + i,
                                st));
            }),
            new OperatorInfo("PillowResize", "NHWC, HWC", "U8, F32", "1, 2, 3, 4", (r, t) -> {
                PillowFilter f = PillowFilter.values()[r.nextInt(PillowFilter.values().length)];
                ImageSize size = ImageSize.of(1 + r.nextInt(2 * w(t) + 1), 1 + r.nextInt(2 * h(t) + 1));
                // the GPU runs the CPU path's integer (U8) and double (F32) arithmetic from the same tables
                return call("PillowResize " + f + " " + size, t, shape(t, size.height(), size.width()), t.dtype(),
                        t.layout(), 0, (s, st) -> PillowResize.pillowResize(s, size, f, st),
                        (d, s, st) -> PillowResize.pillowResizeInto(d, s, f, st));
            }).withVarShape((r, b) -> {
                PillowFilter f = PillowFilter.values()[r.nextInt(PillowFilter.values().length)];
                ImageSize[] sizes = warpSizes(r, b);
                return new VarShapeCall("PillowResize " + f + " to " + (sizes.length == 1 ? sizes[0] : "a size per image"),
                        0, (s, st) -> VarShapeCall.Output.of(PillowResize.pillowResize(s, sizes, f, st)),
                        (img, i, st) -> PillowResize.pillowResize(img, sizes[sizes.length == 1 ? 0 : i], f, st));
            }),
            new OperatorInfo("HQResize", "NHWC, HWC, NDHWC, DHWC", "U8, F32", "1, 2, 3, 4", (r, t) -> {
                HQFilter f = HQFilter.values()[r.nextInt(HQFilter.values().length)];
                ImageSize size = ImageSize.of(1 + r.nextInt(2 * w(t) + 1), 1 + r.nextInt(2 * h(t) + 1));
                // the GPU runs the CPU path's explicitly rounded float arithmetic from the same tables
                return call("HQResize " + f + " " + size, t, shape(t, size.height(), size.width()), t.dtype(),
                        t.layout(), 0, (s, st) -> HQResize.hqResize(s, size, f, st),
                        (d, s, st) -> HQResize.hqResizeInto(d, s, f, st));
            }).withVarShape((r, b) -> {
                HQFilter f = HQFilter.values()[r.nextInt(HQFilter.values().length)];
                ImageSize[] sizes = warpSizes(r, b);
                return new VarShapeCall("HQResize " + f + " to " + (sizes.length == 1 ? sizes[0] : "a size per image"),
                        0, (s, st) -> VarShapeCall.Output.of(HQResize.hqResize(s, sizes, f, st)),
                        (img, i, st) -> HQResize.hqResize(img, sizes[sizes.length == 1 ? 0 : i], f, st));
            }),
            new OperatorInfo("RandomResizedCrop", "NHWC, HWC", "U8, F32", "1, 2, 3, 4", (r, t) -> {
                HQFilter f = HQFilter.values()[r.nextInt(HQFilter.values().length)];
                ImageSize size = ImageSize.of(1 + r.nextInt(2 * w(t) + 1), 1 + r.nextInt(2 * h(t) + 1));
                long seed = r.nextLong();
                RandomResizedCrop.Params p = RandomResizedCrop.Params.DEFAULT;
                // the crops are drawn on the host; the GPU runs HQResize's arithmetic from the same tables
                return call("RandomResizedCrop " + f + " " + size + " seed " + seed, t,
                        shape(t, size.height(), size.width()), t.dtype(), t.layout(), 0,
                        (s, st) -> RandomResizedCrop.randomResizedCrop(s, size, f, p, seed, st).output(),
                        (d, s, st) -> RandomResizedCrop.randomResizedCropInto(d, s, f, p, seed, st));
            }).withVarShape((r, b) -> {
                HQFilter f = HQFilter.values()[r.nextInt(HQFilter.values().length)];
                ImageSize[] sizes = warpSizes(r, b);
                long seed = r.nextLong();
                RandomResizedCrop.Params p = RandomResizedCrop.Params.DEFAULT;
                // image i of the batch draws what image 0 of a call with imageSeed(seed, i) draws
                return new VarShapeCall("RandomResizedCrop " + f + " seed " + seed, 0,
                        (s, st) -> VarShapeCall.Output.of(RandomResizedCrop.randomResizedCrop(s, sizes, f, p, seed, st)
                                .output()),
                        (img, i, st) -> RandomResizedCrop.randomResizedCrop(img, sizes[sizes.length == 1 ? 0 : i], f, p,
                                RandomResizedCrop.imageSeed(seed, i), st).output());
            }),
            new OperatorInfo("Histogram", IMAGE_LAYOUTS + " (dst: HWC [N, 256, C])", "U8 (dst: S32, into: S32 or U32)",
                    "1, 2, 3, 4 (CV-CUDA: 1)", (r, t) -> call("Histogram", t, new long[] {n(t), Histogram.BINS, 3}, DataType.S32,
                            TensorLayout.HWC, 0, (s, st) -> Histogram.histogram(s, null, st),
                            (d, s, st) -> Histogram.histogramInto(d, s, null, st))),
            new OperatorInfo("HistogramEq", IMAGE_LAYOUTS, "U8", "1, 2, 3, 4", (r, t) -> call("HistogramEq", t, t.shape(),
                    t.dtype(), t.layout(), 0, HistogramEq::histogramEq, HistogramEq::histogramEqInto), true)
                    .withVarShape((r, b) -> new VarShapeCall("HistogramEq", 0,
                            (s, st) -> VarShapeCall.Output.of(HistogramEq.histogramEq(s, st)),
                            (img, i, st) -> HistogramEq.histogramEq(img, st))),
            new OperatorInfo("MinMaxLoc", IMAGE_LAYOUTS + " (locations: S32 [N, M, 2])", "U8, S8, U16, S16, U32, S32, F32, F64",
                    "1", (r, t) -> {
                int m = 1 + r.nextInt(8);
                // MinMaxLoc takes one channel: the sample call reads a view of the last channel and gives the maxima's
                // locations, whose unused entries are (-1, -1), so that the output is whole
                return call("MinMaxLoc maxLoc of the last channel, capacity " + m, t, new long[] {n(t), m, 2}, DataType.S32,
                        TensorLayout.HWC, 0, (s, st) -> {
                            try (Tensor c = s.slice(s.rank() - 1, s.shape(s.rank() - 1) - 1, 1)) {
                                return maxLocations(MinMaxLoc.maxLoc(c, m, st));
                            }
                        }, (d, s, st) -> {
                            try (Tensor c = s.slice(s.rank() - 1, s.shape(s.rank() - 1) - 1, 1)) {
                                MinMaxLoc.minMaxLocInto(c, null, null, null, null, d, null, st);
                            }
                        });
            }).withVarShape((r, b) -> {
                int m = 1 + r.nextInt(8);
                // the batch's last channel as a batch of one channel (ChannelReorder), the maxima's locations of each
                return new VarShapeCall("MinMaxLoc maxLoc of the last channel, capacity " + m, 0, (s, st) -> {
                    try (ImageBatchVarShape c = ChannelReorder.channelReorder(s, new int[][] {{2}}, st)) {
                        return VarShapeCall.Output.of(maxLocations(MinMaxLoc.minMaxLoc(c, m, st)));
                    }
                }, (img, i, st) -> {
                    try (Tensor c = img.slice(2, 2, 1)) {
                        return maxLocations(MinMaxLoc.maxLoc(c, m, st));
                    }
                });
            }),
            new OperatorInfo("AdvCvtColor", "NHWC, HWC", "U8", "3 (4:2:0: 1; RGBA forms: 4)", (r, t) -> {
                // a 3-channel conversion of any size; to 4:2:0 also when the image's sides are even
                boolean even = h(t) % 2 == 0 && w(t) % 2 == 0;
                List<ColorConversion> codes = Arrays.stream(ColorConversion.values())
                        .filter(c -> AdvCvtColor.supports(c) && c.srcChannels() == 3
                                && (c.yuv420() == null || even && c.family() == ColorConversion.Family.TO_YUV420))
                        .toList();
                ColorConversion c = codes.get(r.nextInt(codes.size()));
                ColorSpec spec = ColorSpec.values()[r.nextInt(ColorSpec.values().length)];
                long[] shape = c.yuv420() == null ? shape(t, h(t), w(t)) : shape(t, h(t) / 2 * 3, w(t));
                shape[shape.length - 1] = c.dstChannels();
                return call("AdvCvtColor " + c + " " + spec, t, shape, t.dtype(), t.layout(), 0,
                        (s, st) -> AdvCvtColor.advCvtColor(s, c, spec, st),
                        (d, s, st) -> AdvCvtColor.advCvtColorInto(d, s, c, spec, st));
            }));

    private Operators() {}

    /** {@return every operator, in a fixed order} */
    public static List<OperatorInfo> all() {
        return ALL;
    }

    /**
     * {@return the operator called {@code name}}
     *
     * @param name the operator's name
     */
    public static OperatorInfo get(String name) {
        return ALL.stream().filter(o -> o.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no operator " + name + "; known: "
                        + ALL.stream().map(OperatorInfo::name).toList()));
    }

    /**
     * A varshape call with per-image parameters: the array form, or half the time (as CV-CUDA takes them) the tensor
     * form, the parameters {@code values} in a host S32 tensor of {@code shape} made and closed by the call.
     */
    private static VarShapeCall varShape(Random r, String what, int[] values, long[] shape, ArrayCall array,
                                         TensorCall tensor, VarShapeCall.PerImage perImage) {
        if (r.nextBoolean()) {
            return new VarShapeCall(what, 0, (s, st) -> VarShapeCall.Output.of(array.apply(s, st)), perImage);
        }
        return new VarShapeCall(what + " (S32 tensor)", 0, (s, st) -> {
            try (Tensor t = Tensor.allocateHost(shape, DataType.S32, null)) {
                t.copyFrom(values);
                return VarShapeCall.Output.of(tensor.apply(s, t, st));
            }
        }, perImage);
    }

    /** The maxima's locations of a MinMaxLoc result, whose other outputs are closed. */
    private static Tensor maxLocations(MinMaxLoc.Result r) {
        for (Tensor t : new Tensor[] {r.minVal(), r.minLoc(), r.numMin(), r.maxVal(), r.numMax()}) {
            if (t != null) {
                t.close();
            }
        }
        return r.maxLoc();
    }

    /** The rows of equal length, one after the other. */
    private static int[] flat(int[][] rows) {
        return Arrays.stream(rows).flatMapToInt(Arrays::stream).toArray();
    }

    /** A varshape call's array form. */
    private interface ArrayCall {
        ImageBatchVarShape apply(ImageBatchVarShape src, dev.cvj.cuda.Stream stream);
    }

    /** A varshape call's tensor form. */
    private interface TensorCall {
        ImageBatchVarShape apply(ImageBatchVarShape src, Tensor parameters, dev.cvj.cuda.Stream stream);
    }

    /** Entry {@code i} of a per-image array (its only entry when it has one). */
    private static <T> T perImage(T[] values, int i) {
        return values[values.length == 1 ? 0 : i];
    }

    /**
     * Random filter windows for a batch of {@code images}: kw, kh, anchorX, anchorY (anchors -1, the centre, or inside),
     * each 1 entry for every image (now and then) or one per image.
     */
    private static int[][] windows(Random r, ImageBatchVarShape batch) {
        int n = r.nextInt(4) == 0 ? 1 : batch.size();
        int[][] k = new int[4][n];
        for (int i = 0; i < n; i++) {
            int most = small(batch, n, i) ? 9 : 3; // large images get small windows (CPU time)
            k[0][i] = 1 + r.nextInt(most);
            k[1][i] = 1 + r.nextInt(most);
            k[2][i] = r.nextInt(k[0][i] + 1) - 1;
            k[3][i] = r.nextInt(k[1][i] + 1) - 1;
        }
        return k;
    }

    /**
     * Whether entry {@code i} of a per-image array of {@code n} entries applies to small images only (at most 2^18
     * pixels): the samplers give larger images small kernels, to keep the CPU paths' time down.
     */
    private static boolean small(ImageBatchVarShape batch, int n, int i) {
        for (int j = n == 1 ? 0 : i; j < (n == 1 ? batch.size() : i + 1); j++) {
            ImageSize s = batch.imageSize(j);
            if ((long) s.width() * s.height() > 1 << 18) {
                return false;
            }
        }
        return true;
    }

    /**
     * Random bilateral parameters for a batch: rows d, sigmaColor, sigmaSpace, each 1 entry for every image (now and
     * then) or one per image; large images get small discs (CPU time).
     */
    private static double[][] bilateral(Random r, ImageBatchVarShape batch) {
        int n = r.nextInt(4) == 0 ? 1 : batch.size();
        double[][] q = new double[3][n];
        for (int i = 0; i < n; i++) {
            boolean small = small(batch, n, i);
            q[0][i] = small ? r.nextInt(10) : 1 + r.nextInt(3);
            q[1][i] = r.nextDouble() * 100;
            q[2][i] = r.nextDouble() * 5;
        }
        return q;
    }

    private static String describeBilateral(double[][] q) {
        return q[0].length == 1 ? "d " + (int) q[0][0] + " sigmas " + q[1][0] + ", " + q[2][0] : "a d and sigmas per image";
    }

    private static String describeWindows(int[][] k) {
        return k[0].length == 1 ? k[0][0] + "x" + k[1][0] + " anchor " + k[2][0] + "," + k[3][0] : "a window per image";
    }

    /** {@code n} random 3 x 4 colour matrices: gains in [-1.5, 1.5], offsets in [-64, 64]. */
    private static float[][] twists(Random r, int n) {
        float[][] m = new float[n][12];
        for (float[] k : m) {
            for (int i = 0; i < 12; i++) {
                k[i] = i % 4 == 3 ? (r.nextFloat() - 0.5f) * 128 : (r.nextFloat() - 0.5f) * 3;
            }
        }
        return m;
    }

    private static String describeTwists(float[][] m) {
        return m.length == 1 ? Arrays.toString(m[0]) : "a matrix per image";
    }

    /** Entry {@code i} of a per-image array (its only entry when it has one). */
    private static int at(int[] values, int i) {
        return values[values.length == 1 ? 0 : i];
    }

    /** Entry {@code i} of a per-image array (its only entry when it has one). */
    private static double at(double[] values, int i) {
        return values[values.length == 1 ? 0 : i];
    }

    private static OperatorCall call(String what, Tensor src, long[] dstShape, DataType dstType, TensorLayout dstLayout,
                                     int tolerance, OperatorCall.Apply apply, OperatorCall.Into into) {
        return new OperatorCall(what, dstShape, dstType, dstLayout, tolerance, apply, into);
    }

    /**
     * An F32 tensor of {@code values} (NHWC or HWC by the rank of {@code shape}) in src's place: on the host, or a
     * copy on src's device made on the call's stream, so that closing it after the call frees it in that stream's
     * order. On the host when src cannot say where it is (null, closed) or the stream is on another device: the
     * operator then refuses the call.
     */
    private static Tensor placedLike(Tensor src, float[] values, long[] shape, Stream st) {
        Tensor host = Tensor.allocateHost(shape, DataType.F32, shape.length == 4 ? TensorLayout.NHWC : TensorLayout.HWC);
        host.copyFrom(values);
        if (src == null || src.isClosed() || src.isHost() || (st != null && st.device().ordinal() != src.device().ordinal())) {
            return host;
        }
        try (host) {
            return host.toDevice(src.device(), st);
        }
    }

    /**
     * BrightnessContrast's brightness, contrast, shift and center: each null (the default), one value, or one per
     * image, in ranges that keep U8 results mostly inside 0..255.
     */
    private static float[][] brightnessContrast(Random r, int images) {
        float[][] v = new float[4][];
        float[] scale = {1.5f, 2f, 60f, 255f}, offset = {0.25f, 0f, -30f, 0f};
        for (int k = 0; k < 4; k++) {
            int len = switch (r.nextInt(3)) {
                case 0 -> 0;
                case 1 -> 1;
                default -> images;
            };
            if (len > 0) {
                v[k] = new float[len];
                for (int i = 0; i < len; i++) {
                    v[k][i] = offset[k] + r.nextFloat() * scale[k];
                }
            }
        }
        return v;
    }

    /** {@code count} gammas in [0.2, 3). */
    private static float[] gammas(Random r, int count) {
        float[] g = new float[count];
        for (int i = 0; i < count; i++) {
            g[i] = 0.2f + r.nextFloat() * 2.8f;
        }
        return g;
    }

    private static String describe(float[][] values) {
        return Arrays.stream(values).map(a -> a == null ? "default" : Arrays.toString(a)).toList().toString();
    }

    /** Entry i of per-image values (1 for all or one per image; null stays null). */
    private static float[] pick(float[] values, int i) {
        return values == null ? null : new float[] {values[values.length == 1 ? 0 : i]};
    }

    private static boolean batched(Tensor t) {
        return t.rank() == 4;
    }

    private static int n(Tensor t) {
        return batched(t) ? (int) t.shape(0) : 1;
    }

    /** Warp output sizes for a batch: one size for all (now and then), else up to twice each image's extents (512 at most). */
    private static ImageSize[] warpSizes(Random r, ImageBatchVarShape b) {
        if (r.nextInt(4) == 0) {
            return new ImageSize[] {ImageSize.of(1 + r.nextInt(64), 1 + r.nextInt(64))};
        }
        ImageSize[] sizes = new ImageSize[b.size()];
        for (int i = 0; i < sizes.length; i++) {
            ImageSize s = b.imageSize(i);
            sizes[i] = ImageSize.of(1 + r.nextInt(Math.min(2 * s.width(), 512)), 1 + r.nextInt(Math.min(2 * s.height(), 512)));
        }
        return sizes;
    }

    private static int h(Tensor t) {
        return (int) t.shape(t.rank() - 3);
    }

    private static int w(Tensor t) {
        return (int) t.shape(t.rank() - 2);
    }

    /** The interleaved shape of src's batching with these extents and src's channels. */
    private static long[] shape(Tensor t, long h, long w) {
        long c = t.shape(t.rank() - 1);
        return batched(t) ? new long[] {n(t), h, w, c} : new long[] {h, w, c};
    }

    /** GaussianNoise's mu in [-20, 20) and sigma in [0, 30), {@code count} of each. */
    private static float[][] noise(Random r, int count) {
        float[][] p = new float[2][count];
        for (int i = 0; i < count; i++) {
            p[0][i] = (r.nextFloat() - 0.5f) * 40f;
            p[1][i] = r.nextFloat() * 30f;
        }
        return p;
    }

    /** An area of image {@code image} of {@code size}, now and then partly outside it, with values in 0..255. */
    private static Erase.Area eraseArea(Random r, int image, ImageSize size, int channels) {
        float[] v = new float[channels];
        for (int c = 0; c < channels; c++) {
            v[c] = r.nextInt(2560) / 10f;
        }
        int w = size.width(), h = size.height();
        return new Erase.Area(r.nextInt(w + w / 2 + 1) - w / 4, r.nextInt(h + h / 2 + 1) - h / 4, r.nextInt(w + 1),
                r.nextInt(h + 1), 1 + r.nextInt(15), v, image);
    }

    /** src's shape with {@code c} channels (NHWC or HWC). */
    private static long[] withChannels(Tensor t, long c) {
        long[] s = t.shape();
        s[s.length - 1] = c;
        return s;
    }

    /** The planar shape (NCHW or CHW) of src's batching with these extents. */
    private static long[] planar(Tensor t, long h, long w) {
        long c = t.shape(t.rank() - 1);
        return batched(t) ? new long[] {n(t), c, h, w} : new long[] {c, h, w};
    }

    /** A permutation of 3 channels, now and then with a zero channel (-1). */
    private static int[] permutation(Random r) {
        int[] p = {0, 1, 2};
        for (int i = 2; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        if (r.nextInt(4) == 0) {
            p[r.nextInt(3)] = -1;
        }
        return p;
    }
}
