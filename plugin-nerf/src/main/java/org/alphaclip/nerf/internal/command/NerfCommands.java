package org.alphaclip.nerf.internal.command;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import org.alphaclip.api.AlphaClipEncoders;
import org.alphaclip.api.EncoderLease;
import org.alphaclip.api.gradient.DifferentiableEncoder;
import org.alphaclip.api.gradient.DifferentiableEncoders;
import org.alphaclip.api.task.Progress;
import org.alphaclip.api.task.ProgressReporting;
import org.alphaclip.nerf.NerfException;
import org.alphaclip.nerf.NerfListener;
import org.alphaclip.nerf.NerfObject;
import org.alphaclip.nerf.NerfSettings;
import org.alphaclip.nerf.TextTo3D;
import org.alphaclip.nerf.internal.eval.NerfEvaluation;
import org.alphaclip.nerf.internal.train.NerfOptimisation;
import org.alphaclip.nerf.internal.train.NerfState;
import org.alphaclip.nerf.internal.train.StepPhases;
import org.alphaclip.sdk.command.CommandArguments;
import org.alphaclip.sdk.io.ProcessMemory;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The {@code nerf:*} Gogo commands: make an object from a prompt, render a made object, the R-Precision evaluation
 * and the step benchmark.
 *
 * <pre>
 * g! nerf:create 'a red star' --out objects/red-star
 * g! nerf:render objects/red-star --views 16
 * </pre>
 */
@Component(service = NerfCommands.class, property = {"osgi.command.scope=nerf",
    "osgi.command.function=create", "osgi.command.function=render", "osgi.command.function=evaluate",
    "osgi.command.function=bench"})
public final class NerfCommands {

    private static final String NONE = "";
    /** Two shapes per colour, so that the colour alone does not retrieve the prompt. */
    private static final String DEFAULT_PROMPTS = "a red star,a red circle,a blue square,a blue triangle,a green star,"
            + "a green square,a yellow circle,a yellow triangle";
    private static final String MODEL_HELP = "Alpha-CLIP package guiding the optimisation (default: the default"
            + " model; it needs a TorchScript image tower)";

    private final TextTo3D textTo3D;
    private final AlphaClipEncoders encoders;
    private final DifferentiableEncoders differentiable;
    private final ProgressReporting progress;

    /** Uses the text-to-3D service, the encoders and the progress display. */
    @Activate
    public NerfCommands(@Reference TextTo3D textTo3D, @Reference AlphaClipEncoders encoders,
            @Reference DifferentiableEncoders differentiable, @Reference ProgressReporting progress) {
        this.textTo3D = textTo3D;
        this.encoders = encoders;
        this.differentiable = differentiable;
        this.progress = progress;
    }

    @Descriptor("Make a 3-D object from a text (PureCLIPNeRF guided by Alpha-CLIP with the rendered opacity as its"
            + " alpha): writes view-NN.png, turntable.gif, mesh.ply, mesh.obj, summary.json and checkpoint.nerf;"
            + " Ctrl-C keeps the finished steps and the same command resumes")
    public CreateResult create(
            @Descriptor(MODEL_HELP) @Parameter(names = "--model", absentValue = NONE) String model,
            @Descriptor("optimisation steps") @Parameter(names = "--iterations", absentValue = "300") int iterations,
            @Descriptor("rendered image side in pixels") @Parameter(names = "--resolution", absentValue = "64") int resolution,
            @Descriptor("final grid side in voxels") @Parameter(names = "--grid", absentValue = "48") int grid,
            @Descriptor("give the encoder alpha all ones instead of the rendered opacity") @Parameter(names = "--no-alpha", presentValue = "true", absentValue = "false") boolean noAlpha,
            @Descriptor("no random backgrounds behind the object") @Parameter(names = "--no-background-aug", presentValue = "true", absentValue = "false") boolean noBackgrounds,
            @Descriptor("DiffAugment copies per step") @Parameter(names = "--copies", absentValue = "4") int copies,
            @Descriptor("random backgrounds per copy") @Parameter(names = "--backgrounds", absentValue = "2") int backgrounds,
            @Descriptor("seed of the cameras and augmentations") @Parameter(names = "--seed", absentValue = "0") long seed,
            @Descriptor("steps between checkpoints") @Parameter(names = "--checkpoint-every", absentValue = "50") int checkpointEvery,
            @Descriptor("Adam's learning rate of the grids (official: 0.1 over 15000 steps)") @Parameter(names = "--lr", absentValue = "1.0") double learningRate,
            @Descriptor("output folder (created if missing; holding a checkpoint of the same run, it resumes)") @Parameter(names = "--out", absentValue = NONE) String out,
            @Descriptor("the prompt, e.g. 'a red star'") String... prompt) throws Exception {
        String text = prompt(prompt, "nerf:create");
        CommandArguments.require("--out", out);
        NerfSettings settings = settings(iterations, resolution, grid, !noAlpha, !noBackgrounds, copies, backgrounds,
                seed, checkpointEvery, model).withLearningRate(CommandArguments.between("--lr",
                        CommandArguments.finite("--lr", learningRate), 1e-6, 100));
        Path folder = folder(out);
        return CommandArguments.explained(() -> {
            try (Progress bar = progress.start("nerf:create '" + text + "'", settings.iterations(), 0)) {
                NerfObject object = textTo3D.create(text, settings, folder, bar(bar));
                return new CreateResult(object);
            }
        });
    }

