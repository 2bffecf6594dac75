package dev.cvj.spark;

import dev.cvj.codec.ModelInputSpec;
import dev.cvj.tensor.DataType;
import dev.cvj.tensor.TensorLayout;
import java.io.Serial;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.param.DoubleArrayParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;
import scala.Function1;

/**
 * {@link CvjImages#preprocess(Dataset, ModelInputSpec, PreprocessOptions)} as a Spark ML {@link Transformer}, with the
 * settings of {@code cvj preprocess} as {@link Param}s: {@code preset} ({@code none} or {@code imagenet}: resize 256,
 * size 224, center crop, ImageNet's mean and std, NCHW, f32; parameters set explicitly win), {@code size} (default 224),
 * {@code resize} (default: size), {@code crop} ({@code center}, {@code none}), {@code mean} and {@code std} (3 values
 * each, in pixel / 255 units; default 0 and 1), {@code layout} ({@code NCHW}, {@code NHWC}), {@code dtype}
 * ({@code f32}, {@code f16}, {@code u8}), plus the columns ({@code inputCol} {@code content}, {@code nameCol}
 * {@code path}, {@code outputCol} {@code tensor}, {@code statusCol} {@code status}), {@code outputFormat}
 * ({@code array}: {@code array<float>}; {@code binary}: bytes plus {@code <outputCol>_shape}), {@code batchSize}
 * (64) and {@code device} ({@code assigned}, {@code assigned_or_first}, {@code cpu}: see {@link DeviceChoice}).
 *
 * <pre>{@code
 * ModelInputTransformer prep = new ModelInputTransformer().setPreset("imagenet").setBatchSize(128);
 * PipelineModel model = new Pipeline().setStages(new PipelineStage[] {prep, myModelStage}).fit(files);
 * }</pre>
 *
 * <p>A value outside a parameter's range is refused when set ({@code IllegalArgumentException}: "... parameter size
 * given invalid value 0"); combinations (resize below size, ...) when the schema is checked, before any task runs.
 * The {@link BatchHook} is not a Param (it is code, not a value): {@link #setHook}.
 */
public final class ModelInputTransformer extends Transformer {
    @Serial
    private static final long serialVersionUID = 1L;

    /** The transformer's uid. */
    private final String uid;
    /** The {@code inputCol} parameter. */
    private final Param<String> inputCol;
    /** The {@code nameCol} parameter. */
    private final Param<String> nameCol;
    /** The {@code outputCol} parameter. */
    private final Param<String> outputCol;
    /** The {@code statusCol} parameter. */
    private final Param<String> statusCol;
    /** The {@code preset} parameter. */
    private final Param<String> preset;
    /** The {@code size} parameter. */
    private final IntParam size;
    /** The {@code resize} parameter. */
    private final IntParam resize;
    /** The {@code crop} parameter. */
    private final Param<String> crop;
    /** The {@code mean} parameter. */
    private final DoubleArrayParam mean;
    /** The {@code std} parameter. */
    private final DoubleArrayParam std;
    /** The {@code layout} parameter. */
    private final Param<String> layout;
    /** The {@code dtype} parameter. */
    private final Param<String> dtype;
    /** The {@code outputFormat} parameter. */
    private final Param<String> outputFormat;
    /** The {@code batchSize} parameter. */
    private final IntParam batchSize;
    /** The {@code device} parameter. */
    private final Param<String> device;
    /** The user code given each batch's tensor, or null; not a Param. */
    private BatchHook hook;

    /** A transformer with a random uid and the defaults. */
    public ModelInputTransformer() {
        this(Identifiable.randomUID("cvjModelInput"));
    }

