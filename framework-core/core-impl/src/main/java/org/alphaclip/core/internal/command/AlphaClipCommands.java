package org.alphaclip.core.internal.command;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

import org.alphaclip.api.AlphaClipEncoder;
import org.alphaclip.api.AlphaGeometry;
import org.alphaclip.api.EncodeOptions;
import org.alphaclip.api.ImageEncoding;
import org.alphaclip.api.RegionImage;
import org.alphaclip.api.image.ImageReader;
import org.alphaclip.api.image.RgbImage;
import org.alphaclip.api.model.InvalidModelException;
import org.alphaclip.api.model.ModelInfo;
import org.alphaclip.api.model.ModelPackages;
import org.alphaclip.api.region.Region;
import org.alphaclip.api.tensor.FloatTensor;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import org.alphaclip.command.support.EncoderLease;
import org.alphaclip.core.internal.encoder.ZeroShot;

import com.google.gson.GsonBuilder;

import static org.alphaclip.command.support.CommandArguments.rejectExtra;
import static org.alphaclip.command.support.CommandArguments.require;

/** The {@code alphaclip:*} Gogo commands: models, encode, classify, tokenize, overlay. */
@Component(service = AlphaClipCommands.class, property = {"osgi.command.scope=alphaclip",
        "osgi.command.function=models", "osgi.command.function=encode", "osgi.command.function=classify",
        "osgi.command.function=tokenize", "osgi.command.function=overlay"})
public final class AlphaClipCommands {

    private static final String NONE = "";

    private final BundleContext context;
    private final ModelPackages models;
    private final ImageReader images;

