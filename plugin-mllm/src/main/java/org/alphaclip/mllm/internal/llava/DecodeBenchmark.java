package org.alphaclip.mllm.internal.llava;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.IntConsumer;
import java.util.stream.Stream;

import org.alphaclip.api.session.SessionException;
import org.alphaclip.api.tensor.FloatTensor;
import org.alphaclip.mllm.GenerationException;
import org.alphaclip.mllm.ImageFeatures;
import org.alphaclip.mllm.internal.decode.Argmax;
import org.alphaclip.mllm.internal.decode.DecoderState;
import org.alphaclip.mllm.internal.llama.DecoderShape;
import org.alphaclip.mllm.internal.text.LlavaPrompt;
import org.alphaclip.sdk.io.ProcessMemory;

/**
 * The language model's speed at batch 1, cache against recompute: for each mode, the prompt (the v1 prompt of one
 * question around seeded random image tokens) is prefilled, then exactly {@code newTokens} greedy tokens are decoded
 * whatever they are (an end token does not stop a benchmark). Reports the median time to first token and decode
 * tokens/s over the runs (after one warm-up run), and compares decoding with the memory-bandwidth bound: every decode
 * step reads all decoder weights (the decoder graph's bytes), so tokens/s cannot exceed the measured memory bandwidth
 * divided by them, the read bandwidth (a bound that means little for a decoder small enough to stay in the processor's caches). Memory: the process's resident set now and at its peak ({@code /proc/self/status}), and the key/value
 * cache at the end of a run.
 *
 * <pre>{@code
 * DecodeBenchmark.Report report = new DecodeBenchmark(llava, 32, 3).run();
 * }</pre>
 */
public final class DecodeBenchmark {

    /** The question whose prompt is prefilled. */
    static final String QUESTION = "Describe the image in one short sentence.";
    private static final int BANDWIDTH_BYTES = 256 << 20;
    private static final int BANDWIDTH_PASSES = 10;

    /**
     * One mode's medians.
     *
     * @param mode {@code KV cache} or {@code recompute prefix}
     * @param timeToFirstTokenMs prefill time, milliseconds
     * @param decodeTokensPerSecond tokens after the first per second of decoding
     */
    public record Row(String mode, double timeToFirstTokenMs, double decodeTokensPerSecond) {
    }

    /**
     * What was measured.
     *
     * @param model the package's name
     * @param parameters the decoder's parameter count, from its bytes at four per float32 weight (the token table is not
     *        in it: a lookup reads one row per token)
     * @param weightBytes the decoder graph's bytes, read once per decode step
     * @param promptPositions the prefilled positions
     * @param newTokens the tokens generated per run
     * @param runs the measured runs per mode
     * @param rows one per mode
     * @param readBytesPerSecond the measured read bandwidth, bytes per second
     * @param copyBytesPerSecond the measured copy bandwidth, read plus written bytes per second (STREAM's convention)
     * @param residentBytes the process's resident set after the runs
     * @param peakResidentBytes the process's largest resident set so far
     * @param kvCacheBytes the key/value cache at the end of a run, float32
     */
    public record Report(String model, long parameters, long weightBytes, int promptPositions, int newTokens, int runs,
            List<Row> rows, double readBytesPerSecond, double copyBytesPerSecond, long residentBytes, long peakResidentBytes, long kvCacheBytes) {

        /** Copies the rows. */
        public Report {
            rows = List.copyOf(rows);
        }

        /** Decode tokens/s if only reading the weights mattered. */
        public double boundTokensPerSecond() {
            return readBytesPerSecond / weightBytes;
        }

        @Override
        public String toString() {
            String nl = System.lineSeparator();
            StringBuilder out = new StringBuilder(String.format(Locale.ROOT,
                    "mllm:bench %s: decoder ≈ %.1f M parameters, %.1f MB; prompt %d positions; %d new tokens; median of %d runs%n",
                    model, parameters / 1e6, weightBytes / 1e6, promptPositions, newTokens, runs));
            out.append("| mode | time to first token (ms) | decode tokens/s | share of the bandwidth bound |").append(nl);
            out.append("|---|---:|---:|---:|").append(nl);
            for (Row row : rows) {
                out.append(String.format(Locale.ROOT, "| %s | %.1f | %.1f | %.0f %% |%n", row.mode(),
                        row.timeToFirstTokenMs(), row.decodeTokensPerSecond(),
                        100 * row.decodeTokensPerSecond() / boundTokensPerSecond()));
            }
            out.append(String.format(Locale.ROOT, "bandwidth bound: read bandwidth %.1f GB/s / %.1f MB of weights per token"
                    + " = %.1f tokens/s (copy bandwidth %.1f GB/s, read + written bytes)%n", readBytesPerSecond / 1e9,
                    weightBytes / 1e6, boundTokensPerSecond(), copyBytesPerSecond / 1e9));
            out.append(String.format(Locale.ROOT, "memory: resident %.0f MB (peak %.0f MB); key/value cache at the end %.2f MB",
                    residentBytes / 1e6, peakResidentBytes / 1e6, kvCacheBytes / 1e6));
            return out.toString();
        }
    }

    private final LlavaModel model;
    private final int newTokens;
    private final int runs;

    /**
     * A benchmark of an opened LLaVA model.
     *
     * @throws IllegalArgumentException when {@code newTokens} is below 2 or {@code runs} below 1
     */
    public DecodeBenchmark(LlavaModel model, int newTokens, int runs) {
        if (newTokens < 2) {
            throw new IllegalArgumentException("--new-tokens must be at least 2 (one prefill, then decoding), got " + newTokens);
        }
        if (runs < 1) {
            throw new IllegalArgumentException("--runs must be at least 1, got " + runs);
        }
        this.model = model;
        this.newTokens = newTokens;
        this.runs = runs;
    }

