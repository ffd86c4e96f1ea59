package org.alphaclip.spark;

/**
 * How a job's items are cut up: images per encoder call inside a partition, partitions per Spark job, and items per
 * Spark job (a chunk: the unit that is committed, so a stopped run loses at most the chunk in flight).
 *
 * @param batch images per encoder call, at least 1
 * @param partitions partitions per chunk (0: the cluster's default parallelism)
 * @param chunk items per chunk (0: the job's default for the cluster)
 */
record JobShape(int batch, int partitions, int chunk) {

    /** Checks the ranges. */
    JobShape {
        if (batch < 1) {
            throw new IllegalArgumentException("--batch must be at least 1, got " + batch);
        }
        if (partitions < 0) {
            throw new IllegalArgumentException("--partitions must be at least 0, got " + partitions);
        }
        if (chunk < 0) {
            throw new IllegalArgumentException("--chunk must be at least 0, got " + chunk);
        }
    }

    /** The options every job takes for its shape. */
    static final java.util.List<String> OPTIONS = java.util.List.of("--batch", "--partitions", "--chunk");

    /** The shape the command line gives, with the defaults for the others. */
    static JobShape of(JobArguments arguments) {
        return new JobShape(arguments.number("--batch", 16), arguments.number("--partitions", 0),
                arguments.number("--chunk", 0));
    }

    /** Partitions of a chunk of {@code items} items on a cluster of {@code parallelism} slots. */
    int partitionsFor(int items, int parallelism) {
        return Math.max(1, Math.min(items, partitions > 0 ? partitions : parallelism));
    }

    /** Items per chunk: the given size, or {@code perSlot} items for each of the cluster's slots. */
    int chunkFor(int parallelism, int perSlot) {
        return chunk > 0 ? chunk : Math.max(1, parallelism * perSlot);
    }
}
