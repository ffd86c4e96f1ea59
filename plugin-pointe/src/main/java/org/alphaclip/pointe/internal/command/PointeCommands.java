package org.alphaclip.pointe.internal.command;

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
import org.alphaclip.api.image.ImageReader;
import org.alphaclip.api.image.RgbImage;
import org.alphaclip.api.model.InvalidModelException;
import org.alphaclip.api.region.Region;
import org.alphaclip.api.session.InferenceSessions;
import org.alphaclip.api.task.Progress;
import org.alphaclip.api.task.ProgressReporting;
import org.alphaclip.api.tensor.FloatTensor;
import org.alphaclip.pointe.PointCloud;
import org.alphaclip.pointe.PointCloudModel;
import org.alphaclip.pointe.PointCloudModels;
import org.alphaclip.pointe.PointePackageInfo;
import org.alphaclip.pointe.SamplingSettings;
import org.alphaclip.pointe.StageSettings;
import org.alphaclip.pointe.internal.eval.PointeEvaluation;
import org.alphaclip.pointe.internal.io.PlyFiles;
import org.alphaclip.pointe.internal.io.PointRenderer;
import org.alphaclip.pointe.internal.model.PointeBenchmark;
import org.alphaclip.pointe.internal.pipeline.GridTokens;
import org.alphaclip.pointe.internal.pkg.PackageReader;
import org.alphaclip.pointe.internal.pkg.PointePackage;
import org.alphaclip.pointe.internal.solids.SolidScene;
import org.alphaclip.pointe.internal.solids.SolidSceneGenerator;
import org.alphaclip.sdk.command.CommandArguments;
import org.alphaclip.sdk.command.RegionOptions;
import org.alphaclip.sdk.image.ContactSheet;
import org.alphaclip.sdk.image.Pictures;
import org.alphaclip.sdk.io.AtomicFiles;
import org.alphaclip.sdk.io.PackageFolders;
import org.alphaclip.sdk.io.ProcessMemory;
import org.alphaclip.sdk.session.EncoderLeases;
import org.alphaclip.world.SceneSplit;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The {@code pointe:*} commands: {@code pointe:generate} turns a highlighted region of an image into a coloured point
 * cloud. It finds the Point-E package ({@link PackageFolders}), encodes the image under the region with the encoder
 * package the package was exported on ({@link EncoderLeases}: the last layer's grid tokens, class token dropped,
 * channel-major), samples with a progress bar per stage, and writes the PLY, renders from several views and a sheet
 * with the source and its region. A stopped run (Ctrl-C) writes nothing. {@code pointe:eval} measures a model trained
 * on the 3-D world on held-out scenes ({@link PointeEvaluation}), {@code pointe:bench} times a package's transformers
 * against ONNX Runtime's MatMul rate ({@link PointeBenchmark}). The model folders are the encoder packages'
 * ({@code modelDirs} of {@value #MODELS_PID}).
 */
@Component(service = PointeCommands.class, configurationPid = PointeCommands.MODELS_PID,
        property = {"osgi.command.scope=pointe", "osgi.command.function=generate", "osgi.command.function=eval",
            "osgi.command.function=bench"})
public final class PointeCommands {

    /** The encoder packages' configuration, whose {@code modelDirs} these commands search as well. */
    static final String MODELS_PID = "org.alphaclip.models";

    private static final String NONE = "";
    private static final String MODEL_HELP = "Point-E package: a folder, or a package name in models/ (default: the only"
            + " Point-E package there)";

    /** Where Point-E packages are looked up by name: the encoder packages' folders. */
    @interface Config {
        /** Folders whose sub-folders are model packages; {@code ${alphaclip.home}} is the application folder. */
        String[] modelDirs() default {"${alphaclip.home}/models"};
    }

    private final PointCloudModels models;
    private final AlphaClipEncoders encoders;
    private final ImageReader images;
    private final ProgressReporting progress;
    private final PackageFolders folders;
    private final InferenceSessions sessions;

    /**
     * The commands over the platform's services.
     *
     * @param context for the application folder ({@code alphaclip.home})
     */
    @Activate
    public PointeCommands(BundleContext context, Config config, @Reference PointCloudModels models,
            @Reference AlphaClipEncoders encoders, @Reference ImageReader images, @Reference ProgressReporting progress,
            @Reference InferenceSessions sessions) {
        this.models = models;
        this.sessions = sessions;
        this.encoders = encoders;
        this.images = images;
        this.progress = progress;
        this.folders = PackageFolders.configured(context.getProperty("alphaclip.home"), config.modelDirs(),
                PackageReader.FORMAT, "Point-E");
    }

    @Descriptor("Make a coloured 3-D point cloud of a highlighted region: the image's Alpha-CLIP grid tokens under the"
            + " region condition Point-E; writes cloud.ply, view-N.png renders and sheet.png (the source with its region"
            + " beside the views); Ctrl-C stops and writes nothing")
    public PointCloudRun generate(
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
            @Descriptor("seed of the sampler's noise") @Parameter(names = "--seed", absentValue = "0") long seed,
            @Descriptor("Heun steps of each stage (default: the package's)") @Parameter(names = "--steps", absentValue = NONE) String steps,
            @Descriptor("classifier-free guidance scale of each stage; 0 or 1 runs unguided (default: the package's)") @Parameter(names = "--guidance", absentValue = NONE) String guidance,
            @Descriptor("stop after the base stage's points") @Parameter(names = "--no-upsample", presentValue = "true", absentValue = "false") boolean noUpsample,
            @Descriptor("rendered views around the cloud") @Parameter(names = "--views", absentValue = "4") int views,
            @Descriptor("side of each render in pixels") @Parameter(names = "--size", absentValue = "256") int size,
            @Descriptor("output folder (created if missing)") @Parameter(names = "--out", absentValue = NONE) String out,
            @Descriptor("(no positional arguments)") String... extra) throws Exception {
        CommandArguments.rejectExtra(getClass(), "pointe:generate", extra);
        CommandArguments.require("--image", image);
        CommandArguments.require("--out", out);
        CommandArguments.between("--views", views, 1, 36);
        CommandArguments.between("--size", size, 32, 2048);
        Integer stepCount = steps.isEmpty() ? null : CommandArguments.atLeast("--steps", CommandArguments.wholeNumber("--steps", steps), 1);
        Double scale = guidance.isEmpty() ? null : nonNegative(CommandArguments.finite("--guidance",
                CommandArguments.number("--guidance", guidance)), guidance);
        Path folder = Path.of(out);
        if (Files.exists(folder) && !Files.isDirectory(folder)) {
            throw new IllegalArgumentException("--out " + folder + " is a file; give a folder");
        }
        RegionOptions regionOptions = new RegionOptions(mask, box, points, radius, stroke, width, imageAlpha, threshold);
        return CommandArguments.explained(() -> {
            Region region = regionOptions.toRegion(images);
            RgbImage source = images.readImage(Path.of(image));
            try (PointCloudModel opened = models.open(folders.resolve(model))) {
                PointePackageInfo info = opened.info();
                SamplingSettings settings = new SamplingSettings(seed, !noUpsample && info.upsampler() != null,
                        adjust(info.base(), stepCount, scale), info.upsampler() == null ? null
                                : adjust(info.upsampler(), stepCount, scale));
                ImageEncoding encoding = encode(info, source, region, officialGeometry);
                FloatTensor grid = GridTokens.channelMajor(encoding.hiddenStates().get(info.gridLayer()), 0);
                long start = System.nanoTime();
                PointCloud cloud;
                int total = settings.base().steps() + (settings.upsample() ? settings.upsampler().steps() : 0);
                try (Progress bar = progress.start("pointe:generate " + info.name(), total, 0)) {
                    cloud = opened.generate(grid, settings, (stage, done, stageTotal) -> {
                        bar.status(stage);
                        bar.advance(1);
                    });
                } catch (InterruptedException e) {
                    return new PointCloudRun(info.name(), 0, null, List.of(), null, (System.nanoTime() - start) / 1e9,
                            encoding.warnings());
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                return write(info.name(), cloud, source, region, views, size, folder.toAbsolutePath(), seconds,
                        encoding.warnings());
            }
        });
    }

    @Descriptor("Evaluate a Point-E package trained on the 3-D world (the default model) on held-out two-solid scenes: how"
            + " often the geometric classifier names the highlighted solid's label in clouds made with its mask as alpha vs"
            + " with alpha all ones, and the Chamfer distance to the true solid")
    public EvaluationReport eval(
            @Descriptor(MODEL_HELP) @Parameter(names = "--model", absentValue = NONE) String model,
            @Descriptor("held-out scenes") @Parameter(names = "--scenes", absentValue = "50") int count,
            @Descriptor("seed of the held-out scenes (split 'test')") @Parameter(names = "--seed", absentValue = "7") long seed,
            @Descriptor("Heun steps (default: the package's)") @Parameter(names = "--steps", absentValue = NONE) String steps,
            @Descriptor("classifier-free guidance scale (default: the package's)") @Parameter(names = "--guidance", absentValue = NONE) String guidance,
            @Descriptor("print one JSON object instead of the table") @Parameter(names = "--json", presentValue = "true", absentValue = "false") boolean json,
            @Descriptor("(no positional arguments)") String... extra) throws Exception {
        CommandArguments.rejectExtra(getClass(), "pointe:eval", extra);
        CommandArguments.atLeast("--scenes", count, 1);
        Integer stepCount = steps.isEmpty() ? null : CommandArguments.atLeast("--steps", CommandArguments.wholeNumber("--steps", steps), 1);
        Double scale = guidance.isEmpty() ? null : nonNegative(CommandArguments.finite("--guidance",
                CommandArguments.number("--guidance", guidance)), guidance);
        return CommandArguments.explained(() -> {
            try (PointCloudModel opened = models.open(folders.resolve(model));
                    EncoderLease lease = exportedOn(opened.info())) {
                PointePackageInfo info = opened.info();
                SamplingSettings settings = new SamplingSettings(0, false, adjust(info.base(), stepCount, scale), null);
                PointeEvaluation evaluation = new PointeEvaluation(opened, lease.encoder(), settings);
                double classifier = evaluation.classifierOnTrueClouds(20, info.basePoints());
                SolidSceneGenerator generator = new SolidSceneGenerator(lease.encoder().model().preprocessing().resolution());
                SceneSplit split = new SceneSplit(seed, "test");
                Iterable<SolidScene> scenes = () -> IntStream.range(0, count)
                        .mapToObj(i -> generator.generate(split.sceneSeed(i), 2)).iterator();
                // --json output is for programs: one object on standard output, no progress bar before it
                try (Progress bar = json ? null : progress.start("pointe:eval " + info.name(), count, 0)) {
                    PointeEvaluation.Result result = evaluation.run(scenes, () -> {
                        if (bar != null) {
                            bar.advance(1);
                        }
                    });
                    return new EvaluationReport(info.name(), seed, settings, classifier, result, json);
                }
            }
        });
    }

    @Descriptor("Time a Point-E package's transformers on the shared sessions (one guided forward per stage) against ONNX"
            + " Runtime's own MatMul rate (the FLOP floor); seconds per cloud, base alone and with the upsampler; memory")
    public String bench(
            @Descriptor(MODEL_HELP) @Parameter(names = "--model", absentValue = NONE) String model,
            @Descriptor("measured runs per setting, after one warm-up run; the median is reported") @Parameter(names = "--runs", absentValue = "10") int runs,
            @Descriptor("Heun steps of the timed clouds (default: the package's)") @Parameter(names = "--steps", absentValue = NONE) String steps,
            @Descriptor("(no positional arguments)") String... extra) throws Exception {
        CommandArguments.rejectExtra(getClass(), "pointe:bench", extra);
        CommandArguments.atLeast("--runs", runs, 1);
        Integer stepCount = steps.isEmpty() ? null : CommandArguments.atLeast("--steps", CommandArguments.wholeNumber("--steps", steps), 1);
        return CommandArguments.explained(() -> {
            Path folder = folders.resolve(model);
            PointePackage pkg = PackageReader.read(folder);
            PointeBenchmark.Result result = new PointeBenchmark(sessions, pkg, runs).run();
            try (PointCloudModel opened = models.open(folder)) {
                PointePackageInfo info = opened.info();
                StageSettings base = adjust(info.base(), stepCount, null);
                StageSettings up = info.upsampler() == null ? null : adjust(info.upsampler(), stepCount, null);
                FloatTensor grid = new FloatTensor(new long[] {1, info.gridWidth(), info.gridTokens()},
                        new float[info.gridWidth() * info.gridTokens()]);
                List<String> names = new ArrayList<>(List.of("base"));
                List<Double> seconds = new ArrayList<>(List.of(secondsPerCloud(opened, grid, new SamplingSettings(1, false, base, up))));
                if (up != null) {
                    names.add("base + upsampler");
                    seconds.add(secondsPerCloud(opened, grid, new SamplingSettings(1, true, base, up)));
                }
                return PointeBenchmark.table(info.name(), result, names, seconds, 2 * base.steps() - 1,
                        ProcessMemory.now().residentBytes());
            }
        });
    }

    private static double secondsPerCloud(PointCloudModel model, FloatTensor grid, SamplingSettings settings)
            throws Exception {
        long start = System.nanoTime();
        model.generate(grid, settings, (stage, done, total) -> { });
        return (System.nanoTime() - start) / 1e9;
    }

    private static double nonNegative(double value, String text) {
        if (value < 0) {
            throw new IllegalArgumentException("--guidance must be at least 0, got " + text);
        }
        return value;
    }

    private static PointCloudRun write(String name, PointCloud cloud, RgbImage source, Region region, int views, int size,
            Path folder, double seconds, List<String> warnings) throws Exception {
        Files.createDirectories(folder);
        Path ply = folder.resolve("cloud.ply");
        PlyFiles.write(cloud, ply);
        List<RgbImage> renders = new ArrayList<>();
        List<Path> files = new ArrayList<>();
        int n = 1;
        for (PointRenderer.View view : PointRenderer.around(views)) {
            RgbImage render = PointRenderer.render(cloud, view, size);
            Path file = folder.resolve("view-" + n++ + ".png");
            AtomicFiles.writePng(file, Pictures.toBufferedImage(render));
            renders.add(render);
            files.add(file);
        }
        Path sheet = folder.resolve("sheet.png");
        ContactSheet.write(source, region, renders, sheet);
        return new PointCloudRun(name, cloud.size(), ply, files, sheet, seconds, warnings);
    }

    /** A stage's settings with the options' steps and guidance where given. */
    private static StageSettings adjust(StageSettings stage, Integer steps, Double guidance) {
        StageSettings adjusted = steps == null ? stage : stage.withSteps(steps);
        return guidance == null ? adjusted : adjusted.withGuidance(guidance);
    }

    /** The image's hidden states of the package's layer under the region, class token dropped. */
    private ImageEncoding encode(PointePackageInfo info, RgbImage image, Region region, boolean officialGeometry)
            throws Exception {
        try (EncoderLease lease = exportedOn(info)) {
            EncodeOptions options = EncodeOptions.DEFAULT.withHiddenLayers(info.gridLayer()).withClassToken(false)
                    .withAlphaGeometry(officialGeometry ? AlphaGeometry.OFFICIAL_SQUASH : AlphaGeometry.ALIGNED);
            return lease.encoder().encodeImages(List.of(new RegionImage(image, region)), options);
        }
    }

    /** The encoder package the Point-E package was exported on, its manifest checked. */
    private EncoderLease exportedOn(PointePackageInfo info) throws InvalidModelException {
        if (info.encoder() == null || info.encoderManifestSha256() == null) {
            throw new InvalidModelException("Point-E package " + info.name() + " names no encoder package"
                    + " (conditioning.encoder in its manifest): export it with --encoder");
        }
        return EncoderLeases.exportedOn(encoders, info.encoder(), info.encoderManifestSha256(),
                "Point-E package " + info.name(), "grid tokens");
    }
}
