package org.alphaclip.ovd.internal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import org.alphaclip.api.AlphaClipEncoders;
import org.alphaclip.api.EncoderLease;
import org.alphaclip.api.ZeroShotClassifier;
import org.alphaclip.api.ZeroShotClassifiers;
import org.alphaclip.api.image.ImageReader;
import org.alphaclip.api.image.RgbImage;
import org.alphaclip.api.proposal.MaskProposers;
import org.alphaclip.api.proposal.ProposalException;
import org.alphaclip.api.proposal.ProposalRequest;
import org.alphaclip.api.proposal.ProposalResult;
import org.alphaclip.api.task.ProgressReporting;
import org.alphaclip.api.task.Task;
import org.alphaclip.api.task.TaskInfo;
import org.alphaclip.ovd.internal.classify.LabelPainter;
import org.alphaclip.ovd.internal.classify.PromptWarnings;
import org.alphaclip.ovd.internal.classify.RegionClassifier;
import org.alphaclip.ovd.internal.classify.RegionLabel;
import org.alphaclip.ovd.internal.classify.RegionQuery;
import org.alphaclip.ovd.internal.classify.RegionSources;
import org.alphaclip.ovd.internal.eval.AnnotationFile;
import org.alphaclip.ovd.internal.eval.CocoEvaluator;
import org.alphaclip.ovd.internal.eval.Instance;
import org.alphaclip.ovd.internal.eval.IouType;
import org.alphaclip.ovd.internal.eval.LvisEvaluator;
import org.alphaclip.ovd.internal.eval.Metrics;
import org.alphaclip.ovd.internal.eval.Rules;
import org.alphaclip.ovd.internal.eval.Summary;
import org.alphaclip.ovd.internal.io.Vocabulary;
import org.alphaclip.ovd.internal.mine.Dataset;
import org.alphaclip.ovd.internal.mine.MaskScorer;
import org.alphaclip.ovd.internal.mine.MiningJob;
import org.alphaclip.ovd.internal.mine.MiningReport;
import org.alphaclip.ovd.internal.mine.MiningSettings;
import org.alphaclip.ovd.internal.mine.Ranking;
import org.alphaclip.ovd.internal.mine.Representation;
import org.alphaclip.sdk.command.RegionOptions;
import org.alphaclip.sdk.io.Npy;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

import com.google.gson.GsonBuilder;

import static org.alphaclip.sdk.command.CommandArguments.atLeast;
import static org.alphaclip.sdk.command.CommandArguments.explained;
import static org.alphaclip.sdk.command.CommandArguments.rejectExtra;
import static org.alphaclip.sdk.command.CommandArguments.require;

/**
 * The {@code ovd} task: describes itself as a {@link Task} and publishes the Gogo commands {@code ovd:mine}
 * (the MaskImageNet data engine), {@code ovd:classifier} (Detic's zero-shot classifier weights),
 * {@code ovd:classify} (open-vocabulary region labels) and {@code ovd:evaluate} (box and mask AP/AR by COCO's
 * rules, or LVIS's for LVIS files).
 *
 * <p>Encoders are leased per command by model name ({@link AlphaClipEncoders}; the default model when none is
 * named), label prompts become classifiers through {@link ZeroShotClassifiers}, and masks come from
 * {@link MaskProposers}: the named proposer alone, or the best installed one falling back to the next when it
 * fails (the synthetic world's true masks only when named).
 */
@Component(service = {Task.class, OvdCommands.class}, configurationPid = OvdCommands.PID, property = {"osgi.command.scope=ovd",
    "osgi.command.function=mine", "osgi.command.function=classifier", "osgi.command.function=classify",
    "osgi.command.function=evaluate"})
@Designate(ocd = OvdCommands.Config.class)
public final class OvdCommands implements Task {

    /** The configuration PID ({@code etc/org.alphaclip.ovd.cfg}). */
    public static final String PID = "org.alphaclip.ovd";

    private static final String NONE = "";

    /** Defaults of the commands' options. */
    @ObjectClassDefinition(name = "Alpha-CLIP open-vocabulary detection task",
            description = "Defaults of the ovd:* commands")
    public @interface Config {
        /** Images mined at the same time. */
        @AttributeDefinition(description = "Images ovd:mine works on at the same time")
        int threads() default 4;

