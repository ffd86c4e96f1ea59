package org.alphaclip.pointe.internal.pkg;

import java.nio.file.Path;
import java.util.Map;

import org.alphaclip.api.model.InvalidModelException;
import org.alphaclip.pointe.PointePackageInfo;
import org.alphaclip.pointe.StageSettings;
import org.alphaclip.pointe.internal.sampler.DiffusionSchedule;
import org.alphaclip.sdk.io.ManifestFields;
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
        JsonObject m = PackageManifests.readPackage(dir, "Point-E package", "tools/export/export_pointe.py");
        return new Checked(dir, m, new ManifestFields(problem -> invalid(dir, problem))).toPackage();
    }

    /** One manifest being checked, with messages naming the package. */
    private record Checked(Path dir, JsonObject m, ManifestFields fields) {

        private int positive(JsonObject parent, String section, String field) throws InvalidModelException {
            return fields.positive(parent, section, field, MAX_DIMENSION);
        }

        PointePackage toPackage() throws InvalidModelException {
            JsonObject files = fields.checkPackage(m, dir, FORMAT, "Point-E", OTHER_FORMATS);
            JsonObject conditioning = fields.object(m, "conditioning");
            int width = positive(conditioning, "conditioning", "width");
            int tokens = positive(conditioning, "conditioning", "tokens");
            double layer = fields.number(conditioning, "layer");
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
            JsonObject base = fields.object(m, "base");
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
            PointePackageInfo info = new PointePackageInfo(fields.text(m, "name"), ManifestFields.optionalText(m, "description"), dir, width,
                    tokens, (int) layer, ManifestFields.optionalText(conditioning, "encoder"),
                    ManifestFields.optionalText(conditioning, "encoderManifestSha256"), basePoints, upsampled,
                    sampler(base, "base"), upsampler == null ? null : sampler(upsampler, "upsampler"));
            JsonObject baseDiffusion = fields.object(base, "diffusion");
            JsonObject upDiffusion = upsampler == null ? null : fields.object(upsampler, "diffusion");
            return new PointePackage(info, listed(fields.text(base, "file"), files), schedule(baseDiffusion, "base"),
                    positive(baseDiffusion, "base.diffusion", "timesteps"), flops(base),
                    upsampler == null ? null : listed(fields.text(upsampler, "file"), files),
                    upDiffusion == null ? null : schedule(upDiffusion, "upsampler"),
                    upDiffusion == null ? 0 : positive(upDiffusion, "upsampler.diffusion", "timesteps"),
                    upsampler == null ? 0 : flops(upsampler), scales, biases);
        }

        private String schedule(JsonObject diffusion, String stage) throws InvalidModelException {
            String name = fields.text(diffusion, "schedule");
            try {
                DiffusionSchedule.named(name, 2);
            } catch (IllegalArgumentException e) {
                throw invalid(stage + ".diffusion: " + e.getMessage());
            }
            return name;
        }

        private StageSettings sampler(JsonObject stage, String name) throws InvalidModelException {
            JsonObject s = fields.object(stage, "sampler");
            JsonElement tmax = s.get("sTmax");
            try {
                return new StageSettings(positive(s, name + ".sampler", "steps"), fields.number(s, "guidance"),
                        fields.number(s, "sigmaMin"), fields.number(s, "sigmaMax"), fields.number(s, "sChurn"), fields.number(s, "rho"),
                        fields.number(s, "sTmin"), tmax == null || tmax.isJsonNull() ? Double.POSITIVE_INFINITY : fields.number(s, "sTmax"),
                        fields.number(s, "sNoise"), s.has("clipDenoised") && s.get("clipDenoised").getAsBoolean());
            } catch (IllegalArgumentException e) {
                throw invalid(name + ".sampler: " + e.getMessage());
            }
        }

        private long flops(JsonObject stage) throws InvalidModelException {
            return stage.has("flopsPerSample") ? Math.max(0, (long) fields.number(stage, "flopsPerSample")) : 0;
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

        private InvalidModelException invalid(String problem) {
            return PackageReader.invalid(dir, problem);
        }
    }

    private static InvalidModelException invalid(Path dir, String problem) {
        return new InvalidModelException("Point-E package " + dir + ": " + problem + " (" + dir.resolve(MANIFEST) + ")");
    }
}
