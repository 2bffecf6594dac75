package dev.cvj.ops;

import dev.cvj.cuda.Stream;
import dev.cvj.ops.internal.ChannelPicks;
import dev.cvj.ops.internal.OpCheck;
import dev.cvj.ops.internal.Outputs;
import dev.cvj.ops.internal.ParameterTensors;
import dev.cvj.ops.internal.PixelGrid;
import dev.cvj.tensor.DataType;
import dev.cvj.tensor.ImageBatchVarShape;
import dev.cvj.tensor.PixelType;
import dev.cvj.tensor.Tensor;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;

/**
 * Rearranges channels, CV-CUDA's ChannelReorder: output channel {@code c} of image {@code i} is input
 * channel {@code orders[i][c]}, or 0 when that index is negative (CV-CUDA's rule). One order may serve
 * every image. The output has as many channels as the order has entries, so channels may be dropped or
 * duplicated: {2, 1, 0} turns RGB into BGR, {0, 0, 0} gray into 3 channels, {2, 1, 0, -1} RGB into BGR
 * plus a zero channel. Bit-exact.
 *
 * <table>
 *   <caption>Support</caption>
 *   <tr><th></th><th>src</th><th>dst</th></tr>
 *   <tr><td>Layouts</td><td>NHWC, HWC, NCHW, CHW</td><td>same as src</td></tr>
 *   <tr><td>Data types</td><td>all</td><td>same as src</td></tr>
 *   <tr><td>Channels</td><td>1, 2, 3, 4</td><td>1, 2, 3, 4 (the order's length)</td></tr>
 *   <tr><td>Orders</td><td colspan="2">1 order, or one per image; entries in [-1, src channels)
 *       (any negative means 0)</td></tr>
 *   <tr><td>Varshape</td><td>an {@link ImageBatchVarShape} (the types and channels above; 1 to 65535 images on a
 *       device), an order per image ({@code int[][]}, or an S32 tensor of shape [N, C]), all of one length</td>
 *       <td>a varshape batch of the same sizes and type, as many channels as the orders have entries</td></tr>
 * </table>
 * dst must not overlap src in memory (refused; a reorder in place would read channels it has already written; for
 * batches, no dst image may overlap any src image).
 *
 * <p>Varshape batches: image i is reordered exactly as the single-image call reorders it. Host batches run the
 * single-image CPU path image by image; device batches one launch per 256 images (the orders travel in the launch's
 * parameters), each image's place read from the batch's descriptor table.
 *
 * <pre>{@code
 * Tensor bgr = ChannelReorder.channelReorder(rgb, new int[] {2, 1, 0}, stream);
 * ImageBatchVarShape bgrs = ChannelReorder.channelReorder(photos, new int[][] {{2, 1, 0}}, stream);
 * }</pre>
 */
public final class ChannelReorder {
    private static final OpCheck OP = OpCheck.of("ChannelReorder");
    private static final Set<DataType> TYPES = EnumSet.allOf(DataType.class);

    private ChannelReorder() {}

    /**
     * A new tensor: channels of every image picked by {@code order}.
     *
     * @param src the input image(s), as the support table allows
     * @param order the input channel of each output channel (negative: 0)
     * @param stream the stream for device work; null: the current stream
     * @return the new output, as the support table describes it
     * @throws IllegalArgumentException if an argument breaks the support table or the checks above (the
     *         message names the operator and the argument); nothing has run then
     * @throws NullPointerException if a required argument is null
     * @throws IllegalStateException if a tensor or batch argument is closed
     */
    public static Tensor channelReorder(Tensor src, int[] order, Stream stream) {
        OP.notNull(order, "order");
        return channelReorder(src, new int[][] {order}, stream);
    }

    /**
     * As {@link #channelReorder(Tensor, int[], Stream)}, on the current stream.
     *
     * @param src the input image(s), as the support table allows
     * @param order the input channel of each output channel (negative: 0)
     * @return the new output, as the support table describes it
     * @throws IllegalArgumentException if an argument breaks the support table or the checks above (the
     *         message names the operator and the argument); nothing has run then
     * @throws NullPointerException if a required argument is null
     * @throws IllegalStateException if a tensor or batch argument is closed
     */
    public static Tensor channelReorder(Tensor src, int[] order) {
        return channelReorder(src, order, null);
    }