        /** The share of each class kept by ovd:mine. */
        @AttributeDefinition(description = "Share of each class's images ovd:mine keeps (the paper: 460k of 1.28M)")
        double topShare() default MiningSettings.PAPER_TOP_SHARE;

        /** The prompt template. */
        @AttributeDefinition(description = "Prompt template with {} for the class name")
        String template() default "a {}";
    }

    private final Config config;
    private final AlphaClipEncoders encoders;
    private final ZeroShotClassifiers classifiers;
    private final MaskProposers proposers;
    private final ImageReader images;
    private final ProgressReporting progress;
    private final String version;

    /** The commands over the platform's services. */
    @Activate
    public OvdCommands(BundleContext context, Config config, @Reference(name = "encoders") AlphaClipEncoders encoders,
            @Reference(name = "classifiers") ZeroShotClassifiers classifiers,
            @Reference(name = "proposers") MaskProposers proposers, @Reference(name = "images") ImageReader images,
            @Reference(name = "progress") ProgressReporting progress) {
        this.config = config;
        this.encoders = encoders;
        this.classifiers = classifiers;
        this.proposers = proposers;
        this.images = images;
        this.progress = progress;
        this.version = context.getBundle().getVersion().toString();
    }

    @Override
    public TaskInfo info() {
        return new TaskInfo("ovd", version, "Open-vocabulary detection data with Alpha-CLIP: MaskImageNet-style pseudo"
                + " boxes and masks, Detic classifier export, region classification, COCO / LVIS AP/AR",
                List.of("ovd:mine", "ovd:classifier", "ovd:classify", "ovd:evaluate"), List.of());
    }

    @Descriptor("Mine pseudo boxes and masks (MaskImageNet-style): the best-scoring proposal per image, the top share per"
            + " class, as LVIS JSON for Detic; resumable")
    public MiningReport mine(
            @Descriptor("images folder: one sub-folder per class, or the root of --list paths") @Parameter(names = "--images", absentValue = NONE) String imagesDir,
            @Descriptor("LVIS JSON to write (state, summary and skipped lists go beside it)") @Parameter(names = "--out", absentValue = NONE) String out,
            @Descriptor("list file of 'IMAGE LABEL' lines instead of class folders") @Parameter(names = "--list", absentValue = NONE) String list,
            @Descriptor("class map of 'KEY NAME' lines naming folder or label keys") @Parameter(names = "--classes", absentValue = NONE) String classes,
            @Descriptor("mask proposer name (default: the highest-ranked, falling back to the next on an image it fails on; 'world' only when named)") @Parameter(names = "--proposer", absentValue = NONE) String proposer,
            @Descriptor("model package name or folder (default: the default model)") @Parameter(names = "--model", absentValue = NONE) String model,
            @Descriptor("share of each class's images to keep, in (0, 1] (default: the configured topShare, 0.36 as in the paper)") @Parameter(names = "--top-share", absentValue = "NaN") double topShare,
            @Descriptor("images worked on at the same time, 1..256 (default, or 0: the configured threads, 4)") @Parameter(names = "--threads", absentValue = "0") int threads,
            @Descriptor("prompt template with {} for the class name (default 'a {}')") @Parameter(names = "--template", absentValue = NONE) String template,
            @Descriptor("how masks are shown to the model: alpha (default), alpha-fill, ones, ones-fill, crop") @Parameter(names = "--scoring", absentValue = "alpha") String scoring,
            @Descriptor("score that picks and ranks masks: probability (default, among all classes) or cosine") @Parameter(names = "--rank", absentValue = "probability") String rank,
            @Descriptor("(no positional arguments)") String... extra) throws Exception {
        return explained(() -> {
            rejectExtra(getClass(), "ovd:mine", extra);
            require("--images", imagesDir);
            require("--out", out);
            String prompt = template(template);
            Representation representation = Representation.parse(scoring);
            Ranking ranking = Ranking.parse(rank);
            double share = MiningSettings.checkTopShare(Double.isNaN(topShare) ? config.topShare() : topShare);
            int threadCount = MiningSettings.checkThreads(threads == 0 ? config.threads() : threads);
            Path root = Path.of(imagesDir);
            Path classMap = classes.isEmpty() ? null : Path.of(classes);
            Dataset dataset = list.isEmpty() ? Dataset.fromFolders(root, classMap) : Dataset.fromList(root, Path.of(list), classMap);
            checkInstalled(proposer);
            try (EncoderLease lease = encoders.lease(model)) {
                MiningSettings settings = new MiningSettings(Path.of(out), share, threadCount, prompt,
                        lease.encoder().model().name(), proposer, representation, ranking);
                ZeroShotClassifier classifier = classifiers.classifier(lease.encoder(), dataset.classNames(), List.of(prompt));
                MaskScorer scorer = new MaskScorer(lease.encoder(), classifier, representation);
                return new MiningJob(dataset, settings, proposers, scorer, images, progress).run();
            }
        });
    }

