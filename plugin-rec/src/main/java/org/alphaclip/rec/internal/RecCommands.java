package org.alphaclip.rec.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import org.alphaclip.api.AlphaClipEncoders;
import org.alphaclip.api.EncoderLease;
import org.alphaclip.api.ZeroShotClassifiers;
import org.alphaclip.api.image.ImageReader;
import org.alphaclip.api.image.RgbImage;
import org.alphaclip.api.model.InvalidModelException;
import org.alphaclip.api.proposal.MaskProposers;
import org.alphaclip.api.region.Region;
import org.alphaclip.api.task.ProgressReporting;
import org.alphaclip.api.task.Task;
import org.alphaclip.api.task.TaskInfo;
import org.alphaclip.rec.internal.data.EvalSplit;
import org.alphaclip.rec.internal.eval.EvalReport;
import org.alphaclip.rec.internal.eval.EvalRequest;
import org.alphaclip.rec.internal.eval.Evaluator;
import org.alphaclip.rec.internal.eval.StateFile;
import org.alphaclip.rec.internal.image.Overlay;
import org.alphaclip.rec.internal.parse.ExpressionParser;
import org.alphaclip.rec.internal.parse.PosTagger;
import org.alphaclip.rec.internal.score.AlphaMode;
import org.alphaclip.rec.internal.score.ProposalScorer;
import org.alphaclip.rec.internal.score.Representation;
import org.alphaclip.rec.internal.score.ScoringSettings;
import org.alphaclip.sdk.command.CommandArguments;
import org.alphaclip.sdk.command.RegionOptions;
import org.alphaclip.sdk.io.AtomicFiles;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

import com.google.gson.JsonObject;

/**
 * The referring expression task: {@code rec:locate} finds the object an expression refers to in one
 * image, {@code rec:eval} measures accuracy on ReCLIP-format and synthetic world datasets. Proposals are
 * scored with Alpha-CLIP (one model or an ensemble) in several representations, and relations are
 * resolved from box geometry as in ReCLIP. Masks come from the platform's mask proposers: a named
 * proposer ({@code --proposer}) is used alone, else the best installed one, falling back to the next.
 */
@Component(service = {Task.class, RecCommands.class}, configurationPid = RecCommands.PID,
        property = {"osgi.command.scope=rec", "osgi.command.function=locate", "osgi.command.function=eval"})
@Designate(ocd = RecCommands.Config.class)
public final class RecCommands implements Task {

    /** The configuration PID ({@code etc/org.alphaclip.rec.cfg}). */
    public static final String PID = "org.alphaclip.rec";

    private static final String NONE = "";
    /** The absent value of numeric options that default to the configuration. */
    private static final String CONFIGURED = "NaN";

    private static final String PROPOSER_HELP = "mask proposer to use, and no other (sam, segmentation, boxes, world, ...; "
            + "default: the best installed, falling back to the next when it fails)";
    private static final String WEIGHT_HELP = "weight of the whole expression against its parse, >= 0 (default: the configured "
            + "expressionWeight, 1 as ReCLIP; NaN means the default too)";

    /** Defaults of the commands. */
    @ObjectClassDefinition(name = "Alpha-CLIP referring expressions", description = "Defaults of rec:locate and rec:eval")
    public @interface Config {
        /** Representations whose logits are summed. */
        @AttributeDefinition(description = "Representations summed per proposal: full, blur, crop, gray, circle")
        String representations() default "full,blur";

        /** What the alpha channel shows. */
        @AttributeDefinition(description = "Alpha channel: mask (Alpha-CLIP), box, or whole (plain CLIP behaviour)")
        String alpha() default "mask";

        /** Blur standard deviation. */
        @AttributeDefinition(description = "Standard deviation in pixels of the blur representation (ReCLIP: 100)")
        double blurRadius() default 100;

        /** Whether inputs are stretched to squares. */
        @AttributeDefinition(description = "Stretch each input to a square before the model's centre crop (as ReCLIP)")
        boolean squareInputs() default true;

        /** The text template. */
        @AttributeDefinition(description = "Text sent to the encoder; {} is the expression")
        String template() default "{}";

        /** Images per encoder call. */
        @AttributeDefinition(description = "Images per encoder call")
        int batchSize() default 16;

        /** The weight of the whole expression against its parse. */
        @AttributeDefinition(description = "When relations are used, the exponent of the whole expression's distribution "
                + "(1: ReCLIP's product with the parse; 0: the parse and box geometry alone)")
        double expressionWeight() default 1;

        /** The default ensemble. */
        @AttributeDefinition(description = "Model packages of the ensemble, comma separated (empty: the default model)")
        String models() default "";
    }

