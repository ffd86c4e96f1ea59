package org.alphaclip.diffusion.internal.command;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import org.alphaclip.api.AlphaClipEncoders;
import org.alphaclip.api.AlphaGeometry;
import org.alphaclip.api.EncodeOptions;
import org.alphaclip.api.EncoderLease;
import org.alphaclip.api.ImageEncoding;
import org.alphaclip.api.RegionImage;
import org.alphaclip.api.ZeroShotClassifiers;
import org.alphaclip.api.image.ImageReader;
import org.alphaclip.api.image.RgbImage;
import org.alphaclip.api.model.InvalidModelException;
import org.alphaclip.api.region.Region;
import org.alphaclip.api.session.InferenceSessions;
import org.alphaclip.api.task.Progress;
import org.alphaclip.api.task.ProgressReporting;
import org.alphaclip.api.tensor.FloatTensor;
import org.alphaclip.diffusion.DenoisingListener;
import org.alphaclip.diffusion.DiffusionModel;
import org.alphaclip.diffusion.DiffusionModels;
import org.alphaclip.diffusion.DiffusionPackageInfo;
import org.alphaclip.diffusion.SubjectInputs;
import org.alphaclip.diffusion.SubjectPrompt;
import org.alphaclip.diffusion.VariationSettings;
import org.alphaclip.diffusion.internal.eval.VariationEvaluation;
import org.alphaclip.diffusion.internal.model.UNetBenchmark;
import org.alphaclip.diffusion.internal.pkg.DiffusionPackage;
import org.alphaclip.diffusion.internal.pkg.PackageReader;
import org.alphaclip.diffusion.internal.schedule.SchedulerKind;
import org.alphaclip.sdk.command.CommandArguments;
import org.alphaclip.sdk.command.RegionOptions;
import org.alphaclip.sdk.image.ContactSheet;
import org.alphaclip.sdk.image.Pictures;
import org.alphaclip.sdk.io.AtomicFiles;
import org.alphaclip.sdk.io.PackageFolders;
import org.alphaclip.sdk.io.ProcessMemory;
import org.alphaclip.sdk.session.EncoderLeases;
import org.alphaclip.world.Colour;
import org.alphaclip.world.Scene;
import org.alphaclip.world.SceneGenerator;
import org.alphaclip.world.SceneGenerators;
import org.alphaclip.world.SceneSpec;
import org.alphaclip.world.SceneSplit;
import org.alphaclip.world.Shape;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * The {@code diffusion:*} commands: {@code diffusion:vary} makes image variations of a highlighted region. It finds the
 * diffusion package ({@link PackageFolders}), encodes the image under the region with the encoder package the package
 * was exported on ({@link EncoderLeases}: pooled embedding, not normalised, as SD image variations take CLIP's), runs
 * the denoising loop once per seed with a progress bar, writes each variation as it finishes and then a
 * {@link ContactSheet}. Ctrl-C stops between steps and keeps the finished variations. {@code diffusion:subject} does
 * the same for a subject-driven (BLIP-Diffusion) package: the encoder's hidden states of the package's layer under the
 * region, the subject's name and a prompt go in. {@code diffusion:eval} measures
 * a model trained on the synthetic world on held-out scenes ({@link VariationEvaluation}), {@code diffusion:bench} times
 * a package's UNet against ONNX Runtime's MatMul rate ({@link UNetBenchmark}). The model folders are the
 * encoder packages' ({@code modelDirs} of {@value #MODELS_PID}).
 */
@Component(service = DiffusionCommands.class, configurationPid = DiffusionCommands.MODELS_PID,
        property = {"osgi.command.scope=diffusion", "osgi.command.function=vary", "osgi.command.function=subject",
            "osgi.command.function=eval", "osgi.command.function=bench"})
public final class DiffusionCommands {

    /** The encoder packages' configuration, whose {@code modelDirs} these commands search as well. */
    static final String MODELS_PID = "org.alphaclip.models";
    /** The contact sheet's file name in {@code --out}. */
    static final String CONTACT_SHEET = "contact-sheet.png";

    private static final String NONE = "";
    /** The absent value of options whose empty text means something (an empty negative prompt). */
    private static final String PACKAGE_DEFAULT = "\u0000package default";
    private static final String MODEL_HELP = "diffusion package: a folder, or a package name in models/ (default: the only"
            + " diffusion package there)";

    /** Where diffusion packages are looked up by name: the encoder packages' folders. */
    @interface Config {
        /** Folders whose sub-folders are model packages; {@code ${alphaclip.home}} is the application folder. */
        String[] modelDirs() default {"${alphaclip.home}/models"};
    }

    private final DiffusionModels models;
    private final AlphaClipEncoders encoders;
    private final ImageReader images;
    private final ProgressReporting progress;
    private final ZeroShotClassifiers classifiers;
    private final InferenceSessions sessions;
    private final List<SceneGenerator> generators;
    private final PackageFolders folders;

    /**
     * The commands over the platform's services.
     *
     * @param context for the application folder ({@code alphaclip.home})
     */
    @Activate
    public DiffusionCommands(BundleContext context, Config config, @Reference DiffusionModels models,
            @Reference AlphaClipEncoders encoders, @Reference ImageReader images, @Reference ProgressReporting progress,
            @Reference ZeroShotClassifiers classifiers, @Reference InferenceSessions sessions,
            @Reference(service = SceneGenerator.class, cardinality = ReferenceCardinality.MULTIPLE,
                    policyOption = ReferencePolicyOption.GREEDY) List<SceneGenerator> generators) {
        this.models = models;
        this.classifiers = classifiers;
        this.sessions = sessions;
        this.generators = List.copyOf(generators);
        this.encoders = encoders;
        this.images = images;
        this.progress = progress;
        this.folders = PackageFolders.configured(context.getProperty("alphaclip.home"), config.modelDirs(),
                PackageReader.FORMAT, "diffusion");
    }

    @Descriptor("Make image variations that follow a highlighted region: the image's Alpha-CLIP embedding under the region"
            + " conditions the diffusion model; writes variation-N.png as each finishes and contact-sheet.png (the source"
            + " with its region beside the variations); Ctrl-C stops between steps and keeps the finished ones")
    public VariationRun vary(
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
            @Descriptor("reproduce the official README's squashed mask transform") @Parameter(names = "--official-geometry", presentValue = "true", absentValue = "false") boolean officialGeometry,
            @Descriptor("denoising steps (default: the package's)") @Parameter(names = "--steps", absentValue = NONE) String steps,
            @Descriptor("classifier-free guidance scale; 1 or below runs unguided (default: the package's)") @Parameter(names = "--guidance", absentValue = NONE) String guidance,
            @Descriptor("seed of the first variation; variation N uses seed + N - 1") @Parameter(names = "--seed", absentValue = "0") long seed,
            @Descriptor("scheduler: pndm, ddim or euler (default: the package's)") @Parameter(names = "--scheduler", absentValue = NONE) String scheduler,
            @Descriptor("number of variations") @Parameter(names = "--count", absentValue = "4") int count,
            @Descriptor("output folder (created if missing)") @Parameter(names = "--out", absentValue = NONE) String out,
            @Descriptor("(no positional arguments)") String... extra) throws Exception {
        CommandArguments.rejectExtra(getClass(), "diffusion:vary", extra);
        CommandArguments.require("--image", image);
        CommandArguments.require("--out", out);
        CommandArguments.between("--count", count, 1, 100);
        Path folder = Path.of(out);
        if (Files.exists(folder) && !Files.isDirectory(folder)) {
            throw new IllegalArgumentException("--out " + folder + " is a file; give a folder");
        }
        RegionOptions regionOptions = new RegionOptions(mask, box, points, radius, stroke, width, imageAlpha, threshold);
        return CommandArguments.explained(() -> {
            Region region = regionOptions.toRegion(images);
            RgbImage source = images.readImage(Path.of(image));
            try (DiffusionModel opened = models.open(folders.resolve(model))) {
                DiffusionPackageInfo info = opened.info();
                VariationSettings settings = settings(info, steps, guidance, seed, scheduler);
                ImageEncoding encoding = encode(info, source, region, officialGeometry, EncodeOptions.DEFAULT);
                float[] embedding = encoding.embedding(0);
                Files.createDirectories(folder);
                return generate(opened, settings, encoding.warnings(), source, region, count, folder.toAbsolutePath(),
                        "diffusion:vary", "variation", "variation", (each, listener) -> opened.vary(embedding, each, listener));
            }
        });
    }

    @Descriptor("Generate a highlighted subject in a new scene with a subject-driven (BLIP-Diffusion) package: the encoder's"
            + " image tokens under the region and the subject's name go through the Q-Former into the prompt 'a <subject>"
            + " <prompt>'; writes subject-N.png as each finishes and contact-sheet.png; Ctrl-C stops between steps and keeps"
            + " the finished ones")
    public VariationRun subject(
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
            @Descriptor("reproduce the official README's squashed mask transform") @Parameter(names = "--official-geometry", presentValue = "true", absentValue = "false") boolean officialGeometry,
            @Descriptor("what the highlighted subject is, e.g. 'dog'") @Parameter(names = "--subject", absentValue = NONE) String subjectName,
            @Descriptor("what to call it in the new image (default: --subject)") @Parameter(names = "--target", absentValue = NONE) String target,
            @Descriptor("the scene, e.g. 'on the beach'") @Parameter(names = "--prompt", absentValue = NONE) String prompt,
            @Descriptor("the negative prompt (default: the package's, usually empty)") @Parameter(names = "--negative", absentValue = PACKAGE_DEFAULT) String negative,
            @Descriptor("times the prompt is repeated (default: the package's, 20)") @Parameter(names = "--repetitions", absentValue = "0") int repetitions,
            @Descriptor("denoising steps (default: the package's)") @Parameter(names = "--steps", absentValue = NONE) String steps,
            @Descriptor("classifier-free guidance scale; 1 or below runs unguided (default: the package's)") @Parameter(names = "--guidance", absentValue = NONE) String guidance,
            @Descriptor("seed of the first image; image N uses seed + N - 1") @Parameter(names = "--seed", absentValue = "0") long seed,
            @Descriptor("scheduler: pndm, ddim or euler (default: the package's)") @Parameter(names = "--scheduler", absentValue = NONE) String scheduler,
            @Descriptor("number of images") @Parameter(names = "--count", absentValue = "4") int count,
            @Descriptor("output folder (created if missing)") @Parameter(names = "--out", absentValue = NONE) String out,
            @Descriptor("(no positional arguments)") String... extra) throws Exception {
        CommandArguments.rejectExtra(getClass(), "diffusion:subject", extra);
        CommandArguments.require("--image", image);
        CommandArguments.require("--subject", subjectName);
        CommandArguments.require("--prompt", prompt);
        CommandArguments.require("--out", out);
        CommandArguments.between("--count", count, 1, 100);
        CommandArguments.atLeast("--repetitions", repetitions, 0);
        Path folder = Path.of(out);
        if (Files.exists(folder) && !Files.isDirectory(folder)) {
            throw new IllegalArgumentException("--out " + folder + " is a file; give a folder");
        }
        RegionOptions regionOptions = new RegionOptions(mask, box, points, radius, stroke, width, imageAlpha, threshold);
        return CommandArguments.explained(() -> {
            Region region = regionOptions.toRegion(images);
            RgbImage source = images.readImage(Path.of(image));
            try (DiffusionModel opened = models.open(folders.resolve(model))) {
                DiffusionPackageInfo info = opened.info();
                if (info.subject() == null) {
                    throw new IllegalArgumentException(info.name() + " is an image-variation package; diffusion:subject"
                            + " needs a subject-driven (BLIP-Diffusion) one, diffusion:vary runs this one");
                }
                VariationSettings settings = settings(info, steps, guidance, seed, scheduler);
                SubjectInputs inputs = info.subject();
                int layer = inputs.imageLayer();
                ImageEncoding encoding = encode(info, source, region, officialGeometry,
                        EncodeOptions.DEFAULT.withHiddenLayers(layer).withClassToken(true));
                SubjectPrompt request = new SubjectPrompt(encoding.hiddenStates().get(layer), subjectName,
                        target.isEmpty() ? subjectName : target, prompt,
                        PACKAGE_DEFAULT.equals(negative) ? inputs.negativePrompt() : negative,
                        repetitions == 0 ? inputs.promptRepetitions() : repetitions);
                Files.createDirectories(folder);
                return generate(opened, settings, encoding.warnings(), source, region, count, folder.toAbsolutePath(),
                        "diffusion:subject", "subject", "image", (each, listener) -> opened.subject(request, each, listener));
            }
        });
    }

    @Descriptor("Evaluate a diffusion package trained on the synthetic world (the default model) on held-out two-object"
            + " scenes of each renderer: how often the default classifier names the region's label in variations made with"
            + " the region vs with alpha all ones, the same for the true cut-outs, and the variations' diversity")
    public EvaluationReport eval(
            @Descriptor(MODEL_HELP) @Parameter(names = "--model", absentValue = NONE) String model,
            @Descriptor("renderers, comma-separated: raster, vector, painted or all") @Parameter(names = "--renderer", absentValue = "raster,vector") String renderer,
            @Descriptor("held-out scenes per renderer") @Parameter(names = "--scenes", absentValue = "50") int count,
            @Descriptor("variations per condition") @Parameter(names = "--variations", absentValue = "2") int variations,
            @Descriptor("dataset seed of the held-out scenes (split 'test', as world:generate --split test --objects 2)") @Parameter(names = "--seed", absentValue = "7") long seed,
            @Descriptor("denoising steps (default: the package's)") @Parameter(names = "--steps", absentValue = NONE) String steps,
            @Descriptor("classifier-free guidance scale (default: the package's)") @Parameter(names = "--guidance", absentValue = NONE) String guidance,
            @Descriptor("scheduler: pndm, ddim or euler (default: the package's)") @Parameter(names = "--scheduler", absentValue = NONE) String scheduler,
            @Descriptor("print one JSON object instead of the table") @Parameter(names = "--json", presentValue = "true", absentValue = "false") boolean json,
            @Descriptor("(no positional arguments)") String... extra) throws Exception {
        CommandArguments.rejectExtra(getClass(), "diffusion:eval", extra);
        CommandArguments.atLeast("--scenes", count, 1);
        CommandArguments.between("--variations", variations, 1, 16);
        List<SceneGenerator> chosen = new SceneGenerators(generators).named(renderer);
        return CommandArguments.explained(() -> {
            try (DiffusionModel opened = models.open(folders.resolve(model));
                    EncoderLease lease = exportedOn(opened.info())) {
                VariationSettings settings = settings(opened.info(), steps, guidance, 0, scheduler);
                List<String> labels = new ArrayList<>();
                for (Colour colour : Colour.values()) {
                    for (Shape shape : Shape.values()) {
                        labels.add(colour.word() + " " + shape.word());
                    }
                }
                VariationEvaluation evaluation = new VariationEvaluation(opened, lease.encoder(),
                        classifiers.classifier(lease.encoder(), labels, List.of()), settings, variations);
                SceneSpec spec = SceneSpec.DEFAULT.withObjects(2, 2);
                SceneSplit split = new SceneSplit(seed, "test");
                List<VariationEvaluation.Result> results = new ArrayList<>();
                for (SceneGenerator generator : chosen) {
                    Iterable<Scene> scenes = () -> IntStream.range(0, count)
                            .mapToObj(i -> generator.generate(split.sceneSeed(i), spec)).iterator();
                    // --json output is for programs: one object on standard output, no progress bar before it
                    try (Progress bar = json ? null : progress.start("diffusion:eval " + opened.info().name() + " "
                            + generator.renderer(), count, 0)) {
                        results.add(evaluation.run(generator.renderer(), scenes, scene -> {
                            if (bar != null) {
                                bar.advance(1);
                            }
                        }));
                    }
                }
                return new EvaluationReport(opened.info().name(), seed, settings, results, json);
            }
        });
    }

    @Descriptor("Time a diffusion package's UNet on the shared sessions: batch 1, the guidance pair batched and as two"
            + " calls, against ONNX Runtime's own MatMul rate (the FLOP floor); seconds per image; memory")
    public String bench(
            @Descriptor(MODEL_HELP) @Parameter(names = "--model", absentValue = NONE) String model,
            @Descriptor("measured runs per setting, after one warm-up run; the median is reported") @Parameter(names = "--runs", absentValue = "20") int runs,
            @Descriptor("(no positional arguments)") String... extra) throws Exception {
        CommandArguments.rejectExtra(getClass(), "diffusion:bench", extra);
        CommandArguments.atLeast("--runs", runs, 1);
        return CommandArguments.explained(() -> {
            Path folder = folders.resolve(model);
            DiffusionPackage pkg = PackageReader.read(folder);
            UNetBenchmark.Result result = new UNetBenchmark(sessions, pkg, runs).run();
            try (DiffusionModel opened = models.open(folder)) {
                VariationSettings settings = VariationSettings.defaults(opened.info());
                ImageMaker maker = benchmarkImage(opened);
                maker.make(settings, (done, total) -> { });
                long start = System.nanoTime();
                maker.make(settings.withSeed(1), (done, total) -> { });
                double seconds = (System.nanoTime() - start) / 1e9;
                return UNetBenchmark.table(opened.info().name(), result, seconds, settings.steps(), settings.guidance(),
                        ProcessMemory.now().residentBytes());
            }
        });
    }


    /**
     * The image the benchmark times: from a zero embedding, or for a subject-driven package from zero image tokens (a
     * 16 x 16 grid and the class token), the subject "dog" and the prompt "on the beach".
     */
    private static ImageMaker benchmarkImage(DiffusionModel model) {
        DiffusionPackageInfo info = model.info();
        if (!PackageReader.SUBJECT_DRIVEN.equals(info.pipeline())) {
            float[] embedding = new float[info.conditioningDim()];
            return (settings, listener) -> model.vary(embedding, settings, listener);
        }
        int tokens = 16 * 16 + 1;
        SubjectPrompt prompt = new SubjectPrompt(new FloatTensor(new long[] {1, tokens, info.conditioningDim()},
                new float[tokens * info.conditioningDim()]), "dog", "dog", "on the beach", "", 20);
        return (settings, listener) -> model.subject(prompt, settings, listener);
    }

    /** One image of a run under settings with its own seed. */
    private interface ImageMaker {
        RgbImage make(VariationSettings settings, DenoisingListener listener) throws Exception;
    }

    private VariationRun generate(DiffusionModel model, VariationSettings settings, List<String> warnings,
            RgbImage source, Region region, int count, Path folder, String command, String prefix, String noun,
            ImageMaker maker) throws Exception {
        long start = System.nanoTime();
        List<Path> written = new ArrayList<>();
        List<RgbImage> done = new ArrayList<>();
        boolean stopped = false;
        try (Progress bar = progress.start(command + " " + model.info().name(), (long) count * settings.steps(), 0)) {
            for (int n = 0; n < count; n++) {
                bar.status(prefix + " " + (n + 1) + " of " + count);
                RgbImage made;
                try {
                    made = maker.make(settings.withSeed(settings.seed() + n), (step, total) -> bar.advance(1));
                } catch (InterruptedException e) {
                    stopped = true;
                    break;
                }
                Path file = folder.resolve(prefix + "-" + (n + 1) + ".png");
                AtomicFiles.writePng(file, Pictures.toBufferedImage(made));
                written.add(file);
                done.add(made);
            }
        }
        Path sheet = null;
        if (!done.isEmpty()) {
            sheet = folder.resolve(CONTACT_SHEET);
            ContactSheet.write(source, region, done, sheet);
        }
        return new VariationRun(model.info().name(), noun, written, sheet,
                (System.nanoTime() - start) / 1e9, stopped, warnings);
    }

    /**
     * The image encoded under the region by the encoder the package was exported on (pooled embedding; hidden states as
     * the options ask).
     */
    private ImageEncoding encode(DiffusionPackageInfo info, RgbImage image, Region region, boolean officialGeometry,
            EncodeOptions base) throws Exception {
        try (EncoderLease lease = exportedOn(info)) {
            EncodeOptions options = base.withAlphaGeometry(officialGeometry
                    ? AlphaGeometry.OFFICIAL_SQUASH : AlphaGeometry.ALIGNED);
            return lease.encoder().encodeImages(List.of(new RegionImage(image, region)), options);
        }
    }

    /** The encoder package the diffusion package was exported on, its manifest checked. */
    private EncoderLease exportedOn(DiffusionPackageInfo info) throws InvalidModelException {
        if (info.encoder() == null || info.encoderManifestSha256() == null) {
            throw new InvalidModelException("Diffusion package " + info.name() + " names no encoder package"
                    + " (conditioning.encoder in its manifest): export it with --encoder");
        }
        return EncoderLeases.exportedOn(encoders, info.encoder(), info.encoderManifestSha256(),
                "Diffusion package " + info.name(), PackageReader.SUBJECT_DRIVEN.equals(info.pipeline())
                        ? "image tokens" : "conditioning embedding");
    }

    /** The settings of the options, the package's defaults where an option is left out. */
    private static VariationSettings settings(DiffusionPackageInfo info, String steps, String guidance, long seed,
            String scheduler) {
        int stepCount = info.defaultSteps();
        if (!steps.isEmpty()) {
            stepCount = CommandArguments.atLeast("--steps", CommandArguments.wholeNumber("--steps", steps), 1);
        }
        double scale = info.defaultGuidance();
        if (!guidance.isEmpty()) {
            scale = CommandArguments.finite("--guidance", CommandArguments.number("--guidance", guidance));
            if (scale < 0) {
                throw new IllegalArgumentException("--guidance must be at least 0, got " + guidance);
            }
        }
        if (!scheduler.isEmpty()) {
            SchedulerKind.of(scheduler);
        }
        return new VariationSettings(stepCount, scale, seed, scheduler);
    }
}
