package org.alphaclip.proposals.internal.sam;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.alphaclip.api.model.InvalidModelException;
import org.alphaclip.sdk.io.PackageManifests;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

/**
 * A SAM package folder as written by {@code tools/export/export_sam.py} (format in
 * {@code tools/export/README.md}, section "SAM packages"): the image encoder and the prompt decoder as
 * ONNX graphs and {@value #MANIFEST} with the preprocessing and each file's SHA-256 and size.
 * {@link #read} checks the manifest, that the files lie inside the folder and have the listed sizes;
 * the SHA-256 sums are compared when the graphs are first loaded (loading hashes the graphs anyway; the
 * external data files of very large graphs are hashed then too).
 *
 * <pre>{@code
 * SamPackage sam = SamPackage.read(Path.of("models/sam"));
 * sam.encoder().file();   // models/sam/encoder.onnx
 * }</pre>
 *
 * @param folder the package folder
 * @param name display name
 * @param inputSize the encoder's square input side (1024)
 * @param pixelMean per-channel mean of {@code Sam.preprocess} (0..255 scale, RGB)
 * @param pixelStd per-channel standard deviation
 * @param maskThreshold logits above it are inside a mask (0.0)
 * @param encoder the image encoder graph
 * @param decoder the prompt decoder graph ({@code SamOnnxModel}, all four mask outputs)
 * @param dataFiles the other listed files: external tensor data of graphs over 2 GB (ViT-H's encoder)
 */
