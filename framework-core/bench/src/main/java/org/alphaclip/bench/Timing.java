package org.alphaclip.bench;

import java.util.Arrays;

/**
 * Wall-clock timing of a repeated workload: warm-up runs, then timed runs; the median run stands for the
 * workload, so a run disturbed by other processes on the machine does not move the result.
 *
 * <pre>{@code
 * double seconds = Timing.medianSeconds(() -> session.run(inputs), 2, 5);
 * }</pre>
 */
final class Timing {

    /** One run of the workload. */
    @FunctionalInterface
    interface Workload {
        /** Runs the workload once. */
        void run() throws Exception;
    }

    private Timing() {
    }

    /** The median of {@code runs} timed runs after {@code warmup} untimed ones, in seconds. */
    static double medianSeconds(Workload workload, int warmup, int runs) throws Exception {
        repeat(workload, warmup);
        double[] seconds = new double[runs];
        for (int i = 0; i < runs; i++) {
            seconds[i] = seconds(workload);
        }
        return median(seconds);
    }

    /** Runs the workload {@code times} times, untimed. */
    static void repeat(Workload workload, int times) throws Exception {
        for (int i = 0; i < times; i++) {
            workload.run();
        }
    }

    /** Seconds one call takes. */
    static double seconds(Workload workload) throws Exception {
        long start = System.nanoTime();
        workload.run();
        return (System.nanoTime() - start) / 1e9;
    }

    /** The median of at least one value. */
    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    /** Warm-up runs for a batch: two for single images, one for batches, whose runs are long enough. */
    static int warmup(int batch) {
        return batch == 1 ? 2 : 1;
    }
}
