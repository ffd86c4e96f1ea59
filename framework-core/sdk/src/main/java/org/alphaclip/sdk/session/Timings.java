package org.alphaclip.sdk.session;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

import org.alphaclip.api.model.InvalidModelException;
import org.alphaclip.api.session.InferenceSessions;
import org.alphaclip.api.session.SessionException;
import org.alphaclip.api.tensor.FloatTensor;

/**
 * What the task bundles' benchmark commands measure the same way: the median time of a piece of work after one
 * warm-up run, and ONNX Runtime's own float32 MatMul rate on the shared sessions (the FLOP floor a model's time is
 * compared with).
 */
public final class Timings {

    /** Work to time. */
    @FunctionalInterface
    public interface Work {
        /** Runs once. */
        void run() throws SessionException;
    }

    private Timings() {
    }

    /** The median milliseconds of {@code runs} runs after one warm-up run. */
    public static double medianMillis(int runs, Work work) throws SessionException {
        work.run();
        double[] ms = new double[runs];
        for (int i = 0; i < runs; i++) {
            long start = System.nanoTime();
            work.run();
            ms[i] = (System.nanoTime() - start) / 1e6;
        }
        Arrays.sort(ms);
        return runs % 2 == 1 ? ms[runs / 2] : (ms[runs / 2 - 1] + ms[runs / 2]) / 2;
    }

    /** ONNX Runtime's rate on a {@code size x size} by {@code size x size} float32 MatMul, GFLOP/s (median of runs). */
    public static double matMulGflops(InferenceSessions sessions, int size, int runs)
            throws IOException, InvalidModelException, SessionException {
        Path file = Files.createTempFile("alphaclip-matmul", ".onnx");
        try {
            OnnxGraphs.writeMatMul(file, size, size, 1);
            try (PackageGraph graph = PackageGraph.load(sessions, file)) {
                String input = graph.signature().inputs().keySet().iterator().next();
                String output = graph.signature().outputs().keySet().iterator().next();
                FloatTensor x = uniform(new long[] {size, size}, 5);
                double ms = medianMillis(runs, () -> graph.run(Map.of(input, x), Set.of(output)));
                return 2.0 * size * size * size / ms / 1e6;
            }
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /** A tensor of uniform values in [-1, 1) from a seed, for timing inputs. */
    public static FloatTensor uniform(long[] shape, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        float[] values = new float[(int) n];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) (random.nextDouble() * 2 - 1);
        }
        return new FloatTensor(shape, values);
    }
}