    /** What {@code ovd:classifier} wrote, and what the user should know about it. */
    public record ClassifierExport(Path file, int classes, int dimensions, String model, String template,
            List<String> warnings) {
        @Override
        public String toString() {
            StringBuilder text = new StringBuilder("Wrote " + file + ": float32 [" + classes + ", " + dimensions
                    + "], one unit-length row per class of '" + template + "' prompts (model " + model
                    + "); Detic reads it as MODEL.ROI_BOX_HEAD.ZEROSHOT_WEIGHT_PATH");
            warnings.forEach(w -> text.append(System.lineSeparator()).append("warning: ").append(w));
            return text.toString();
        }
    }

    @Descriptor("Write Detic's zero-shot classifier: one unit-length text embedding per class, float32 .npy [classes, dim]")
    public ClassifierExport classifier(
            @Descriptor("vocabulary file: one class name per line") @Parameter(names = "--vocabulary", absentValue = NONE) String vocabulary,
            @Descriptor("output .npy file") @Parameter(names = "--out", absentValue = NONE) String out,
            @Descriptor("prompt template with {} for the class name (default 'a {}')") @Parameter(names = "--template", absentValue = NONE) String template,
            @Descriptor("model package name or folder (default: the default model)") @Parameter(names = "--model", absentValue = NONE) String model,
            @Descriptor("(no positional arguments)") String... extra) throws Exception {
        return explained(() -> {
            rejectExtra(getClass(), "ovd:classifier", extra);
            require("--vocabulary", vocabulary);
            require("--out", out);
            String prompt = template(template);
            Vocabulary names = Vocabulary.read(Path.of(vocabulary));
            try (EncoderLease lease = encoders.lease(model)) {
                ZeroShotClassifier classifier = classifiers.classifier(lease.encoder(), names.names(), List.of(prompt));
                Path file = Path.of(out).toAbsolutePath();
                Npy.write(file, classifier.rows());
                return new ClassifierExport(file, classifier.rows().length, classifier.rows()[0].length,
                        classifier.model(), prompt, PromptWarnings.truncated(classifier));
            }
        });
    }

