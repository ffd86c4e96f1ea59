package org.alphaclip.rec.internal.testing;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import javax.imageio.ImageIO;

import org.alphaclip.api.image.RgbImage;
import org.alphaclip.api.region.Region;

/** Small synthetic scenes of coloured rectangles on grey, and datasets of them in the world's format. */
public final class Scenes {

    /** Red. */
    public static final int[] RED = {220, 40, 40};
    /** Blue. */
    public static final int[] BLUE = {40, 60, 220};
    /** Green. */
    public static final int[] GREEN = {40, 180, 60};

    /** One rectangle. */
    public record Thing(Region.Box box, int[] colour) {
    }

    private Scenes() {
    }

    /** A grey image with the rectangles drawn in order. */
    public static RgbImage draw(int width, int height, List<Thing> things) {
        byte[] rgb = new byte[width * height * 3];
        java.util.Arrays.fill(rgb, (byte) 128);
        for (Thing t : things) {
            for (int y = (int) t.box().y0(); y < (int) t.box().y1(); y++) {
                for (int x = (int) t.box().x0(); x < (int) t.box().x1(); x++) {
                    for (int c = 0; c < 3; c++) {
                        rgb[(y * width + x) * 3 + c] = (byte) t.colour()[c];
                    }
                }
            }
        }
        return new RgbImage(width, height, rgb, null);
    }

    /** Writes an image as PNG. */
    public static void writePng(RgbImage image, Path file) throws IOException {
        BufferedImage out = new BufferedImage(image.width(), image.height(), BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < image.height(); y++) {
            for (int x = 0; x < image.width(); x++) {
                int i = (y * image.width() + x) * 3;
                out.setRGB(x, y, (image.rgb()[i] & 0xFF) << 16 | (image.rgb()[i + 1] & 0xFF) << 8 | (image.rgb()[i + 2] & 0xFF));
            }
        }
        Files.createDirectories(file.getParent());
        ImageIO.write(out, "png", file.toFile());
    }

    /**
     * Writes a world-format dataset: every scene is {@code things} shifted right by {@code 2 * index}
     * pixels, with the given expressions (text and target index).
     */
    public static Path writeWorld(Path folder, int scenes, List<Thing> things, List<String> texts, List<Integer> targets)
            throws IOException {
        List<String> lines = new ArrayList<>();
        for (int s = 0; s < scenes; s++) {
            String id = String.format("test-%06d", s);
            List<Thing> shifted = new ArrayList<>();
            for (Thing t : things) {
                Region.Box b = t.box();
                shifted.add(new Thing(new Region.Box(b.x0() + 2 * s, b.y0(), b.x1() + 2 * s, b.y1()), t.colour()));
            }
            writePng(draw(160, 80, shifted), folder.resolve("images/" + id + ".png"));
            StringBuilder objects = new StringBuilder();
            for (int k = 0; k < shifted.size(); k++) {
                Region.Box b = shifted.get(k).box();
                String mask = "masks/" + id + "-" + k + ".png";
                writeMask(160, 80, b, folder.resolve(mask));
                objects.append(k == 0 ? "" : ", ").append(String.format(java.util.Locale.ROOT,
                        "{\"box\": [%d, %d, %d, %d], \"mask\": \"%s\"}", (int) b.x0(), (int) b.y0(), (int) b.x1(), (int) b.y1(), mask));
            }
            StringBuilder expressions = new StringBuilder();
            for (int e = 0; e < texts.size(); e++) {
                expressions.append(e == 0 ? "" : ", ").append("{\"text\": \"").append(texts.get(e)).append("\", \"target\": ")
                        .append(targets.get(e)).append('}');
            }
            lines.add("{\"id\": \"" + id + "\", \"image\": \"images/" + id + ".png\", \"objects\": [" + objects
                    + "], \"expressions\": [" + expressions + "]}");
        }
        Files.write(folder.resolve("scenes.jsonl"), lines, StandardCharsets.UTF_8);
        return folder;
    }

    private static void writeMask(int width, int height, Region.Box box, Path file) throws IOException {
        BufferedImage mask = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = (int) box.y0(); y < (int) box.y1(); y++) {
            for (int x = (int) box.x0(); x < (int) box.x1(); x++) {
                mask.getRaster().setSample(x, y, 0, 255);
            }
        }
        Files.createDirectories(file.getParent());
        ImageIO.write(mask, "png", file.toFile());
    }
}