    private final BundleContext context;
    private final Config config;
    private final AlphaClipEncoders encoders;
    private final ZeroShotClassifiers classifiers;
    private final MaskProposers proposers;
    private final ImageReader images;
    private final ProgressReporting progress;
    private final ExpressionParser parser;

    /**
     * The commands over the platform's services.
     *
     * @param context the bundle's context, for its version
     * @throws IOException when the embedded part-of-speech model cannot be read
     * @throws IllegalArgumentException when the configuration names an unknown representation or alpha mode
     */
    @Activate
    public RecCommands(BundleContext context, Config config, @Reference AlphaClipEncoders encoders,
            @Reference ZeroShotClassifiers classifiers, @Reference MaskProposers proposers, @Reference ImageReader images,
            @Reference ProgressReporting progress) throws IOException {
        this.context = context;
        this.config = config;
        this.encoders = encoders;
        this.classifiers = classifiers;
        this.proposers = proposers;
        this.images = images;
        this.progress = progress;
        settings(NONE, NONE, Double.NaN); // a bad configuration fails activation here, with its message in the log
        this.parser = new ExpressionParser(PosTagger.english());
    }

    @Override
    public TaskInfo info() {
        return new TaskInfo("rec", context.getBundle().getVersion().toString(),
                "Zero-shot referring expression comprehension (ReCLIP-style) with Alpha-CLIP",
                List.of("rec:locate", "rec:eval"), List.of());
    }

    @Descriptor("Find the object an expression refers to: prints its index, box and probability; --out draws it")
    public LocateResult locate(
            @Descriptor("image file") @Parameter(names = "--image", absentValue = NONE) String image,
            @Descriptor("the referring expression, e.g. 'the red circle left of the blue square'") @Parameter(names = "--expression", absentValue = NONE) String expression,
            @Descriptor("candidate " + RegionOptions.BOXES_HELP + " (default: the mask proposer's own proposals)") @Parameter(names = "--boxes", absentValue = NONE) String boxes,
            @Descriptor(PROPOSER_HELP) @Parameter(names = "--proposer", absentValue = NONE) String proposer,
            @Descriptor("model package(s), comma separated for an ensemble (default: the default model)") @Parameter(names = "--model", absentValue = NONE) String model,
            @Descriptor("representations summed: full, blur, crop, gray, circle (default: full,blur)") @Parameter(names = "--representations", absentValue = NONE) String representations,
            @Descriptor("alpha channel: mask, box or whole (default: mask)") @Parameter(names = "--alpha", absentValue = NONE) String alpha,
            @Descriptor("score the whole expression only, without relations and superlatives") @Parameter(names = "--no-relations", presentValue = "true", absentValue = "false") boolean noRelations,
            @Descriptor(WEIGHT_HELP) @Parameter(names = "--expression-weight", absentValue = CONFIGURED) double expressionWeight,
            @Descriptor("print one JSON object") @Parameter(names = "--json", presentValue = "true", absentValue = "false") boolean json,
            @Descriptor("write a PNG with the chosen box and mask") @Parameter(names = "--out", absentValue = NONE) String out,
            @Descriptor("(no positional arguments)") String... extra) throws Exception {
        CommandArguments.rejectExtra(getClass(), "rec:locate", extra);
        CommandArguments.require("--image", image);
        if (expression.isBlank()) {
            throw new IllegalArgumentException("Missing --expression '<text>', e.g. --expression 'the red circle left of the blue square'");
        }
        ScoringSettings settings = settings(representations, alpha, expressionWeight);
        List<Region.Box> boxList = boxes.isEmpty() ? null : RegionOptions.readBoxes(Path.of(boxes));
        RgbImage rgb = images.readImage(Path.of(image));
        try (EncoderLease lease = lease(model)) {
            ProposalScorer scorer = new ProposalScorer(lease.encoders(), classifiers, settings);
            Locator.Location location = new Locator(proposers, parser).locate(rgb, expression, boxList, proposer, scorer,
                    !noRelations);
            Path written = null;
            if (!out.isEmpty()) {
                written = Path.of(out).toAbsolutePath();
                Overlay.writePng(Overlay.draw(rgb, location.proposal().mask(), location.proposal().box()), written);
            }
            String parse = noRelations ? "not used (--no-relations)"
                    : location.expression().usesGeometry() ? location.expression().toString()
                    : location.expression() + " (no relation or superlative: the whole expression decides)";
            return new LocateResult(location.index(), location.proposal().box(), location.score(),
                    location.probabilities().length, location.masks(), parse, scorer.modelNames(),
                    describe(settings.representations()), written, location.notes(), json);
        }
    }