    @Descriptor("Render a made object's turntable again (view-NN.png and turntable.gif in DIR/render-SIZE)")
    public List<Path> render(
            @Descriptor("views around the object") @Parameter(names = "--views", absentValue = "8") int views,
            @Descriptor("side of each view in pixels") @Parameter(names = "--size", absentValue = "128") int size,
            @Descriptor("the object's folder (made by nerf:create)") String... folder) throws Exception {
        if (folder.length != 1 || folder[0].startsWith("-")) {
            CommandArguments.rejectExtra(getClass(), "nerf:render", folder.length > 1 ? folder[1] : folder.length == 1
                    ? folder[0] : "");
            throw new IllegalArgumentException("nerf:render takes one object folder; type 'help nerf:render'");
        }
        return CommandArguments.explained(() -> textTo3D.render(Path.of(folder[0]).toAbsolutePath(), views, size));
    }

    @Descriptor("R-Precision of objects made for a prompt set (the paper's Table 14): Alpha-CLIP's alpha vs alpha all"
            + " ones, with and without background augmentation, scored by another model; writes objects.png and the"
            + " objects; objects already made are reused")
    public EvaluationReport evaluate(
            @Descriptor(MODEL_HELP) @Parameter(names = "--model", absentValue = NONE) String model,
            @Descriptor("the retrieval model (other than the guiding one)") @Parameter(names = "--retrieval", absentValue = "shapes-clip-base") String retrievalModel,
            @Descriptor("prompts, comma separated") @Parameter(names = "--prompts", absentValue = DEFAULT_PROMPTS) String prompts,
            @Descriptor("optimisation steps per object") @Parameter(names = "--iterations", absentValue = "300") int iterations,
            @Descriptor("rendered image side in pixels") @Parameter(names = "--resolution", absentValue = "64") int resolution,
            @Descriptor("final grid side in voxels") @Parameter(names = "--grid", absentValue = "48") int grid,
            @Descriptor("seed of the cameras and augmentations") @Parameter(names = "--seed", absentValue = "0") long seed,
            @Descriptor("output folder of the objects") @Parameter(names = "--out", absentValue = NONE) String out,
            @Descriptor("(no positional arguments)") String... extra) throws Exception {
        CommandArguments.rejectExtra(getClass(), "nerf:evaluate", extra);
        CommandArguments.require("--out", out);
        List<String> promptSet = Arrays.stream(prompts.split(",")).map(String::strip).filter(p -> !p.isEmpty())
                .distinct().toList();
        if (promptSet.size() < 2) {
            throw new IllegalArgumentException("--prompts needs at least two prompts to retrieve among, got "
                    + promptSet.size());
        }
        NerfSettings settings = settings(iterations, resolution, grid, true, true, 4, 2, seed, 50, model);
        Path folder = folder(out);
        return CommandArguments.explained(() -> {
            Files.createDirectories(folder);
            try (EncoderLease lease = encoders.lease(retrievalModel);
                    Progress bar = progress.start("nerf:evaluate", (long) iterations * promptSet.size()
                            * NerfEvaluation.CONDITIONS.size(), 0)) {
                NerfEvaluation evaluation = new NerfEvaluation(textTo3D, lease.encoder(), promptSet);
                List<NerfEvaluation.Row> rows = evaluation.run(settings, folder, step -> bar.advance(1));
                String table = NerfEvaluation.table(rows);
                Files.writeString(folder.resolve("evaluation.md"), table);
                return new EvaluationReport(promptSet, retrievalModel, rows, table);
            }
        });
    }

