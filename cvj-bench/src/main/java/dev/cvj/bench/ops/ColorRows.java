package dev.cvj.bench.ops;

import dev.cvj.bench.ops.FilterWarpRows.Output;
import dev.cvj.bench.ops.FilterWarpRows.Prepared;
import dev.cvj.bench.ops.FilterWarpRows.Row;
import dev.cvj.ops.ColorConversion;
import dev.cvj.ops.CvtColor;
import dev.cvj.tensor.DataType;
import dev.cvj.tensor.TensorLayout;
import java.util.List;

/**
 * The colour-conversion rows of {@link OpsBenchMain}, on the grid of {@link FilterWarpRows} (batches 1 and 32 x
 * 224x224 and 1920x1080): CvtColor of U8 NHWC images into U8 NHWC of 3 channels, as OpenCV's {@code cv2.cvtColor}
 * with the same code ({@code bench/python/torch_ops.py}) and NPP's conversion ({@code bench/c/npp_color_stats.cu}):
 * {@code rgb2hls} (RGB2HLS; NPP {@code nppiRGBToHLS_8u_C3R}), {@code rgb2lab} (RGB2Lab; NPP {@code
 * nppiBGRToLab_8u_C3R}, its only order), {@code rgb2xyz} (RGB2XYZ; NPP {@code nppiRGBToXYZ_8u_C3R}), {@code rgb2ycrcb}
 * (RGB2YCrCb; NPP {@code nppiRGBToYCbCr_8u_C3R}, Cb before Cr) from RGB, and {@code yuyv2rgb} (YUV2RGB_YUY2 from YUYV
 * 4:2:2, 2 channels of W x H; NPP {@code nppiYCbCr422ToRGB_8u_C2C3R}). Bytes: the source read once plus the output
 * written once.
 */
final class ColorRows {
    static final List<Row> ROWS = List.of(conversion("rgb2hls", ColorConversion.RGB2HLS),
            conversion("rgb2lab", ColorConversion.RGB2Lab), conversion("rgb2xyz", ColorConversion.RGB2XYZ),
            conversion("rgb2ycrcb", ColorConversion.RGB2YCrCb), conversion("yuyv2rgb", ColorConversion.YUV2RGB_YUY2));

    private ColorRows() {}

    private static Row conversion(String op, ColorConversion code) {
        return new Row(op, "CvtColor", code.srcChannels(), (n, w, h, host, st) -> Prepared.of((d, s, stream) ->
                CvtColor.cvtColorInto(d, s, code, stream)),
                (n, w, h) -> new Output(new long[] {n, h, w, code.dstChannels()}, DataType.U8, TensorLayout.NHWC));
    }
}
