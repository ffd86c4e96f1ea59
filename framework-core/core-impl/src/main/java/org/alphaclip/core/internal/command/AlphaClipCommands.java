package org.alphaclip.core.internal.command;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import org.alphaclip.api.AlphaClipEncoder;
import org.alphaclip.api.AlphaClipEncoders;
import org.alphaclip.api.AlphaGeometry;
import org.alphaclip.api.EncodeOptions;
import org.alphaclip.api.EncoderLease;
import org.alphaclip.api.ImageEncoding;
import org.alphaclip.api.LabelScore;
import org.alphaclip.api.RegionImage;
import org.alphaclip.api.ZeroShotClassifier;
import org.alphaclip.api.ZeroShotClassifiers;
import org.alphaclip.api.image.ImageReader;
import org.alphaclip.api.image.RgbImage;
import org.alphaclip.api.model.InvalidModelException;
import org.alphaclip.api.model.ModelInfo;
import org.alphaclip.api.model.ModelPackages;
import org.alphaclip.api.region.Region;
import org.alphaclip.api.tensor.FloatTensor;
import org.alphaclip.sdk.command.RegionOptions;
import org.alphaclip.sdk.io.Npy;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import com.google.gson.GsonBuilder;

import static org.alphaclip.sdk.command.CommandArguments.explained;
import static org.alphaclip.sdk.command.CommandArguments.rejectExtra;
import static org.alphaclip.sdk.command.CommandArguments.require;

/** The {@code alphaclip:*} Gogo commands: models, encode, classify, tokenize, overlay. */
@Component(service = AlphaClipCommands.class, property = {"osgi.command.scope=alphaclip",
        "osgi.command.function=models", "osgi.command.function=encode", "osgi.command.function=classify",
        "osgi.command.function=tokenize", "osgi.command.function=overlay"})
public final class AlphaClipCommands {

    private static final String NONE = "";
    private static final String MODEL_HELP = "model package name or folder (default: the default model)";

    private final ModelPackages models;
    private final ImageReader images;
    private final AlphaClipEncoders encoders;
    private final ZeroShotClassifiers classifiers;

    /** Commands over the model packages, the image reader, the encoders and the zero-shot classifiers. */
    @Activate
    public AlphaClipCommands(@Reference ModelPackages models, @Reference ImageReader images,
            @Reference AlphaClipEncoders encoders, @Reference ZeroShotClassifiers classifiers) {
        this.models = models;
        this.images = images;
        this.encoders = encoders;
        this.classifiers = classifiers;
    }

    /** One row of the model list. */
    public record ModelRow(String name, boolean isDefault, String architecture, String location) {
        @Override
        public String toString() {
            return (isDefault ? "* " : "  ") + name + "  " + architecture + "  " + location;
        }
    }

    /** The model list, printed one package per line. */
    public record ModelList(List<ModelRow> rows) {
        @Override
        public String toString() {
            return rows.isEmpty() ? "No model packages (put package folders into models/ or use --model DIR)"
                    : rows.stream().map(ModelRow::toString).collect(Collectors.joining(System.lineSeparator()));
        }
    }

    /** What {@code encode} wrote. */
    public record EncodeResult(Path file, long[] shape, String model, String region, List<String> warnings) {
        @Override
        public String toString() {
            String text = "Wrote " + file + ": float32 " + Arrays.toString(shape) + " (model " + model + ", region " + region + ")";
            return withWarnings(text, warnings);
        }
    }

    /** What {@code classify} found, best first; JSON holds the ranking only. */
    public record Classification(List<LabelScore> results, List<String> warnings, boolean json) {
        @Override
        public String toString() {
            if (json) {
                return new GsonBuilder().disableHtmlEscaping().create().toJson(Map.of("results", results));
            }
            int width = results.stream().mapToInt(r -> r.label().length()).max().orElse(5);
            StringBuilder table = new StringBuilder();
            for (LabelScore r : results) {
                table.append(String.format(Locale.ROOT, "%-" + width + "s  %6.2f%%  %s%n", r.label(), 100 * r.probability(),
                        "#".repeat((int) Math.round(30 * r.probability()))));
            }
            return withWarnings(table.toString().stripTrailing(), warnings);
        }
    }

