package org.alphaclip.spark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The input and output side the Parquet jobs share: the image list as rows, the items an earlier run of the same job
 * already wrote (left out with {@code --resume}, refused without it), and the writer that appends chunk by chunk.
 * A chunk's files become visible only when its Spark job commits, so the output never holds part of a chunk, and
 * the resume filter (by path and region) never lets an item be written twice.
 */
final class JobIo {

    /** The input rows: path and region. */
    static final StructType INPUT = new StructType().add("path", DataTypes.StringType, false)
            .add("region", DataTypes.StringType, false);

    private JobIo() {
    }

    /** One row per line of {@code list} (a path, optionally a tab and a box); duplicates are listed once. */
    static List<Row> items(Path list) throws IOException {
        if (!Files.isRegularFile(list)) {
            throw new IllegalArgumentException("The image list " + list + " does not exist");
        }
        List<Row> items = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (String line : Files.readAllLines(list)) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] parts = line.split("\t", 2);
            String path = parts[0].strip();
            String region = parts.length > 1 ? parts[1].strip() : "";
            if (seen.add(path + "\t" + region)) {
                items.add(RowFactory.create(path, region));
            }
        }
        return items;
    }

    /**
     * The items not yet in {@code out}.
     *
     * @throws IllegalStateException when {@code out} holds output and {@code resume} is false
     */
    static List<Row> unfinished(SparkSession spark, List<Row> items, String out, StructType schema, boolean resume)
            throws IOException {
        if (!hasOutput(Path.of(out))) {
            return items;
        }
        if (!resume) {
            throw new IllegalStateException("The output " + out + " already holds results: give --resume to finish"
                    + " that job, or another --out");
        }
        Set<String> done = new HashSet<>();
        for (Row row : spark.read().schema(schema).parquet(out).select("path", "region").collectAsList()) {
            done.add(row.getString(0) + "\t" + row.getString(1));
        }
        return items.stream().filter(r -> !done.contains(r.getString(0) + "\t" + r.getString(1))).toList();
    }

    /**
     * Runs {@code work} over the items chunk by chunk, appending each chunk's rows to {@code out}.
     *
     * @return the number of rows written
     */
    static long appendInChunks(SparkSession spark, String job, List<Row> items, long alreadyDone, JobShape shape,
            MapPartitionsFunction<Row, Row> work, String out, StructType schema) throws Exception {
        Chunks.run(spark, job, items, INPUT, shape, alreadyDone, 4 * shape.batch(), chunk -> chunk
                .mapPartitions(work, Encoders.row(schema)).write().mode(SaveMode.Append).parquet(out));
        return items.size();
    }

    /** What the output holds: its rows and distinct items, so a user sees at once that nothing is there twice. */
    static String describeOutput(SparkSession spark, String out, StructType schema) throws IOException {
        if (!hasOutput(Path.of(out))) {
            return out + " holds nothing";
        }
        var rows = spark.read().schema(schema).parquet(out);
        return String.format(java.util.Locale.ROOT, "%s holds %d rows for %d distinct items (%d with an error)", out,
                rows.count(), rows.select("path", "region").distinct().count(), rows.filter("error IS NOT NULL").count());
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