    /** What {@code ovd:classify} found, and what the user should know about it. */
    public record Classification(Path image, List<RegionLabel> regions, Path picture, boolean json, List<String> warnings) {
        @Override
        public String toString() {
            if (json) {
                List<Map<String, Object>> rows = new ArrayList<>();
                for (RegionLabel r : regions) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("region", r.index());
                    row.put("source", r.query().source());
                    row.put("box", r.query().box());
                    row.put("label", r.best().label());
                    row.put("score", r.best().probability());
                    row.put("labels", r.labels());
                    rows.add(row);
                }
                Map<String, Object> result = new LinkedHashMap<>();
                result.put("image", image.toString());
                result.put("regions", rows);
                if (!warnings.isEmpty()) {
                    result.put("warnings", warnings);
                }
                return new GsonBuilder().disableHtmlEscaping().create().toJson(result);
            }
            int width = regions.stream().mapToInt(r -> r.best().label().length()).max().orElse(5);
            StringBuilder text = new StringBuilder();
            for (RegionLabel r : regions) {
                int[] b = r.query().box();
                String others = r.labels().stream().skip(1).map(s -> String.format(Locale.ROOT, "%s %.3f", s.label(),
                        s.probability())).collect(Collectors.joining(", "));
                text.append(String.format(Locale.ROOT, "%3d  %-" + width + "s  %.3f  box [%d,%d,%d,%d]  %s%s%n",
                        r.index(), r.best().label(), r.best().probability(), b[0], b[1], b[2], b[3], r.query().source(),
                        others.isEmpty() ? "" : "  (then " + others + ")"));
            }
            if (picture != null) {
                text.append("Wrote ").append(picture).append(System.lineSeparator());
            }
            warnings.forEach(w -> text.append("warning: ").append(w).append(System.lineSeparator()));
            return text.toString().stripTrailing();
        }
    }

    @Descriptor("Label the regions of an image with a vocabulary (Alpha-CLIP zero-shot); optionally draw them as PNG")
    public Classification classify(
            @Descriptor("image file") @Parameter(names = "--image", absentValue = NONE) String image,
            @Descriptor(RegionOptions.BOXES_HELP) @Parameter(names = "--boxes", absentValue = NONE) String boxes,
            @Descriptor("folder of mask images of the image's size") @Parameter(names = "--masks", absentValue = NONE) String masks,
            @Descriptor("mask proposer for automatic regions, used when no --boxes or --masks are given (default: the"
                    + " highest-ranked, falling back to the next if it fails)") @Parameter(names = "--proposer", absentValue = NONE) String proposer,
            @Descriptor("vocabulary file: one class name per line") @Parameter(names = "--vocabulary", absentValue = NONE) String vocabulary,
            @Descriptor("PNG to draw the labelled regions into") @Parameter(names = "--out", absentValue = NONE) String out,
            @Descriptor("prompt template with {} for the class name (default 'a {}')") @Parameter(names = "--template", absentValue = NONE) String template,
            @Descriptor("model package name or folder (default: the default model)") @Parameter(names = "--model", absentValue = NONE) String model,
            @Descriptor("labels shown per region, at least 1") @Parameter(names = "--top", absentValue = "3") int top,
            @Descriptor("print JSON") @Parameter(names = "--json", presentValue = "true", absentValue = "false") boolean json,
            @Descriptor("(no positional arguments)") String... extra) throws Exception {
        return explained(() -> {
            rejectExtra(getClass(), "ovd:classify", extra);
            require("--image", image);
            require("--vocabulary", vocabulary);
            int sources = (boxes.isEmpty() ? 0 : 1) + (masks.isEmpty() ? 0 : 1) + (proposer.isEmpty() ? 0 : 1);
            if (sources > 1) {
                throw new IllegalArgumentException("Give one of --boxes, --masks and --proposer");
            }
            int shown = atLeast("--top", top, 1);
            String prompt = template(template);
            Vocabulary names = Vocabulary.read(Path.of(vocabulary));
            RgbImage rgb = images.readImage(Path.of(image));
            List<RegionQuery> regions = !boxes.isEmpty() ? RegionSources.boxes(Path.of(boxes), rgb.width(), rgb.height())
                    : !masks.isEmpty() ? RegionSources.masks(Path.of(masks), images, rgb.width(), rgb.height()) : null;
            try (EncoderLease lease = encoders.lease(model)) {
                List<String> warnings = new ArrayList<>();
                if (regions == null) {
                    ProposalResult proposed = proposers.propose(proposer, rgb, ProposalRequest.automatic());
                    warnings.addAll(proposed.notes());
                    regions = RegionSources.proposals(proposed.proposals());
                    if (regions.isEmpty()) {
                        throw new ProposalException("Proposer " + proposed.proposer() + " found no regions in " + image);
                    }
                }
                ZeroShotClassifier classifier = classifiers.classifier(lease.encoder(), names.names(), List.of(prompt));
                warnings.addAll(0, PromptWarnings.truncated(classifier));
                List<RegionLabel> labels = new RegionClassifier(lease.encoder(), classifier).classify(rgb, regions, shown);
                Path picture = null;
                if (!out.isEmpty()) {
                    picture = Path.of(out).toAbsolutePath();
                    LabelPainter.write(rgb, labels, picture);
                }
                return new Classification(Path.of(image).toAbsolutePath(), labels, picture, json, warnings);
            }
        });
    }

    /** What {@code ovd:evaluate} measured, and by which rules. */
    public record Evaluation(Path truth, Path results, Rules rules, List<Summary> metrics, boolean json) {
        @Override
        public String toString() {
            if (json) {
                Map<String, Object> result = new LinkedHashMap<>();
                result.put("truth", truth.toString());
                result.put("results", results.toString());
                result.put("rules", rules.key());
                result.put("metrics", metrics);
                return new GsonBuilder().disableHtmlEscaping().create().toJson(result);
            }
            return metrics.stream().map(Summary::toString).collect(Collectors.joining(System.lineSeparator()))
                    + System.lineSeparator() + "(" + rules.description() + ")";
        }
    }

    @Descriptor("Box and mask AP/AR of results (or mined LVIS JSON) against ground truth: LVIS rules for an LVIS file, COCO rules otherwise")
    public Evaluation evaluate(
            @Descriptor("ground truth: COCO or LVIS annotation JSON (masks as RLE)") @Parameter(names = "--truth", absentValue = NONE) String truth,
            @Descriptor("results: COCO result list, or an annotation JSON with scores (e.g. ovd:mine's)") @Parameter(names = "--results", absentValue = NONE) String results,
            @Descriptor("print JSON") @Parameter(names = "--json", presentValue = "true", absentValue = "false") boolean json,
            @Descriptor("(no positional arguments)") String... extra) throws Exception {
        return explained(() -> {
            rejectExtra(getClass(), "ovd:evaluate", extra);
            require("--truth", truth);
            require("--results", results);
            AnnotationFile gt = AnnotationFile.read(Path.of(truth));
            AnnotationFile dt = AnnotationFile.read(Path.of(results));
            Rules rules = Rules.of(gt);
            List<IouType> types = hasMasks(gt.instances()) && hasMasks(dt.instances())
                    ? List.of(IouType.BOX, IouType.MASK) : List.of(IouType.BOX);
            List<Summary> metrics = new ArrayList<>();
            for (IouType type : types) {
                metrics.add(rules == Rules.LVIS ? LvisEvaluator.evaluate(gt, dt.instances(), type) : coco(gt, dt, type));
            }
            return new Evaluation(Path.of(truth).toAbsolutePath(), Path.of(results).toAbsolutePath(), rules, metrics, json);
        });
    }

    /** COCO's rules on the file's images and categories (those of its annotations when it does not list them). */
    private static Metrics coco(AnnotationFile gt, AnnotationFile dt, IouType type) {
        List<Long> imageIds = gt.imageIds().isEmpty() ? gt.instances().stream().map(Instance::imageId).distinct().toList()
                : gt.imageIds();
        List<Integer> categoryIds = gt.categoryIds().isEmpty()
                ? gt.instances().stream().map(Instance::categoryId).distinct().toList() : gt.categoryIds();
        return CocoEvaluator.evaluate(imageIds, categoryIds, gt.instances(), dt.instances(), type);
    }

    private static boolean hasMasks(List<Instance> instances) {
        return !instances.isEmpty() && instances.stream().allMatch(i -> i.mask() != null);
    }

    /** The prompt template: the option's, else the configured one; it must have {@code {}} for the class name. */
    private String template(String option) {
        return MiningSettings.checkTemplate(option.isEmpty() ? config.template() : option);
    }

    /**
     * Refuses a mining run before it starts when no proposer could answer: none is installed, the named one is
     * not, or none is named and every installed one answers only when named (each image would otherwise fail alike).
     */
    private void checkInstalled(String proposer) throws ProposalException {
        List<String> installed = proposers.names();
        if (installed.isEmpty()) {
            throw new ProposalException("No mask proposer is installed (the org.alphaclip.proposals bundle provides them)");
        }
        if (!proposer.isEmpty() && !installed.contains(proposer)) {
            throw new ProposalException("Mask proposer '" + proposer + "' is not installed; installed: "
                    + String.join(", ", installed));
        }
        if (proposer.isEmpty() && proposers.fallbackNames().isEmpty()) {
            throw new ProposalException("The installed mask proposers (" + String.join(", ", installed)
                    + ") answer only when named; give --proposer NAME");
        }
    }
}