    /**
     * A new tensor: channels of image i picked by {@code orders[i]} ({@code orders} of length 1 serves all).
     *
     * @param src the input image(s), as the support table allows
     * @param orders the channel order of each image (one for all, or one per image)
     * @param stream the stream for device work; null: the current stream
     * @return the new output, as the support table describes it
     * @throws IllegalArgumentException if an argument breaks the support table or the checks above (the
     *         message names the operator and the argument); nothing has run then
     * @throws NullPointerException if a required argument is null
     * @throws IllegalStateException if a tensor or batch argument is closed
     */
    public static Tensor channelReorder(Tensor src, int[][] orders, Stream stream) {
        PixelGrid s = OP.image("src", src);
        int cout = checkOrders(s, orders);
        return Outputs.allocate(OP, src, PixelGrid.shapeOf(src.layout(), s.n(), s.h(), s.w(), cout), src.dtype(),
                src.layout(), stream, dst -> run(dst, s, orders, stream));
    }

    /**
     * As {@link #channelReorder(Tensor, int[][], Stream)}, on the current stream.
     *
     * @param src the input image(s), as the support table allows
     * @param orders the channel order of each image (one for all, or one per image)
     * @return the new output, as the support table describes it
     * @throws IllegalArgumentException if an argument breaks the support table or the checks above (the
     *         message names the operator and the argument); nothing has run then
     * @throws NullPointerException if a required argument is null
     * @throws IllegalStateException if a tensor or batch argument is closed
     */
    public static Tensor channelReorder(Tensor src, int[][] orders) {
        return channelReorder(src, orders, null);
    }

    /**
     * Writes the reordered channels into {@code dst} (channels = the orders' length).
     *
     * @param dst the caller's output, as the support table allows
     * @param src the input image(s), as the support table allows
     * @param orders the channel order of each image (one for all, or one per image)
     * @param stream the stream for device work; null: the current stream
     * @throws IllegalArgumentException if an argument breaks the support table or the checks above (the
     *         message names the operator and the argument); nothing has run then
     * @throws NullPointerException if a required argument is null
     * @throws IllegalStateException if a tensor or batch argument is closed
     */
    public static void channelReorderInto(Tensor dst, Tensor src, int[][] orders, Stream stream) {
        PixelGrid s = OP.image("src", src);
        checkOrders(s, orders);
        run(dst, s, orders, stream);
    }

    /**
     * As {@link #channelReorderInto(Tensor, Tensor, int[][], Stream)}, on the current stream.
     *
     * @param dst the caller's output, as the support table allows
     * @param src the input image(s), as the support table allows
     * @param orders the channel order of each image (one for all, or one per image)
     * @throws IllegalArgumentException if an argument breaks the support table or the checks above (the
     *         message names the operator and the argument); nothing has run then
     * @throws NullPointerException if a required argument is null
     * @throws IllegalStateException if a tensor or batch argument is closed
     */
    public static void channelReorderInto(Tensor dst, Tensor src, int[][] orders) {
        channelReorderInto(dst, src, orders, null);
    }

    /**
     * A new varshape batch: the channels of image i of {@code src} picked by {@code orders[i]} ({@code orders} of one
     * entry serves every image; all orders of one length, the output's channel count). The batch owns its images:
     * closing it frees them. A null stream is the current stream.
     *
     * @param src the input image(s), as the support table allows
     * @param orders the channel order of each image (one for all, or one per image)
     * @param stream the stream for device work; null: the current stream
     * @return the new output, as the support table describes it
     * @throws IllegalArgumentException if an argument breaks the support table or the checks above (the
     *         message names the operator and the argument); nothing has run then
     * @throws NullPointerException if a required argument is null
     * @throws IllegalStateException if a tensor or batch argument is closed
     */
    public static ImageBatchVarShape channelReorder(ImageBatchVarShape src, int[][] orders, Stream stream) {
        PixelType p = OP.batch("src batch", src, TYPES, 1, 4);
        int cout = checkOrders("src batch", src.size(), p.channels(), orders);
        return Outputs.allocateBatch(OP, src, src::imageSize, cout, p.dataType(), stream,
                dst -> channelReorderInto(dst, src, orders, stream));
    }

