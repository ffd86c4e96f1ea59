package org.alphaclip.pointe.internal.pkg;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.alphaclip.api.model.InvalidModelException;
import org.alphaclip.pointe.PointePackageInfo;
import org.alphaclip.pointe.StageSettings;
import org.alphaclip.pointe.internal.sampler.DiffusionSchedule;
import org.alphaclip.sdk.io.PackageManifests;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

/**
 * Reads and verifies a Point-E package folder with the rules of the other packages: {@code manifest.json} of format
 * {@value #FORMAT} version 1, every file it lists inside the folder with the listed SHA-256, {@code base.onnx} (and
 * {@code upsampler.onnx}) among them, each stage's diffusion schedule and sampler settings, the channel scaling. Each
 * problem is one sentence naming the package and the file or field.
 */
public final class PackageReader {

    /** The manifest's {@code format}. */
    public static final String FORMAT = "alphaclip-pointe-package";
    /** The manifest file name. */
    public static final String MANIFEST = "manifest.json";

    private static final Map<String, String> OTHER_FORMATS = Map.of("alphaclip-model-package", "an Alpha-CLIP encoder",
            "alphaclip-mllm-package", "a multimodal LLM", "alphaclip-diffusion-package", "a diffusion");
    private static final int CHANNELS = 6;
    private static final int MAX_DIMENSION = 1 << 20;

    private PackageReader() {
    }

    /**
     * Reads a package folder and verifies every file's SHA-256.
     *
     * @throws InvalidModelException naming the folder and the file or field that is missing or wrong
     */
    public static PointePackage read(Path folder) throws InvalidModelException {
        Path dir = folder.toAbsolutePath().normalize();
        if (!Files.isDirectory(dir)) {
            throw new InvalidModelException("Point-E package " + dir + " does not exist or is not a folder");
        }
        Path manifest = dir.resolve(MANIFEST);
        if (!Files.isRegularFile(manifest)) {
            throw new InvalidModelException("Point-E package " + dir + " has no " + MANIFEST
                    + "; a package is a folder written by tools/export/export_pointe.py");
        }
        return new Checked(dir, PackageManifests.read(manifest, "Point-E package manifest")).toPackage();
    }

    /** One manifest being checked, with messages naming the package. */
    private record Checked(Path dir, JsonObject m) {

        PointePackage toPackage() throws InvalidModelException {
            String format = text(m, "format");
            if (OTHER_FORMATS.containsKey(format)) {
                throw invalid("it is " + OTHER_FORMATS.get(format) + " package (format '" + format + "'), not a Point-E one");
            }
            if (!FORMAT.equals(format)) {
                throw invalid("format is '" + format + "', expected '" + FORMAT + "'");
            }
            if (number(m, "formatVersion") != 1) {
                throw invalid("formatVersion " + m.get("formatVersion") + " is not supported; this version reads formatVersion 1");
            }
            JsonObject files = object(m, "files");
            for (Map.Entry<String, JsonElement> file : files.entrySet()) {
                String sha = file.getValue().isJsonPrimitive() ? file.getValue().getAsString() : null;
                PackageManifests.verifyListedFile(dir, file.getKey(), sha, this::invalid);
            }
            JsonObject conditioning = object(m, "conditioning");
            int width = positive(conditioning, "conditioning", "width");
            int tokens = positive(conditioning, "conditioning", "tokens");
            double layer = number(conditioning, "layer");
            if (layer >= 0 || layer != Math.rint(layer)) {
                throw invalid("conditioning.layer must be a negative whole number (a layer counted from the end), got "
                        + conditioning.get("layer"));
            }
            float[] scales = channels("channelScales");
            float[] biases = channels("channelBiases");
            for (float s : scales) {
                if (s == 0) {
                    throw invalid("channelScales holds 0: the diffusion space could not be unscaled");
                }
            }
            JsonObject base = object(m, "base");
            JsonElement up = m.get("upsampler");
            JsonObject upsampler = up != null && up.isJsonObject() ? up.getAsJsonObject() : null;
            int basePoints = positive(base, "base", "points");
            int upsampled = 0;
            if (upsampler != null) {
                upsampled = positive(upsampler, "upsampler", "points");
                if (positive(upsampler, "upsampler", "lowResPoints") != basePoints) {
                    throw invalid("upsampler.lowResPoints " + upsampler.get("lowResPoints") + " differs from base.points "
                            + basePoints);
                }
            }
            PointePackageInfo info = new PointePackageInfo(text(m, "name"), optionalText(m, "description"), dir, width,
                    tokens, (int) layer, optionalText(conditioning, "encoder"),
                    optionalText(conditioning, "encoderManifestSha256"), basePoints, upsampled,
                    sampler(base, "base"), upsampler == null ? null : sampler(upsampler, "upsampler"));
            JsonObject baseDiffusion = object(base, "diffusion");
            JsonObject upDiffusion = upsampler == null ? null : object(upsampler, "diffusion");
            return new PointePackage(info, listed(text(base, "file"), files), schedule(baseDiffusion, "base"),
                    positive(baseDiffusion, "base.diffusion", "timesteps"), flops(base),
                    upsampler == null ? null : listed(text(upsampler, "file"), files),
                    upDiffusion == null ? null : schedule(upDiffusion, "upsampler"),
                    upDiffusion == null ? 0 : positive(upDiffusion, "upsampler.diffusion", "timesteps"),
                    upsampler == null ? 0 : flops(upsampler), scales, biases);
        }

