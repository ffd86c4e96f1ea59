package org.alphaclip.spark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import org.alphaclip.api.EncodeOptions;
import org.alphaclip.api.EncoderException;
import org.alphaclip.api.RegionImage;
import org.alphaclip.api.image.InvalidImageException;
import org.alphaclip.api.model.InvalidModelException;
import org.alphaclip.api.region.Region;
import org.alphaclip.core.internal.encoder.OnnxAlphaClipEncoder;
import org.alphaclip.core.internal.image.ImageFileReader;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
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

    /** The input rows: path and region. */
    static final StructType INPUT = new StructType().add("path", DataTypes.StringType, false)
            .add("region", DataTypes.StringType, false);

    /** The output rows. */
    static final StructType OUTPUT = INPUT.add("model", DataTypes.StringType, true)
            .add("vector", DataTypes.createArrayType(DataTypes.FloatType, false), true)
            .add("error", DataTypes.StringType, true);

    private EncodeJob() {
    }

    /** Runs the job on the session the command line describes ({@code spark-submit} sets the master). */
    public static void main(String[] args) throws Exception {
        JobArguments arguments = JobArguments.parse(args, List.of("--images", "--model", "--out"),
                List.of("--batch", "--partitions", "--master"), List.of("--resume"));
        SparkSession.Builder builder = SparkSession.builder().appName("alphaclip encode");
        if (arguments.has("--master")) {
            builder.master(arguments.value("--master"));
        }
        try (SparkSession spark = builder.getOrCreate()) {
            long written = run(spark, Path.of(arguments.value("--images")), arguments.value("--model"),
                    arguments.value("--out"), arguments.has("--resume"), arguments.number("--batch", 16),
                    arguments.number("--partitions", 0));
            System.out.println("encode: " + written + " items written to " + arguments.value("--out"));
        }
    }

    /**
     * Encodes every item of {@code images} not yet in {@code out}.
     *
     * @return the number of items written by this run
     * @throws IllegalStateException when {@code out} holds output and {@code resume} is false
     */
    public static long run(SparkSession spark, Path images, String model, String out, boolean resume, int batch,
            int partitions) throws IOException {
        List<Row> items = new ArrayList<>();
        for (String line : Files.readAllLines(images)) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] parts = line.split("\t", 2);
            items.add(RowFactory.create(parts[0].strip(), parts.length > 1 ? parts[1].strip() : ""));
        }
        Dataset<Row> input = spark.createDataFrame(items, INPUT);
        input = input.repartition(partitions > 0 ? partitions : spark.sparkContext().defaultParallelism());
        Path outPath = Path.of(out);
        if (Files.isDirectory(outPath) && hasOutput(outPath)) {
            if (!resume) {
                throw new IllegalStateException("The output " + out + " already holds embeddings: give --resume to"
                        + " finish that job, or another --out");
            }
            Dataset<Row> done = spark.read().schema(OUTPUT).parquet(out).select("path", "region");
            input = input.join(done, input.col("path").equalTo(done.col("path"))
                    .and(input.col("region").equalTo(done.col("region"))), "left_anti");
        }
        int threads = Integer.parseInt(spark.conf().get("spark.executor.cores", "1"));
        Dataset<Row> encoded = input.mapPartitions(new EncodePartition(model, batch, threads), Encoders.row(OUTPUT));
        long before = count(spark, outPath);
        encoded.write().mode(SaveMode.Append).parquet(out);
        return count(spark, outPath) - before;
    }

    private static boolean hasOutput(Path folder) throws IOException {
        try (var files = Files.list(folder)) {
            return files.anyMatch(p -> p.getFileName().toString().endsWith(".parquet"));
        }
    }

    private static long count(SparkSession spark, Path out) throws IOException {
        return Files.isDirectory(out) && hasOutput(out) ? spark.read().schema(OUTPUT).parquet(out.toString()).count()
                : 0;
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
            ImageFileReader reader = new ImageFileReader(100_000_000L);
            String name = encoder.model().name();
            List<Row> out = new ArrayList<>();
            List<Row> pending = new ArrayList<>();
            List<RegionImage> inputs = new ArrayList<>();
            while (rows.hasNext()) {
                Row row = rows.next();
                try {
                    inputs.add(new RegionImage(reader.readImage(Path.of(row.getString(0))), region(row.getString(1))));
                    pending.add(row);
                } catch (InvalidImageException | IllegalArgumentException e) {
                    out.add(RowFactory.create(row.getString(0), row.getString(1), name, null, e.getMessage()));
                }
                if (inputs.size() == batch || !rows.hasNext() && !inputs.isEmpty()) {
                    encode(encoder, name, pending, inputs, out);
                }
            }
            if (!inputs.isEmpty()) {
                encode(encoder, name, pending, inputs, out);
            }
            return out.iterator();
        }

        private static void encode(OnnxAlphaClipEncoder encoder, String name, List<Row> pending,
                List<RegionImage> inputs, List<Row> out) {
            try {
                var encoding = encoder.encodeImages(inputs, EncodeOptions.DEFAULT);
                for (int i = 0; i < pending.size(); i++) {
                    out.add(RowFactory.create(pending.get(i).getString(0), pending.get(i).getString(1), name,
                            box(encoding.embedding(i)), null));
                }
            } catch (EncoderException e) {
                for (Row row : pending) {
                    out.add(RowFactory.create(row.getString(0), row.getString(1), name, null, e.getMessage()));
                }
            }
            pending.clear();
            inputs.clear();
        }

        private static Float[] box(float[] values) {
            Float[] boxed = new Float[values.length];
            for (int i = 0; i < values.length; i++) {
                boxed[i] = values[i];
            }
            return boxed;
        }

        /** An empty region is the whole image; else a box {@code x0,y0,x1,y1}. */
        static Region region(String text) {
            if (text.isEmpty()) {
                return new Region.Whole();
            }
            String[] parts = text.split(",");
            if (parts.length != 4) {
                throw new IllegalArgumentException("A region is a box x0,y0,x1,y1, got '" + text + "'");
            }
            return new Region.Box(Double.parseDouble(parts[0]), Double.parseDouble(parts[1]),
                    Double.parseDouble(parts[2]), Double.parseDouble(parts[3]));
        }
    }
}
