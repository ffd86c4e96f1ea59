package org.alphaclip.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.alphaclip.api.EncodeOptions;
import org.alphaclip.api.model.ModelInfo;
import org.alphaclip.api.session.SessionHandle;
import org.alphaclip.api.session.SessionOptions;
import org.alphaclip.api.tensor.FloatTensor;
import org.alphaclip.api.tensor.Tensor;
import org.alphaclip.core.internal.encoder.OnnxAlphaClipEncoder;
import org.alphaclip.core.internal.model.ModelPackage;
import org.alphaclip.core.internal.model.ModelPackageReader;
import org.alphaclip.core.internal.session.StandaloneSessions;
import org.alphaclip.sdk.io.Npy;

import ai.onnxruntime.OrtEnvironment;

/**
 * Image-encoding throughput of a model package on ONNX Runtime (CPU) at each thread count and batch
 * size, both as a raw session run ({@code image} + {@code alpha} tensors to {@code image_embedding},
 * through the session layer) and through the encoder (preprocessing of 640 x 480 photos with box regions
 * included); then ONNX Runtime session options the session layer does not set; then the exporter's
 * PyTorch model on the same tensors (a Python script started here). Prints markdown tables with images/s,
 * the achieved FLOP rate (2 FLOPs per multiply-add, see {@link VitFlops}) against ONNX Runtime's own
 * fp32 rate on one 2048 x 2048 MatMul at the same thread count, and the ratio to PyTorch's best thread
 * setting. Progress goes to stderr, results to stdout.
 *
 * <pre>
 * java -cp &lt;bench class path&gt; org.alphaclip.bench.EncoderBench --package DIR --work DIR
 *     --torch-bench tools/bench/torch_encode_bench.py [--python /usr/bin/python3.11]
 *     [--threads 1,2] [--batches 1,8] [--runs 5] [--seed 0]
 * </pre>
 * {@code tools/bench/run-encoder-bench.sh} builds the package and this module and runs it.
 */
public final class EncoderBench {

    private static final int MATMUL_SIZE = 2048;
    private static final int MATMUL_RUNS = 10;
    private static final Set<String> OPTIONS = Set.of("--package", "--work", "--torch-bench", "--python", "--threads",
            "--batches", "--runs", "--seed");
    private static final String USAGE = "usage: EncoderBench --package DIR --work DIR --torch-bench SCRIPT "
            + "[--python EXE] [--threads 1,2] [--batches 1,8] [--runs 5] [--seed 0]";

    /** One measured setting of the main table. */
    private record Row(String setting, int threads, int batch, double imagesPerSecond) {
    }

    private final ModelPackage modelPackage;
    private final ModelInfo model;
    private final Path work;
    private final int[] threads;
    private final int[] batches;
    private final int runs;
    private final double flopsPerImage;
    private final Map<Integer, Double> matMulGflops = new TreeMap<>();
    private final List<Row> rows = new ArrayList<>();

    private EncoderBench(ModelPackage modelPackage, Path work, int[] threads, int[] batches, int runs) {
        this.modelPackage = modelPackage;
        this.model = modelPackage.info();
        this.work = work;
        this.threads = threads;
        this.batches = batches;
        this.runs = runs;
        this.flopsPerImage = VitFlops.flops(model);
    }

    /** Runs the benchmark; see the class comment for the arguments. */
    public static void main(String[] args) throws Exception {
        Map<String, String> options = options(args);
        Path packageFolder = Path.of(required(options, "--package"));
        Path torchBench = Path.of(required(options, "--torch-bench"));
        Path work = Files.createDirectories(Path.of(required(options, "--work")));
        int cores = Runtime.getRuntime().availableProcessors();
        int[] threads = ints(options.getOrDefault("--threads", cores > 1 ? "1," + cores : "1"));
        int[] batches = ints(options.getOrDefault("--batches", "1,8"));
        int runs = Integer.parseInt(options.getOrDefault("--runs", "5"));
        long seed = Long.parseLong(options.getOrDefault("--seed", "0"));
        progress("reading and verifying " + packageFolder);
        ModelPackage modelPackage = ModelPackageReader.read(packageFolder);
        EncoderBench bench = new EncoderBench(modelPackage, work, threads, batches, runs);
        String loadBefore = loadAverage();

        BenchInputs inputs = BenchInputs.create(bench.model, batches[batches.length - 1], seed);
        Path image = work.resolve("image.npy");
        Path alpha = work.resolve("alpha.npy");
        Path reference = work.resolve("image_embedding.npy");
        Npy.write(image, inputs.image());
        Npy.write(alpha, inputs.alpha());
        double preprocessing = BenchInputs.preprocessingMillisPerImage(bench.model, inputs.regionImages(), runs);
        for (int count : threads) {
            bench.measureOnnxRuntime(inputs, count, reference);
        }
        int sweepThreads = threads[threads.length - 1];
        progress("ONNX Runtime session options, " + sweepThreads + " threads");
        List<DirectOrt.VariantResult> variants = DirectOrt.sweep(modelPackage.visualGraph(), inputs, sweepThreads,
                batches, runs, work);
        progress("PyTorch eager (" + torchBench + ")");
        TorchBench torch = TorchBench.run(Path.of(options.getOrDefault("--python", "/usr/bin/python3.11")),
                torchBench, image, alpha, reference, seed, threads, batches, runs);
        torch.imagesPerSecond().forEach((count, byBatch) -> byBatch.forEach(
                (batch, rate) -> bench.rows.add(new Row("PyTorch eager (exporter's model)", count, batch, rate))));

        bench.print(torch, variants, sweepThreads, preprocessing, loadBefore, loadAverage());
    }

