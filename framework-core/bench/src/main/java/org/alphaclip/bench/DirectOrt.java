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
import org.alphaclip.core.internal.session.BenchGraphs;

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
    private static final Set<String> EMBEDDING = Set.of("image_embedding");

    private static final long PAUSE_MILLIS = 20;
    private static final int BATCH_PAIRS = 3;

    /**
     * One session option setting and its throughput.
     *
     * @param variant what differs from the baseline
     * @param loadSeconds how long creating the session took
     * @param imagesPerSecond by batch size
     * @param vsBaseline by batch size: the median over alternating runs of baseline time over variant time
     */
    record VariantResult(String variant, double loadSeconds, Map<Integer, Double> imagesPerSecond,
            Map<Integer, Double> vsBaseline) {
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
        BenchGraphs.writeMatMul(graph, size);
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
     * {@code threads} intra-op threads. The baseline session stays open and its runs alternate with each
     * variant's, so a change in the machine's background load hits both sides of a ratio alike. The
     * optimised-model variant loads, without further optimisation, the graph as a session with the baseline
     * options saved it into {@code work} (optimised at level ALL).
     */
    static List<VariantResult> sweep(Path visualOnnx, BenchInputs inputs, int threads, int[] batches, int runs,
            Path work) throws Exception {
        Path optimized = work.resolve("visual.optimized.onnx");
        Map<String, Tweak> variants = new LinkedHashMap<>();
        variants.put("session.intra_op.allow_spinning=0",
                options -> options.addConfigEntry("session.intra_op.allow_spinning", "0"));
        variants.put("execution mode PARALLEL (inter-op threads " + threads + ")", options -> {
            options.setExecutionMode(ExecutionMode.PARALLEL);
            options.setInterOpNumThreads(threads);
        });
        variants.put("optimisation level EXTENDED", options -> options.setOptimizationLevel(OptLevel.EXTENDED_OPT));
        variants.put("optimisation level BASIC", options -> options.setOptimizationLevel(OptLevel.BASIC_OPT));
        variants.put("CPU arena off", options -> options.setCPUArenaAllocator(false));
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        Map<Integer, Map<String, OnnxTensor>> feeds = new LinkedHashMap<>();
        List<VariantResult> results = new ArrayList<>();
        try (SessionOptions options = baseline(threads)) {
            for (int batch : batches) {
                feeds.put(batch, new HashMap<>());
                feeds.get(batch).put("image", tensor(env, inputs.image(batch)));
                feeds.get(batch).put("alpha", tensor(env, inputs.alpha(batch)));
            }
            OrtSession[] created = new OrtSession[1];
            double load = Timing.seconds(() -> created[0] = env.createSession(visualOnnx.toString(), options));
            try (OrtSession baseline = created[0]) {
                Map<Integer, List<Double>> baselineSeconds = new LinkedHashMap<>();
                for (Map.Entry<String, Tweak> variant : variants.entrySet()) {
                    results.add(compare(variant.getKey(), visualOnnx, variant.getValue(), baseline, feeds, threads,
                            runs, baselineSeconds));
                }
                try (SessionOptions saving = baseline(threads)) {
                    saving.setOptimizedModelFilePath(optimized.toString());
                    env.createSession(visualOnnx.toString(), saving).close();
                }
                results.add(compare("optimised model file, loaded at level NONE", optimized,
                        o -> o.setOptimizationLevel(OptLevel.NO_OPT), baseline, feeds, threads, runs,
                        baselineSeconds));
                Map<Integer, Double> rates = new LinkedHashMap<>();
                Map<Integer, Double> ratios = new LinkedHashMap<>();
                baselineSeconds.forEach((batch, seconds) -> {
                    double[] all = seconds.stream().mapToDouble(Double::doubleValue).toArray();
                    rates.put(batch, batch / Timing.median(all));
                    ratios.put(batch, 1.0);
                });
                results.add(0, new VariantResult("baseline (the session layer's options)", load, rates, ratios));
            }
        } finally {
            feeds.values().forEach(batchFeeds -> batchFeeds.values().forEach(OnnxTensor::close));
            Files.deleteIfExists(optimized);
        }
        return results;
    }

    /**
     * Runs the baseline and the variant alternately after a warm-up, {@code runs} times each at batch 1 and
     * {@value #BATCH_PAIRS} times at larger batches (whose runs are long and whose pairs vary less), with a
     * short pause before each run so that neither starts while the other's threads still spin; adds the
     * baseline's times to {@code baselineSeconds} by batch size.
     */
    private static VariantResult compare(String name, Path model, Tweak tweak, OrtSession baseline,
            Map<Integer, Map<String, OnnxTensor>> feeds, int threads, int runs,
            Map<Integer, List<Double>> baselineSeconds) throws Exception {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (SessionOptions options = baseline(threads)) {
            tweak.apply(options);
            OrtSession[] created = new OrtSession[1];
            double load = Timing.seconds(() -> created[0] = env.createSession(model.toString(), options));
            try (OrtSession variant = created[0]) {
                Map<Integer, Double> rates = new LinkedHashMap<>();
                Map<Integer, Double> ratios = new LinkedHashMap<>();
                for (Map.Entry<Integer, Map<String, OnnxTensor>> batchFeeds : feeds.entrySet()) {
                    int batch = batchFeeds.getKey();
                    Timing.Workload ours = () -> variant.run(batchFeeds.getValue(), EMBEDDING).close();
                    Timing.Workload theirs = () -> baseline.run(batchFeeds.getValue(), EMBEDDING).close();
                    Timing.repeat(ours, Timing.warmup(batch));
                    Timing.repeat(theirs, Timing.warmup(batch));
                    int pairs = batch == 1 ? runs : Math.min(runs, BATCH_PAIRS);
                    double[] variantSeconds = new double[pairs];
                    double[] ratio = new double[pairs];
                    for (int i = 0; i < pairs; i++) {
                        Thread.sleep(PAUSE_MILLIS);
                        double reference = Timing.seconds(theirs);
                        Thread.sleep(PAUSE_MILLIS);
                        variantSeconds[i] = Timing.seconds(ours);
                        ratio[i] = reference / variantSeconds[i];
                        baselineSeconds.computeIfAbsent(batch, b -> new ArrayList<>()).add(reference);
                    }
                    rates.put(batch, batch / Timing.median(variantSeconds));
                    ratios.put(batch, Timing.median(ratio));
                }
                return new VariantResult(name, load, rates, ratios);
            }
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