public record SamPackage(Path folder, String name, int inputSize, float[] pixelMean, float[] pixelStd, float maskThreshold,
        Graph encoder, Graph decoder, List<Graph> dataFiles) {

    /** The manifest's file name. */
    public static final String MANIFEST = "sam-package.json";
    /** The manifest's {@code format} value. */
    public static final String FORMAT = "alphaclip-sam-package";

    /**
     * One graph of the package.
     *
     * @param file where it is
     * @param sha256 its expected SHA-256, lowercase hex
     * @param bytes its expected size
     */
    public record Graph(Path file, String sha256, long bytes) {
    }

    /** The preprocessing of this package. */
    SamPreprocessor preprocessor() {
        return new SamPreprocessor(inputSize, pixelMean, pixelStd);
    }

    /**
     * Reads and checks a package folder.
     *
     * @throws InvalidModelException with one sentence naming the folder and what is missing or wrong
     */
    public static SamPackage read(Path folder) throws InvalidModelException {
        Path dir = folder.toAbsolutePath().normalize();
        if (!Files.isDirectory(dir)) {
            throw new InvalidModelException("SAM package missing at " + dir + " (no such folder); write one with "
                    + "tools/export/export_sam.py");
        }
        Path manifest = dir.resolve(MANIFEST);
        if (!Files.isRegularFile(manifest)) {
            throw new InvalidModelException("SAM package at " + dir + " has no " + MANIFEST
                    + "; write the package with tools/export/export_sam.py");
        }
        JsonObject root = PackageManifests.read(manifest, "SAM package");
        String where = "SAM package " + manifest;
        String format = string(root, "format", where);
        if (!FORMAT.equals(format)) {
            throw new InvalidModelException(where + ": format is '" + format + "', expected '" + FORMAT + "'");
        }
        int version = (int) number(root, "formatVersion", where);
        if (version != 1) {
            throw new InvalidModelException(where + ": formatVersion " + version + " is not supported (this version reads 1)");
        }
        JsonObject preprocessing = object(root, "preprocessing", where);
        String resize = string(preprocessing, "resize", where);
        String interpolation = string(preprocessing, "interpolation", where);
        if (!"longest-side".equals(resize) || !"bilinear".equals(interpolation)) {
            throw new InvalidModelException(where + ": preprocessing " + resize + "/" + interpolation
                    + " is not supported; expected longest-side/bilinear (segment-anything's ResizeLongestSide)");
        }
        int inputSize = (int) number(preprocessing, "inputSize", where);
        if (inputSize < 16 || inputSize > 8192) {
            throw new InvalidModelException(where + ": preprocessing.inputSize " + inputSize + " is out of range 16..8192");
        }
        float[] mean = triple(preprocessing, "pixelMean", where);
        float[] std = triple(preprocessing, "pixelStd", where);
        for (float s : std) {
            if (!(s > 0)) {
                throw new InvalidModelException(where + ": preprocessing.pixelStd values must be positive");
            }
        }
        float threshold = (float) number(root, "maskThreshold", where);
        JsonObject files = object(root, "files", where);
        JsonObject graphs = object(root, "graphs", where);
        String encoderName = string(object(graphs, "encoder", where), "file", where);
        String decoderName = string(object(graphs, "decoder", where), "file", where);
        Graph encoder = graph(dir, files, encoderName, where);
        Graph decoder = graph(dir, files, decoderName, where);
        List<Graph> data = new ArrayList<>();
        for (String listed : files.keySet()) {
            if (!listed.equals(encoderName) && !listed.equals(decoderName)) {
                data.add(graph(dir, files, listed, where));
            }
        }
        String name = root.has("name") && root.get("name").isJsonPrimitive() ? root.get("name").getAsString()
                : dir.getFileName().toString();
        return new SamPackage(dir, name, inputSize, mean, std, threshold, encoder, decoder, List.copyOf(data));
    }

    private static Graph graph(Path dir, JsonObject files, String relative, String where) throws InvalidModelException {
        Path file = dir.resolve(relative).normalize();
        if (!file.startsWith(dir) || relative.isBlank()) {
            throw new InvalidModelException(where + ": file '" + relative + "' lies outside the package folder");
        }
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            throw new InvalidModelException(where + ": " + relative + " is missing");
        }
        JsonObject entry = object(files, relative, where + " files");
        String sha256 = string(entry, "sha256", where + " files." + relative).toLowerCase(Locale.ROOT);
        if (!sha256.matches("[0-9a-f]{64}")) {
            throw new InvalidModelException(where + ": files." + relative + ".sha256 is not a SHA-256 hex digest");
        }
        long bytes = (long) number(entry, "bytes", where + " files." + relative);
        long actual;
        try {
            actual = Files.size(file);
        } catch (IOException e) {
            throw new InvalidModelException(where + ": cannot read " + relative + ": " + e.getMessage(), e);
        }
        if (actual != bytes) {
            throw new InvalidModelException(where + ": " + relative + " has " + actual + " bytes, the manifest says " + bytes
                    + " (incomplete copy or a different file)");
        }
        return new Graph(file, sha256, bytes);
    }

    private static JsonObject object(JsonObject parent, String key, String where) throws InvalidModelException {
        JsonElement value = parent.get(key);
        if (value == null || !value.isJsonObject()) {
            throw new InvalidModelException(where + ": '" + key + "' is missing or not an object");
        }
        return value.getAsJsonObject();
    }

    private static String string(JsonObject parent, String key, String where) throws InvalidModelException {
        JsonElement value = parent.get(key);
        if (value == null || !value.isJsonPrimitive() || !value.getAsJsonPrimitive().isString()) {
            throw new InvalidModelException(where + ": '" + key + "' is missing or not a string");
        }
        return value.getAsString();
    }

    private static double number(JsonObject parent, String key, String where) throws InvalidModelException {
        JsonElement value = parent.get(key);
        if (value == null || !value.isJsonPrimitive() || !value.getAsJsonPrimitive().isNumber()) {
            throw new InvalidModelException(where + ": '" + key + "' is missing or not a number");
        }
        return value.getAsDouble();
    }

    private static float[] triple(JsonObject parent, String key, String where) throws InvalidModelException {
        JsonElement value = parent.get(key);
        if (value == null || !value.isJsonArray() || value.getAsJsonArray().size() != 3) {
            throw new InvalidModelException(where + ": '" + key + "' must be a list of 3 numbers (R, G, B)");
        }
        float[] out = new float[3];
        for (int i = 0; i < 3; i++) {
            JsonElement v = value.getAsJsonArray().get(i);
            if (!v.isJsonPrimitive() || !v.getAsJsonPrimitive().isNumber()) {
                throw new InvalidModelException(where + ": '" + key + "' must be a list of 3 numbers (R, G, B)");
            }
            out[i] = (float) v.getAsDouble(); // float64 -> float32, as torch stores the mean and std
        }
        return out;
    }
}
