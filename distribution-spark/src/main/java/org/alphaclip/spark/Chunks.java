package org.alphaclip.spark;

import java.util.List;
import java.util.Locale;

import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/**
 * Runs a job's items as a sequence of Spark jobs, one per chunk: each chunk is committed (its output files, or its
 * records in the driver's journal) before the next starts, so a stopped run loses at most the chunk in flight, and a
 * lost executor only makes Spark run that chunk's tasks again elsewhere. Progress goes to the Spark UI (each chunk's
 * job description) and to the driver log, one line per chunk with the rate and the time left.
 */
final class Chunks {

    /** What is done with one chunk; it must be committed when this returns. */
    @FunctionalInterface
    interface Work {
        void run(Dataset<Row> chunk) throws Exception;
    }

    private Chunks() {
    }

    /**
     * Runs {@code work} over {@code items} (rows of {@code schema}) chunk by chunk.
     *
     * @param job the job's name, for the log and the UI
     * @param alreadyDone items finished by earlier runs, for the progress line
     * @param perSlot default items per chunk for each slot of the cluster
     */
    static void run(SparkSession spark, String job, List<Row> items, StructType schema, JobShape shape, long alreadyDone,
            int perSlot, Work work) throws Exception {
        JavaSparkContext context = JavaSparkContext.fromSparkContext(spark.sparkContext());
        int parallelism = context.defaultParallelism();
        int chunk = shape.chunkFor(parallelism, perSlot);
        int chunks = (items.size() + chunk - 1) / chunk;
        long total = alreadyDone + items.size();
        System.err.printf(Locale.ROOT, "[%s] %d items, %d done before, %d to do in %d chunks of up to %d%n", job, total,
                alreadyDone, items.size(), chunks, chunk);
        long start = System.nanoTime();
        long afterFirst = 0;
        for (int c = 0; c < chunks; c++) {
            List<Row> part = items.subList(c * chunk, Math.min(items.size(), (c + 1) * chunk));
            context.setJobDescription(String.format(Locale.ROOT, "%s: chunk %d/%d (%d items)", job, c + 1, chunks,
                    part.size()));
            work.run(spark.createDataFrame(context.parallelize(part, shape.partitionsFor(part.size(), parallelism)),
                    schema));
            long done = (long) c * chunk + part.size();
            long now = System.nanoTime();
            double rate = done / Math.max((now - start) / 1e9, 1e-9);
            String steady = "";
            if (c == 0) {
                afterFirst = now;
            } else {
                double steadyRate = (done - chunk) / Math.max((now - afterFirst) / 1e9, 1e-9);
                steady = String.format(Locale.ROOT, " (%.2f after the first chunk)", steadyRate);
                rate = steadyRate;
            }
            System.err.printf(Locale.ROOT, "[%s] %d/%d items (%.1f%%), %.2f items/s%s, about %s left%n", job,
                    alreadyDone + done, total, 100.0 * (alreadyDone + done) / total,
                    done / Math.max((now - start) / 1e9, 1e-9), steady, duration((items.size() - done) / rate));
        }
        context.setJobDescription(null);
    }

    private static String duration(double seconds) {
        long s = Math.round(seconds);
        return s >= 3600 ? String.format(Locale.ROOT, "%dh%02dm", s / 3600, s / 60 % 60)
                : String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
    }
}
