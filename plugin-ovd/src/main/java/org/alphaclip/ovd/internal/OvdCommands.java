package org.alphaclip.ovd.internal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import org.alphaclip.api.image.ImageReader;
import org.alphaclip.api.image.RgbImage;
import org.alphaclip.api.model.ModelPackages;
import org.alphaclip.api.proposal.MaskProposer;
import org.alphaclip.api.proposal.ProposalException;
import org.alphaclip.api.proposal.ProposalRequest;
import org.alphaclip.api.task.ProgressReporting;
import org.alphaclip.api.task.Task;
import org.alphaclip.api.task.TaskInfo;
import org.alphaclip.command.support.EncoderLease;
import org.alphaclip.ovd.internal.classify.LabelPainter;
import org.alphaclip.ovd.internal.classify.RegionClassifier;
import org.alphaclip.ovd.internal.classify.RegionLabel;
import org.alphaclip.ovd.internal.classify.RegionQuery;
import org.alphaclip.ovd.internal.classify.RegionSources;
import org.alphaclip.ovd.internal.classify.TextClassifier;
import org.alphaclip.ovd.internal.eval.AnnotationFile;
import org.alphaclip.ovd.internal.eval.CocoEvaluator;
import org.alphaclip.ovd.internal.eval.Instance;
import org.alphaclip.ovd.internal.eval.IouType;
import org.alphaclip.ovd.internal.eval.Metrics;
import org.alphaclip.ovd.internal.io.NpyFile;
import org.alphaclip.ovd.internal.io.Vocabulary;
import org.alphaclip.ovd.internal.mine.Dataset;
import org.alphaclip.ovd.internal.mine.MaskScorer;
import org.alphaclip.ovd.internal.mine.MiningJob;
import org.alphaclip.ovd.internal.mine.MiningReport;
import org.alphaclip.ovd.internal.mine.MiningSettings;
import org.alphaclip.ovd.internal.mine.Ranking;
import org.alphaclip.ovd.internal.mine.Representation;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

import com.google.gson.GsonBuilder;

import static org.alphaclip.command.support.CommandArguments.explained;
import static org.alphaclip.command.support.CommandArguments.number;
import static org.alphaclip.command.support.CommandArguments.positiveInteger;
import static org.alphaclip.command.support.CommandArguments.rejectExtra;
import static org.alphaclip.command.support.CommandArguments.require;

/**
 * The {@code ovd} task: describes itself as a {@link Task} and publishes the Gogo commands {@code ovd:mine}
 * (the MaskImageNet data engine), {@code ovd:classifier} (Detic's zero-shot classifier weights),
 * {@code ovd:classify} (open-vocabulary region labels) and {@code ovd:evaluate} (COCO box and mask AP/AR).
 *
 * <p>Encoders are looked up per command by model name (the default model when none is named); mask
 * proposers by {@value MaskProposer#PROPERTY_NAME}, or the highest {@code service.ranking} when none is named,
 * never the synthetic world's true masks ({@value #WORLD_PROPOSER}) unless named.
 */
@Component(service = {Task.class, OvdCommands.class}, configurationPid = OvdCommands.PID, property = {"osgi.command.scope=ovd",
    "osgi.command.function=mine", "osgi.command.function=classifier", "osgi.command.function=classify",
    "osgi.command.function=evaluate"})
@Designate(ocd = OvdCommands.Config.class)
public final class OvdCommands implements Task {

    /** The configuration PID ({@code etc/org.alphaclip.ovd.cfg}). */
    public static final String PID = "org.alphaclip.ovd";

    /** The proposer of the synthetic world's true masks: an upper bound, used only when named. */
    static final String WORLD_PROPOSER = "world";

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

    private final BundleContext context;
    private final Config config;
    private final ModelPackages models;
    private final ImageReader images;
    private final ProgressReporting progress;
    private final String version;