    /**
     * A transformer with the defaults.
     *
     * @param uid its uid (Spark ML's copies pass the original's)
     */
    public ModelInputTransformer(String uid) {
        this.uid = uid;
        inputCol = stringParam("inputCol", "the binary column of encoded images", null);
        nameCol = stringParam("nameCol", "a column naming each image in failure messages (ignored when absent)", null);
        outputCol = stringParam("outputCol", "the output column", null);
        statusCol = stringParam("statusCol", "the status column: ok, or why the image has no output", null);
        preset = stringParam("preset", "none, or imagenet (resize 256, size 224, center crop, ImageNet mean and std, "
                + "NCHW, f32; parameters set explicitly win)", List.of("none", "imagenet"));
        size = new IntParam(this, "size", "the output width and height", range(1, 1 << 15));
        resize = new IntParam(this, "resize", "the width and height every image is resized to before the crop "
                + "(default: size; 256 with the imagenet preset when size is not set)", range(1, 1 << 15));
        crop = stringParam("crop", "center or none", List.of("center", "none"));
        mean = new DoubleArrayParam(this, "mean", "the mean of R, G, B in pixel/255 units", threeValues(false));
        std = new DoubleArrayParam(this, "std", "the standard deviation of R, G, B in pixel/255 units", threeValues(true));
        layout = stringParam("layout", "NCHW or NHWC", List.of("NCHW", "NHWC"));
        dtype = stringParam("dtype", "f32, f16 or u8 (u8: the pixels, no normalization)", List.of("f32", "f16", "u8"));
        outputFormat = stringParam("outputFormat", "array (array<float>) or binary (bytes, and <outputCol>_shape)",
                List.of("array", "binary"));
        batchSize = new IntParam(this, "batchSize", "rows per batch (one decode and one launch per batch)", range(1, 65535));
        device = stringParam("device", "assigned (the GPU Spark assigned, else the CPU), assigned_or_first (else GPU 0) "
                + "or cpu", List.of("assigned", "assigned_or_first", "cpu"));
        PreprocessOptions d = PreprocessOptions.defaults();
        setDefault(inputCol, d.inputCol());
        setDefault(nameCol, d.nameCol());
        setDefault(outputCol, d.outputCol());
        setDefault(statusCol, d.statusCol());
        setDefault(preset, "none");
        setDefault(size, 224);
        setDefault(crop, "center");
        setDefault(mean, new double[] {0, 0, 0});
        setDefault(std, new double[] {1, 1, 1});
        setDefault(layout, "NCHW");
        setDefault(dtype, "f32");
        setDefault(outputFormat, "array");
        setDefault(batchSize, d.batchSize());
        setDefault(device, "assigned");
    }

    private Param<String> stringParam(String name, String doc, List<String> allowed) {
        Function1<String, Object> valid = allowed == null ? v -> v != null && !v.isBlank() : v -> allowed.contains(v);
        return new Param<>(this, name, doc + (allowed == null ? "" : " (one of " + String.join(", ", allowed) + ")"), valid);
    }

    private static Function1<Object, Object> range(int lo, int hi) {
        return v -> (Integer) v >= lo && (Integer) v <= hi;
    }

    private static Function1<double[], Object> threeValues(boolean positive) {
        return v -> v != null && v.length == 3 && Arrays.stream(v).allMatch(x -> Double.isFinite(x) && (!positive || x > 0));
    }

    @Override
    public String uid() {
        return uid;
    }

    /** {@return the binary input column parameter (default {@code content})} */
    public Param<String> inputCol() {
        return inputCol;
    }

    /** {@return the name column parameter (default {@code path})} */
    public Param<String> nameCol() {
        return nameCol;
    }

    /** {@return the output column parameter (default {@code tensor})} */
    public Param<String> outputCol() {
        return outputCol;
    }

    /** {@return the status column parameter (default {@code status})} */
    public Param<String> statusCol() {
        return statusCol;
    }

    /** {@return the preset parameter ({@code none} or {@code imagenet})} */
    public Param<String> preset() {
        return preset;
    }

    /** {@return the output size parameter} */
    public IntParam size() {
        return size;
    }

    /** {@return the resize parameter} */
    public IntParam resize() {
        return resize;
    }

    /** {@return the crop parameter ({@code center} or {@code none})} */
    public Param<String> crop() {
        return crop;
    }

    /** {@return the mean parameter (3 values)} */
    public DoubleArrayParam mean() {
        return mean;
    }

    /** {@return the std parameter (3 values above 0)} */
    public DoubleArrayParam std() {
        return std;
    }