    /** Measures both modes, then the copy bandwidth and the memory. */
    public Report run() throws GenerationException, SessionException, IOException, InterruptedException {
        FloatTensor prompt = prompt();
        int positions = (int) prompt.shape()[1];
        DecoderShape shape = model.modelPackage().decoderShape();
        if (positions + newTokens > shape.contextLength()) {
            throw new IllegalArgumentException("--new-tokens " + newTokens + " do not fit: the prompt takes " + positions
                    + " of the context's " + shape.contextLength() + " positions");
        }
        List<Row> rows = new ArrayList<>();
        rows.add(measure("KV cache", prompt, true));
        rows.add(measure("recompute prefix", prompt, false));
        long weightBytes = Files.size(model.modelPackage().decoder()) + externalData(model.modelPackage().decoder());
        long kvCache = 2L * shape.layers() * shape.kvHeads() * shape.headDim() * (positions + newTokens - 1) * Float.BYTES;
        ProcessMemory memory = ProcessMemory.now();
        double[] bandwidth = bandwidth();
        return new Report(model.info().name(), weightBytes / Float.BYTES, weightBytes, positions, newTokens, runs,
                rows, bandwidth[0], bandwidth[1], memory.residentBytes(), memory.peakResidentBytes(), kvCache);
    }

    private FloatTensor prompt() throws GenerationException, SessionException {
        ImageFeatures features = model.info().imageFeatures();
        SplittableRandom random = new SplittableRandom(0);
        float[] values = new float[features.tokens() * features.width()];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) (random.nextDouble() * 2 - 1);
        }
        LlavaPrompt prompt = model.prompt(QUESTION);
        FloatTensor image = new FloatTensor(new long[] {1, features.tokens(), features.width()}, values);
        return model.promptEmbeddings(prompt, model.project(image));
    }

    private Row measure(String mode, FloatTensor prompt, boolean kvCache) throws SessionException {
        double[] firstTokenMs = new double[runs];
        double[] tokensPerSecond = new double[runs];
        Argmax greedy = new Argmax();
        for (int run = -1; run < runs; run++) {
            DecoderState state = model.newState(kvCache);
            long start = System.nanoTime();
            float[][] logits = state.start(prompt);
            long first = System.nanoTime();
            for (int token = 1; token < newTokens; token++) {
                logits = state.extend(new int[] {0}, new int[] {greedy.pick(logits[0])});
            }
            long end = System.nanoTime();
            if (run >= 0) {
                firstTokenMs[run] = (first - start) / 1e6;
                tokensPerSecond[run] = (newTokens - 1) * 1e9 / (end - first);
            }
        }
        return new Row(mode, median(firstTokenMs), median(tokensPerSecond));
    }

    /** Bytes of an ONNX graph's external weight files ({@code NAME.data} or {@code NAME_data} beside it). */
    private static long externalData(Path graph) throws IOException {
        String name = graph.getFileName().toString();
        long bytes = 0;
        try (Stream<Path> siblings = Files.list(graph.getParent())) {
            for (Path p : siblings.toList()) {
                String other = p.getFileName().toString();
                if (!other.equals(name) && other.startsWith(name) && other.matches(".*[._]data$")) {
                    bytes += Files.size(p);
                }
            }
        }
        return bytes;
    }

    /**
     * The memory bandwidth with as many threads as the machine has cores (inference uses them all), best of several
     * passes over buffers larger than any cache, written first so that no pass pays for page faults: {@code [0]} reading
     * (summing a buffer, what a decode step does with the weights), {@code [1]} copying (read plus written bytes per
     * second, STREAM's convention).
     */
    private static double[] bandwidth() throws InterruptedException {
        long[] source = new long[BANDWIDTH_BYTES / Long.BYTES];
        long[] target = new long[source.length];
        Arrays.fill(source, 1);
        Arrays.fill(target, 2);
        int threads = Runtime.getRuntime().availableProcessors();
        int chunk = source.length / threads;
        long[] sums = new long[threads];
        long bestRead = Long.MAX_VALUE;
        long bestCopy = Long.MAX_VALUE;
        for (int pass = 0; pass < BANDWIDTH_PASSES; pass++) {
            bestRead = Math.min(bestRead, inParallel(threads, t -> sums[t] = sum(source, t * chunk, chunk)));
            bestCopy = Math.min(bestCopy, inParallel(threads, t -> System.arraycopy(source, t * chunk, target, t * chunk, chunk)));
        }
        double bytes = (double) chunk * threads * Long.BYTES;
        return new double[] {bytes * 1e9 / bestRead, 2 * bytes * 1e9 / bestCopy};
    }

    /** Runs the work on this many threads at once; gives the nanoseconds until all finished. */
    private static long inParallel(int threads, IntConsumer work) throws InterruptedException {
        List<Thread> running = new ArrayList<>();
        long start = System.nanoTime();
        for (int t = 0; t < threads; t++) {
            int part = t;
            Thread thread = new Thread(() -> work.accept(part), "bandwidth-" + t);
            thread.start();
            running.add(thread);
        }
        for (Thread thread : running) {
            thread.join();
        }
        return System.nanoTime() - start;
    }

    private static long sum(long[] values, int from, int count) {
        long sum = 0;
        for (int i = from; i < from + count; i++) {
            sum += values[i];
        }
        return sum;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
