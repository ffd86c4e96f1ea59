package org.alphaclip.diffusion.internal.pkg;

import java.nio.file.Path;
import java.util.Map;

import org.alphaclip.api.model.InvalidModelException;
import org.alphaclip.diffusion.DiffusionPackageInfo;
import org.alphaclip.diffusion.SubjectInputs;
import org.alphaclip.diffusion.internal.schedule.SchedulerConfig;
import org.alphaclip.diffusion.internal.schedule.SchedulerKind;
import org.alphaclip.sdk.io.ManifestFields;
import org.alphaclip.sdk.io.PackageManifests;

import com.google.gson.JsonObject;

/**
 * Reads and verifies a diffusion package folder with the rules of the encoder packages: {@code manifest.json} of
 * format {@value #FORMAT} version 1 and pipeline {@value #IMAGE_VARIATION} or {@value #SUBJECT_DRIVEN} (with its
 * {@code qformer} and {@code textEncoder} sections), every file it lists inside the folder with
 * the listed SHA-256 (a UNet's external weights included), the UNet, the VAE decoder and the scheduler configuration
 * among them. The graph files keep diffusers' ONNX layout ({@code unet/model.onnx}, {@code vae_decoder/model.onnx},
 * {@code scheduler/scheduler_config.json}). Each problem is one sentence naming the package and the file or field.
 */
public final class PackageReader {

    /** The manifest's {@code format}. */
    public static final String FORMAT = "alphaclip-diffusion-package";
    /** The manifest file name, as in encoder packages. */
    public static final String MANIFEST = "manifest.json";
    /** {@code pipeline} of image-variation packages. */
    public static final String IMAGE_VARIATION = "image-variation";
    /** {@code pipeline} of subject-driven (BLIP-Diffusion) packages. */
    public static final String SUBJECT_DRIVEN = "subject-driven";

    private static final Map<String, String> OTHER_FORMATS = Map.of("alphaclip-model-package", "an Alpha-CLIP encoder",
            "alphaclip-mllm-package", "a multimodal LLM");
    private static final int MAX_DIMENSION = 1 << 16;

    private PackageReader() {
    }

    /**
     * Reads a package folder and verifies every file's SHA-256.
     *
     * @throws InvalidModelException naming the folder and the file or field that is missing or wrong
     */
    public static DiffusionPackage read(Path folder) throws InvalidModelException {
        Path dir = folder.toAbsolutePath().normalize();
        JsonObject m = PackageManifests.readPackage(dir, "Diffusion package", "tools/export/export_diffusion.py");
        return new Checked(dir, m, new ManifestFields(problem -> invalid(dir, problem))).toPackage();
    }

    /** One manifest being checked, with messages naming the package. */
    private record Checked(Path dir, JsonObject m, ManifestFields fields) {

        private int positive(JsonObject parent, String section, String field) throws InvalidModelException {
            return fields.positive(parent, section, field, MAX_DIMENSION);
        }