    /** MatMul rate, session runs and encoder runs at one thread count; writes the reference embedding. */
    private void measureOnnxRuntime(BenchInputs inputs, int count, Path reference) throws Exception {
        progress("ONNX Runtime MatMul " + MATMUL_SIZE + " x " + MATMUL_SIZE + ", " + count + " threads");
        matMulGflops.put(count, DirectOrt.matMulGflops(work, MATMUL_SIZE, count, MATMUL_RUNS));
        progress("ONNX Runtime image graph, " + count + " threads");
        Set<String> embedding = Set.of(ModelPackage.IMAGE_EMBEDDING);
        try (StandaloneSessions sessions = StandaloneSessions.cpu(count);
                SessionHandle visual = sessions.acquire(modelPackage.visualGraph(), SessionOptions.DEFAULT);
                OnnxAlphaClipEncoder encoder = new OnnxAlphaClipEncoder(modelPackage, sessions)) {
            for (int batch : batches) {
                Map<String, Tensor> feeds = Map.of("image", inputs.image(batch), "alpha", inputs.alpha(batch));
                double seconds = Timing.medianSeconds(() -> visual.run(feeds, embedding), Timing.warmup(batch), runs);
                rows.add(new Row("ORT session (image+alpha -> embedding)", count, batch, batch / seconds));
                if (count == threads[threads.length - 1] && batch == batches[batches.length - 1]) {
                    Map<String, Tensor> result = visual.run(feeds, embedding);
                    Npy.write(reference, (FloatTensor) result.get(ModelPackage.IMAGE_EMBEDDING));
                }
            }
            progress("encoder (preprocessing + session), " + count + " threads");
            for (int batch : batches) {
                double seconds = Timing.medianSeconds(
                        () -> encoder.encodeImages(inputs.regionImages(batch), EncodeOptions.DEFAULT),
                        Timing.warmup(batch), runs);
                rows.add(new Row("encoder (preprocessing + session)", count, batch, batch / seconds));
            }
        }
    }

