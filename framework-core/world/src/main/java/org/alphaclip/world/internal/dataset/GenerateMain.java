package org.alphaclip.world.internal.dataset;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.alphaclip.world.SceneGenerator;
import org.alphaclip.world.SceneSpec;
import org.alphaclip.world.internal.Renderers;

/**
 * Writes a dataset from the command line, outside OSGi (the trainer calls it):
 *
 * <pre>
 * java -cp org.alphaclip.world.jar:gson.jar:org.alphaclip.core.api.jar \
 *     org.alphaclip.world.internal.dataset.GenerateMain --seed 1 --count 20000 --out data/train \
 *     [--split train|test] [--renderer raster|vector|painted] [--size 256] [--objects 1-4]
 * </pre>
 */
public final class GenerateMain {

    private GenerateMain() {
    }

    /** Parses the arguments, writes the dataset, exits with 2 on a usage error. */
    public static void main(String[] args) throws IOException {
        Map<String, String> options;
        try {
            options = parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            System.err.println("usage: GenerateMain --seed S --count N --out DIR [--split train|test]"
                    + " [--renderer raster|vector|painted] [--size 256] [--objects 1-4]");
            System.exit(2);
            return;
        }
        long seed = Long.parseLong(options.get("--seed"));
        int count = Integer.parseInt(options.get("--count"));
        Path out = Path.of(options.get("--out"));
        String split = options.getOrDefault("--split", "train");
        SceneGenerator generator = Renderers.generator(options.getOrDefault("--renderer", "raster"));
        String[] objects = options.getOrDefault("--objects", "1-" + SceneSpec.MAX_OBJECTS).split("-", 2);
        int min = Integer.parseInt(objects[0]);
        int max = objects.length == 2 ? Integer.parseInt(objects[1]) : min;
        SceneSpec spec = new SceneSpec(Integer.parseInt(options.getOrDefault("--size", "256")), min, max);
        long start = System.nanoTime();
        DatasetWriter.write(generator, seed, split, count, spec, out, done -> System.out.printf(
                "%s: %d/%d scenes (%.0f s)%n", out, done, count, (System.nanoTime() - start) / 1e9));
    }

    private static Map<String, String> parse(String[] args) {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String key = args[i];
            if (!key.matches("--(seed|count|out|split|renderer|size|objects)")) {
                throw new IllegalArgumentException("unknown option " + key);
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(key + " needs a value");
            }
            options.put(key, args[++i]);
        }
        for (String required : new String[] {"--seed", "--count", "--out"}) {
            if (!options.containsKey(required)) {
                throw new IllegalArgumentException(required + " is required");
            }
        }
        return options;
    }
}
