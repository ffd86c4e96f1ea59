package org.alphaclip.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import com.google.gson.Gson;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;

/**
 * Runs {@code tools/bench/torch_encode_bench.py}: the exporter's PyTorch model of the same package
 * (rebuilt from the same seed) on the same input tensors; the thread counts are compared at the smallest
 * batch, larger batches run with the best of them.
 *
 * @param version the PyTorch version
 * @param blas the BLAS PyTorch was built with ({@code generic}: the reference BLAS its matmuls call)
 * @param imagesPerSecond images/s by thread count, then batch size
 * @param maxAbsDiff the largest difference between PyTorch's embeddings and ONNX Runtime's
 * @param maxAbsReference the largest magnitude of ONNX Runtime's embeddings
 */
record TorchBench(String version, String blas, Map<Integer, Map<Integer, Double>> imagesPerSecond,
        double maxAbsDiff, double maxAbsReference) {

    /**
     * Starts the script and reads its JSON line; its progress and errors go to this process's stderr.
     *
     * @param reference ONNX Runtime's embeddings of the first rows of {@code image} and {@code alpha}
     */
    static TorchBench run(Path python, Path script, Path image, Path alpha, Path reference, long seed, int[] threads,
            int[] batches, int runs) throws IOException, InterruptedException {
        List<String> command = List.of(python.toString(), script.toString(), "--image", image.toString(),
                "--alpha", alpha.toString(), "--reference", reference.toString(), "--seed", Long.toString(seed),
                "--threads", join(threads), "--batches", join(batches), "--runs", Integer.toString(runs));
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        int status = process.waitFor();
        if (status != 0) {
            throw new IOException("The PyTorch benchmark failed with exit status " + status + ": "
                    + String.join(" ", command));
        }
        String last = output.substring(output.lastIndexOf('\n') + 1);
        try {
            JsonObject json = new Gson().fromJson(last, JsonObject.class);
            Map<Integer, Map<Integer, Double>> rates = new TreeMap<>();
            json.getAsJsonArray("results").forEach(element -> {
                JsonObject result = element.getAsJsonObject();
                rates.computeIfAbsent(result.get("threads").getAsInt(), t -> new TreeMap<>())
                        .put(result.get("batch").getAsInt(), result.get("images_per_s").getAsDouble());
            });
            JsonObject check = json.getAsJsonObject("check");
            return new TorchBench(json.get("torch").getAsString(), json.get("blas").getAsString(), rates,
                    check.get("max_abs_diff").getAsDouble(), check.get("max_abs_ref").getAsDouble());
        } catch (JsonParseException | IllegalStateException | NullPointerException | ClassCastException e) {
            throw new IOException("The PyTorch benchmark printed no result line, expected JSON, got: " + last, e);
        }
    }

    /** The best images/s at a batch size over the thread counts it ran with, and that thread count. */
    Map.Entry<Integer, Double> best(int batch) {
        return imagesPerSecond.entrySet().stream().filter(byThreads -> byThreads.getValue().containsKey(batch))
                .map(byThreads -> Map.entry(byThreads.getKey(), byThreads.getValue().get(batch)))
                .max(Map.Entry.comparingByValue()).orElseThrow();
    }

    private static String join(int[] values) {
        return IntStream.of(values).mapToObj(Integer::toString).collect(Collectors.joining(","));
    }
}