    /**
     * As {@link #channelReorder(ImageBatchVarShape, int[][], Stream)}, on the current stream.
     *
     * @param src the input image(s), as the support table allows
     * @param orders the channel order of each image (one for all, or one per image)
     * @return the new output, as the support table describes it
     * @throws IllegalArgumentException if an argument breaks the support table or the checks above (the
     *         message names the operator and the argument); nothing has run then
     * @throws NullPointerException if a required argument is null
     * @throws IllegalStateException if a tensor or batch argument is closed
     */
    public static ImageBatchVarShape channelReorder(ImageBatchVarShape src, int[][] orders) {
        return channelReorder(src, orders, null);
    }

    /**
     * As {@link #channelReorder(ImageBatchVarShape, int[][], Stream)} with the orders as CV-CUDA takes them: an S32
     * tensor of shape {@code [N, C]} (or {@code [1, C]}, for all), on the host or the device (read with a synchronous
     * copy).
     *
     * @param src the input image(s), as the support table allows
     * @param orders the channel order of each image (one for all, or one per image)
     * @param stream the stream for device work; null: the current stream
     * @return the new output, as the support table describes it
     * @throws IllegalArgumentException if an argument breaks the support table or the checks above (the
     *         message names the operator and the argument); nothing has run then
     * @throws NullPointerException if a required argument is null
     * @throws IllegalStateException if a tensor or batch argument is closed
     */
    public static ImageBatchVarShape channelReorder(ImageBatchVarShape src, Tensor orders, Stream stream) {
        OP.batch("src batch", src, TYPES, 1, 4);
        return channelReorder(src, ParameterTensors.rows(OP, "orders", orders, src.size(), 1, 4), stream);
    }

    /**
     * As {@link #channelReorder(ImageBatchVarShape, Tensor, Stream)}, on the current stream.
     *
     * @param src the input image(s), as the support table allows
     * @param orders the channel order of each image (one for all, or one per image)
     * @return the new output, as the support table describes it
     * @throws IllegalArgumentException if an argument breaks the support table or the checks above (the
     *         message names the operator and the argument); nothing has run then
     * @throws NullPointerException if a required argument is null
     * @throws IllegalStateException if a tensor or batch argument is closed
     */
    public static ImageBatchVarShape channelReorder(ImageBatchVarShape src, Tensor orders) {
        return channelReorder(src, orders, null);
    }

    /**
     * Writes the channels of image i of {@code src} picked by {@code orders[i]} into image i of {@code dst} (same
     * sizes and type; channels = the orders' length).
     *
     * @param dst the caller's output, as the support table allows
     * @param src the input image(s), as the support table allows
     * @param orders the channel order of each image (one for all, or one per image)
     * @param stream the stream for device work; null: the current stream
     * @throws IllegalArgumentException if an argument breaks the support table or the checks above (the
     *         message names the operator and the argument); nothing has run then
     * @throws NullPointerException if a required argument is null
     * @throws IllegalStateException if a tensor or batch argument is closed
     */
    public static void channelReorderInto(ImageBatchVarShape dst, ImageBatchVarShape src, int[][] orders, Stream stream) {
        PixelType p = OP.batch("src batch", src, TYPES, 1, 4);
        int cout = checkOrders("src batch", src.size(), p.channels(), orders);
        OP.batchOutput("dst batch", dst, "src batch", src, false);
        OP.batchPixels("dst batch", dst, new PixelType(cout, p.dataType()));
        OP.sameSizes("dst batch", dst, "src batch", src);
        if (dst.isHost()) {
            for (int i = 0; i < src.size(); i++) {
                int[][] order = {orders[orders.length == 1 ? 0 : i]};
                run(dst.image(i), OP.image("src image " + i, src.image(i)), order, null);
            }
            return;
        }
        ChannelPicks.batch(src, dst, orders, OP.stream(src.image(0), stream));
    }