        private String schedule(JsonObject diffusion, String stage) throws InvalidModelException {
            String name = text(diffusion, "schedule");
            try {
                DiffusionSchedule.named(name, 2);
            } catch (IllegalArgumentException e) {
                throw invalid(stage + ".diffusion: " + e.getMessage());
            }
            return name;
        }

        private StageSettings sampler(JsonObject stage, String name) throws InvalidModelException {
            JsonObject s = object(stage, "sampler");
            JsonElement tmax = s.get("sTmax");
            try {
                return new StageSettings(positive(s, name + ".sampler", "steps"), number(s, "guidance"),
                        number(s, "sigmaMin"), number(s, "sigmaMax"), number(s, "sChurn"), number(s, "rho"),
                        number(s, "sTmin"), tmax == null || tmax.isJsonNull() ? Double.POSITIVE_INFINITY : number(s, "sTmax"),
                        number(s, "sNoise"), s.has("clipDenoised") && s.get("clipDenoised").getAsBoolean());
            } catch (IllegalArgumentException e) {
                throw invalid(name + ".sampler: " + e.getMessage());
            }
        }

        private long flops(JsonObject stage) throws InvalidModelException {
            return stage.has("flopsPerSample") ? Math.max(0, (long) number(stage, "flopsPerSample")) : 0;
        }

        private float[] channels(String field) throws InvalidModelException {
            JsonElement e = m.get(field);
            if (e == null || !e.isJsonArray() || e.getAsJsonArray().size() != CHANNELS) {
                throw invalid("field '" + field + "' must be a list of " + CHANNELS + " numbers (xyz, RGB)");
            }
            JsonArray values = e.getAsJsonArray();
            float[] out = new float[CHANNELS];
            for (int i = 0; i < CHANNELS; i++) {
                out[i] = values.get(i).getAsFloat();
                if (!Float.isFinite(out[i])) {
                    throw invalid("field '" + field + "' holds a value that is not finite");
                }
            }
            return out;
        }

        private Path listed(String name, JsonObject files) throws InvalidModelException {
            if (!files.has(name)) {
                throw invalid("files has no SHA-256 for " + name);
            }
            return dir.resolve(name).normalize();
        }

        private JsonObject object(JsonObject parent, String field) throws InvalidModelException {
            JsonElement e = parent.get(field);
            if (e == null || !e.isJsonObject()) {
                throw invalid("field '" + field + "' is missing or not an object");
            }
            return e.getAsJsonObject();
        }

        private String text(JsonObject parent, String field) throws InvalidModelException {
            String value = optionalText(parent, field);
            if (value == null) {
                throw invalid("field '" + field + "' is missing or not a string");
            }
            return value;
        }

        private static String optionalText(JsonObject parent, String field) {
            JsonElement e = parent.get(field);
            return e != null && e.isJsonPrimitive() && e.getAsJsonPrimitive().isString() ? e.getAsString() : null;
        }

        private double number(JsonObject parent, String field) throws InvalidModelException {
            JsonElement e = parent.get(field);
            if (e == null || !e.isJsonPrimitive() || !e.getAsJsonPrimitive().isNumber()) {
                throw invalid("field '" + field + "' is missing or not a number");
            }
            return e.getAsDouble();
        }

        private int positive(JsonObject parent, String section, String field) throws InvalidModelException {
            double value = number(parent, field);
            if (value != Math.rint(value) || value < 1 || value > MAX_DIMENSION) {
                throw invalid("field '" + section + "." + field + "' must be a whole number in 1.." + MAX_DIMENSION
                        + ", got " + parent.get(field));
            }
            return (int) value;
        }

        private InvalidModelException invalid(String problem) {
            return new InvalidModelException("Point-E package " + dir + ": " + problem + " (" + dir.resolve(MANIFEST) + ")");
        }
    }
}