    /** The mask proposers, updated as they come and go. */
    @Reference(service = MaskProposer.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile List<ServiceReference<MaskProposer>> proposers = List.of();

    /** The commands over the platform's services. */
    @Activate
    public OvdCommands(BundleContext context, Config config, @Reference ModelPackages models,
            @Reference ImageReader images, @Reference ProgressReporting progress) {
        this.context = context;
        this.config = config;
        this.models = models;
        this.images = images;
        this.progress = progress;
        this.version = context.getBundle().getVersion().toString();
    }

    @Override
    public TaskInfo info() {
        return new TaskInfo("ovd", version, "Open-vocabulary detection data with Alpha-CLIP: MaskImageNet-style pseudo"
                + " boxes and masks, Detic classifier export, region classification, COCO AP/AR",
                List.of("ovd:mine", "ovd:classifier", "ovd:classify", "ovd:evaluate"), List.of());
    }

    @Descriptor("Mine pseudo boxes and masks (MaskImageNet-style): the best-scoring proposal per image, the top share per"
            + " class, as LVIS JSON for Detic; resumable")
    public MiningReport mine(
            @Descriptor("images folder: one sub-folder per class, or the root of --list paths") @Parameter(names = "--images", absentValue = NONE) String imagesDir,
            @Descriptor("LVIS JSON to write (state, summary and skipped lists go beside it)") @Parameter(names = "--out", absentValue = NONE) String out,
            @Descriptor("list file of 'IMAGE LABEL' lines instead of class folders") @Parameter(names = "--list", absentValue = NONE) String list,
            @Descriptor("class map of 'KEY NAME' lines naming folder or label keys") @Parameter(names = "--classes", absentValue = NONE) String classes,
            @Descriptor("mask proposer name (default: the highest-ranked; 'world' only when named)") @Parameter(names = "--proposer", absentValue = NONE) String proposer,
            @Descriptor("model package name or folder (default: the default model)") @Parameter(names = "--model", absentValue = NONE) String model,
            @Descriptor("share of each class's images to keep, in (0, 1] (default 0.36 as in the paper)") @Parameter(names = "--top-share", absentValue = NONE) String topShare,
            @Descriptor("images worked on at the same time (default 4)") @Parameter(names = "--threads", absentValue = NONE) String threads,
            @Descriptor("prompt template with {} for the class name (default 'a {}')") @Parameter(names = "--template", absentValue = NONE) String template,
            @Descriptor("how masks are shown to the model: alpha (default), alpha-fill, ones, ones-fill, crop") @Parameter(names = "--scoring", absentValue = "alpha") String scoring,
            @Descriptor("score that picks and ranks masks: probability (default, among all classes) or cosine") @Parameter(names = "--rank", absentValue = "probability") String rank,
            @Descriptor("(no positional arguments)") String... extra) throws Exception {
        return explained(() -> {
            rejectExtra("ovd:mine", extra);
            require("--images", imagesDir);
            require("--out", out);
            String prompt = template.isEmpty() ? config.template() : template;
            TextClassifier.checkTemplate(prompt);
            Representation representation = Representation.parse(scoring);
            Ranking ranking = Ranking.parse(rank);
            double share = topShare.isEmpty() ? config.topShare() : number("--top-share", topShare);
            int threadCount = threads.isEmpty() ? config.threads() : positiveInteger("--threads", threads);
            Path root = Path.of(imagesDir);
            Path classMap = classes.isEmpty() ? null : Path.of(classes);
            Dataset dataset = list.isEmpty() ? Dataset.fromFolders(root, classMap) : Dataset.fromList(root, Path.of(list), classMap);
            try (EncoderLease lease = EncoderLease.acquire(context, models, model); Lease<MaskProposer> masks = proposer(proposer)) {
                MiningSettings settings = new MiningSettings(Path.of(out), share, threadCount, prompt,
                        lease.encoder().model().name(), masks.service().name(), representation, ranking);
                TextClassifier classifier = TextClassifier.build(lease.encoder(), dataset.classNames(), prompt);
                MaskScorer scorer = new MaskScorer(lease.encoder(), classifier, representation);
                return new MiningJob(dataset, settings, masks.service(), scorer, images, progress).run();
            }
        });
    }

    /** What {@code ovd:classifier} wrote. */
    public record ClassifierExport(Path file, int classes, int dimensions, String model, String template) {
        @Override
        public String toString() {
            return "Wrote " + file + ": float32 [" + classes + ", " + dimensions + "], one unit-length row per class of '"
                    + template + "' prompts (model " + model + "); Detic reads it as MODEL.ROI_BOX_HEAD.ZEROSHOT_WEIGHT_PATH";
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
            rejectExtra("ovd:classifier", extra);
            require("--vocabulary", vocabulary);
            require("--out", out);
            String prompt = template.isEmpty() ? config.template() : template;
            TextClassifier.checkTemplate(prompt);
            Vocabulary names = Vocabulary.read(Path.of(vocabulary));
            try (EncoderLease lease = EncoderLease.acquire(context, models, model)) {
                TextClassifier classifier = TextClassifier.build(lease.encoder(), names.names(), prompt);
                Path file = Path.of(out).toAbsolutePath();
                NpyFile.write(file, classifier.rows());
                return new ClassifierExport(file, classifier.size(), classifier.rows()[0].length,
                        lease.encoder().model().name(), prompt);
            }
        });
    }