    /**
     * As {@link #channelReorderInto(ImageBatchVarShape, ImageBatchVarShape, int[][], Stream)}, on the current stream.
     *
     * @param dst the caller's output, as the support table allows
     * @param src the input image(s), as the support table allows
     * @param orders the channel order of each image (one for all, or one per image)
     * @throws IllegalArgumentException if an argument breaks the support table or the checks above (the
     *         message names the operator and the argument); nothing has run then
     * @throws NullPointerException if a required argument is null
     * @throws IllegalStateException if a tensor or batch argument is closed
     */
    public static void channelReorderInto(ImageBatchVarShape dst, ImageBatchVarShape src, int[][] orders) {
        channelReorderInto(dst, src, orders, null);
    }

    /**
     * As {@link #channelReorderInto(ImageBatchVarShape, ImageBatchVarShape, int[][], Stream)}, the orders as a
     * tensor.
     *
     * @param dst the caller's output, as the support table allows
     * @param src the input image(s), as the support table allows
     * @param orders the channel order of each image (one for all, or one per image)
     * @param stream the stream for device work; null: the current stream
     * @throws IllegalArgumentException if an argument breaks the support table or the checks above (the
     *         message names the operator and the argument); nothing has run then
     * @throws NullPointerException if a required argument is null
     * @throws IllegalStateException if a tensor or batch argument is closed
     */
    public static void channelReorderInto(ImageBatchVarShape dst, ImageBatchVarShape src, Tensor orders, Stream stream) {
        OP.batch("src batch", src, TYPES, 1, 4);
        channelReorderInto(dst, src, ParameterTensors.rows(OP, "orders", orders, src.size(), 1, 4), stream);
    }

    /**
     * As {@link #channelReorderInto(ImageBatchVarShape, ImageBatchVarShape, Tensor, Stream)}, on the current stream.
     *
     * @param dst the caller's output, as the support table allows
     * @param src the input image(s), as the support table allows
     * @param orders the channel order of each image (one for all, or one per image)
     * @throws IllegalArgumentException if an argument breaks the support table or the checks above (the
     *         message names the operator and the argument); nothing has run then
     * @throws NullPointerException if a required argument is null
     * @throws IllegalStateException if a tensor or batch argument is closed
     */
    public static void channelReorderInto(ImageBatchVarShape dst, ImageBatchVarShape src, Tensor orders) {
        channelReorderInto(dst, src, orders, null);
    }

    private static int checkOrders(PixelGrid s, int[][] orders) {
        return checkOrders("src", s.n(), s.c(), orders);
    }

    /** The orders for {@code images} images of {@code channels} channels; returns their length (dst's channels). */
    private static int checkOrders(String srcRole, int images, int channels, int[][] orders) {
        OP.notNull(orders, "orders");
        if (orders.length != 1 && orders.length != images) {
            throw OP.fail(orders.length + " orders for " + images + " images; give 1 or " + images);
        }
        int cout = -1;
        for (int i = 0; i < orders.length; i++) {
            int[] o = OP.notNull(orders[i], "orders[" + i + "]");
            if (o.length < 1 || o.length > 4) {
                throw OP.fail("orders[" + i + "] has " + o.length + " entries; supported: 1..4");
            }
            if (cout >= 0 && o.length != cout) {
                throw OP.fail("orders[" + i + "] has " + o.length + " entries but orders[0] has " + cout);
            }
            cout = o.length;
            for (int v : o) {
                if (v >= channels) {
                    throw OP.fail("orders[" + i + "] = " + Arrays.toString(o) + " names channel " + v + " but " + srcRole
                            + " has " + channels + " channels");
                }
            }
        }
        return cout;
    }

    private static void run(Tensor dst, PixelGrid s, int[][] orders, Stream stream) {
        PixelGrid d = OP.image("dst", dst, PixelGrid.ANY_IMAGE);
        int cout = orders[0].length;
        if (!d.layout().equals(s.layout()) || d.dtype() != s.dtype() || d.n() != s.n() || d.h() != s.h() || d.w() != s.w()
                || d.c() != cout) {
            throw OP.fail("dst is " + d + " but must be " + s.layout() + " " + s.dtype() + " " + s.n() + "x" + s.h() + "x"
                    + s.w() + "x" + cout);
        }
        OP.output(d, s);
        ChannelPicks.run(s, d, orders, dst.isHost() ? null : OP.stream(dst, stream));
    }
}