    /** Commands over the model packages and the image reader. */
    @Activate
    public AlphaClipCommands(BundleContext context, @Reference ModelPackages models, @Reference ImageReader images) {
        this.context = context;
        this.models = models;
        this.images = images;
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
            return warnings.isEmpty() ? text : text + System.lineSeparator() + warnings.stream().map(w -> "warning: " + w)
                    .collect(Collectors.joining(System.lineSeparator()));
        }
    }

    /** One label's probability. */
    public record LabelProbability(String label, double probability) {
    }

    /** What {@code classify} found, best first. */
    public record Classification(List<LabelProbability> results, List<String> warnings, boolean json) {
        @Override
        public String toString() {
            if (json) {
                return new GsonBuilder().disableHtmlEscaping().create()
                        .toJson(java.util.Map.of("results", results));
            }
            int width = results.stream().mapToInt(r -> r.label().length()).max().orElse(5);
            StringBuilder table = new StringBuilder();
            for (LabelProbability r : results) {
                table.append(String.format(Locale.ROOT, "%-" + width + "s  %6.2f%%  %s%n", r.label(), 100 * r.probability(),
                        "#".repeat((int) Math.round(30 * r.probability()))));
            }
            warnings.forEach(w -> table.append("warning: ").append(w).append(System.lineSeparator()));
            return table.toString().stripTrailing();
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
            @Descriptor("model package name or folder (default: the default model)") @Parameter(names = "--model", absentValue = NONE) String model,
            @Descriptor("image file (PNG, JPEG, BMP, GIF)") @Parameter(names = "--image", absentValue = NONE) String image,
            @Descriptor("mask image: foreground where value >= --threshold") @Parameter(names = "--mask", absentValue = NONE) String mask,
            @Descriptor("box x0,y0,x1,y1 in pixels (x1, y1 exclusive)") @Parameter(names = "--box", absentValue = NONE) String box,
            @Descriptor("points x,y/x,y/... (discs of --radius)") @Parameter(names = "--points", absentValue = NONE) String points,
            @Descriptor("point radius in pixels") @Parameter(names = "--radius", absentValue = "10") String radius,
            @Descriptor("stroke x,y/x,y/... (a polyline of --width)") @Parameter(names = "--stroke", absentValue = NONE) String stroke,
            @Descriptor("stroke width in pixels") @Parameter(names = "--width", absentValue = "10") String width,
            @Descriptor("use the image's own alpha channel as the region") @Parameter(names = "--image-alpha", presentValue = "true", absentValue = "false") boolean imageAlpha,
            @Descriptor("mask/alpha foreground threshold 1..255 (255 = official rule)") @Parameter(names = "--threshold", absentValue = "128") String threshold,
            @Descriptor("reproduce the official README's squashed mask transform") @Parameter(names = "--official-geometry", presentValue = "true", absentValue = "false") boolean officialGeometry,
            @Descriptor("write hidden states of this block [1, tokens, width] instead (-1 last, -2 penultimate)") @Parameter(names = "--layer", absentValue = "0") String layer,
            @Descriptor("drop the class token from --layer hidden states") @Parameter(names = "--no-cls", presentValue = "true", absentValue = "false") boolean noCls,
            @Descriptor("write the last block's class-token attention [1, heads, tokens] instead") @Parameter(names = "--attention", presentValue = "true", absentValue = "false") boolean attention,
            @Descriptor("output .npy file") @Parameter(names = "--out", absentValue = NONE) String out,
            @Descriptor("(no positional arguments)") String... extra) throws Exception {
        rejectExtra("alphaclip:encode", extra);
        require("--image", image);
        require("--out", out);
        int layerNumber = RegionArguments.integer("--layer", layer);
        if (layerNumber != 0 && attention) {
            throw new IllegalArgumentException("Give either --layer or --attention, not both");
        }
        try (EncoderLease lease = EncoderLease.acquire(context, models, model)) {
            AlphaClipEncoder encoder = lease.encoder();
            RgbImage rgb = images.readImage(Path.of(image));
            Region region = RegionArguments.parse(mask, box, points, radius, stroke, width, imageAlpha, threshold, images);
            EncodeOptions options = EncodeOptions.DEFAULT.withAlphaGeometry(geometry(officialGeometry))
                    .withClassToken(!noCls).withClsAttention(attention);
            if (layerNumber != 0) {
                options = options.withHiddenLayers(layerNumber);
            }
            ImageEncoding encoding = encoder.encodeImages(List.of(new RegionImage(rgb, region)), options);
            FloatTensor result = layerNumber != 0 ? encoding.hiddenStates().get(layerNumber)
                    : attention ? encoding.clsAttention() : encoding.embeddings();
            Path file = Path.of(out);
            NpyFiles.write(file, result);
            return new EncodeResult(file.toAbsolutePath(), result.shape(), encoder.model().name(), region.describe(), encoding.warnings());
        }
    }

    @Descriptor("Classify an image region against labels; prints ranked probabilities")
    public Classification classify(
            @Descriptor("model package name or folder (default: the default model)") @Parameter(names = "--model", absentValue = NONE) String model,
            @Descriptor("image file") @Parameter(names = "--image", absentValue = NONE) String image,
            @Descriptor("mask image") @Parameter(names = "--mask", absentValue = NONE) String mask,
            @Descriptor("box x0,y0,x1,y1") @Parameter(names = "--box", absentValue = NONE) String box,
            @Descriptor("points x,y/x,y/...") @Parameter(names = "--points", absentValue = NONE) String points,
            @Descriptor("point radius") @Parameter(names = "--radius", absentValue = "10") String radius,
            @Descriptor("stroke x,y/x,y/...") @Parameter(names = "--stroke", absentValue = NONE) String stroke,
            @Descriptor("stroke width") @Parameter(names = "--width", absentValue = "10") String width,
            @Descriptor("use the image's alpha channel") @Parameter(names = "--image-alpha", presentValue = "true", absentValue = "false") boolean imageAlpha,
            @Descriptor("mask/alpha threshold 1..255") @Parameter(names = "--threshold", absentValue = "128") String threshold,
            @Descriptor("official squashed mask transform") @Parameter(names = "--official-geometry", presentValue = "true", absentValue = "false") boolean officialGeometry,
            @Descriptor("prompt template with {} for the label (default: the model's templates)") @Parameter(names = "--template", absentValue = NONE) String template,
            @Descriptor("print one JSON object") @Parameter(names = "--json", presentValue = "true", absentValue = "false") boolean json,
            @Descriptor("labels") String... labels) throws Exception {
        require("--image", image);
        List<String> labelList = labels(labels);
        try (EncoderLease lease = EncoderLease.acquire(context, models, model)) {
            AlphaClipEncoder encoder = lease.encoder();
            RgbImage rgb = images.readImage(Path.of(image));
            Region region = RegionArguments.parse(mask, box, points, radius, stroke, width, imageAlpha, threshold, images);
            List<String> templates = template.isEmpty() ? encoder.model().promptTemplates() : List.of(template);
            if (!template.isEmpty() && !template.contains("{}")) {
                throw new IllegalArgumentException("--template needs {} where the label goes, e.g. 'a photo of a {}.'");
            }
            ImageEncoding encoding = encoder.encodeImages(List.of(new RegionImage(rgb, region)),
                    EncodeOptions.DEFAULT.withAlphaGeometry(geometry(officialGeometry)));
            double[] probabilities = ZeroShot.probabilities(encoder, encoding.embedding(0), labelList, templates);
            List<LabelProbability> ranked = new ArrayList<>();
            for (int i = 0; i < labelList.size(); i++) {
                ranked.add(new LabelProbability(labelList.get(i), probabilities[i]));
            }
            ranked.sort(Comparator.comparingDouble(LabelProbability::probability).reversed());
            return new Classification(ranked, encoding.warnings(), json);
        }
    }

    @Descriptor("Show the token ids a model gives texts (context length, zero padded)")
    public Tokens tokenize(
            @Descriptor("model package name or folder (default: the default model)") @Parameter(names = "--model", absentValue = NONE) String model,
            @Descriptor("cut too-long texts instead of failing (like the official truncate=True)") @Parameter(names = "--truncate", presentValue = "true", absentValue = "false") boolean truncate,
            @Descriptor("print JSON") @Parameter(names = "--json", presentValue = "true", absentValue = "false") boolean json,
            @Descriptor("texts") String... texts) throws Exception {
        if (texts.length == 0) {
            throw new IllegalArgumentException("Give at least one text, e.g. alphaclip:tokenize 'a red circle'");
        }
        try (EncoderLease lease = EncoderLease.acquire(context, models, model)) {
            AlphaClipEncoder encoder = lease.encoder();
            return new Tokens(List.of(texts), encoder.tokenize(List.of(texts), truncate), json);
        }
    }

    @Descriptor("Render where the model is told to look: the region over the image and the crop the model sees, as PNG")
    public String overlay(
            @Descriptor("model package name or folder (default: the default model)") @Parameter(names = "--model", absentValue = NONE) String model,
            @Descriptor("image file") @Parameter(names = "--image", absentValue = NONE) String image,
            @Descriptor("mask image") @Parameter(names = "--mask", absentValue = NONE) String mask,
            @Descriptor("box x0,y0,x1,y1") @Parameter(names = "--box", absentValue = NONE) String box,
            @Descriptor("points x,y/x,y/...") @Parameter(names = "--points", absentValue = NONE) String points,
            @Descriptor("point radius") @Parameter(names = "--radius", absentValue = "10") String radius,
            @Descriptor("stroke x,y/x,y/...") @Parameter(names = "--stroke", absentValue = NONE) String stroke,
            @Descriptor("stroke width") @Parameter(names = "--width", absentValue = "10") String width,
            @Descriptor("use the image's alpha channel") @Parameter(names = "--image-alpha", presentValue = "true", absentValue = "false") boolean imageAlpha,
            @Descriptor("mask/alpha threshold 1..255") @Parameter(names = "--threshold", absentValue = "128") String threshold,
            @Descriptor("output PNG") @Parameter(names = "--out", absentValue = NONE) String out,
            @Descriptor("(no positional arguments)") String... extra) throws Exception {
        rejectExtra("alphaclip:overlay", extra);
        require("--image", image);
        require("--out", out);
        try (EncoderLease lease = EncoderLease.acquire(context, models, model)) {
            AlphaClipEncoder encoder = lease.encoder();
            RgbImage rgb = images.readImage(Path.of(image));
            Region region = RegionArguments.parse(mask, box, points, radius, stroke, width, imageAlpha, threshold, images);
            List<String> warnings = AlphaOverlay.write(rgb, region, encoder.model().preprocessing().resolution(), Path.of(out));
            String text = "Wrote " + Path.of(out).toAbsolutePath() + " (region " + region.describe()
                    + ", dimmed outside the region, dashed: the square the model sees)";
            return warnings.isEmpty() ? text : text + System.lineSeparator()
                    + warnings.stream().map(w -> "warning: " + w).collect(Collectors.joining(System.lineSeparator()));
        }
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

    private static List<String> labels(String[] labels) {
        if (labels.length < 2) {
            throw new IllegalArgumentException("Give at least two labels to choose between, e.g. 'red circle' 'blue square'");
        }
        for (String label : labels) {
            if (label.startsWith("--")) {
                throw new IllegalArgumentException("Unknown option '" + label + "'; type 'help classify' for the options");
            }
            if (label.isBlank()) {
                throw new IllegalArgumentException("Labels must not be empty");
            }
        }
        return List.of(labels);
    }
}
