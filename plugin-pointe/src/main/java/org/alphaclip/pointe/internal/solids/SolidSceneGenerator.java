package org.alphaclip.pointe.internal.solids;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import org.alphaclip.api.image.RgbImage;
import org.alphaclip.world.Colour;

/**
 * Scenes of one or two coloured solids, reproducible from a seed: a light plain or graded background; each solid a
 * random kind and colour, placed apart from the other, drawn by marching orthographic rays from 30 degrees above the
 * horizon through its distance function and shaded by one light (Lambert, with ambient light). A solid drawn later
 * hides what it covers of an earlier one; each keeps the mask of its visible pixels.
 */
public final class SolidSceneGenerator {

    private static final double ELEVATION = Math.toRadians(30);
    private static final double[] LIGHT = normalise(-0.45, -0.6, 0.65);
    private static final int MARCH_STEPS = 64;

    /** The base colour of each world colour, RGB. */
    public static int[] rgb(Colour colour) {
        return switch (colour) {
            case RED -> new int[] {214, 40, 40};
            case GREEN -> new int[] {46, 160, 67};
            case BLUE -> new int[] {40, 90, 220};
            case YELLOW -> new int[] {235, 200, 35};
            case PURPLE -> new int[] {140, 60, 180};
        };
    }

    private final int size;

    /** A generator of square images of {@code size} pixels. */
    public SolidSceneGenerator(int size) {
        this.size = size;
    }

    /** The scene of a seed with {@code objects} solids (1 or 2). */
    public SolidScene generate(long seed, int objects) {
        if (objects < 1 || objects > 2) {
            throw new IllegalArgumentException("a scene holds 1 or 2 solids, got " + objects);
        }
        SplittableRandom random = new SplittableRandom(seed);
        byte[] rgb = background(random);
        int[] owner = new int[size * size];
        Arrays.fill(owner, -1);
        List<Solid> kinds = new ArrayList<>();
        List<Colour> colours = new ArrayList<>();
        double side = objects == 1 ? random.nextDouble(0.45, 0.7) : random.nextDouble(0.36, 0.46);
        boolean leftFirst = random.nextBoolean();
        for (int k = 0; k < objects; k++) {
            Solid solid = Solid.values()[random.nextInt(Solid.values().length)];
            Colour colour = Colour.values()[random.nextInt(Colour.values().length)];
            double scale = side * size * random.nextDouble(0.9, 1.1);
            double cx;
            double cy = size * random.nextDouble(0.4, 0.6);
            if (objects == 1) {
                cx = size * random.nextDouble(0.4, 0.6);
            } else {
                boolean left = (k == 0) == leftFirst;
                cx = size * (left ? random.nextDouble(0.24, 0.32) : random.nextDouble(0.68, 0.76));
            }
            draw(solid, rgb(colour), cx, cy, scale, rgb, owner, k);
            kinds.add(solid);
            colours.add(colour);
        }
        List<SolidObject> list = new ArrayList<>();
        for (int k = 0; k < objects; k++) {
            boolean[] mask = new boolean[size * size];
            int[] box = {size, size, 0, 0};
            for (int p = 0; p < mask.length; p++) {
                if (owner[p] == k) {
                    mask[p] = true;
                    int x = p % size;
                    int y = p / size;
                    box[0] = Math.min(box[0], x);
                    box[1] = Math.min(box[1], y);
                    box[2] = Math.max(box[2], x + 1);
                    box[3] = Math.max(box[3], y + 1);
                }
            }
            list.add(new SolidObject(kinds.get(k), colours.get(k), mask, box));
        }
        return new SolidScene(seed, new RgbImage(size, size, rgb, null), list);
    }

    private byte[] background(SplittableRandom random) {
        byte[] rgb = new byte[size * size * 3];
        int[] top = new int[3];
        int[] bottom = new int[3];
        boolean graded = random.nextBoolean();
        for (int c = 0; c < 3; c++) {
            top[c] = 190 + random.nextInt(60);
            bottom[c] = graded ? 150 + random.nextInt(90) : top[c];
        }
        for (int y = 0; y < size; y++) {
            double f = y / (double) (size - 1);
            for (int x = 0; x < size; x++) {
                for (int c = 0; c < 3; c++) {
                    rgb[(y * size + x) * 3 + c] = (byte) Math.round(top[c] + f * (bottom[c] - top[c]));
                }
            }
        }
        return rgb;
    }

    /** Ray-marches one solid centred at pixel (cx, cy), {@code scale} pixels per unit, over the image. */
    private void draw(Solid solid, int[] colour, double cx, double cy, double scale, byte[] rgb, int[] owner, int index) {
        double[] forward = {0, Math.cos(ELEVATION), -Math.sin(ELEVATION)};
        double[] up = {0, Math.sin(ELEVATION), Math.cos(ELEVATION)};
        int reach = (int) Math.ceil(0.8 * scale);
        for (int py = Math.max(0, (int) cy - reach); py < Math.min(size, (int) cy + reach + 1); py++) {
            for (int px = Math.max(0, (int) cx - reach); px < Math.min(size, (int) cx + reach + 1); px++) {
                double u = (px + 0.5 - cx) / scale;
                double v = (cy - (py + 0.5)) / scale;
                double ox = u - 2 * forward[0];
                double oy = v * up[1] - 2 * forward[1];
                double oz = v * up[2] - 2 * forward[2];
                double t = 0;
                boolean hit = false;
                for (int step = 0; step < MARCH_STEPS && t < 4; step++) {
                    double d = solid.distance(ox + t * forward[0], oy + t * forward[1], oz + t * forward[2]);
                    if (d < 1e-3) {
                        hit = true;
                        break;
                    }
                    t += d;
                }
                if (!hit) {
                    continue;
                }
                double x = ox + t * forward[0];
                double y = oy + t * forward[1];
                double z = oz + t * forward[2];
                double e = 1e-3;
                double[] n = normalise(solid.distance(x + e, y, z) - solid.distance(x - e, y, z),
                        solid.distance(x, y + e, z) - solid.distance(x, y - e, z),
                        solid.distance(x, y, z + e) - solid.distance(x, y, z - e));
                double light = 0.35 + 0.65 * Math.max(0, n[0] * LIGHT[0] + n[1] * LIGHT[1] + n[2] * LIGHT[2]);
                int at = (py * size + px) * 3;
                for (int c = 0; c < 3; c++) {
                    rgb[at + c] = (byte) Math.min(255, Math.round(colour[c] * light));
                }
                owner[py * size + px] = index;
            }
        }
    }

    private static double[] normalise(double x, double y, double z) {
        double length = Math.sqrt(x * x + y * y + z * z);
        return length == 0 ? new double[] {0, 0, 1} : new double[] {x / length, y / length, z / length};
    }
}