    @Descriptor("Time the optimisation steps: iterations per second split into rendering, augmentation, the"
            + " encoder's forward and backward pass, the renderer's backward pass and the update; resident memory")
    public String bench(
            @Descriptor(MODEL_HELP) @Parameter(names = "--model", absentValue = NONE) String model,
            @Descriptor("steps timed (after two warm-up steps)") @Parameter(names = "--steps", absentValue = "20") int steps,
            @Descriptor("rendered image side in pixels") @Parameter(names = "--resolution", absentValue = "64") int resolution,
            @Descriptor("grid side in voxels") @Parameter(names = "--grid", absentValue = "48") int grid,
            @Descriptor("(no positional arguments)") String... extra) throws Exception {
        CommandArguments.rejectExtra(getClass(), "nerf:bench", extra);
        CommandArguments.between("--steps", steps, 1, 10_000);
        NerfSettings settings = settings(1, resolution, grid, true, true, 4, 2, 0, 50, model);
        return CommandArguments.explained(() -> {
            float[] text;
            try (EncoderLease lease = encoders.lease(model)) {
                text = lease.encoder().encodeTexts(List.of("a red star"), false)[0];
            }
            try (DifferentiableEncoder encoder = differentiable.open(model)) {
                NerfOptimisation optimisation = new NerfOptimisation(settings, encoder, text);
                int batch = settings.copies() * settings.backgrounds();
                NerfState state = optimisation.start();
                StepPhases warmUp = new StepPhases();
                optimisation.step(state, warmUp);
                optimisation.step(state, warmUp);
                StepPhases phases = new StepPhases();
                long start = System.nanoTime();
                for (int i = 0; i < steps; i++) {
                    optimisation.step(state, phases);
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                StringBuilder table = new StringBuilder(String.format(Locale.ROOT,
                        "nerf:bench %s, %d px, %s grid (the final stage of a %d³ budget), batch of %d images, device %s%n",
                        encoder.model().name(), resolution, Arrays.toString(state.geometry().sizes()), grid, batch,
                        encoder.device()));
                table.append("  part                       ms / step\n");
                for (StepPhases.Phase phase : StepPhases.Phase.values()) {
                    table.append(String.format(Locale.ROOT, "  %-26s %9.1f%n", phase.name().toLowerCase(Locale.ROOT)
                            .replace('_', ' '), phases.millisPerStep(phase)));
                }
                table.append(String.format(Locale.ROOT, "  iterations / s             %9.2f%n", steps / seconds));
                ProcessMemory memory = ProcessMemory.now();
                table.append(String.format(Locale.ROOT, "  resident memory            %6.0f MB (peak %.0f MB)%n",
                        memory.residentBytes() / 1e6, memory.peakResidentBytes() / 1e6));
                return table.toString();
            }
        });
    }

    private static NerfSettings settings(int iterations, int resolution, int grid, boolean alpha, boolean backgrounds,
            int copies, int backgroundCount, long seed, int checkpointEvery, String model) {
        if (iterations <= 0) {
            throw new IllegalArgumentException("--iterations must be positive, got " + iterations);
        }
        CommandArguments.between("--resolution", resolution, 16, 1024);
        CommandArguments.between("--grid", grid, 8, 512);
        CommandArguments.between("--copies", copies, 1, 64);
        CommandArguments.between("--backgrounds", backgroundCount, 1, 64);
        CommandArguments.atLeast("--checkpoint-every", checkpointEvery, 1);
        return new NerfSettings(iterations, resolution, grid, alpha, backgrounds, copies, backgroundCount, seed,
                checkpointEvery, NerfSettings.defaults().learningRate(), model);
    }

    private static String prompt(String[] words, String command) {
        List<String> text = new ArrayList<>();
        for (String word : words) {
            if (word.startsWith("-")) {
                CommandArguments.rejectExtra(NerfCommands.class, command, word);
            }
            text.add(word);
        }
        String prompt = String.join(" ", text).strip();
        if (prompt.isEmpty()) {
            throw new IllegalArgumentException("The prompt is empty; say what to make, e.g. " + command
                    + " 'a red star' --out DIR");
        }
        return prompt;
    }

    private static Path folder(String out) {
        Path folder = Path.of(out).toAbsolutePath();
        if (Files.exists(folder) && !Files.isDirectory(folder)) {
            throw new IllegalArgumentException("--out " + folder + " is a file; give a folder");
        }
        return folder;
    }

    private static NerfListener bar(Progress bar) {
        return step -> {
            bar.status(String.format(Locale.ROOT, "loss %.3f cos %.3f grid %d", step.loss(), step.similarity(),
                    step.gridSize()));
            bar.advance(1);
        };
    }

    /** What nerf:create made, printed as a few lines. */
    public record CreateResult(NerfObject object) {
        @Override
        public String toString() {
            StringBuilder text = new StringBuilder(String.format(Locale.ROOT,
                    "'%s': %d steps%s in %.1f s, cosine to the prompt %.3f%n", object.prompt(), object.steps(),
                    object.resumedFrom() > 0 ? " (resumed from " + object.resumedFrom() + ")" : "", object.seconds(),
                    object.similarity()));
            for (Path file : object.files()) {
                text.append("  ").append(file).append('\n');
            }
            return text.toString().stripTrailing();
        }
    }

    /** What nerf:evaluate measured, printed as a table. */
    public record EvaluationReport(List<String> prompts, String retrievalModel, List<NerfEvaluation.Row> rows,
            String table) {
        /** Copies the lists. */
        public EvaluationReport {
            prompts = List.copyOf(prompts);
            rows = List.copyOf(rows);
        }

        @Override
        public String toString() {
            return "R-Precision by " + retrievalModel + " among " + prompts.size() + " prompts, "
                    + NerfEvaluation.VIEWS + " views per object\n" + table.stripTrailing();
        }
    }
}
