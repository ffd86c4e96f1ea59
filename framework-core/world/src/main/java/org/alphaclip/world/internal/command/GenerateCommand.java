package org.alphaclip.world.internal.command;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import org.alphaclip.sdk.command.CommandArguments;
import org.alphaclip.world.SceneGenerator;
import org.alphaclip.world.SceneSpec;
import org.alphaclip.world.internal.dataset.DatasetWriter;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/** The {@code world:generate} command: writes a dataset folder of PNG images, masks and scenes.jsonl. */
@Component(service = GenerateCommand.class, property = {"osgi.command.scope=world", "osgi.command.function=generate"})
public final class GenerateCommand {

    private final List<SceneGenerator> generators;

    /** A command over the registered scene generators. */
    @Activate
    public GenerateCommand(@Reference(service = SceneGenerator.class, cardinality = ReferenceCardinality.MULTIPLE,
            policyOption = ReferencePolicyOption.GREEDY) List<SceneGenerator> generators) {
        this.generators = List.copyOf(generators);
    }

    /**
     * What was written.
     *
     * @param scenes the scene list file
     * @param count scenes written
     * @param renderer the renderer
     * @param seconds time taken
     */
    public record Generated(Path scenes, int count, String renderer, double seconds) {
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "Wrote %d %s scenes to %s in %.1f s", count, renderer, scenes, seconds);
        }
    }

    /** Generates scenes into a folder. */
    @Descriptor("Generate a dataset of world scenes: images/, masks/ and scenes.jsonl (one JSON line per scene)")
    public Generated generate(
            @Descriptor("dataset seed; the same seed, split and options give identical files") @Parameter(names = "--seed", absentValue = "0") long seed,
            @Descriptor("number of scenes") @Parameter(names = "--count", absentValue = "100") int count,
            @Descriptor("output folder") @Parameter(names = "--out", absentValue = "") String out,
            @Descriptor("split name (train, test, ...): scene seeds differ per split") @Parameter(names = "--split", absentValue = "train") String split,
            @Descriptor("renderer: raster (training data), vector (held-out) or painted (held-out, test only)") @Parameter(names = "--renderer", absentValue = "raster") String renderer,
            @Descriptor("image side in pixels") @Parameter(names = "--size", absentValue = "256") int size,
            @Descriptor("objects per scene, e.g. 1-4 or 2") @Parameter(names = "--objects", absentValue = "1-4") String objects,
            @Descriptor("(no positional arguments)") String... extra) throws Exception {
        CommandArguments.rejectExtra(getClass(), "world:generate", extra);
        CommandArguments.require("--out", out);
        CommandArguments.atLeast("--count", count, 1);
        SceneGenerator generator = Commands.generator(generators, renderer);
        SceneSpec spec = Commands.objects(SceneSpec.DEFAULT.withSize(size), objects);
        long start = System.nanoTime();
        Path scenes = DatasetWriter.write(generator, seed, split, count, spec, Path.of(out).toAbsolutePath(), done -> { });
        return new Generated(scenes, count, generator.renderer(), (System.nanoTime() - start) / 1e9);
    }
}
