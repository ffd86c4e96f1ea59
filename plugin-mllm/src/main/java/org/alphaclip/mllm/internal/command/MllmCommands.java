package org.alphaclip.mllm.internal.command;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.logging.Logger;

import org.alphaclip.api.AlphaClipEncoders;
import org.alphaclip.api.AlphaGeometry;
import org.alphaclip.api.image.ImageReader;
import org.alphaclip.api.image.RgbImage;
import org.alphaclip.api.region.Region;
import org.alphaclip.mllm.DecodingSettings;
import org.alphaclip.mllm.Generation;
import org.alphaclip.mllm.MultimodalModel;
import org.alphaclip.mllm.MultimodalModels;
import org.alphaclip.mllm.MultimodalPackageInfo;
import org.alphaclip.mllm.TokenListener;
import org.alphaclip.sdk.command.CommandArguments;
import org.alphaclip.sdk.command.RegionOptions;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The {@code mllm:*} commands: {@code mllm:ask} answers a question about an image region, {@code mllm:caption}
 * captions it, {@code mllm:chat} holds a conversation about it in the shell. Each finds the multimodal package
 * ({@link PackageFolders}), encodes the image and region with the encoder package it names ({@link EncodedImage}) and
 * streams the answer as it is generated. The model folders are the encoder packages' ({@code modelDirs} of
 * {@value #MODELS_PID}), so that both kinds of package live in {@code models/}.
 */
@Component(service = MllmCommands.class, configurationPid = MllmCommands.MODELS_PID,
        property = {"osgi.command.scope=mllm", "osgi.command.function=ask", "osgi.command.function=caption",
            "osgi.command.function=chat"})
public final class MllmCommands {

    /** The encoder packages' configuration, whose {@code modelDirs} these commands search as well. */
    static final String MODELS_PID = "org.alphaclip.models";
    /** BLIP-2 packages take a caption prompt as it is given. */
    static final String BLIP2 = "blip2";
    /** The caption prompt of BLIP-2 packages when {@code --prompt} is not given. */
    static final String DEFAULT_CAPTION_PROMPT = "a photo of";
    /** The question that asks a LLaVA package for a caption when {@code --prompt} is not given. */
    static final String CAPTION_QUESTION = "Describe the image in one short sentence.";

    private static final Logger LOG = Logger.getLogger("org.alphaclip.mllm");
    private static final String NONE = "";
    private static final String MODEL_HELP = "multimodal package: a folder, or a package name in models/ (default: the"
            + " only multimodal package there)";
    private static final String JSON_HELP = "print one JSON object {\"text\", \"tokens\", \"time_to_first_token_ms\","
            + " \"tokens_per_s\"} instead of streaming the answer";
    private static final String GEOMETRY_HELP = "reproduce the official README's squashed mask transform";
    private static final String HOME = "${alphaclip.home}";

    /** Where multimodal packages are looked up by name: the encoder packages' folders. */
    @interface Config {
        /** Folders whose sub-folders are model packages; {@code ${alphaclip.home}} is the application folder. */
        String[] modelDirs() default {"${alphaclip.home}/models"};
    }

    private final MultimodalModels models;
    private final AlphaClipEncoders encoders;
    private final ImageReader images;
    private final PackageFolders folders;

    /**
     * The commands over the platform's services.
     *
     * @param context for the application folder ({@code alphaclip.home})
     */
    @Activate
    public MllmCommands(BundleContext context, Config config, @Reference MultimodalModels models,
            @Reference AlphaClipEncoders encoders, @Reference ImageReader images) {
        this.models = models;
        this.encoders = encoders;
        this.images = images;
        String home = context.getProperty("alphaclip.home");
        List<Path> dirs = new ArrayList<>();
        for (String dir : config.modelDirs()) {
            if (home != null || !dir.contains(HOME)) {
                dirs.add(Path.of(dir.replace(HOME, home == null ? NONE : home)));
            }
        }
        this.folders = new PackageFolders(dirs);
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