    /** {@return the layout parameter ({@code NCHW} or {@code NHWC})} */
    public Param<String> layout() {
        return layout;
    }

    /** {@return the dtype parameter ({@code f32}, {@code f16} or {@code u8})} */
    public Param<String> dtype() {
        return dtype;
    }

    /** {@return the output format parameter ({@code array} or {@code binary})} */
    public Param<String> outputFormat() {
        return outputFormat;
    }

    /** {@return the batch size parameter} */
    public IntParam batchSize() {
        return batchSize;
    }

    /** {@return the device parameter ({@code assigned}, {@code assigned_or_first} or {@code cpu})} */
    public Param<String> device() {
        return device;
    }

    /**
     * Sets {@code inputCol}: the binary input column.
     *
     * @param v the binary input column
     * @return this
     */
    public ModelInputTransformer setInputCol(String v) {
        set(inputCol, v);
        return this;
    }

    /**
     * Sets {@code nameCol}: the column naming each image.
     *
     * @param v the column naming each image
     * @return this
     */
    public ModelInputTransformer setNameCol(String v) {
        set(nameCol, v);
        return this;
    }

    /**
     * Sets {@code outputCol}: the output column.
     *
     * @param v the output column
     * @return this
     */
    public ModelInputTransformer setOutputCol(String v) {
        set(outputCol, v);
        return this;
    }

    /**
     * Sets {@code statusCol}: the status column.
     *
     * @param v the status column
     * @return this
     */
    public ModelInputTransformer setStatusCol(String v) {
        set(statusCol, v);
        return this;
    }

    /**
     * Sets {@code preset}: {@code none} or {@code imagenet}.
     *
     * @param v {@code none} or {@code imagenet}
     * @return this
     */
    public ModelInputTransformer setPreset(String v) {
        set(preset, v);
        return this;
    }

    /**
     * Sets {@code size}: the output width and height.
     *
     * @param v the output width and height
     * @return this
     */
    public ModelInputTransformer setSize(int v) {
        set(size, v);
        return this;
    }

    /**
     * Sets {@code resize}: the width and height before the crop.
     *
     * @param v the width and height before the crop
     * @return this
     */
    public ModelInputTransformer setResize(int v) {
        set(resize, v);
        return this;
    }

    /**
     * Sets {@code crop}: {@code center} or {@code none}.
     *
     * @param v {@code center} or {@code none}
     * @return this
     */
    public ModelInputTransformer setCrop(String v) {
        set(crop, v);
        return this;
    }

    /**
     * Sets {@code mean}: the mean of R, G, B in pixel/255 units.
     *
     * @param v the mean of R, G, B in pixel/255 units
     * @return this
     */
    public ModelInputTransformer setMean(double[] v) {
        set(mean, v);
        return this;
    }

    /**
     * Sets {@code std}: the std of R, G, B in pixel/255 units.
     *
     * @param v the std of R, G, B in pixel/255 units
     * @return this
     */
    public ModelInputTransformer setStd(double[] v) {
        set(std, v);
        return this;
    }

    /**
     * Sets {@code layout}: {@code NCHW} or {@code NHWC}.
     *
     * @param v {@code NCHW} or {@code NHWC}
     * @return this
     */
    public ModelInputTransformer setLayout(String v) {
        set(layout, v);
        return this;
    }

    /**
     * Sets {@code dtype}: {@code f32}, {@code f16} or {@code u8}.
     *
     * @param v {@code f32}, {@code f16} or {@code u8}
     * @return this
     */
    public ModelInputTransformer setDtype(String v) {
        set(dtype, v);
        return this;
    }

    /**
     * Sets {@code outputFormat}: {@code array} or {@code binary}.
     *
     * @param v {@code array} or {@code binary}
     * @return this
     */
    public ModelInputTransformer setOutputFormat(String v) {
        set(outputFormat, v);
        return this;
    }

    /**
     * Sets {@code batchSize}: rows per batch, in [1, 65535].
     *
     * @param v rows per batch, in [1, 65535]
     * @return this
     */
    public ModelInputTransformer setBatchSize(int v) {
        set(batchSize, v);
        return this;
    }

