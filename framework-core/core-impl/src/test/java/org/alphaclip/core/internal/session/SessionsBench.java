package org.alphaclip.core.internal.session;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import org.alphaclip.api.session.SessionHandle;
import org.alphaclip.api.session.SessionOptions;
import org.alphaclip.api.session.SessionStatus;
import org.alphaclip.api.tensor.Tensor;
import org.alphaclip.sdk.session.OnnxGraphs;
import org.alphaclip.sdk.testing.FixtureSets;

/**
 * A benchmark, not a test: 8 concurrent clients sending single images to the fixture visual model with
 * and without dynamic batching (images/s, p50/p99 latency), then the resident memory of one vs. three
 * consumers of one model, shared through the registry or as separate sessions (each case in its own JVM).
 *
 * <pre>
 * java -Dalphaclip.fixtures=&lt;fixture root&gt; -cp &lt;test classpath&gt; \
 *     org.alphaclip.core.internal.session.SessionsBench [seconds per configuration]
 * </pre>
 */
public final class SessionsBench {

    private static final int CLIENTS = 8;
    private static final Set<String> EMBEDDING = Set.of("image_embedding");

    private SessionsBench() {
    }

    /** Runs the throughput table and the memory table; with {@code memory ...} arguments, one memory case. */
    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("memory")) {
            measureMemory(Path.of(args[1]), args[2], Integer.parseInt(args[3]));
            return;
        }
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 4;
        System.out.printf(Locale.ROOT, "%d clients x single images, %s, %d s per row, %d CPUs, maxConcurrent 2%n",
                CLIENTS, TestSupport.visualModel().getFileName(), seconds, Runtime.getRuntime().availableProcessors());
        System.out.println("dynamic batching              images/s   p50 ms   p99 ms   runs by batch size");
        throughput("off (maxBatchSize 1)", 1, Duration.ZERO, seconds);
        throughput("on (max 8, delay 5 ms)", 8, Duration.ofMillis(5), seconds);
        throughput("on (max 8, delay 20 ms)", 8, Duration.ofMillis(20), seconds);

        Path matMul = Files.createTempFile("matmul2048", ".onnx");
        try {
            OnnxGraphs.writeMatMul(matMul, 2048, 2048, 1);
            System.out.println();
            System.out.println("resident memory (VmRSS growth over a JVM with ONNX Runtime loaded), each case in its own JVM");
            System.out.println("model                                1 consumer   3 consumers, shared   3 separate sessions");
            for (Path model : List.of(TestSupport.visualModel(), matMul)) {
                System.out.printf(Locale.ROOT, "%-34s  %7.1f MB   %16.1f MB   %16.1f MB%n",
                        model.getFileName().toString().startsWith("matmul") ? "MatMul 2048x2048 (16 MiB weights)"
                                : model.getFileName() + " (" + Files.size(model) / 1_000_000 + " MB)",
                        childMemory(model, "shared", 1), childMemory(model, "shared", 3),
                        childMemory(model, "separate", 3));
            }
        } finally {
            Files.delete(matMul);
        }
    }

    private static void throughput(String label, int maxBatchSize, Duration delay, int seconds) throws Exception {
        SessionSettings settings = new SessionSettings("cpu", 0, true, false, 0, "kNextPowerOfTwo", "EXHAUSTIVE", 2, 64,
                maxBatchSize, delay, Duration.ofSeconds(60));
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        try (SessionRegistry registry = new SessionRegistry(settings);
                SessionHandle handle = registry.owner("bench").acquire(TestSupport.visualModel(),
                        SessionOptions.DEFAULT)) {
            runClients(clients, handle, System.nanoTime() + TimeUnit.SECONDS.toNanos(1));
            long start = System.nanoTime();
            long[] latencies = runClients(clients, handle, start + TimeUnit.SECONDS.toNanos(seconds));
            double elapsed = (System.nanoTime() - start) / 1e9;
            SessionStatus status = registry.sessions().get(0);
            Arrays.sort(latencies);
            System.out.printf(Locale.ROOT, "%-28s  %8.1f  %7.1f  %7.1f   %s%n", label, latencies.length / elapsed,
                    percentile(latencies, 50), percentile(latencies, 99), status.batchSizes());
        } finally {
            clients.shutdownNow();
        }
    }

    /** Each client sends single images until the deadline; returns every request's latency in ns. */
    private static long[] runClients(ExecutorService clients, SessionHandle handle, long deadline) throws Exception {
        List<Future<List<Long>>> results = new ArrayList<>();
        for (int client = 0; client < CLIENTS; client++) {
            Map<String, Tensor> inputs = TestSupport.visualInputs(client);
            results.add(clients.submit(() -> {
                List<Long> latencies = new ArrayList<>();
                while (System.nanoTime() < deadline) {
                    long start = System.nanoTime();
                    handle.runBatched(inputs, EMBEDDING);
                    latencies.add(System.nanoTime() - start);
                }
                return latencies;
            }));
        }
        List<Long> all = new ArrayList<>();
        for (Future<List<Long>> result : results) {
            all.addAll(result.get());
        }
        return all.stream().mapToLong(Long::longValue).toArray();
    }

    private static double percentile(long[] sorted, double percentile) {
        int rank = (int) Math.ceil(percentile / 100 * sorted.length);
        return sorted[Math.max(rank, 1) - 1] / 1e6;
    }

    private static double childMemory(Path model, String mode, int consumers) throws IOException, InterruptedException {
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                "-D" + FixtureSets.PROPERTY + "=" + FixtureSets.root(), "-cp",
                System.getProperty("java.class.path"), SessionsBench.class.getName(), "memory", model.toString(), mode,
                Integer.toString(consumers)).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String output = new String(child.getInputStream().readAllBytes()).trim();
        if (child.waitFor() != 0) {
            throw new IllegalStateException("memory case failed: " + output);
        }
        return Double.parseDouble(output);
    }

    /** Prints the RSS growth in MB after the consumers each ran once. */
    private static void measureMemory(Path model, String mode, int consumers) throws Exception {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        boolean visual = model.equals(TestSupport.visualModel());
        Map<String, Tensor> inputs = visual ? TestSupport.visualInputs(1) : Map.of("x", TestSupport.row(2048, 1));
        Set<String> outputs = visual ? EMBEDDING : Set.of("y");
        long baseline = residentKilobytes();
        List<AutoCloseable> held = new ArrayList<>();
        SessionRegistry registry = new SessionRegistry(new SessionSettings("cpu", 0, true, false, 0, "kNextPowerOfTwo",
                "EXHAUSTIVE", 2, 64, 1, Duration.ZERO, Duration.ofSeconds(60)));
        held.add(registry);
        for (int consumer = 0; consumer < consumers; consumer++) {
            if (mode.equals("shared")) {
                SessionHandle handle = registry.owner("consumer-" + consumer).acquire(model, SessionOptions.DEFAULT);
                handle.run(inputs, outputs);
                held.add(handle);
            } else {
                OrtSession session = env.createSession(model.toString(), new OrtSession.SessionOptions());
                Map<String, OnnxTensor> onnx = new HashMap<>();
                for (Map.Entry<String, Tensor> input : inputs.entrySet()) {
                    onnx.put(input.getKey(), Tensors.toOnnx(env, input.getValue()));
                }
                session.run(onnx, outputs).close();
                onnx.values().forEach(OnnxTensor::close);
                held.add(session);
            }
        }
        System.gc();
        System.out.printf(Locale.ROOT, "%.1f%n", (residentKilobytes() - baseline) / 1024.0);
        for (AutoCloseable closeable : held) {
            closeable.close();
        }
    }

    private static long residentKilobytes() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D+", ""));
            }
        }
        throw new IllegalStateException("no VmRSS in /proc/self/status");
    }
}
