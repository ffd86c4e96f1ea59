package org.alphaclip.proposals.internal.segment;

import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.Polygon;
import java.awt.RenderingHints;
import java.awt.Shape;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.alphaclip.api.image.RgbImage;
import org.alphaclip.proposals.internal.mask.BinaryMask;

/**
 * Simple scenes drawn with Java2D for the classical proposer: a few uniformly coloured shapes (anti-aliased,
 * with mild sensor noise) on a plain, gradient, noise or texture background, with each shape's true mask.
 */
final class SimpleScenes {

    /** Backgrounds the scenes use. */
    enum Background { PLAIN, GRADIENT, NOISE, TEXTURE }

    /**
     * A drawn scene.
     *
     * @param image the picture
     * @param masks the visible pixels of each shape, in drawing order
     * @param background its background
     */
    record Scene(RgbImage image, List<BinaryMask> masks, Background background) {
    }

    private SimpleScenes() {
    }

    /** A 256 x 256 scene with a circle, a square and a triangle. */
    static Scene draw(Background background, long seed) {
        int size = 256;
        Random random = new Random(seed);
        BufferedImage picture = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = picture.createGraphics();
        paintBackground(g, picture, background, random);
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        List<Shape> shapes = List.of(
                new Ellipse2D.Double(30 + random.nextInt(20), 30 + random.nextInt(20), 70, 70),
                new Rectangle2D.Double(150 + random.nextInt(20), 40 + random.nextInt(20), 60, 60),
                new Polygon(new int[] {90, 150, 30}, new int[] {150, 230, 230}, 3));
        Color[] colours = {new Color(220, 40, 40), new Color(40, 70, 220), new Color(240, 200, 30)};
        for (int i = 0; i < shapes.size(); i++) {
            g.setColor(colours[i]);
            g.fill(shapes.get(i));
        }
        g.dispose();
        addNoise(picture, random, 4);
        List<BinaryMask> masks = new ArrayList<>();
        for (Shape shape : shapes) {
            boolean[] pixels = new boolean[size * size];
            for (int y = 0; y < size; y++) {
                for (int x = 0; x < size; x++) {
                    pixels[y * size + x] = shape.contains(x + 0.5, y + 0.5);
                }
            }
            masks.add(new BinaryMask(size, size, pixels));
        }
        return new Scene(toRgb(picture), masks, background);
    }

    private static void paintBackground(Graphics2D g, BufferedImage picture, Background background, Random random) {
        int size = picture.getWidth();
        switch (background) {
            case PLAIN -> {
                g.setColor(new Color(200, 200, 190));
                g.fillRect(0, 0, size, size);
            }
            case GRADIENT -> {
                g.setPaint(new GradientPaint(0, 0, new Color(170, 210, 170), size, size, new Color(90, 120, 150)));
                g.fillRect(0, 0, size, size);
            }
            case NOISE -> {
                double[][] grid = new double[6][6];
                for (double[] row : grid) {
                    for (int i = 0; i < row.length; i++) {
                        row[i] = random.nextDouble();
                    }
                }
                for (int y = 0; y < size; y++) {
                    for (int x = 0; x < size; x++) {
                        double gx = x / (size / 5.0);
                        double gy = y / (size / 5.0);
                        int ix = (int) gx;
                        int iy = (int) gy;
                        double fx = gx - ix;
                        double fy = gy - iy;
                        double v = (grid[iy][ix] * (1 - fx) + grid[iy][ix + 1] * fx) * (1 - fy)
                                + (grid[iy + 1][ix] * (1 - fx) + grid[iy + 1][ix + 1] * fx) * fy;
                        int level = (int) (120 + 80 * v);
                        picture.setRGB(x, y, new Color(level, level, (int) (level * 0.9)).getRGB());
                    }
                }
            }
            case TEXTURE -> {
                for (int y = 0; y < size; y++) {
                    for (int x = 0; x < size; x++) {
                        int level = ((x / 6 + y / 6) % 2 == 0) ? 175 : 150;
                        picture.setRGB(x, y, new Color(level, level, level).getRGB());
                    }
                }
            }
        }
    }

    private static void addNoise(BufferedImage picture, Random random, double sigma) {
        for (int y = 0; y < picture.getHeight(); y++) {
            for (int x = 0; x < picture.getWidth(); x++) {
                int rgb = picture.getRGB(x, y);
                int r = clamp(((rgb >> 16) & 0xFF) + random.nextGaussian() * sigma);
                int gr = clamp(((rgb >> 8) & 0xFF) + random.nextGaussian() * sigma);
                int b = clamp((rgb & 0xFF) + random.nextGaussian() * sigma);
                picture.setRGB(x, y, (r << 16) | (gr << 8) | b);
            }
        }
    }

    private static int clamp(double v) {
        return (int) Math.max(0, Math.min(255, Math.round(v)));
    }

    static RgbImage toRgb(BufferedImage picture) {
        int w = picture.getWidth();
        int h = picture.getHeight();
        byte[] rgb = new byte[w * h * 3];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int v = picture.getRGB(x, y);
                int i = (y * w + x) * 3;
                rgb[i] = (byte) (v >> 16);
                rgb[i + 1] = (byte) (v >> 8);
                rgb[i + 2] = (byte) v;
            }
        }
        return new RgbImage(w, h, rgb, null);
    }
}