    /**
     * Sets {@code device}: {@code assigned}, {@code assigned_or_first} or {@code cpu}.
     *
     * @param v {@code assigned}, {@code assigned_or_first} or {@code cpu}
     * @return this
     */
    public ModelInputTransformer setDevice(String v) {
        set(device, v);
        return this;
    }

    /**
     * Sets {@code hook}: user code given each batch's tensor, or null.
     *
     * @param h user code given each batch's tensor, or null
     * @return this
     */
    public ModelInputTransformer setHook(BatchHook h) {
        hook = h;
        return this;
    }

    /**
     * The spec the parameters describe: the preset's values where a parameter is not set.
     *
     * @return the spec
     * @throws IllegalArgumentException naming the transformer and the parameters when they do not fit together
     */
    public ModelInputSpec spec() {
        boolean imagenet = getOrDefault(preset).equals("imagenet");
        ModelInputSpec base = imagenet ? ModelInputSpec.imagenet() : null;
        int s = imagenet && !isSet(size) ? base.size() : intValue(size);
        int r = isSet(resize) ? intValue(resize) : imagenet && !isSet(size) ? base.resize() : s;
        boolean pixels = getOrDefault(dtype).equals("u8");
        float[] m = imagenet && !isSet(mean) ? base.mean() : floats(getOrDefault(mean));
        float[] sd = imagenet && !isSet(std) ? base.std() : floats(getOrDefault(std));
        if (pixels && (isSet(mean) || isSet(std))) {
            throw new IllegalArgumentException(this + ": dtype u8 writes the pixels: mean and std do not apply");
        }
        try {
            return new ModelInputSpec(s, r, getOrDefault(crop).equals("none") ? ModelInputSpec.Crop.NONE : ModelInputSpec.Crop.CENTER,
                    pixels ? new float[] {0, 0, 0} : m, pixels ? new float[] {1, 1, 1} : sd, TensorLayout.of(getOrDefault(layout)),
                    DataType.valueOf(getOrDefault(dtype).toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(this + ": " + e.getMessage(), e);
        }
    }

    /** {@return the columns, format, batch size, device and hook the parameters describe} */
    public PreprocessOptions options() {
        return new PreprocessOptions(getOrDefault(inputCol), getOrDefault(nameCol), getOrDefault(outputCol),
                getOrDefault(statusCol), getOrDefault(outputFormat).equals("binary") ? OutputFormat.BINARY : OutputFormat.FLOAT_ARRAY,
                intValue(batchSize), switch (getOrDefault(device)) {
                    case "cpu" -> DeviceChoice.CPU;
                    case "assigned_or_first" -> DeviceChoice.ASSIGNED_OR_FIRST_GPU;
                    default -> DeviceChoice.ASSIGNED_GPU;
                }, hook);
    }

    private int intValue(IntParam p) {
        return (Integer) getOrDefault(p); // an IntParam is a Param<Object> to Java
    }

    private static float[] floats(double[] v) {
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            f[i] = (float) v[i];
        }
        return f;
    }

    /**
     * Checks the parameters and the input schema.
     *
     * @param schema the input schema
     * @return the output schema
     * @throws IllegalArgumentException when the parameters do not fit together or the columns do not fit
     */
    @Override
    public StructType transformSchema(StructType schema) {
        spec();
        return CvjImages.outputSchema(schema, options());
    }

    /**
     * The rows of {@code dataset} with the model input and status columns appended.
     *
     * @param dataset rows with the binary input column
     * @return the transformed rows (lazy)
     */
    @Override
    public Dataset<Row> transform(Dataset<?> dataset) {
        return CvjImages.preprocess(dataset.toDF(), spec(), options());
    }

    /**
     * A copy with the same uid, parameters (and {@code extra} on top) and hook.
     *
     * @param extra parameters to set on the copy
     * @return the copy
     */
    @Override
    public ModelInputTransformer copy(ParamMap extra) {
        ModelInputTransformer c = defaultCopy(extra);
        c.hook = hook;
        return c;
    }
}