    /** What {@code ovd:classify} found. */
    public record Classification(Path image, List<RegionLabel> regions, Path picture, boolean json) {
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
                text.append("Wrote ").append(picture);
            }
            return text.toString().stripTrailing();
        }
    }

    @Descriptor("Label the regions of an image with a vocabulary (Alpha-CLIP zero-shot); optionally draw them as PNG")
    public Classification classify(
            @Descriptor("image file") @Parameter(names = "--image", absentValue = NONE) String image,
            @Descriptor("JSON array of boxes [x0, y0, x1, y1] or {\"bbox\": [x, y, w, h]}") @Parameter(names = "--boxes", absentValue = NONE) String boxes,
            @Descriptor("folder of mask images of the image's size") @Parameter(names = "--masks", absentValue = NONE) String masks,
            @Descriptor("mask proposer for automatic regions (the default when no regions are given)") @Parameter(names = "--proposer", absentValue = NONE) String proposer,
            @Descriptor("vocabulary file: one class name per line") @Parameter(names = "--vocabulary", absentValue = NONE) String vocabulary,
            @Descriptor("PNG to draw the labelled regions into") @Parameter(names = "--out", absentValue = NONE) String out,
            @Descriptor("prompt template with {} for the class name (default 'a {}')") @Parameter(names = "--template", absentValue = NONE) String template,
            @Descriptor("model package name or folder (default: the default model)") @Parameter(names = "--model", absentValue = NONE) String model,
            @Descriptor("labels shown per region") @Parameter(names = "--top", absentValue = "3") String top,
            @Descriptor("print JSON") @Parameter(names = "--json", presentValue = "true", absentValue = "false") boolean json,
            @Descriptor("(no positional arguments)") String... extra) throws Exception {
        return explained(() -> {
            rejectExtra("ovd:classify", extra);
            require("--image", image);
            require("--vocabulary", vocabulary);
            int sources = (boxes.isEmpty() ? 0 : 1) + (masks.isEmpty() ? 0 : 1) + (proposer.isEmpty() ? 0 : 1);
            if (sources > 1) {
                throw new IllegalArgumentException("Give one of --boxes, --masks and --proposer");
            }
            int shown = positiveInteger("--top", top);
            String prompt = template.isEmpty() ? config.template() : template;
            TextClassifier.checkTemplate(prompt);
            Vocabulary names = Vocabulary.read(Path.of(vocabulary));
            RgbImage rgb = images.readImage(Path.of(image));
            List<RegionQuery> regions;
            if (!boxes.isEmpty()) {
                regions = RegionSources.boxes(Path.of(boxes), rgb.width(), rgb.height());
            } else if (!masks.isEmpty()) {
                regions = RegionSources.masks(Path.of(masks), images, rgb.width(), rgb.height());
            } else {
                try (Lease<MaskProposer> p = proposer(proposer)) {
                    regions = RegionSources.proposals(p.service().propose(rgb, ProposalRequest.automatic()));
                    if (regions.isEmpty()) {
                        throw new ProposalException("Proposer " + p.service().name() + " found no regions in " + image);
                    }
                }
            }
            try (EncoderLease lease = EncoderLease.acquire(context, models, model)) {
                TextClassifier classifier = TextClassifier.build(lease.encoder(), names.names(), prompt);
                List<RegionLabel> labels = new RegionClassifier(lease.encoder(), classifier).classify(rgb, regions, shown);
                Path picture = null;
                if (!out.isEmpty()) {
                    picture = Path.of(out).toAbsolutePath();
                    LabelPainter.write(rgb, labels, picture);
                }
                return new Classification(Path.of(image).toAbsolutePath(), labels, picture, json);
            }
        });
    }

    /** What {@code ovd:evaluate} measured. */
    public record Evaluation(Path truth, Path results, List<Metrics> metrics, boolean json) {
        @Override
        public String toString() {
            if (json) {
                Map<String, Object> result = new LinkedHashMap<>();
                result.put("truth", truth.toString());
                result.put("results", results.toString());
                result.put("metrics", metrics);
                return new GsonBuilder().disableHtmlEscaping().create().toJson(result);
            }
            return metrics.stream().map(Metrics::toString).collect(Collectors.joining(System.lineSeparator()))
                    + System.lineSeparator() + "(COCO rules without crowd regions and area ranges)";
        }
    }

    @Descriptor("COCO-style box and mask AP/AR of results (or mined LVIS JSON) against ground truth (COCO/LVIS JSON)")
    public Evaluation evaluate(
            @Descriptor("ground truth: COCO or LVIS annotation JSON (masks as RLE)") @Parameter(names = "--truth", absentValue = NONE) String truth,
            @Descriptor("results: COCO result list, or an annotation JSON with scores (e.g. ovd:mine's)") @Parameter(names = "--results", absentValue = NONE) String results,
            @Descriptor("print JSON") @Parameter(names = "--json", presentValue = "true", absentValue = "false") boolean json,
            @Descriptor("(no positional arguments)") String... extra) throws Exception {
        return explained(() -> {
            rejectExtra("ovd:evaluate", extra);
            require("--truth", truth);
            require("--results", results);
            AnnotationFile gt = AnnotationFile.read(Path.of(truth));
            AnnotationFile dt = AnnotationFile.read(Path.of(results));
            List<Long> imageIds = gt.imageIds().isEmpty() ? gt.instances().stream().map(Instance::imageId).distinct().toList()
                    : gt.imageIds();
            List<Integer> categoryIds = gt.categoryIds().isEmpty()
                    ? gt.instances().stream().map(Instance::categoryId).distinct().toList() : gt.categoryIds();
            List<Metrics> metrics = new ArrayList<>();
            metrics.add(CocoEvaluator.evaluate(imageIds, categoryIds, gt.instances(), dt.instances(), IouType.BOX));
            if (hasMasks(gt.instances()) && hasMasks(dt.instances())) {
                metrics.add(CocoEvaluator.evaluate(imageIds, categoryIds, gt.instances(), dt.instances(), IouType.MASK));
            }
            return new Evaluation(Path.of(truth).toAbsolutePath(), Path.of(results).toAbsolutePath(), metrics, json);
        });
    }

    private static boolean hasMasks(List<Instance> instances) {
        return !instances.isEmpty() && instances.stream().allMatch(i -> i.mask() != null);
    }

    /** A service taken from the registry, given back on close. */
    private record Lease<T>(BundleContext context, ServiceReference<T> reference, T service) implements AutoCloseable {
        @Override
        public void close() {
            context.ungetService(reference);
        }
    }

    private Lease<MaskProposer> proposer(String name) throws ProposalException {
        List<ServiceReference<MaskProposer>> all = proposers;
        List<String> available = all.stream().map(r -> String.valueOf(r.getProperty(MaskProposer.PROPERTY_NAME)))
                .sorted().toList();
        return lease(choose(all, name), () -> new ProposalException(name.isEmpty()
                ? "No mask proposer is installed (besides 'world', which is used only when named); available: " + available
                : "No mask proposer '" + name + "'; available: " + available));
    }

    /**
     * The proposer named {@code name}, or when no name is given the highest-ranked one that is not
     * {@value #WORLD_PROPOSER}; among equals the framework's order decides (lower service id first).
     * {@code null} when there is none.
     */
    static <S> ServiceReference<S> choose(List<ServiceReference<S>> references, String name) {
        ServiceReference<S> chosen = null;
        for (ServiceReference<S> ref : references) {
            Object value = ref.getProperty(MaskProposer.PROPERTY_NAME);
            boolean eligible = name.isEmpty() ? !WORLD_PROPOSER.equals(value) : name.equals(value);
            if (eligible && (chosen == null || ref.compareTo(chosen) > 0)) {
                chosen = ref;
            }
        }
        return chosen;
    }

    private <T, E extends Exception> Lease<T> lease(ServiceReference<T> reference, ExceptionSupplier<E> missing) throws E {
        T service = reference == null ? null : context.getService(reference);
        if (service == null) {
            throw missing.get();
        }
        return new Lease<>(context, reference, service);
    }

    @FunctionalInterface
    private interface ExceptionSupplier<E extends Exception> {
        E get();
    }}
