package org.alphaclip.mllm.internal.command;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.logging.Logger;
import java.util.stream.IntStream;

import org.alphaclip.api.AlphaClipEncoders;
import org.alphaclip.api.AlphaGeometry;
import org.alphaclip.api.EncoderLease;
import org.alphaclip.api.image.ImageReader;
import org.alphaclip.api.image.RgbImage;
import org.alphaclip.api.region.Region;
import org.alphaclip.api.task.Progress;
import org.alphaclip.api.task.ProgressReporting;
import org.alphaclip.api.tensor.FloatTensor;
import org.alphaclip.mllm.DecodingSettings;
import org.alphaclip.mllm.Generation;
import org.alphaclip.mllm.MultimodalModel;
import org.alphaclip.mllm.MultimodalModels;
import org.alphaclip.mllm.MultimodalPackageInfo;
import org.alphaclip.mllm.TokenListener;
import org.alphaclip.mllm.internal.eval.WorldEvaluation;
import org.alphaclip.mllm.internal.eval.WorldTask;
import org.alphaclip.mllm.internal.llava.DecodeBenchmark;
import org.alphaclip.mllm.internal.llava.LlavaModel;
import org.alphaclip.mllm.internal.pkg.PackageReader;
import org.alphaclip.sdk.command.CommandArguments;
import org.alphaclip.sdk.command.RegionOptions;
import org.alphaclip.sdk.io.PackageFolders;
import org.alphaclip.world.Scene;
import org.alphaclip.world.SceneGenerator;
import org.alphaclip.world.SceneGenerators;
import org.alphaclip.world.SceneSpec;
import org.alphaclip.world.SceneSplit;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * The {@code mllm:*} commands: {@code mllm:ask} answers a question about an image region, {@code mllm:caption}
 * captions it, {@code mllm:chat} holds a conversation about it in the shell, {@code mllm:eval} measures a captioner
 * trained on the synthetic world on its held-out scenes ({@link WorldEvaluation}), {@code mllm:bench} times a LLaVA
 * package's language model ({@link DecodeBenchmark}). Each finds the multimodal package
 * ({@link PackageFolders}), encodes the image and region with the encoder package it names ({@link EncodedImage}) and
 * streams the answer as it is generated. The model folders are the encoder packages' ({@code modelDirs} of
 * {@value #MODELS_PID}), so that both kinds of package live in {@code models/}.
 */
@Component(service = MllmCommands.class, configurationPid = MllmCommands.MODELS_PID,
        property = {"osgi.command.scope=mllm", "osgi.command.function=ask", "osgi.command.function=caption",
            "osgi.command.function=chat", "osgi.command.function=eval",
            "osgi.command.function=bench"})
public final class MllmCommands {

    /** The encoder packages' configuration, whose {@code modelDirs} these commands search as well. */
    static final String MODELS_PID = "org.alphaclip.models";
    /** BLIP-2 packages take a caption prompt as it is given. */
    static final String BLIP2 = "blip2";
    /** The caption prompt of BLIP-2 packages when {@code --prompt} is not given. */
    static final String DEFAULT_CAPTION_PROMPT = "a photo of";
    /** The question that asks a LLaVA package for a caption when {@code --prompt} is not given. */
    static final String CAPTION_QUESTION = "Describe the image in one short sentence.";
    /** The split of the scenes {@code mllm:eval} asks about: the held-out split the trainer evaluates on. */
    static final String EVAL_SPLIT = "test";

    private static final Logger LOG = Logger.getLogger("org.alphaclip.mllm");
    private static final String NONE = "";
    private static final String MODEL_HELP = "multimodal package: a folder, or a package name in models/ (default: the"
            + " only multimodal package there)";
    private static final String JSON_HELP = "print one JSON object {\"text\", \"tokens\", \"time_to_first_token_ms\","
            + " \"tokens_per_s\"} instead of streaming the answer";
    private static final String GEOMETRY_HELP = "reproduce the official README's squashed mask transform";

    /** Where multimodal packages are looked up by name: the encoder packages' folders. */
    @interface Config {
        /** Folders whose sub-folders are model packages; {@code ${alphaclip.home}} is the application folder. */
        String[] modelDirs() default {"${alphaclip.home}/models"};
    }

    private final MultimodalModels models;
    private final AlphaClipEncoders encoders;
    private final ImageReader images;
    private final PackageFolders folders;
    private final List<SceneGenerator> generators;
    private final ProgressReporting progress;

    /**
     * The commands over the platform's services.
     *
     * @param context for the application folder ({@code alphaclip.home})
     */
    @Activate
    public MllmCommands(BundleContext context, Config config, @Reference MultimodalModels models,
            @Reference AlphaClipEncoders encoders, @Reference ImageReader images,
            @Reference(service = SceneGenerator.class, cardinality = ReferenceCardinality.MULTIPLE,
                    policyOption = ReferencePolicyOption.GREEDY) List<SceneGenerator> generators,
            @Reference ProgressReporting progress) {
        this.models = models;
        this.generators = List.copyOf(generators);
        this.progress = progress;
        this.encoders = encoders;
        this.images = images;
        this.folders = PackageFolders.configured(context.getProperty("alphaclip.home"), config.modelDirs(),
                PackageReader.FORMAT, "multimodal");
    }

    @Descriptor("Answer a question about an image region (LLaVA: the v1 conversation prompt); the answer streams as it is"
            + " generated, greedy unless --temperature or --beams say otherwise")
    public Answer ask(CommandSession session,
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
            @Descriptor(GEOMETRY_HELP) @Parameter(names = "--official-geometry", presentValue = "true", absentValue = "false") boolean officialGeometry,
            @Descriptor(DecodingOptions.MAX_TOKENS_HELP) @Parameter(names = "--max-tokens", absentValue = DecodingOptions.DEFAULT_MAX_TOKENS) int maxTokens,
            @Descriptor(DecodingOptions.TEMPERATURE_HELP) @Parameter(names = "--temperature", absentValue = "0") double temperature,
            @Descriptor(DecodingOptions.TOP_P_HELP) @Parameter(names = "--top-p", absentValue = DecodingOptions.TOP_P_ABSENT) double topP,
            @Descriptor(DecodingOptions.BEAMS_HELP) @Parameter(names = "--beams", absentValue = "1") int beams,
            @Descriptor(DecodingOptions.SEED_HELP) @Parameter(names = "--seed", absentValue = "0") long seed,
            @Descriptor(JSON_HELP) @Parameter(names = "--json", presentValue = "true", absentValue = "false") boolean json,
            @Descriptor("the question; quote it: 'what is the highlighted object?'") String... question) throws Exception {
        String text = question(question);
        DecodingSettings settings = DecodingOptions.settings(maxTokens, temperature, topP, beams, seed);
        RegionOptions region = new RegionOptions(mask, box, points, radius, stroke, width, imageAlpha, threshold);
        return answer(session, model, image, region, officialGeometry, info -> text, settings, json);
    }

    @Descriptor("Caption an image region: BLIP-2 packages continue --prompt as given, LLaVA packages are asked for a"
            + " caption; the caption streams as it is generated")
    public Answer caption(CommandSession session,
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
            @Descriptor(GEOMETRY_HELP) @Parameter(names = "--official-geometry", presentValue = "true", absentValue = "false") boolean officialGeometry,
            @Descriptor("BLIP-2: the text the caption continues (default '" + DEFAULT_CAPTION_PROMPT + "'); LLaVA: the question"
                    + " (default '" + CAPTION_QUESTION + "')") @Parameter(names = "--prompt", absentValue = NONE) String prompt,
            @Descriptor(DecodingOptions.MAX_TOKENS_HELP) @Parameter(names = "--max-tokens", absentValue = DecodingOptions.DEFAULT_MAX_TOKENS) int maxTokens,
            @Descriptor(DecodingOptions.TEMPERATURE_HELP) @Parameter(names = "--temperature", absentValue = "0") double temperature,
            @Descriptor(DecodingOptions.TOP_P_HELP) @Parameter(names = "--top-p", absentValue = DecodingOptions.TOP_P_ABSENT) double topP,
            @Descriptor(DecodingOptions.BEAMS_HELP) @Parameter(names = "--beams", absentValue = "1") int beams,
            @Descriptor(DecodingOptions.SEED_HELP) @Parameter(names = "--seed", absentValue = "0") long seed,
            @Descriptor(JSON_HELP) @Parameter(names = "--json", presentValue = "true", absentValue = "false") boolean json,
            @Descriptor("(no positional arguments)") String... extra) throws Exception {
        CommandArguments.rejectExtra(getClass(), "mllm:caption", extra);
        if (!prompt.isEmpty() && prompt.isBlank()) {
            throw new IllegalArgumentException("--prompt is blank; leave it out for the default");
        }
        DecodingSettings settings = DecodingOptions.settings(maxTokens, temperature, topP, beams, seed);
        RegionOptions region = new RegionOptions(mask, box, points, radius, stroke, width, imageAlpha, threshold);
        return answer(session, model, image, region, officialGeometry, info -> captionPrompt(info, prompt), settings, json);
    }

    @Descriptor("Chat about an image region in the shell: type a question, the answer streams; the key/value cache is kept"
            + " between turns; an empty line or " + ChatConsole.EXIT + " ends the chat")
    public ChatConsole.Summary chat(CommandSession session,
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
            @Descriptor(GEOMETRY_HELP) @Parameter(names = "--official-geometry", presentValue = "true", absentValue = "false") boolean officialGeometry,
            @Descriptor(DecodingOptions.MAX_TOKENS_HELP) @Parameter(names = "--max-tokens", absentValue = DecodingOptions.DEFAULT_MAX_TOKENS) int maxTokens,
            @Descriptor(DecodingOptions.TEMPERATURE_HELP) @Parameter(names = "--temperature", absentValue = "0") double temperature,
            @Descriptor(DecodingOptions.TOP_P_HELP) @Parameter(names = "--top-p", absentValue = DecodingOptions.TOP_P_ABSENT) double topP,
            @Descriptor(DecodingOptions.BEAMS_HELP) @Parameter(names = "--beams", absentValue = "1") int beams,
            @Descriptor(DecodingOptions.SEED_HELP) @Parameter(names = "--seed", absentValue = "0") long seed,
            @Descriptor("(no positional arguments)") String... extra) throws Exception {
        CommandArguments.rejectExtra(getClass(), "mllm:chat", extra);
        DecodingSettings settings = DecodingOptions.settings(maxTokens, temperature, topP, beams, seed);
        RegionOptions region = new RegionOptions(mask, box, points, radius, stroke, width, imageAlpha, threshold);
        return withEncodedImage(model, image, region, officialGeometry, (opened, encoded) -> {
            PrintStream out = session.getConsole();
            encoded.warnings().forEach(w -> out.println("warning: " + w));
            BufferedReader in = new BufferedReader(new InputStreamReader(session.getKeyboard(), StandardCharsets.UTF_8));
            return ChatConsole.run(opened.startChat(encoded.tokens()), settings, in, out, streamingTo(out),
                    opened.info().contextLength());
        });
    }

    @Descriptor("Evaluate a LLaVA package trained on the synthetic world (the default captioner) on held-out scenes of each"
            + " renderer: how often the region caption names the highlighted object with the mask vs alpha all ones, VQA"
            + " exact match per question type, CIDEr-D and BLEU-4 of the region captions")
    public EvaluationReport eval(
            @Descriptor(MODEL_HELP) @Parameter(names = "--model", absentValue = NONE) String model,
            @Descriptor("renderers, comma-separated: raster, vector, painted or all") @Parameter(names = "--renderer", absentValue = "raster,vector") String renderer,
            @Descriptor("held-out scenes per renderer") @Parameter(names = "--scenes", absentValue = "100") int count,
            @Descriptor("dataset seed of the held-out scenes (split 'test', as world:generate --split test writes them)") @Parameter(names = "--seed", absentValue = "7") long seed,
            @Descriptor("image side of the scenes") @Parameter(names = "--size", absentValue = "256") int size,
            @Descriptor("questions and answers (default: the shipped " + WorldTask.TASKS_RESOURCE + ", the trainer's)") @Parameter(names = "--tasks", absentValue = NONE) String tasksFile,
            @Descriptor("print one JSON object instead of the table") @Parameter(names = "--json", presentValue = "true", absentValue = "false") boolean json,
            @Descriptor("(no positional arguments)") String... extra) throws Exception {
        CommandArguments.rejectExtra(getClass(), "mllm:eval", extra);
        CommandArguments.atLeast("--scenes", count, 1);
        SceneSpec spec = SceneSpec.DEFAULT.withSize(size);
        List<SceneGenerator> chosen = new SceneGenerators(generators).named(renderer);
        List<WorldTask> tasks = tasksFile.isEmpty() ? WorldTask.shipped() : readTasks(Path.of(tasksFile));
        return CommandArguments.explained(() -> {
            try (MultimodalModel opened = models.open(folders.resolve(model));
                    EncoderLease lease = EncodedImage.checkedLease(encoders, opened.info())) {
                WorldEvaluation.RegionEncoder encoder = (image, regions) -> {
                    FloatTensor states = EncodedImage.encodeAll(lease.encoder(), opened.info(), image, regions,
                            AlphaGeometry.ALIGNED).hiddenStates().get(opened.info().imageFeatures().layer());
                    List<FloatTensor> each = new ArrayList<>();
                    long[] shape = states.shape();
                    for (int i = 0; i < regions.size(); i++) {
                        each.add(new FloatTensor(new long[] {1, shape[1], shape[2]}, states.row(i)));
                    }
                    return each;
                };
                WorldEvaluation evaluation = new WorldEvaluation(opened, encoder, tasks);
                List<WorldEvaluation.Result> results = new ArrayList<>();
                for (SceneGenerator generator : chosen) {
                    SceneSplit split = new SceneSplit(seed, EVAL_SPLIT);
                    Iterable<Scene> scenes = () -> IntStream.range(0, count)
                            .mapToObj(i -> generator.generate(split.sceneSeed(i), spec)).iterator();
                    // --json output is for programs: one object on standard output, no progress bar before it
                    try (Progress bar = json ? null : progress.start("mllm:eval " + opened.info().name() + " "
                            + generator.renderer(), count, 0)) {
                        results.add(evaluation.run(generator.renderer(), scenes, scene -> {
                            if (bar != null) {
                                bar.advance(1);
                            }
                        }));
                    }
                }
                return new EvaluationReport(opened.info().name(), seed, results, json);
            }
        });
    }

    @Descriptor("Time a LLaVA package's language model at batch 1: time to first token and decode tokens/s with the key/value"
            + " cache and recomputing the prefix, against the memory-bandwidth bound; memory")
    public DecodeBenchmark.Report bench(
            @Descriptor(MODEL_HELP) @Parameter(names = "--model", absentValue = NONE) String model,
            @Descriptor("tokens generated per run (an end token does not stop a benchmark)") @Parameter(names = "--new-tokens", absentValue = "32") int newTokens,
            @Descriptor("measured runs per mode, after one warm-up run; the median is reported") @Parameter(names = "--runs", absentValue = "3") int runs,
            @Descriptor("(no positional arguments)") String... extra) throws Exception {
        CommandArguments.rejectExtra(getClass(), "mllm:bench", extra);
        return CommandArguments.explained(() -> {
            try (MultimodalModel opened = models.open(folders.resolve(model))) {
                if (!(opened instanceof LlavaModel llava)) {
                    throw new IllegalArgumentException("mllm:bench times LLaVA packages; " + opened.info().name() + " is a "
                            + opened.info().family() + " package");
                }
                return new DecodeBenchmark(llava, newTokens, runs).run();
            }
        });
    }


    private static List<WorldTask> readTasks(Path file) throws IOException {
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return WorldTask.read(in, file.toString());
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("--tasks " + file + " does not exist");
        }
    }

    /** Generates the answer about the image (streamed unless {@code json}). */
    private Answer answer(CommandSession session, String model, String image, RegionOptions region, boolean officialGeometry,
            Function<MultimodalPackageInfo, String> question, DecodingSettings settings, boolean json) throws Exception {
        return withEncodedImage(model, image, region, officialGeometry, (opened, encoded) -> {
            PrintStream out = session.getConsole();
            Generation generation = opened.generate(encoded.tokens(), question.apply(opened.info()), settings,
                    json ? TokenListener.NONE : streamingTo(out));
            if (json) {
                encoded.warnings().forEach(LOG::warning);
            } else {
                out.println();
            }
            return new Answer(generation, encoded.warnings(), json);
        });
    }

    /** What a command does with the opened package and the image tokens it takes. */
    @FunctionalInterface
    private interface ModelWork<T> {
        T run(MultimodalModel model, EncodedImage encoded) throws Exception;
    }

    /** Reads the region and image, opens the package, encodes the image for it, runs the work, closes the package. */
    private <T> T withEncodedImage(String model, String image, RegionOptions region, boolean officialGeometry,
            ModelWork<T> work) throws Exception {
        CommandArguments.require("--image", image);
        return CommandArguments.explained(() -> {
            Region where = region.toRegion(images);
            RgbImage rgb = images.readImage(Path.of(image));
            try (MultimodalModel opened = models.open(folders.resolve(model))) {
                return work.run(opened, EncodedImage.encode(encoders, opened.info(), rgb, where, geometry(officialGeometry)));
            }
        });
    }

    /**
     * The question of {@code mllm:ask}: the positional words joined by spaces; a word starting with {@code --} is an
     * option Gogo did not take (unknown, or given twice).
     */
    private String question(String[] words) {
        for (String word : words) {
            if (word.startsWith("--")) {
                CommandArguments.rejectExtra(getClass(), "mllm:ask", word);
            }
        }
        String text = String.join(" ", words).strip();
        if (text.isEmpty()) {
            throw new IllegalArgumentException("The question is empty: give it after the options, quoted, e.g. "
                    + "mllm:ask --image a.png --box 10,10,60,60 'what colour is it?'");
        }
        return text;
    }

    /** {@code --prompt} when given, else the default of the package's family. */
    private static String captionPrompt(MultimodalPackageInfo info, String prompt) {
        if (!prompt.isEmpty()) {
            return prompt;
        }
        return BLIP2.equals(info.family()) ? DEFAULT_CAPTION_PROMPT : CAPTION_QUESTION;
    }

    private static TokenListener streamingTo(PrintStream out) {
        return (id, text) -> {
            out.print(text);
            out.flush();
        };
    }

    private static AlphaGeometry geometry(boolean official) {
        return official ? AlphaGeometry.OFFICIAL_SQUASH : AlphaGeometry.ALIGNED;
    }
}
