package org.alphaclip.bench;

import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import org.alphaclip.api.tensor.FloatTensor;
import org.alphaclip.core.internal.session.BenchSessions;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.OrtSession.SessionOptions;
import ai.onnxruntime.OrtSession.SessionOptions.ExecutionMode;
import ai.onnxruntime.OrtSession.SessionOptions.OptLevel;

/**
 * Measurements on ONNX Runtime sessions created here rather than by the session layer: the fp32
 * matrix-multiply rate of one MatMul graph, and the image graph's throughput under session options the
 * session layer does not set. The baseline options are the session layer's: optimisation level ALL,
 * sequential execution, CPU arena on, intra-op spinning at ONNX Runtime's default (on).
 *
 * <pre>{@code
 * double gflops = DirectOrt.matMulGflops(work, 2048, 2, 10);
 * List<DirectOrt.VariantResult> rows = DirectOrt.sweep(visualOnnx, inputs, 2, new int[] {1, 8}, 5, work);
 * }</pre>
 */
final class DirectOrt {

    /** The image graph's output every run asks for. */
    static final Set<String> EMBEDDING = Set.of("image_embedding");

    /**
     * One session option setting and its throughput.
     *
     * @param variant what differs from the baseline
     * @param loadSeconds how long creating the session took
     * @param imagesPerSecond by batch size
     */
    record VariantResult(String variant, double loadSeconds, Map<Integer, Double> imagesPerSecond) {
    }

    /** Changes baseline options into one variant's. */
    @FunctionalInterface
    private interface Tweak {
        void apply(SessionOptions options) throws OrtException;
    }

    private DirectOrt() {
    }

    /**
     * GFLOP/s (2 per multiply-add) of {@code y = x · w} with {@code x, w} both {@code size x size} float32,
     * median of {@code runs} runs.
     */
    static double matMulGflops(Path work, int size, int threads, int runs) throws Exception {
        Path graph = work.resolve("matmul" + size + ".onnx");
        BenchSessions.writeMatMul(graph, size);
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        float[] x = new float[size * size];
        Random random = new Random(7);
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) random.nextGaussian();
        }
        try (SessionOptions options = baseline(threads);
                OrtSession session = env.createSession(graph.toString(), options);
                OnnxTensor input = OnnxTensor.createTensor(env, FloatBuffer.wrap(x), new long[] {size, size})) {
            Map<String, OnnxTensor> feeds = Map.of("x", input);
            double seconds = Timing.medianSeconds(() -> session.run(feeds).close(), 2, runs);
            return 2.0 * size * size * size / seconds / 1e9;
        } finally {
            Files.delete(graph);
        }
    }

    /**
     * The image graph's throughput at each batch size for the baseline options and each variant, with
     * {@code threads} intra-op threads. The optimised-model variant first saves the graph as optimised at
     * level ALL into {@code work}, then loads that file without further optimisation.
     */
    static List<VariantResult> sweep(Path visualOnnx, BenchInputs inputs, int threads, int[] batches, int runs,
            Path work) throws Exception {
        Path optimized = work.resolve("visual.optimized.onnx");
        Map<String, Tweak> variants = new LinkedHashMap<>();
        variants.put("baseline (session layer's options)", options -> { });
        variants.put("session.intra_op.allow_spinning=0",
                options -> options.addConfigEntry("session.intra_op.allow_spinning", "0"));
        variants.put("execution mode PARALLEL (inter-op threads " + threads + ")", options -> {
            options.setExecutionMode(ExecutionMode.PARALLEL);
            options.setInterOpNumThreads(threads);
        });
        variants.put("optimisation level EXTENDED", options -> options.setOptimizationLevel(OptLevel.EXTENDED_OPT));
        variants.put("optimisation level BASIC", options -> options.setOptimizationLevel(OptLevel.BASIC_OPT));
        variants.put("CPU arena off", options -> options.setCPUArenaAllocator(false));
        variants.put("session.set_denormal_as_zero=1",
                options -> options.addConfigEntry("session.set_denormal_as_zero", "1"));
        List<VariantResult> results = new ArrayList<>();
        for (Map.Entry<String, Tweak> variant : variants.entrySet()) {
            results.add(measure(variant.getKey(), visualOnnx, inputs, threads, batches, runs, variant.getValue()));
        }
        try {
            results.add(measure("write optimised model file (level ALL)", visualOnnx, inputs, threads, batches, runs,
                    options -> options.setOptimizedModelFilePath(optimized.toString())));
            results.add(measure("load optimised model file, level NONE", optimized, inputs, threads, batches, runs,
                    options -> options.setOptimizationLevel(OptLevel.NO_OPT)));
        } finally {
            Files.deleteIfExists(optimized);
        }
        return results;
    }

    private static VariantResult measure(String name, Path model, BenchInputs inputs, int threads, int[] batches,
            int runs, Tweak tweak) throws Exception {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (SessionOptions options = baseline(threads)) {
            tweak.apply(options);
            OrtSession[] session = new OrtSession[1];
            double load = Timing.seconds(() -> session[0] = env.createSession(model.toString(), options));
            try (OrtSession open = session[0]) {
                Map<Integer, Double> rates = new LinkedHashMap<>();
                for (int batch : batches) {
                    rates.put(batch, batch / medianRunSeconds(env, open, inputs, batch, runs));
                }
                return new VariantResult(name, load, rates);
            }
        }
    }

    /** Median seconds of one run of the image graph on the first {@code batch} inputs. */
    private static double medianRunSeconds(OrtEnvironment env, OrtSession session, BenchInputs inputs, int batch, int runs)
            throws Exception {
        Map<String, OnnxTensor> feeds = new HashMap<>();
        try {
            feeds.put("image", tensor(env, inputs.image(batch)));
            feeds.put("alpha", tensor(env, inputs.alpha(batch)));
            return Timing.medianSeconds(() -> session.run(feeds, EMBEDDING).close(), Timing.warmup(batch), runs);
        } finally {
            feeds.values().forEach(OnnxTensor::close);
        }
    }

    private static OnnxTensor tensor(OrtEnvironment env, FloatTensor tensor) throws OrtException {
        return OnnxTensor.createTensor(env, FloatBuffer.wrap(tensor.data()), tensor.shape());
    }

    /** The options the session layer gives a CPU session with {@code threads} intra-op threads. */
    private static SessionOptions baseline(int threads) throws OrtException {
        SessionOptions options = new SessionOptions();
        try {
            options.setOptimizationLevel(OptLevel.ALL_OPT);
            options.setIntraOpNumThreads(threads);
            options.setCPUArenaAllocator(true);
            return options;
        } catch (OrtException e) {
            options.close();
            throw e;
        }
    }
}
