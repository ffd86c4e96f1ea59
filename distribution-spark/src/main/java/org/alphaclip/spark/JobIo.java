package org.alphaclip.spark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The input and output side every image job shares: the image list as rows, the items an earlier run of the same job
 * already wrote (left out with {@code --resume}, refused without it), and the appending Parquet writer.
 */
final class JobIo {

    /** The input rows: path and region. */
    static final StructType INPUT = new StructType().add("path", DataTypes.StringType, false)
            .add("region", DataTypes.StringType, false);

    private JobIo() {
    }

    /** One row per line of {@code list} (a path, optionally a tab and a box), spread over {@code partitions}. */
    static Dataset<Row> items(SparkSession spark, Path list, int partitions) throws IOException {
        List<Row> items = new ArrayList<>();
        for (String line : Files.readAllLines(list)) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] parts = line.split("\t", 2);
            items.add(RowFactory.create(parts[0].strip(), parts.length > 1 ? parts[1].strip() : ""));
        }
        return spark.createDataFrame(items, INPUT)
                .repartition(partitions > 0 ? partitions : spark.sparkContext().defaultParallelism());
    }

    /**
     * The items not yet in {@code out}.
     *
     * @throws IllegalStateException when {@code out} holds output and {@code resume} is false
     */
    static Dataset<Row> unfinished(SparkSession spark, Dataset<Row> items, String out, StructType schema,
            boolean resume) throws IOException {
        if (!hasOutput(Path.of(out))) {
            return items;
        }
        if (!resume) {
            throw new IllegalStateException("The output " + out + " already holds results: give --resume to finish"
                    + " that job, or another --out");
        }
        Dataset<Row> done = spark.read().schema(schema).parquet(out).select("path", "region");
        return items.join(done, items.col("path").equalTo(done.col("path"))
                .and(items.col("region").equalTo(done.col("region"))), "left_anti");
    }

    /** Appends {@code rows} to {@code out}; returns how many rows this call wrote. */
    static long append(SparkSession spark, Dataset<Row> rows, String out, StructType schema) throws IOException {
        long before = count(spark, out, schema);
        rows.write().mode(SaveMode.Append).parquet(out);
        return count(spark, out, schema) - before;
    }

    private static long count(SparkSession spark, String out, StructType schema) throws IOException {
        return hasOutput(Path.of(out)) ? spark.read().schema(schema).parquet(out).count() : 0;
    }

    private static boolean hasOutput(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            return false;
        }
        try (var files = Files.list(folder)) {
            return files.anyMatch(p -> p.getFileName().toString().endsWith(".parquet"));
        }
    }
}