        DiffusionPackage toPackage() throws InvalidModelException {
            JsonObject files = fields.checkPackage(m, dir, FORMAT, "diffusion", OTHER_FORMATS);
            String pipeline = fields.text(m, "pipeline");
            boolean subjectDriven = SUBJECT_DRIVEN.equals(pipeline);
            if (!IMAGE_VARIATION.equals(pipeline) && !subjectDriven) {
                throw invalid("pipeline '" + pipeline + "' is not supported; supported: " + IMAGE_VARIATION + ", "
                        + SUBJECT_DRIVEN);
            }
            JsonObject conditioning = fields.object(m, "conditioning");
            JsonObject unet = fields.object(m, "unet");
            JsonObject vae = fields.object(m, "vaeDecoder");
            JsonObject scheduler = fields.object(m, "scheduler");
            JsonObject defaults = fields.object(m, "defaults");
            int dim = positive(conditioning, "conditioning", "dim");
            int crossAttention = positive(unet, "unet", "crossAttentionDim");
            SubjectParts subject = subjectDriven ? subjectParts(files, defaults, crossAttention) : null;
            SubjectInputs inputs = null;
            if (subjectDriven) {
                double layer = fields.number(conditioning, "imageLayer");
                if (layer >= 0 || layer != Math.rint(layer) || layer < -MAX_DIMENSION) {
                    throw invalid("conditioning.imageLayer must be a negative whole number (a layer counted from the end), got "
                            + conditioning.get("imageLayer"));
                }
                inputs = new SubjectInputs((int) layer, subject.repetitions(), subject.negativePrompt());
            } else if (crossAttention != dim) {
                throw invalid("unet.crossAttentionDim " + crossAttention + " differs from conditioning.dim " + dim);
            }
            int latentChannels = positive(vae, "vaeDecoder", "latentChannels");
            if (positive(unet, "unet", "inChannels") != latentChannels) {
                throw invalid("unet.inChannels " + unet.get("inChannels") + " differs from vaeDecoder.latentChannels "
                        + latentChannels);
            }
            int latentSize = positive(unet, "unet", "sampleSize");
            int scaleFactor = positive(vae, "vaeDecoder", "scaleFactor");
            double scaling = fields.number(vae, "scalingFactor");
            if (!(scaling > 0) || !Double.isFinite(scaling)) {
                throw invalid("vaeDecoder.scalingFactor must be a positive number, got " + scaling);
            }
            Path schedulerFile = listed(fields.text(scheduler, "file"), files);
            SchedulerConfig schedulerConfig = schedulerConfig(schedulerFile, fields.text(scheduler, "class"));
            int steps = positive(defaults, "defaults", "steps");
            double guidance = fields.number(defaults, "guidance");
            if (!Double.isFinite(guidance) || guidance < 0) {
                throw invalid("defaults.guidance must be a finite number of at least 0, got " + guidance);
            }
            DiffusionPackageInfo info = new DiffusionPackageInfo(fields.text(m, "name"), ManifestFields.optionalText(m, "description"), dir,
                    pipeline, dim, inputs, ManifestFields.optionalText(conditioning, "encoder"), ManifestFields.optionalText(conditioning, "encoderManifestSha256"),
                    latentSize * scaleFactor, schedulerConfig.kind().displayName(), steps, guidance);
            long flops = unet.has("flopsPerSample") ? (long) fields.number(unet, "flopsPerSample") : 0;
            return new DiffusionPackage(info, listed(fields.text(unet, "file"), files), listed(fields.text(vae, "file"), files),
                    schedulerConfig, latentChannels, latentSize, (float) scaling, Math.max(0, flops), subject);
        }

        /** The Q-Former and text encoder sections of a subject-driven package. */
        private SubjectParts subjectParts(JsonObject files, JsonObject defaults, int crossAttention)
                throws InvalidModelException {
            JsonObject qformer = fields.object(m, "qformer");
            JsonObject text = fields.object(m, "textEncoder");
            int queries = positive(qformer, "qformer", "queryTokens");
            int width = positive(text, "textEncoder", "width");
            if (positive(qformer, "qformer", "width") != width || width != crossAttention) {
                throw invalid("qformer.width " + qformer.get("width") + ", textEncoder.width " + width
                        + " and unet.crossAttentionDim " + crossAttention + " must be equal");
            }
            int positions = positive(text, "textEncoder", "maxPositions");
            int position = positive(text, "textEncoder", "contextPosition");
            if (position + queries + 2 > positions) {
                throw invalid(queries + " query embeddings at textEncoder.contextPosition " + position
                        + " leave no room for a prompt in " + positions + " positions");
            }
            int repetitions = positive(defaults, "defaults", "promptRepetitions");
            String negative = ManifestFields.optionalText(defaults, "negativePrompt");
            return new SubjectParts(listed(fields.text(qformer, "file"), files), queries,
                    positive(qformer, "qformer", "maxSubjectTokens"), listed(fields.text(qformer, "tokenizer"), files),
                    id(qformer, "qformer", "clsId"), id(qformer, "qformer", "sepId"),
                    listed(fields.text(text, "tokenEmbedding"), files), listed(fields.text(text, "file"), files), positions, position,
                    listed(fields.text(text, "tokenizer"), files), id(text, "textEncoder", "bosId"),
                    id(text, "textEncoder", "eosId"), id(text, "textEncoder", "padId"), repetitions,
                    negative == null ? "" : negative, width);
        }

        private int id(JsonObject parent, String section, String field) throws InvalidModelException {
            double value = fields.number(parent, field);
            if (value != Math.rint(value) || value < 0 || value > Integer.MAX_VALUE) {
                throw invalid("field '" + section + "." + field + "' must be a token id, got " + parent.get(field));
            }
            return (int) value;
        }

        private SchedulerConfig schedulerConfig(Path file, String className) throws InvalidModelException {
            JsonObject values = PackageManifests.read(file, "Scheduler configuration");
            try {
                SchedulerKind kind = SchedulerKind.of(className);
                SchedulerConfig config = new SchedulerConfig(values, kind);
                kind.create(config);
                return config;
            } catch (IllegalArgumentException e) {
                throw invalid(e.getMessage());
            }
        }

        /** A file the manifest names elsewhere, which {@code files} must list (and so was verified). */
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
        return new InvalidModelException("Diffusion package " + dir + ": " + problem + " (" + dir.resolve(MANIFEST) + ")");
    }
}
