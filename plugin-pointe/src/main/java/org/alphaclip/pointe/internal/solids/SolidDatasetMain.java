package org.alphaclip.pointe.internal.solids;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.alphaclip.api.tensor.FloatTensor;
import org.alphaclip.sdk.image.Pictures;
import org.alphaclip.sdk.io.AtomicFiles;
import org.alphaclip.sdk.io.Npy;
import org.alphaclip.world.SceneSplit;

import com.google.gson.Gson;

/**
 * Writes a dataset of the 3-D world from the command line, outside OSGi (the Point-E trainer calls it), in the layout
 * of the 2-D world's datasets ({@code scenes.jsonl}, {@code images/}, {@code masks/}) plus the solids' surfaces:
 *
 * <pre>
 * java -cp org.alphaclip.plugin.pointe.jar:org.alphaclip.world.jar:org.alphaclip.sdk.jar:org.alphaclip.core.api.jar:gson.jar \
 *     org.alphaclip.pointe.internal.solids.SolidDatasetMain --seed 1 --count 20000 --out data/solids-train \
 *     [--split train|test] [--size 128] [--objects 1-2] [--points 512] [--clouds 64]
 * </pre>
 *
 * Scene {@code i} is {@code SceneSplit(seed, split).sceneSeed(i)} with one or two solids (the count drawn from the
 * scene seed); {@code clouds/<solid>.npy} holds {@code --clouds} surface samples of {@code --points} points each.
 */
public final class SolidDatasetMain {

    private SolidDatasetMain() {
    }

    /** Parses the arguments, writes the dataset, exits with 2 on a usage error. */
    public static void main(String[] args) throws IOException {
        Map<String, String> o = new LinkedHashMap<>(Map.of("--split", "train", "--size", "128", "--objects", "1-2",
                "--points", "512", "--clouds", "64"));
        for (int i = 0; i + 1 < args.length; i += 2) {
            o.put(args[i], args[i + 1]);
        }
        if (!o.containsKey("--seed") || !o.containsKey("--count") || !o.containsKey("--out") || args.length % 2 != 0) {
            System.err.println("usage: SolidDatasetMain --seed S --count N --out DIR [--split train|test] [--size 128]"
                    + " [--objects 1-2] [--points 512] [--clouds 64]");
            System.exit(2);
            return;
        }
        String[] range = o.get("--objects").split("-");
        int fewest = Integer.parseInt(range[0]);
        int most = Integer.parseInt(range[range.length - 1]);
        write(Path.of(o.get("--out")), new SceneSplit(Long.parseLong(o.get("--seed")), o.get("--split")),
                Integer.parseInt(o.get("--count")), Integer.parseInt(o.get("--size")), fewest, most,
                Integer.parseInt(o.get("--points")), Integer.parseInt(o.get("--clouds")));
    }

    /** The number of solids of a scene seed, between {@code fewest} and {@code most}. */
    public static int objects(long sceneSeed, int fewest, int most) {
        return fewest + new SplittableRandom(sceneSeed ^ 0x5DEECE66DL).nextInt(most - fewest + 1);
    }

    static void write(Path out, SceneSplit split, int count, int size, int fewest, int most, int points, int clouds)
            throws IOException {
        Files.createDirectories(out.resolve("images"));
        Files.createDirectories(out.resolve("masks"));
        Files.createDirectories(out.resolve("clouds"));
        SolidSceneGenerator generator = new SolidSceneGenerator(size);
        Gson gson = new Gson();
        Path lines = out.resolve("scenes.jsonl");
        try (Writer writer = Files.newBufferedWriter(lines, StandardCharsets.UTF_8)) {
            for (int i = 0; i < count; i++) {
                long seed = split.sceneSeed(i);
                SolidScene scene = generator.generate(seed, objects(seed, fewest, most));
                String image = String.format("images/%06d.png", i);
                AtomicFiles.writePng(out.resolve(image), Pictures.toBufferedImage(scene.image()));
                List<Map<String, Object>> objects = new ArrayList<>();
                for (int k = 0; k < scene.objects().size(); k++) {
                    SolidObject object = scene.objects().get(k);
                    String mask = String.format("masks/%06d-%d.png", i, k);
                    AtomicFiles.writePng(out.resolve(mask), maskImage(object.mask(), size));
                    objects.add(Map.of("solid", object.solid().word(), "colour", object.colour().word(),
                            "rgb", SolidSceneGenerator.rgb(object.colour()), "label", object.label(), "mask", mask,
                            "box", object.box()));
                }
                writer.write(gson.toJson(Map.of("seed", seed, "image", image, "objects", objects)));
                writer.write('\n');
            }
        }
        SplittableRandom random = new SplittableRandom(split.sceneSeed(count));
        for (Solid solid : Solid.values()) {
            float[] all = new float[clouds * points * 3];
            for (int c = 0; c < clouds; c++) {
                System.arraycopy(solid.sample(points, random), 0, all, c * points * 3, points * 3);
            }
            Npy.write(out.resolve("clouds").resolve(solid.word() + ".npy"),
                    new FloatTensor(new long[] {clouds, points, 3}, all));
        }
        Files.writeString(out.resolve("dataset.json"), gson.toJson(Map.of("world", "solids", "count", count,
                "size", size, "split", split.name(), "seed", split.seed(), "points", points)));
        System.out.println("wrote " + count + " scenes to " + out);
    }

    private static BufferedImage maskImage(boolean[] mask, int size) {
        BufferedImage image = new BufferedImage(size, size, BufferedImage.TYPE_BYTE_GRAY);
        for (int p = 0; p < mask.length; p++) {
            image.getRaster().setSample(p % size, p / size, 0, mask[p] ? 255 : 0);
        }
        return image;
    }
}