    /** Token ids of each text. */
    public record Tokens(List<String> texts, int[][] ids, boolean json) {
        @Override
        public String toString() {
            if (json) {
                Object value = ids.length == 1 ? ids[0] : ids;
                return new GsonBuilder().create().toJson(value);
            }
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < ids.length; i++) {
                text.append(texts.get(i)).append(System.lineSeparator()).append("  ")
                        .append(Arrays.stream(ids[i]).mapToObj(Integer::toString).collect(Collectors.joining(" ")))
                        .append(System.lineSeparator());
            }
            return text.toString().stripTrailing();
        }
    }

    @Descriptor("List the model packages; * marks the default")
    public ModelList models() {
        return new ModelList(models.list().stream().map(m -> new ModelRow(m.name(), isDefault(m), describe(m),
                m.location().toString())).toList());
    }

    @Descriptor("Encode an image with a region; writes the embedding (or a layer's hidden states) as float32 .npy")
    public EncodeResult encode(
            @Descriptor(MODEL_HELP) @Parameter(names = "--model", absentValue = NONE) String model,
            @Descriptor("image file (PNG, JPEG, BMP, GIF)") @Parameter(names = "--image", absentValue = NONE) String image,
            @Descriptor(RegionOptions.MASK_HELP) @Parameter(names = "--mask", absentValue = NONE) String mask,
            @Descriptor(RegionOptions.BOX_HELP) @Parameter(names = "--box", absentValue = NONE) String box,
            @Descriptor(RegionOptions.POINTS_HELP) @Parameter(names = "--points", absentValue = NONE) String points,
            @Descriptor(RegionOptions.RADIUS_HELP) @Parameter(names = "--radius", absentValue = RegionOptions.DEFAULT_RADIUS) double radius,
            @Descriptor(RegionOptions.STROKE_HELP) @Parameter(names = "--stroke", absentValue = NONE) String stroke,
            @Descriptor(RegionOptions.WIDTH_HELP) @Parameter(names = "--width", absentValue = RegionOptions.DEFAULT_WIDTH) double width,
            @Descriptor(RegionOptions.IMAGE_ALPHA_HELP) @Parameter(names = "--image-alpha", presentValue = "true", absentValue = "false") boolean imageAlpha,
            @Descriptor(RegionOptions.THRESHOLD_HELP) @Parameter(names = "--threshold", absentValue = RegionOptions.DEFAULT_THRESHOLD) int threshold,
            @Descriptor("reproduce the official README's squashed mask transform") @Parameter(names = "--official-geometry", presentValue = "true", absentValue = "false") boolean officialGeometry,
            @Descriptor("write hidden states of this block [1, tokens, width] instead (-1 last, -2 penultimate)") @Parameter(names = "--layer", absentValue = "0") int layer,
            @Descriptor("drop the class token from --layer hidden states") @Parameter(names = "--no-cls", presentValue = "true", absentValue = "false") boolean noCls,
            @Descriptor("write the last block's class-token attention [1, heads, tokens] instead") @Parameter(names = "--attention", presentValue = "true", absentValue = "false") boolean attention,
            @Descriptor("output .npy file") @Parameter(names = "--out", absentValue = NONE) String out,
            @Descriptor("(no positional arguments)") String... extra) throws Exception {
        rejectExtra(getClass(), "alphaclip:encode", extra);
        require("--image", image);
        require("--out", out);
        if (layer != 0 && attention) {
            throw new IllegalArgumentException("Give either --layer or --attention, not both");
        }
        RegionOptions regionOptions = new RegionOptions(mask, box, points, radius, stroke, width, imageAlpha, threshold);
        return explained(() -> {
            Region region = regionOptions.toRegion(images);
            RgbImage rgb = images.readImage(Path.of(image));
            try (EncoderLease lease = encoders.lease(model)) {
                AlphaClipEncoder encoder = lease.encoder();
                EncodeOptions options = EncodeOptions.DEFAULT.withAlphaGeometry(geometry(officialGeometry))
                        .withClassToken(!noCls).withClsAttention(attention);
                if (layer != 0) {
                    options = options.withHiddenLayers(layer);
                }
                ImageEncoding encoding = encoder.encodeImages(List.of(new RegionImage(rgb, region)), options);
                FloatTensor result = layer != 0 ? encoding.hiddenStates().get(layer)
                        : attention ? encoding.clsAttention() : encoding.embeddings();
                Path file = Path.of(out);
                Npy.write(file, result);
                return new EncodeResult(file.toAbsolutePath(), result.shape(), encoder.model().name(), region.describe(),
                        encoding.warnings());
            }
        });
    }

    @Descriptor("Classify an image region against labels; prints ranked probabilities")
    public Classification classify(
            @Descriptor(MODEL_HELP) @Parameter(names = "--model", absentValue = NONE) String model,
            @Descriptor("image file") @Parameter(names = "--image", absentValue = NONE) String image,
            @Descriptor(RegionOptions.MASK_HELP) @Parameter(names = "--mask", absentValue = NONE) String mask,
            @Descriptor(RegionOptions.BOX_HELP) @Parameter(names = "--box", absentValue = NONE) String box,
            @Descriptor(RegionOptions.POINTS_HELP) @Parameter(names = "--points", absentValue = NONE) String points,
            @Descriptor(RegionOptions.RADIUS_HELP) @Parameter(names = "--radius", absentValue = RegionOptions.DEFAULT_RADIUS) double radius,
            @Descriptor(RegionOptions.STROKE_HELP) @Parameter(names = "--stroke", absentValue = NONE) String stroke,
            @Descriptor(RegionOptions.WIDTH_HELP) @Parameter(names = "--width", absentValue = RegionOptions.DEFAULT_WIDTH) double width,
            @Descriptor(RegionOptions.IMAGE_ALPHA_HELP) @Parameter(names = "--image-alpha", presentValue = "true", absentValue = "false") boolean imageAlpha,
            @Descriptor(RegionOptions.THRESHOLD_HELP) @Parameter(names = "--threshold", absentValue = RegionOptions.DEFAULT_THRESHOLD) int threshold,
            @Descriptor("official squashed mask transform") @Parameter(names = "--official-geometry", presentValue = "true", absentValue = "false") boolean officialGeometry,
            @Descriptor("prompt template with {} for the label (default: the model's templates)") @Parameter(names = "--template", absentValue = NONE) String template,
            @Descriptor("print one JSON object") @Parameter(names = "--json", presentValue = "true", absentValue = "false") boolean json,
            @Descriptor("labels") String... labels) throws Exception {
        require("--image", image);
        List<String> labelList = labels(labels);
        if (!template.isEmpty() && !template.contains("{}")) {
            throw new IllegalArgumentException("--template needs {} where the label goes, e.g. 'a photo of a {}.'");
        }
        Region region = new RegionOptions(mask, box, points, radius, stroke, width, imageAlpha, threshold).toRegion(images);
        RgbImage rgb = images.readImage(Path.of(image));
        try (EncoderLease lease = encoders.lease(model)) {
            AlphaClipEncoder encoder = lease.encoder();
            ZeroShotClassifier classifier = classifiers.classifier(encoder, labelList,
                    template.isEmpty() ? List.of() : List.of(template));
            ImageEncoding encoding = encoder.encodeImages(List.of(new RegionImage(rgb, region)),
                    EncodeOptions.DEFAULT.withAlphaGeometry(geometry(officialGeometry)));
            List<String> warnings = new ArrayList<>(encoding.warnings());
            int context = encoder.model().text().contextLength();
            for (String label : classifier.truncatedLabels()) {
                warnings.add("a prompt of label '" + label + "' is longer than the model's " + context
                        + " tokens and was cut to fit (as clip.tokenize(truncate=True) does)");
            }
            return new Classification(classifier.ranking(encoding.embedding(0)), warnings, json);
        }
    }

    @Descriptor("Show the token ids a model gives texts (context length, zero padded)")
    public Tokens tokenize(
            @Descriptor(MODEL_HELP) @Parameter(names = "--model", absentValue = NONE) String model,
            @Descriptor("cut too-long texts instead of failing (like the official truncate=True)") @Parameter(names = "--truncate", presentValue = "true", absentValue = "false") boolean truncate,
            @Descriptor("print JSON") @Parameter(names = "--json", presentValue = "true", absentValue = "false") boolean json,
            @Descriptor("texts") String... texts) throws Exception {
        if (texts.length == 0) {
            throw new IllegalArgumentException("Give at least one text, e.g. alphaclip:tokenize 'a red circle'");
        }
        try (EncoderLease lease = encoders.lease(model)) {
            return new Tokens(List.of(texts), lease.encoder().tokenize(List.of(texts), truncate), json);
        }
    }

    @Descriptor("Render where the model is told to look: the region over the image and the crop the model sees, as PNG")
    public String overlay(
            @Descriptor(MODEL_HELP) @Parameter(names = "--model", absentValue = NONE) String model,
            @Descriptor("image file") @Parameter(names = "--image", absentValue = NONE) String image,
            @Descriptor(RegionOptions.MASK_HELP) @Parameter(names = "--mask", absentValue = NONE) String mask,
            @Descriptor(RegionOptions.BOX_HELP) @Parameter(names = "--box", absentValue = NONE) String box,
            @Descriptor(RegionOptions.POINTS_HELP) @Parameter(names = "--points", absentValue = NONE) String points,
            @Descriptor(RegionOptions.RADIUS_HELP) @Parameter(names = "--radius", absentValue = RegionOptions.DEFAULT_RADIUS) double radius,
            @Descriptor(RegionOptions.STROKE_HELP) @Parameter(names = "--stroke", absentValue = NONE) String stroke,
            @Descriptor(RegionOptions.WIDTH_HELP) @Parameter(names = "--width", absentValue = RegionOptions.DEFAULT_WIDTH) double width,
            @Descriptor(RegionOptions.IMAGE_ALPHA_HELP) @Parameter(names = "--image-alpha", presentValue = "true", absentValue = "false") boolean imageAlpha,
            @Descriptor(RegionOptions.THRESHOLD_HELP) @Parameter(names = "--threshold", absentValue = RegionOptions.DEFAULT_THRESHOLD) int threshold,
            @Descriptor("output PNG") @Parameter(names = "--out", absentValue = NONE) String out,
            @Descriptor("(no positional arguments)") String... extra) throws Exception {
        rejectExtra(getClass(), "alphaclip:overlay", extra);
        require("--image", image);
        require("--out", out);
        RegionOptions regionOptions = new RegionOptions(mask, box, points, radius, stroke, width, imageAlpha, threshold);
        return explained(() -> {
            Region region = regionOptions.toRegion(images);
            RgbImage rgb = images.readImage(Path.of(image));
            try (EncoderLease lease = encoders.lease(model)) {
                int resolution = lease.encoder().model().preprocessing().resolution();
                Path file = Path.of(out);
                List<String> warnings = AlphaOverlay.write(rgb, region, resolution, file);
                return withWarnings("Wrote " + file.toAbsolutePath() + " (region " + region.describe()
                        + ", dimmed outside the region, dashed: the square the model sees)", warnings);
            }
        });
    }

    private boolean isDefault(ModelInfo info) {
        try {
            return models.defaultModel().name().equals(info.name());
        } catch (InvalidModelException e) {
            return false;
        }
    }

    private static String describe(ModelInfo m) {
        return String.format(Locale.ROOT, "ViT %dpx/%d width %d x%d, text %d x%d, embed %d", m.vision().resolution(),
                m.vision().patchSize(), m.vision().width(), m.vision().layers(), m.text().width(), m.text().layers(), m.embedDim());
    }

    private static AlphaGeometry geometry(boolean official) {
        return official ? AlphaGeometry.OFFICIAL_SQUASH : AlphaGeometry.ALIGNED;
    }

    private static String withWarnings(String text, List<String> warnings) {
        return warnings.isEmpty() ? text : text + System.lineSeparator()
                + warnings.stream().map(w -> "warning: " + w).collect(Collectors.joining(System.lineSeparator()));
    }

    /** The positional labels: at least two, none blank; a word starting with {@code --} is an option Gogo did not take. */
    private List<String> labels(String[] labels) {
        for (String label : labels) {
            if (label.startsWith("--")) {
                rejectExtra(getClass(), "alphaclip:classify", label);
            }
            if (label.isBlank()) {
                throw new IllegalArgumentException("Labels must not be empty");
            }
        }
        if (labels.length < 2) {
            throw new IllegalArgumentException("Give at least two labels to choose between, e.g. 'red circle' 'blue square'");
        }
        return List.of(labels);
    }
}
