package org.alphaclip.core.internal.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.alphaclip.api.model.InvalidModelException;
import org.alphaclip.api.model.ModelInfo;
import org.alphaclip.api.model.Preprocessing;
import org.alphaclip.sdk.io.FileDigests;
import org.alphaclip.sdk.io.PackageManifests;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

/**
 * Reads and verifies a model package folder (format in {@code tools/export/README.md}): the manifest's
 * fields, that every file stays inside the folder, and every file's SHA-256. Each problem is reported
 * as one sentence naming the package and the file or field.
 */
public final class ModelPackageReader {

    /** The only manifest format this reader accepts. */
    public static final String FORMAT = "alphaclip-model-package";
    /** The manifest file name. */
    public static final String MANIFEST = "manifest.json";
    /**
     * The manifest formats of the task bundles' packages, which share {@value #MANIFEST} and the model folders with
     * encoder packages, with how messages name them: a multimodal LLM package (mllm), a diffusion package (diffusion).
     */
    static final Map<String, String> OTHER_KINDS = Map.of(
            "alphaclip-mllm-package", "a multimodal (MLLM) package; the mllm:* commands take it",
            "alphaclip-diffusion-package", "a diffusion package; the diffusion:* commands take it",
            "alphaclip-pointe-package", "a Point-E package; the pointe:* commands take it");

    private ModelPackageReader() {
    }

    /** Reads the manifest and verifies every listed file's SHA-256. */
    public static ModelPackage read(Path folder) throws InvalidModelException {
        return read(folder, true);
    }

    /**
     * Reads the manifest; checks that every listed file exists inside the folder and, when asked,
     * that its SHA-256 matches (hashing large graphs takes seconds, so a scan may leave it to first use).
     */
    public static ModelPackage read(Path folder, boolean verifyChecksums) throws InvalidModelException {
        Path dir = folder.toAbsolutePath().normalize();
        if (!Files.isDirectory(dir)) {
            throw new InvalidModelException("Model package " + dir + " does not exist or is not a folder");
        }
        Path manifestFile = dir.resolve(MANIFEST);
        if (!Files.isRegularFile(manifestFile)) {
            throw new InvalidModelException("Model package " + dir + " has no " + MANIFEST
                    + "; a package is a folder written by tools/export/export_alphaclip.py");
        }
        Manifest manifest = new Manifest(dir, PackageManifests.read(manifestFile, "Model package manifest"), verifyChecksums);
        return manifest.toPackage();
    }

    /**
     * Whether a folder holds a package of another kind that lives beside encoder packages: its {@value #MANIFEST}
     * is readable and its {@code format} is one of {@link #OTHER_KINDS}. A folder scan passes over such folders
     * without a warning; an unreadable manifest or an unknown format is not another kind (the scan reports it).
     */
    public static boolean isOtherPackageKind(Path folder) {
        try {
            JsonElement format = PackageManifests.read(folder.resolve(MANIFEST), "Model package manifest").get("format");
            return format != null && format.isJsonPrimitive() && OTHER_KINDS.containsKey(format.getAsString());
        } catch (InvalidModelException e) {
            return false;
        }
    }

    /** The manifest of one package, read field by field with messages naming the field. */
    private static final class Manifest {
        private final Path dir;
        private final JsonObject root;
        private final String where;
        private final boolean verifyChecksums;

        Manifest(Path dir, JsonObject root, boolean verifyChecksums) {
            this.dir = dir;
            this.root = root;
            this.verifyChecksums = verifyChecksums;
            this.where = dir.resolve(MANIFEST).toString();
        }

