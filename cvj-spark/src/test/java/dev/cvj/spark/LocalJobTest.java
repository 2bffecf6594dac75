package dev.cvj.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cvj.codec.ModelInputSpec;
import dev.cvj.tensor.DataType;
import dev.cvj.tensor.Tensor;
import dev.cvj.tensor.TensorLayout;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.feature.SQLTransformer;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** {@link CvjImages} in a {@code local[2]} session (the CPU backend here): exact, complete, and through Parquet. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LocalJobTest {
    SparkSession spark;
    Path tmp;
    Path images;
    List<String> names;

    @BeforeAll
    void start(@TempDir Path dir) {
        tmp = dir;
        spark = SparkSessions.local("local[2]");
        images = tmp.resolve("images");
        names = ImageFolder.copyTo(images);
    }

    @AfterAll
    void stop() {
        spark.stop();
    }

    /** The folder as Spark's binaryFile source gives it, in three partitions. */
    Dataset<Row> files() {
        return spark.read().format("binaryFile").load(images.toString()).select("path", "content").repartition(3);
    }

    /** Every file has one row; its tensor equals the library pipeline's bytes for bytes, or its status says why not. */
    static void assertExact(List<Row> rows, List<String> names, Map<String, ImageFolder.Expected> expected) {
        assertEquals(names.size(), rows.size(), "one row per file");
        Set<String> seen = new HashSet<>();
        for (Row r : rows) {
            String name = ImageFolder.fileName(r.getAs("path"));
            assertTrue(seen.add(name), "file " + name + " appears twice");
            ImageFolder.Expected e = expected.get(name);
            String status = r.getAs("status");
            if (e.bytes() == null) { // not-an-image.jpg, truncated-640x480.jpg
                assertNull(r.getAs("tensor"), name);
                assertNotEquals("ok", status, name);
                assertEquals(e.status(), status, "the status is the library's failure message");
            } else {
                assertEquals("ok", status, name);
                List<Float> got = r.getList(r.fieldIndex("tensor"));
                float[] want = e.floats();
                assertEquals(want.length, got.size(), name);
                for (int i = 0; i < want.length; i++) {
                    if (Float.floatToIntBits(want[i]) != Float.floatToIntBits(got.get(i))) {
                        throw new AssertionError(name + ": element " + i + " is " + got.get(i) + ", the library made " + want[i]);
                    }
                }
            }
        }
    }

    @Test
    void imagenetInputsEqualTheLibraryPipelineAndTheCorruptFileHasItsStatusRow() {
        Map<String, ImageFolder.Expected> expected = ImageFolder.expected(images, names, ModelInputSpec.imagenet());
        assertNotNull(expected.get(ImageFolder.CORRUPT));
        assertNull(expected.get(ImageFolder.CORRUPT).bytes(), "the sample folder's corrupt file does not decode");
        List<Row> rows = CvjImages.preprocess(files(), ModelInputSpec.imagenet(), PreprocessOptions.defaults().withBatchSize(2))
                .collectAsList();
        assertExact(rows, names, expected);
    }

    @Test
    void parquetRoundTripKeepsEveryRowAndValue() {
        Dataset<Row> out = CvjImages.preprocess(files(), ModelInputSpec.of(16));
        Path parquet = tmp.resolve("out.parquet");
        out.select("path", "tensor", "status").write().parquet(parquet.toString());
        List<Row> back = spark.read().parquet(parquet.toString()).collectAsList();
        assertExact(back, names, ImageFolder.expected(images, names, ModelInputSpec.of(16)));
    }

    @Test
    void binaryOutputHoldsTheSpecsBytesAndShape() {
        ModelInputSpec spec = new ModelInputSpec(8, 12, ModelInputSpec.Crop.CENTER, new float[] {0.5f, 0.5f, 0.5f},
                new float[] {0.25f, 0.25f, 0.25f}, TensorLayout.NHWC, DataType.F16);
        Map<String, ImageFolder.Expected> expected = ImageFolder.expected(images, names, spec);
        List<Row> rows = CvjImages.preprocess(files(), spec, PreprocessOptions.defaults().withOutputFormat(OutputFormat.BINARY)
                .withOutputCol("x").withStatusCol("why")).collectAsList();
        assertEquals(names.size(), rows.size());
        for (Row r : rows) {
            String name = ImageFolder.fileName(r.getAs("path"));
            ImageFolder.Expected e = expected.get(name);
            assertEquals(e.status(), r.getAs("why"), name);
            if (e.bytes() == null) {
                assertNull(r.getAs("x"), name);
                assertNull(r.getAs("x_shape"), name);
            } else {
                assertArrayEquals(e.bytes(), (byte[]) r.getAs("x"), name);
                assertEquals(List.of(8, 8, 3), r.getList(r.fieldIndex("x_shape")), name);
            }
        }
    }

    @Test
    void hookSeesEachBatchAndItsTensorReplacesTheOutput() {
        ModelInputSpec spec = ModelInputSpec.of(4);
        Map<String, ImageFolder.Expected> expected = ImageFolder.expected(images, names, spec);
        BatchHook firstAndLast = (batch, stream) -> { // the first and last element of each row, as a model output
            int n = (int) batch.shape(0), per = spec.rowElements();
            float[] all = new float[n * per], out = new float[n * 2];
            batch.copyTo(all);
            for (int i = 0; i < n; i++) {
                out[2 * i] = all[i * per];
                out[2 * i + 1] = all[i * per + per - 1];
            }
            Tensor t = Tensor.allocateHost(new long[] {n, 2}, DataType.F32, TensorLayout.of("NC"));
            t.copyFrom(out);
            return t;
        };
        List<Row> rows = CvjImages.preprocess(files(), spec, PreprocessOptions.defaults().withBatchSize(3).withHook(firstAndLast))
                .collectAsList();
        assertEquals(names.size(), rows.size());
        for (Row r : rows) {
            ImageFolder.Expected e = expected.get(ImageFolder.fileName(r.getAs("path")));
            if (e.bytes() == null) {
                assertNull(r.getAs("tensor"));
            } else {
                float[] want = e.floats();
                assertEquals(List.of(want[0], want[want.length - 1]), r.getList(r.fieldIndex("tensor")));
            }
        }
    }

    @Test
    void columnsThatDoNotFitAreRefusedBeforeTheJobRuns() {
        Dataset<Row> files = files();
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> CvjImages.preprocess(files, ModelInputSpec.of(8), PreprocessOptions.defaults().withInputCol("bytes")));
        assertTrue(missing.getMessage().contains("input column 'bytes' is not in the dataset"), missing.getMessage());
        IllegalArgumentException notBinary = assertThrows(IllegalArgumentException.class,
                () -> CvjImages.preprocess(files, ModelInputSpec.of(8), PreprocessOptions.defaults().withInputCol("path")));
        assertTrue(notBinary.getMessage().contains("must be binary"), notBinary.getMessage());
        IllegalArgumentException taken = assertThrows(IllegalArgumentException.class,
                () -> CvjImages.preprocess(files, ModelInputSpec.of(8), PreprocessOptions.defaults().withOutputCol("path")));
        assertTrue(taken.getMessage().contains("output column 'path' is already in the dataset"), taken.getMessage());
        IllegalArgumentException batch = assertThrows(IllegalArgumentException.class,
                () -> PreprocessOptions.defaults().withBatchSize(0));
        assertTrue(batch.getMessage().contains("batchSize must be in [1, 65535], got 0"), batch.getMessage());
    }

    @Test
    void transformerInsideAnMlPipelineGivesTheLibrarysNumbers() {
        Dataset<Row> files = files();
        ModelInputTransformer prep = new ModelInputTransformer().setPreset("imagenet").setBatchSize(3);
        assertEquals(ModelInputSpec.imagenet(), prep.spec());
        Pipeline pipeline = new Pipeline().setStages(new PipelineStage[] {prep,
                new SQLTransformer().setStatement("SELECT path, tensor, status FROM __THIS__")});
        PipelineModel model = pipeline.fit(files);
        List<Row> rows = model.transform(files).collectAsList();
        assertExact(rows, names, ImageFolder.expected(images, names, ModelInputSpec.imagenet()));
    }

    @Test
    void transformerParamsThatDoNotFitAreRefusedWithTheirNames() {
        ModelInputTransformer t = new ModelInputTransformer();
        for (Runnable bad : List.<Runnable>of(() -> t.setSize(0), () -> t.setLayout("HWC"), () -> t.setBatchSize(70000),
                () -> t.setMean(new double[] {0.5, 0.5}), () -> t.setStd(new double[] {1, 0, 1}), () -> t.setPreset("coco"))) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, bad::run);
            assertTrue(e.getMessage().contains(t.uid()) && e.getMessage().contains("given invalid value"), e.getMessage());
        }
        StructType schema = files().schema();
        IllegalArgumentException smaller = assertThrows(IllegalArgumentException.class,
                () -> new ModelInputTransformer().setSize(200).setResize(100).transformSchema(schema));
        assertTrue(smaller.getMessage().contains("resize 100 is smaller than size 200"), smaller.getMessage());
        IllegalArgumentException pixels = assertThrows(IllegalArgumentException.class,
                () -> new ModelInputTransformer().setDtype("u8").setMean(new double[] {0.5, 0.5, 0.5}).transformSchema(schema));
        assertTrue(pixels.getMessage().contains("dtype u8 writes the pixels"), pixels.getMessage());
        ModelInputTransformer explicit = new ModelInputTransformer().setPreset("imagenet").setSize(112).setLayout("NHWC").setDtype("f16");
        ModelInputSpec s = explicit.spec();
        assertEquals(List.of(112, 112, 3, 16), List.of(s.size(), s.resize(), 3, s.dtype().byteSize() * 8),
                "an explicit size also sets resize (as cvj preprocess does); the preset keeps mean and std");
        assertArrayEquals(ModelInputSpec.imagenet().mean(), s.mean());
        assertEquals(explicit.spec(), explicit.copy(new ParamMap()).spec());
    }
}