    @Descriptor("Measure accuracy (top box IoU >= 0.5) on ReCLIP-format or synthetic world datasets; resumable")
    public EvalReport eval(
            @Descriptor("datasets, comma separated: ReCLIP .jsonl files (refcoco_val.jsonl, ...) or synthetic world folders") @Parameter(names = "--data", absentValue = NONE) String data,
            @Descriptor("image folder of ReCLIP datasets (COCO train2014)") @Parameter(names = "--images", absentValue = NONE) String imageRoot,
            @Descriptor("ReCLIP detections file (*_dets_dict.json; default: the annotated boxes)") @Parameter(names = "--detections", absentValue = NONE) String detections,
            @Descriptor(PROPOSER_HELP) @Parameter(names = "--proposer", absentValue = NONE) String proposer,
            @Descriptor("use the synthetic world's true masks (upper bound)") @Parameter(names = "--true-masks", presentValue = "true", absentValue = "false") boolean trueMasks,
            @Descriptor("ignore the dataset's boxes: take the proposer's automatic proposals") @Parameter(names = "--auto", presentValue = "true", absentValue = "false") boolean automatic,
            @Descriptor("model package(s), comma separated for an ensemble (default: the default model)") @Parameter(names = "--model", absentValue = NONE) String model,
            @Descriptor("representations summed: full, blur, crop, gray, circle (default: full,blur)") @Parameter(names = "--representations", absentValue = NONE) String representations,
            @Descriptor("alpha channel: mask, box or whole (default: mask)") @Parameter(names = "--alpha", absentValue = NONE) String alpha,
            @Descriptor(WEIGHT_HELP) @Parameter(names = "--expression-weight", absentValue = CONFIGURED) double expressionWeight,
            @Descriptor("evaluate at most this many expressions per split (0: all)") @Parameter(names = "--limit", absentValue = "0") int limit,
            @Descriptor("report file (JSON); per-item results go to FILE.state.jsonl beside it, and a rerun continues from them") @Parameter(names = "--out", absentValue = NONE) String out,
            @Descriptor("print the report as JSON") @Parameter(names = "--json", presentValue = "true", absentValue = "false") boolean json,
            @Descriptor("(no positional arguments)") String... extra) throws Exception {
        CommandArguments.rejectExtra(getClass(), "rec:eval", extra);
        CommandArguments.require("--data", data);
        CommandArguments.require("--out", out);
        CommandArguments.atLeast("--limit", limit, 0);
        EvalRequest request = new EvalRequest(data, imageRoot, detections, proposer, trueMasks, automatic,
                settings(representations, alpha, expressionWeight), limit);
        List<EvalSplit> splits = request.splits();
        Path report = Path.of(out).toAbsolutePath();
        try (EncoderLease lease = lease(model)) {
            if (!proposer.isEmpty() && !proposers.names().contains(proposer)) {
                throw new IllegalArgumentException("Mask proposer '" + proposer + "' is not installed; installed: "
                        + String.join(", ", proposers.names()));
            }
            ProposalScorer scorer = new ProposalScorer(lease.encoders(), classifiers, request.settings());
            JsonObject recorded = request.stateSettings(context.getBundle().getVersion().toString(), scorer.modelNames(),
                    splits);
            try (StateFile state = StateFile.open(EvalRequest.stateFile(report), recorded)) {
                EvalReport result = new Evaluator(images, proposers, scorer, parser).run(splits,
                        request.options(), state, request.description(scorer.modelNames()), progress);
                AtomicFiles.writeString(report, result.toJsonText() + System.lineSeparator());
                return result.printedAsJson(json);
            }
        }
    }

    /** The scoring settings: the options given, the configuration for the others ({@code NaN}: no weight given). */
    private ScoringSettings settings(String representations, String alpha, double expressionWeight) {
        return settings(config, representations, alpha, expressionWeight);
    }

    /**
     * The scoring settings of a configuration with the options given (empty or {@code NaN}: the configured value);
     * also used outside a framework with the configuration's defaults.
     */
    public static ScoringSettings settings(Config config, String representations, String alpha, double expressionWeight) {
        double weight = Double.isNaN(expressionWeight) ? config.expressionWeight() : expressionWeight;
        return new ScoringSettings(Representation.parseList(representations.isEmpty() ? config.representations() : representations),
                AlphaMode.parse(alpha.isEmpty() ? config.alpha() : alpha), config.blurRadius(), config.squareInputs(),
                config.template(), config.batchSize(), weight);
    }

    private static String describe(List<Representation> representations) {
        return String.join(",", representations.stream().map(Representation::optionName).toList());
    }

    private EncoderLease lease(String option) throws InvalidModelException {
        String names = option.isEmpty() ? config.models() : option;
        return encoders.lease(List.of(names.split(",")).stream().map(String::strip).filter(s -> !s.isEmpty()).toList());
    }
}