        ModelPackage toPackage() throws InvalidModelException {
            String format = string(root, "format");
            if (OTHER_KINDS.containsKey(format)) {
                String kind = OTHER_KINDS.get(format);
                throw invalid("it is " + kind.substring(0, kind.indexOf(';')) + " (format '" + format + "'), not an"
                        + " Alpha-CLIP encoder package;" + kind.substring(kind.indexOf(';') + 1));
            }
            if (!FORMAT.equals(format)) {
                throw invalid("format is '" + format + "', expected '" + FORMAT + "'");
            }
            int version = integer(root, "formatVersion");
            if (version != 1) {
                throw invalid("formatVersion " + version + " is not supported; this version reads formatVersion 1");
            }
            JsonObject architecture = object(root, "architecture");
            String family = string(architecture, "family");
            if (!"vit".equals(family)) {
                throw invalid("architecture.family '" + family + "' is not supported; supported: vit");
            }
            JsonObject vision = object(architecture, "vision");
            ModelInfo.VisionTower visionTower = new ModelInfo.VisionTower(positive(vision, "resolution"),
                    positive(vision, "patchSize"), positive(vision, "width"), positive(vision, "layers"), positive(vision, "heads"));
            if (visionTower.resolution() % visionTower.patchSize() != 0) {
                throw invalid("architecture.vision.resolution " + visionTower.resolution() + " is not a multiple of patchSize "
                        + visionTower.patchSize());
            }
            JsonObject text = object(architecture, "text");
            ModelInfo.TextTower textTower = new ModelInfo.TextTower(positive(text, "contextLength"), positive(text, "vocabSize"),
                    positive(text, "width"), positive(text, "layers"), positive(text, "heads"));

            JsonObject tokenizer = object(root, "tokenizer");
            ModelInfo.TokenizerSpec tokenizerSpec = new ModelInfo.TokenizerSpec(string(tokenizer, "type"),
                    string(tokenizer, "cleaning"), string(tokenizer, "startToken"), string(tokenizer, "endToken"));
            if (tokenizer.has("contextLength") && integer(tokenizer, "contextLength") != textTower.contextLength()) {
                throw invalid("tokenizer.contextLength differs from architecture.text.contextLength");
            }

            Map<String, String> checksums = checksums();
            JsonObject graphs = object(root, "graphs");
            JsonObject visual = object(graphs, "visual");
            JsonObject textGraph = object(graphs, "text");
            List<String> visualInputs = strings(visual, "inputs");
            List<String> visualOutputs = strings(visual, "outputs");
            if (!visualInputs.equals(ModelPackage.VISUAL_INPUTS)) {
                throw invalid("graphs.visual.inputs are " + visualInputs + ", expected " + ModelPackage.VISUAL_INPUTS);
            }
            if (!visualOutputs.contains(ModelPackage.IMAGE_EMBEDDING)) {
                throw invalid("graphs.visual.outputs lack '" + ModelPackage.IMAGE_EMBEDDING + "'");
            }
            if (!strings(textGraph, "inputs").equals(ModelPackage.TEXT_INPUTS)
                    || !strings(textGraph, "outputs").contains(ModelPackage.TEXT_EMBEDDING)) {
                throw invalid("graphs.text must take " + ModelPackage.TEXT_INPUTS + " and give '" + ModelPackage.TEXT_EMBEDDING + "'");
            }
            Path visualFile = verifiedFile(string(visual, "file"), checksums);
            Path textFile = verifiedFile(string(textGraph, "file"), checksums);
            Path tokenizerFile = verifiedFile(string(tokenizer, "file"), checksums);

            ModelInfo info = new ModelInfo(string(root, "name"), optionalString(root, "description"), dir,
                    positive(architecture, "embedDim"), visionTower, textTower, preprocessing(visionTower.resolution()),
                    number(root, "logitScale"), promptTemplates(), tokenizerSpec);
            return new ModelPackage(info, visualFile, visualOutputs, textFile, tokenizerFile);
        }

        private Preprocessing preprocessing(int resolution) throws InvalidModelException {
            JsonObject p = object(root, "preprocessing");
            float[] mean = floats(p, "mean");
            float[] std = floats(p, "std");
            if (mean.length != 3 || std.length != 3) {
                throw invalid("preprocessing.mean and preprocessing.std need 3 values each");
            }
            for (float s : std) {
                if (!(s > 0)) {
                    throw invalid("preprocessing.std values must be positive");
                }
            }
            float alphaStd = (float) number(p, "alphaStd");
            if (!(alphaStd > 0)) {
                throw invalid("preprocessing.alphaStd must be positive");
            }
            return new Preprocessing(resolution, string(p, "resize"), string(p, "interpolation"), string(p, "crop"), mean,
                    std, (float) number(p, "alphaMean"), alphaStd);
        }

        private List<String> promptTemplates() throws InvalidModelException {
            if (!root.has("promptTemplates")) {
                return List.of("a photo of a {}.");
            }
            List<String> templates = strings(root, "promptTemplates");
            for (String template : templates) {
                if (!template.contains("{}")) {
                    throw invalid("prompt template '" + template + "' has no {} for the label");
                }
            }
            return templates.isEmpty() ? List.of("{}") : templates;
        }

        private Map<String, String> checksums() throws InvalidModelException {
            JsonObject files = object(root, "files");
            Map<String, String> sums = new java.util.HashMap<>();
            for (Map.Entry<String, JsonElement> entry : files.entrySet()) {
                if (!entry.getValue().isJsonPrimitive() || !entry.getValue().getAsString().matches("[0-9a-f]{64}")) {
                    throw invalid("files." + entry.getKey() + " must be a lowercase hex SHA-256");
                }
                sums.put(entry.getKey(), entry.getValue().getAsString());
            }
            return sums;
        }

