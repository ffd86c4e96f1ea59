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
        for (int i = 0; i < warmup; i++) {
            workload.run();
        }
        double[] seconds = new double[runs];
        for (int i = 0; i < runs; i++) {
            long start = System.nanoTime();
            workload.run();
            seconds[i] = (System.nanoTime() - start) / 1e9;
        }
        Arrays.sort(seconds);
        return runs % 2 == 1 ? seconds[runs / 2] : (seconds[runs / 2 - 1] + seconds[runs / 2]) / 2;
    }

    /** Seconds one call takes. */
    static double seconds(Workload workload) throws Exception {
        long start = System.nanoTime();
        workload.run();
        return (System.nanoTime() - start) / 1e9;
    }

    /** Warm-up runs for a batch: two for single images, one for batches, whose runs are long enough. */
    static int warmup(int batch) {
        return batch == 1 ? 2 : 1;
    }
}
