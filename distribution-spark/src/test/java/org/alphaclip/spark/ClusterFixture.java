package org.alphaclip.spark;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import javax.imageio.ImageIO;

/**
 * Writes the inputs of {@code tools/spark/standalone-cluster-test.sh}: class folders of simple pictures (a coloured
 * shape and a distractor) with their class map, for {@code ovd-mine}, and an image list over the same pictures with
 * every third one boxed, plus one unreadable file, for {@code encode}.
 *
 * <pre>
 * java -cp ... org.alphaclip.spark.ClusterFixture OUT IMAGES_PER_CLASS
 * </pre>
 */
public final class ClusterFixture {

    private static final String[] CLASSES = {"red circle", "blue square", "green circle", "yellow square"};
    private static final Color[] COLOURS = {Color.RED, Color.BLUE, new Color(0, 160, 0), new Color(230, 200, 0)};

    private ClusterFixture() {
    }

    /** Writes the fixture to {@code args[0]} with {@code args[1]} images per class. */
    public static void main(String[] args) throws IOException {
        Path out = Path.of(args[0]);
        write(out, Integer.parseInt(args[1]));
        System.out.println("wrote " + (CLASSES.length * Integer.parseInt(args[1]) + 1) + " images under "
                + out.resolve("classes"));
    }

    /** Writes {@code classes/KEY/image-I.png}, {@code classes.txt} and {@code images.txt} under {@code out}. */
    static void write(Path out, int perClass) throws IOException {
        Random random = new Random(17);
        List<String> list = new ArrayList<>();
        StringBuilder classMap = new StringBuilder();
        for (int c = 0; c < CLASSES.length; c++) {
            String key = CLASSES[c].replace(' ', '_');
            classMap.append(key).append(' ').append(CLASSES[c]).append('\n');
            Path folder = Files.createDirectories(out.resolve("classes").resolve(key));
            for (int i = 0; i < perClass; i++) {
                Path file = folder.resolve("image-" + i + ".png");
                ImageIO.write(picture(random, c), "png", file.toFile());
                list.add(file.toAbsolutePath() + (i % 3 == 0 ? "\t8,8,72,72" : ""));
            }
        }
        Path broken = Files.writeString(out.resolve("classes").resolve(CLASSES[0].replace(' ', '_')).resolve("broken.png"),
                "not an image");
        list.add(broken.toAbsolutePath().toString());
        Files.writeString(out.resolve("classes.txt"), classMap);
        Files.write(out.resolve("images.txt"), list);
    }

    private static BufferedImage picture(Random random, int c) {
        BufferedImage image = new BufferedImage(96, 96, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(new Color(200 + random.nextInt(40), 200 + random.nextInt(40), 200 + random.nextInt(40)));
        g.fillRect(0, 0, 96, 96);
        g.setColor(COLOURS[(c + 1) % COLOURS.length]);
        g.fillRect(60 + random.nextInt(10), 8 + random.nextInt(10), 22, 22);
        g.setColor(COLOURS[c]);
        int x = 8 + random.nextInt(20);
        int y = 40 + random.nextInt(20);
        if (CLASSES[c].endsWith("circle")) {
            g.fillOval(x, y, 34, 34);
        } else {
            g.fillRect(x, y, 32, 32);
        }
        g.dispose();
        return image;
    }
}
