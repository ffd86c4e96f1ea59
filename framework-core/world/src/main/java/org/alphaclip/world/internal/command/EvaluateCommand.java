package org.alphaclip.world.internal.command;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import org.alphaclip.api.AlphaClipEncoders;
import org.alphaclip.api.EncoderLease;
import org.alphaclip.api.ZeroShotClassifiers;
import org.alphaclip.api.image.ImageReader;
import org.alphaclip.sdk.command.CommandArguments;
import org.alphaclip.world.Scene;
import org.alphaclip.world.SceneGenerator;
import org.alphaclip.world.SceneSpec;
import org.alphaclip.world.internal.Seeds;
import org.alphaclip.world.internal.dataset.DatasetReader;
import org.alphaclip.world.internal.eval.Evaluation;
import org.alphaclip.world.internal.eval.EvaluationReport;
import org.alphaclip.world.internal.eval.EvaluationTable;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * The {@code world:evaluate} command: region classification with the region as alpha versus the
 * paper's baselines, and whole-image recognition against the model before alpha fine-tuning, on
 * held-out scenes of each renderer or on a dataset folder.
 */
@Component(service = EvaluateCommand.class, property = {"osgi.command.scope=world", "osgi.command.function=evaluate"})
public final class EvaluateCommand {

    /** The split name of generated evaluation scenes, as {@code world:generate --split test} writes them. */
    static final String SPLIT = "test";

    private final AlphaClipEncoders encoders;
    private final ZeroShotClassifiers classifiers;
    private final ImageReader images;
    private final List<SceneGenerator> generators;

    /** A command over the encoders, the zero-shot classifiers, the image reader and the scene generators. */
    @Activate
    public EvaluateCommand(@Reference AlphaClipEncoders encoders, @Reference ZeroShotClassifiers classifiers,
            @Reference ImageReader images, @Reference(service = SceneGenerator.class, cardinality = ReferenceCardinality.MULTIPLE,
                    policyOption = ReferencePolicyOption.GREEDY) List<SceneGenerator> generators) {
        this.encoders = encoders;
        this.classifiers = classifiers;
        this.images = images;
        this.generators = List.copyOf(generators);
    }

    /** Evaluates a model on world scenes. */
    @Descriptor("Region classification (mask/box alpha vs whole image, crop, grey background, drawn ellipse) and "
            + "whole-image recognition vs the pre-alpha model, as in the paper's Tables 2 and 3")
    public EvaluationReport evaluate(
            @Descriptor("Alpha-CLIP model package name or folder (default: the default model)") @Parameter(names = "--model", absentValue = "") String model,
            @Descriptor("model before alpha fine-tuning, for the baseline column (e.g. shapes-clip-base)") @Parameter(names = "--base", absentValue = "") String base,
            @Descriptor("dataset folder written by world:generate (instead of generating scenes)") @Parameter(names = "--scenes", absentValue = "") String scenes,
            @Descriptor("seed of generated scenes (split 'test', as world:generate --split test)") @Parameter(names = "--seed", absentValue = "7") long seed,
            @Descriptor("number of scenes for region classification") @Parameter(names = "--count", absentValue = "300") int count,
            @Descriptor("number of single-object scenes for whole-image recognition (default: --count)") @Parameter(names = "--singles", absentValue = "-1") int singles,
            @Descriptor("renderer of generated scenes: raster, vector, painted (test-only style) or all") @Parameter(names = "--renderer", absentValue = "all") String renderer,
            @Descriptor("image side of generated scenes") @Parameter(names = "--size", absentValue = "256") int size,
            @Descriptor("(no positional arguments)") String... extra) throws Exception {
        CommandArguments.rejectExtra(getClass(), "world:evaluate", extra);
        CommandArguments.atLeast("--count", count, 1);
        if (singles == 0 || singles < -1) {
            throw new IllegalArgumentException("--singles must be at least 1 (or left out: as many as --count)");
        }
        int singleCount = singles == -1 ? count : singles;
        List<SceneGenerator> chosen = renderer.equals("all") ? sorted(generators)
                : List.of(Commands.generator(generators, renderer));
        SceneSpec spec = SceneSpec.DEFAULT.withSize(size);
        try (EncoderLease alpha = encoders.lease(model); EncoderLease pre = base.isEmpty() ? null : encoders.lease(base)) {
            Evaluation evaluation = new Evaluation(classifiers, alpha.encoder(), pre == null ? null : pre.encoder());
            if (!scenes.isEmpty()) {
                List<Scene> all = DatasetReader.read(Path.of(scenes), count, images);
                return new EvaluationReport(List.of(evaluation.run(scenes, all, all)));
            }
            List<EvaluationTable> tables = new ArrayList<>();
            for (SceneGenerator generator : chosen) {
                tables.add(evaluation.run(generator.renderer() + " renderer, seed " + seed,
                        generated(generator, seed, SPLIT, count, spec),
                        generated(generator, seed, SPLIT + "-single", singleCount, spec.withObjects(1, 1))));
            }
            return new EvaluationReport(tables);
        }
    }

    /** The scenes {@code world:generate --seed S --split SPLIT --count N} writes, generated on the fly. */
    static Iterable<Scene> generated(SceneGenerator generator, long seed, String split, int count, SceneSpec spec) {
        return () -> IntStream.range(0, count).mapToObj(i -> generator.generate(Seeds.scene(seed, split, i), spec)).iterator();
    }

    private static List<SceneGenerator> sorted(List<SceneGenerator> generators) {
        return generators.stream().sorted((a, b) -> a.renderer().compareTo(b.renderer())).toList();
    }
}
