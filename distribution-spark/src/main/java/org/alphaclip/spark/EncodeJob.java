package org.alphaclip.spark;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

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
 * The {@code encode} job: an image list (one path per line, optionally a tab and a box {@code x0,y0,x1,y1}) becomes
 * embeddings as Parquet ({@code path, region, model, vector}, plus {@code error} for images that do not read, which
 * are listed, not fatal). Each executor JVM opens the model once; each partition encodes in batches. The output path
 * is appended to: with {@code --resume}, items already in it (by path and region) are not encoded again, so a killed
 * job restarted with the same output redoes only what was not written; without it, an existing output is refused.
 *
 * <pre>
 * spark-submit --class org.alphaclip.spark.EncodeJob distribution-spark.jar --images list.txt \
 *     --model /shared/models/alphaclip-shapes --out /shared/out/embeddings [--resume] [--batch 16]
 * </pre>
 */
public final class EncodeJob {

    /** The output rows. */
    static final StructType OUTPUT = JobIo.INPUT.add("model", DataTypes.StringType, true)
            .add("vector", DataTypes.createArrayType(DataTypes.FloatType, false), true)
            .add("error", DataTypes.StringType, true);

    private EncodeJob() {
    }

    /** The job's command line. */
    static final Jobs.Job JOB = new Jobs.Job("encode", "an image list (optional boxes) -> Parquet embeddings",
            List.of("--images", "--model", "--out"), JobShape.OPTIONS, List.of("--resume"),
            (spark, a) -> "encode: " + run(spark, Path.of(a.value("--images")), a.value("--model"), a.value("--out"),
                    a.has("--resume"), JobShape.of(a)) + " items written; " + JobIo.describeOutput(spark, a.value("--out"), OUTPUT));

    /**
     * Encodes every item of {@code images} not yet in {@code out}.
     *
     * @return the number of items written by this run
     * @throws IllegalStateException when {@code out} holds output and {@code resume} is false
     */
    public static long run(SparkSession spark, Path images, String model, String out, boolean resume, JobShape shape)
            throws Exception {
        ExecutorEncoders.checkPackage(model);
        List<Row> items = JobIo.items(images);
        List<Row> unfinished = JobIo.unfinished(spark, items, out, OUTPUT, resume);
        int threads = ExecutorEncoders.threads(spark);
        return JobIo.appendInChunks(spark, "encode", unfinished, items.size() - unfinished.size(), shape,
                new EncodePartition(model, shape.batch(), threads), out, OUTPUT);
    }

    /** One partition: batches of images through this JVM's encoder. */
    static final class EncodePartition implements MapPartitionsFunction<Row, Row> {
        private static final long serialVersionUID = 1L;
        private final String model;
        private final int batch;
        private final int threads;

        EncodePartition(String model, int batch, int threads) {
            this.model = model;
            this.batch = Math.max(1, batch);
            this.threads = threads;
        }

        @Override
        public Iterator<Row> call(Iterator<Row> rows) throws InvalidModelException {
            OnnxAlphaClipEncoder encoder = ExecutorEncoders.encoder(model, threads);
            String name = encoder.model().name();
            List<Row> out = new ArrayList<>();
            ImageBatches.encode(rows, encoder, batch, (item, embedding, error) -> out.add(RowFactory.create(
                    item.getString(0), item.getString(1), name, embedding == null ? null : ImageBatches.boxed(embedding),
                    error)));
            return out.iterator();
        }
    }
}