        /** Resolves a file name inside the package, refusing anything that leaves the folder, and checks its SHA-256. */
        private Path verifiedFile(String name, Map<String, String> checksums) throws InvalidModelException {
            Path file;
            try {
                file = dir.resolve(name).normalize();
            } catch (java.nio.file.InvalidPathException e) {
                throw invalid("file name '" + name.replace("\0", "\\0") + "' is not a valid path: " + e.getReason());
            }
            if (name.isBlank() || file.getFileSystem().getPath(name).isAbsolute() || !file.startsWith(dir) || file.equals(dir)) {
                throw invalid("file '" + name + "' is outside the package folder; packages may only name their own files");
            }
            if (!Files.isRegularFile(file)) {
                throw invalid("file " + name + " is missing");
            }
            try {
                if (!file.toRealPath().startsWith(dir.toRealPath()) || Files.isSymbolicLink(file)
                        && !file.toRealPath(LinkOption.NOFOLLOW_LINKS).startsWith(dir)) {
                    throw invalid("file " + name + " links outside the package folder");
                }
                String expected = checksums.get(name);
                if (expected == null) {
                    throw invalid("files has no SHA-256 for " + name);
                }
                String actual = verifyChecksums ? FileDigests.sha256(file) : expected;
                if (!actual.equals(expected)) {
                    throw invalid(name + " has SHA-256 " + actual.substring(0, 12) + "…, the manifest says "
                            + expected.substring(0, 12) + "…: the file was changed or damaged after export");
                }
            } catch (IOException e) {
                throw new InvalidModelException("Model package " + dir + ": cannot read " + name + ": " + e.getMessage(), e);
            }
            return file;
        }

        private InvalidModelException invalid(String problem) {
            return new InvalidModelException("Model package " + dir + ": " + problem + " (" + where + ")");
        }

        private JsonElement field(JsonObject object, String name) throws InvalidModelException {
            JsonElement value = object.get(name);
            if (value == null || value.isJsonNull()) {
                throw invalid("field '" + name + "' is missing");
            }
            return value;
        }

        private JsonObject object(JsonObject object, String name) throws InvalidModelException {
            JsonElement value = field(object, name);
            if (!value.isJsonObject()) {
                throw invalid("field '" + name + "' must be an object");
            }
            return value.getAsJsonObject();
        }

        private String string(JsonObject object, String name) throws InvalidModelException {
            JsonElement value = field(object, name);
            if (!value.isJsonPrimitive() || !value.getAsJsonPrimitive().isString()) {
                throw invalid("field '" + name + "' must be a string");
            }
            return value.getAsString();
        }

        private String optionalString(JsonObject object, String name) throws InvalidModelException {
            return object.has(name) && !object.get(name).isJsonNull() ? string(object, name) : "";
        }

        private double number(JsonObject object, String name) throws InvalidModelException {
            JsonElement value = field(object, name);
            if (!value.isJsonPrimitive() || !value.getAsJsonPrimitive().isNumber()) {
                throw invalid("field '" + name + "' must be a number");
            }
            double number = value.getAsDouble();
            if (!Double.isFinite(number)) {
                throw invalid("field '" + name + "' must be finite");
            }
            return number;
        }

        private int integer(JsonObject object, String name) throws InvalidModelException {
            double value = number(object, name);
            if (value != Math.rint(value) || Math.abs(value) > Integer.MAX_VALUE) {
                throw invalid("field '" + name + "' must be a whole number");
            }
            return (int) value;
        }

        private int positive(JsonObject object, String name) throws InvalidModelException {
            int value = integer(object, name);
            if (value <= 0 || value > 1_000_000) {
                throw invalid("field '" + name + "' must be a positive whole number, got " + value);
            }
            return value;
        }

        private List<String> strings(JsonObject object, String name) throws InvalidModelException {
            JsonElement value = field(object, name);
            if (!value.isJsonArray()) {
                throw invalid("field '" + name + "' must be a list of strings");
            }
            List<String> list = new ArrayList<>();
            for (JsonElement element : value.getAsJsonArray()) {
                if (!element.isJsonPrimitive() || !element.getAsJsonPrimitive().isString()) {
                    throw invalid("field '" + name + "' must be a list of strings");
                }
                list.add(element.getAsString());
            }
            return list;
        }

        private float[] floats(JsonObject object, String name) throws InvalidModelException {
            JsonElement value = field(object, name);
            if (!value.isJsonArray()) {
                throw invalid("field '" + name + "' must be a list of numbers");
            }
            JsonArray array = value.getAsJsonArray();
            float[] floats = new float[array.size()];
            for (int i = 0; i < floats.length; i++) {
                JsonElement element = array.get(i);
                if (!element.isJsonPrimitive() || !element.getAsJsonPrimitive().isNumber()) {
                    throw invalid("field '" + name + "' must be a list of numbers");
                }
                floats[i] = element.getAsFloat();
            }
            return floats;
        }
    }
}
