package org.alphaclip.spark;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;

import org.alphaclip.api.EncoderException;
import org.alphaclip.api.ZeroShotClassifier;
import org.alphaclip.api.model.InvalidModelException;
import org.alphaclip.core.internal.encoder.OnnxAlphaClipEncoder;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The {@code classify} job: zero-shot classification of an image list (with optional boxes) over a label set, as
 * {@code alphaclip:classify} does it (the model's prompt templates, CLIP's recipe), written as Parquet
 * {@code path, region, model, label, probability, probabilities} (in label order) plus {@code error}; resumable like
 * {@link EncodeJob}.
 *
 * <pre>
 * spark-submit --class org.alphaclip.spark.ClassifyJob distribution-spark.jar --images list.txt \
 *     --model /shared/models/alphaclip-shapes --labels 'red star,blue circle' --out /shared/out/labels [--resume]
 * </pre>
 */
public final class ClassifyJob {

    /** The output rows. */
    static final StructType OUTPUT = JobIo.INPUT.add("model", DataTypes.StringType, true)
            .add("label", DataTypes.StringType, true).add("probability", DataTypes.DoubleType, true)
            .add("probabilities", DataTypes.createArrayType(DataTypes.FloatType, false), true)
            .add("error", DataTypes.StringType, true);

    private ClassifyJob() {
    }

    /** The job's command line. */
    static final Jobs.Job JOB = new Jobs.Job("classify", "an image list (optional boxes) -> Parquet zero-shot labels",
            List.of("--images", "--model", "--labels", "--out"), JobShape.OPTIONS, List.of("--resume"),
            (spark, a) -> "classify: " + run(spark, Path.of(a.value("--images")), a.value("--model"),
                    Arrays.stream(a.value("--labels").split(",")).map(String::strip).filter(l -> !l.isEmpty()).toList(),
                    a.value("--out"), a.has("--resume"), JobShape.of(a)) + " items written; " + JobIo.describeOutput(spark, a.value("--out"), OUTPUT));

    /**
     * Classifies every item of {@code images} not yet in {@code out}.
     *
     * @return the number of items written by this run
     */
    public static long run(SparkSession spark, Path images, String model, List<String> labels, String out,
            boolean resume, JobShape shape) throws Exception {
        if (labels.size() < 2) {
            throw new IllegalArgumentException("--labels needs at least two labels, got " + labels);
        }
        ExecutorEncoders.checkPackage(model);
        List<Row> items = JobIo.items(images);
        List<Row> unfinished = JobIo.unfinished(spark, items, out, OUTPUT, resume);
        int threads = ExecutorEncoders.threads(spark);
        return JobIo.appendInChunks(spark, "classify", unfinished, items.size() - unfinished.size(), shape,
                new ClassifyPartition(model, List.copyOf(labels), shape.batch(), threads), out, OUTPUT);
    }

    /** One partition: batches of images through this JVM's encoder and its cached classifier. */
    static final class ClassifyPartition implements MapPartitionsFunction<Row, Row> {
        private static final long serialVersionUID = 1L;
        private final String model;
        private final List<String> labels;
        private final int batch;
        private final int threads;

        ClassifyPartition(String model, List<String> labels, int batch, int threads) {
            this.model = model;
            this.labels = labels;
            this.batch = batch;
            this.threads = threads;
        }

        @Override
        public Iterator<Row> call(Iterator<Row> rows) throws InvalidModelException, EncoderException {
            OnnxAlphaClipEncoder encoder = ExecutorEncoders.encoder(model, threads);
            ZeroShotClassifier classifier = ExecutorEncoders.CLASSIFIERS.classifier(encoder, labels, List.of());
            String name = encoder.model().name();
            List<Row> out = new ArrayList<>();
            ImageBatches.encode(rows, encoder, batch, (item, embedding, error) -> {
                if (embedding == null) {
                    out.add(RowFactory.create(item.getString(0), item.getString(1), name, null, null, null, error));
                    return;
                }
                double[] probabilities = classifier.probabilities(embedding);
                int best = classifier.best(embedding);
                float[] values = new float[probabilities.length];
                for (int i = 0; i < values.length; i++) {
                    values[i] = (float) probabilities[i];
                }
                out.add(RowFactory.create(item.getString(0), item.getString(1), name, labels.get(best),
                        probabilities[best], ImageBatches.boxed(values), null));
            });
            return out.iterator();
        }
    }
}