    private void print(TorchBench torch, List<DirectOrt.VariantResult> variants, int sweepThreads,
            double preprocessing, String loadBefore, String loadAfter) {
        ModelInfo.VisionTower vision = model.vision();
        System.out.printf(Locale.ROOT, "%n## Encoder throughput: %s%n%n", model.name());
        System.out.printf(Locale.ROOT, "Vision tower %d px, patch %d, width %d, %d layers, embedding %d: %.2f G "
                + "multiply-adds = %.2f GFLOP per image (2 FLOPs per multiply-add).%n", vision.resolution(),
                vision.patchSize(), vision.width(), vision.layers(), model.embedDim(),
                VitFlops.multiplyAdds(model) / 1e9, flopsPerImage / 1e9);
        System.out.printf(Locale.ROOT, "%s, %d CPUs; ONNX Runtime %s; PyTorch %s (BLAS: %s); median of up to %d "
                + "runs; load average before %s, after %s.%n%n", cpuModel(), Runtime.getRuntime().availableProcessors(),
                OrtEnvironment.getEnvironment().getVersion(), torch.version(), torch.blas(), runs, loadBefore,
                loadAfter);
        System.out.println("| setting | threads | batch | images/s | ms/image | GFLOP/s | % of MatMul rate "
                + "| vs PyTorch |");
        System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|");
        for (Row row : rows) {
            double gflops = row.imagesPerSecond() * flopsPerImage / 1e9;
            System.out.printf(Locale.ROOT, "| %s | %d | %d | %.2f | %.0f | %.1f | %.0f%% | %.2fx |%n", row.setting(),
                    row.threads(), row.batch(), row.imagesPerSecond(), 1000 / row.imagesPerSecond(), gflops,
                    100 * gflops / matMulGflops.get(row.threads()),
                    row.imagesPerSecond() / torch.best(row.batch()).getValue());
        }
        matMulGflops.forEach((count, gflops) -> System.out.printf(Locale.ROOT,
                "| ORT MatMul %1$dx%1$d · %1$dx%1$d (fp32) | %2$d | - | - | - | %3$.1f | 100%% | - |%n",
                MATMUL_SIZE, count, gflops));

        System.out.println();
        for (int batch : batches) {
            Map.Entry<Integer, Double> best = torch.best(batch);
            Row ort = rows.stream().filter(r -> r.setting().startsWith("ORT") && r.batch() == batch)
                    .max((a, b) -> Double.compare(a.imagesPerSecond(), b.imagesPerSecond())).orElseThrow();
            double gflops = ort.imagesPerSecond() * flopsPerImage / 1e9;
            System.out.printf(Locale.ROOT, "- batch %d: best ORT session %.2f images/s (threads: %d), %.0f%% of the "
                    + "MatMul rate (goal 85%%); PyTorch eager at its best %.2f images/s (threads: %d); ratio %.2fx "
                    + "(goal 1.5x)%n", batch, ort.imagesPerSecond(), ort.threads(),
                    100 * gflops / matMulGflops.get(ort.threads()), best.getValue(), best.getKey(),
                    ort.imagesPerSecond() / best.getValue());
        }
        System.out.printf(Locale.ROOT, "- vs PyTorch = images/s over PyTorch's best thread setting at that batch "
                + "(PyTorch runs larger batches only with its best thread count at batch %d); %% of MatMul rate = "
                + "GFLOP/s over the MatMul row of the same thread count.%n", batches[0]);
        System.out.printf(Locale.ROOT, "- preprocessing (resize %dx%d, crop, normalise, box region, alpha), "
                + "one thread: %.1f ms/image%n", BenchInputs.WIDTH, BenchInputs.HEIGHT, preprocessing);
        System.out.printf(Locale.ROOT, "- PyTorch vs ONNX Runtime embeddings of the same %d inputs: max|Δ| = %.2e "
                + "(max|ref| = %.3g)%n", batches[batches.length - 1], torch.maxAbsDiff(),
                torch.maxAbsReference());

        System.out.printf(Locale.ROOT, "%n### ONNX Runtime session options (image graph, %d threads)%n%n"
                + "vs baseline: median over alternating runs of baseline time / variant time.%n%n", sweepThreads);
        StringBuilder header = new StringBuilder("| options | session load s |");
        StringBuilder rule = new StringBuilder("|---|---:|");
        for (int batch : batches) {
            header.append(" images/s batch ").append(batch).append(" | vs baseline |");
            rule.append("---:|---:|");
        }
        System.out.println(header);
        System.out.println(rule);
        for (DirectOrt.VariantResult variant : variants) {
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "| %s | %.1f |", variant.variant(),
                    variant.loadSeconds()));
            for (int batch : batches) {
                line.append(String.format(Locale.ROOT, " %.2f | %.2fx |", variant.imagesPerSecond().get(batch),
                        variant.vsBaseline().get(batch)));
            }
            System.out.println(line);
        }
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i < args.length; i += 2) {
            if (!OPTIONS.contains(args[i]) || i + 1 >= args.length) {
                throw new IllegalArgumentException("Unexpected argument '" + args[i] + "'; " + USAGE);
            }
            options.put(args[i], args[i + 1]);
        }
        return options;
    }

    private static String required(Map<String, String> options, String name) {
        String value = options.get(name);
        if (value == null) {
            throw new IllegalArgumentException("Missing " + name + "; " + USAGE);
        }
        return value;
    }

    /** Distinct positive numbers from a comma-separated list, ascending. */
    private static int[] ints(String list) {
        int[] values = Arrays.stream(list.split(",")).mapToInt(Integer::parseInt).sorted().distinct().toArray();
        if (values.length == 0 || Arrays.stream(values).anyMatch(v -> v < 1)) {
            throw new IllegalArgumentException("Expected positive numbers separated by commas, got '" + list + "'");
        }
        return values;
    }

    private static void progress(String message) {
        System.err.println("[bench] " + message);
    }

    private static String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElse("unknown CPU");
        } catch (IOException e) {
            return "unknown CPU";
        }
    }

    /** The 1-minute load average, which shows how much else the machine was running. */
    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException e) {
            return "unknown";
        }
    }
}
