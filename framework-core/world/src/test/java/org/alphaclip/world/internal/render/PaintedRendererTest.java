package org.alphaclip.world.internal.render;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

import org.alphaclip.world.Colour;
import org.alphaclip.world.Scene;
import org.alphaclip.world.SceneGenerator;
import org.alphaclip.world.SceneObject;
import org.alphaclip.world.SceneSpec;
import org.alphaclip.world.internal.PaintedSceneGenerator;
import org.alphaclip.world.internal.Renderers;
import org.alphaclip.world.internal.Seeds;
import org.alphaclip.world.internal.layout.LayoutSampler;
import org.alphaclip.world.internal.layout.Placement;
import org.junit.jupiter.api.Test;

/**
 * The test-only {@code painted} renderer: reproducible, masks that are the drawn objects, colours a person
 * names without doubt, and the same layouts as the training renderer.
 */
class PaintedRendererTest {

    /** Each label colour as the training renderer draws it (the mean of its shades), in {@link Colour} order. */
    private static final double[][] REFERENCE = {
        {208, 28, 52}, {52, 175, 42}, {32, 100, 222}, {242, 215, 50}, {150, 65, 190},
    };
    /** Hue bands (degrees) in which each label colour is unmistakable (not orange, teal, violet-blue or pink). */
    private static final double[][] HUES = {{-20, 12}, {95, 160}, {205, 245}, {44, 64}, {265, 300}};

    /** How far each shape reaches from its centre, in equal-area radii: disc, square, triangle, star. */
    private static final double[] REACH = {1.1, 1.25, 1.76, 1.75};

    private final PaintedRenderer renderer = new PaintedRenderer();

    @Test
    void isRegisteredByNameAndAsAService() {
        assertEquals(List.of("raster", "vector", "painted"), Renderers.NAMES);
        assertEquals("painted", Renderers.generator("painted").renderer());
        assertEquals("painted", new PaintedSceneGenerator().renderer());
    }

    @Test
    void theSameRandomSourceGivesTheSameDrawing() {
        for (long seed = 0; seed < 6; seed++) {
            int size = seed % 2 == 0 ? 128 : 256;
            Rendering a = render(seed, size);
            Rendering b = render(seed, size);
            assertArrayEquals(a.image().rgb(), b.image().rgb(), "pixels of seed " + seed);
            assertArrayEquals(a.owner(), b.owner(), "owners of seed " + seed);
            assertArrayEquals(a.fullAreas(), b.fullAreas());
            assertEquals(a.background(), b.background());
        }
        assertFalse(Arrays.equals(render(1, 128).image().rgb(), render(3, 128).image().rgb()));
    }

    @Test
    void masksAreTheDrawnObjectsAndTheBackgroundIsDesaturated() {
        Set<String> kinds = new java.util.HashSet<>();
        for (long seed = 0; seed < 40; seed++) {
            int size = seed % 4 == 0 ? 256 : 128;
            SplittableRandom random = new SplittableRandom(seed);
            List<Placement> placements = LayoutSampler.sample(random, SceneSpec.DEFAULT.withSize(size));
            if (placements.isEmpty()) {
                continue;
            }
            Rendering r = renderer.render(placements, size, random);
            kinds.add(r.background());
            int[] owner = r.owner();
            int[] visible = new int[placements.size()];
            for (int i = 0; i < owner.length; i++) {
                int k = owner[i];
                assertTrue(k >= -1 && k < placements.size(), "owner index " + k);
                if (k < 0) {
                    continue;
                }
                visible[k]++;
                Placement p = placements.get(k);
                // the farthest the shape reaches (wobble included), plus half a 3 px contour and the edge pixel
                double reach = REACH[p.shape().ordinal()] * p.radius() + 1.5 * size / 256.0 + 1;
                assertTrue(Math.hypot(i % size + 0.5 - p.cx(), i / size + 0.5 - p.cy()) <= reach,
                        "seed " + seed + ": a pixel of " + p.shape() + " lies beyond its reach");
            }
            for (int k = 0; k < placements.size(); k++) {
                double disc = Math.PI * placements.get(k).radius() * placements.get(k).radius();
                assertTrue(visible[k] <= r.fullAreas()[k], "visible pixels never exceed the full area");
                assertTrue(r.fullAreas()[k] > 0.9 * disc && r.fullAreas()[k] < 1.35 * disc,
                        "seed " + seed + ": object " + k + " covers " + r.fullAreas()[k] + " px, its disc " + disc);
            }
            // well outside every object the picture is background: no label colour there
            byte[] rgb = r.image().rgb();
            int counted = 0;
            int saturated = 0;
            for (int i = 0; i < owner.length; i++) {
                if (owner[i] == -1 && clearOfObjects(owner, size, i % size, i / size, 3)) {
                    counted++;
                    if (chroma(rgb, i) > 60) {
                        saturated++;
                    }
                }
            }
            assertTrue(counted > 0 && saturated <= counted / 200, "seed " + seed + ": " + saturated + " of " + counted
                    + " background pixels are saturated");
        }
        assertEquals(Set.of("plain", "gradient", "noise", "texture"), kinds, "every background kind is drawn");
    }

    @Test
    void everyObjectLooksLikeItsLabelColour() {
        SceneGenerator generator = Renderers.generator("painted");
        SceneSpec spec = SceneSpec.DEFAULT.withSize(128);
        double[][] sums = new double[5][3];
        int[] objects = new int[5];
        for (int i = 0; i < 80; i++) {
            Scene scene = generator.generate(Seeds.scene(7, "colour", i), spec);
            for (SceneObject o : scene.objects()) {
                double[] mean = interiorMean(scene.image().rgb(), o.mask().values(), 128);
                if (mean == null) {
                    continue;
                }
                int c = o.colour().ordinal();
                assertEquals(o.colour(), nearest(mean), "scene " + i + ": a " + o.label() + " looks like "
                        + Arrays.toString(round(mean)));
                double hue = hue(mean);
                assertTrue(inBand(hue, HUES[c]), "scene " + i + ": hue " + Math.round(hue) + " of a "
                        + o.label() + " " + Arrays.toString(round(mean)));
                objects[c]++;
                for (int k = 0; k < 3; k++) {
                    sums[c][k] += mean[k];
                }
            }
        }
        for (Colour colour : Colour.values()) {
            int c = colour.ordinal();
            assertTrue(objects[c] >= 10, "enough " + colour + " objects: " + objects[c]);
            double[] mean = {sums[c][0] / objects[c], sums[c][1] / objects[c], sums[c][2] / objects[c]};
            assertEquals(colour, nearest(mean), colour + " on average " + Arrays.toString(round(mean)));
        }
    }

    @Test
    void everyPaletteShadeIsClosestToItsOwnLabelColourWithRoomToSpare() {
        for (Colour colour : Colour.values()) {
            for (int[] shade : PaintedRenderer.PALETTE[colour.ordinal()]) {
                double[] s = {shade[0], shade[1], shade[2]};
                // still the right colour 12 % darker or brighter (lighting, paint texture, contrast)
                for (double f : new double[] {0.88, 1.0, 1.12}) {
                    double[] lit = {Math.min(255, s[0] * f), Math.min(255, s[1] * f), Math.min(255, s[2] * f)};
                    assertEquals(colour, nearest(lit), Arrays.toString(shade) + " x " + f);
                    assertTrue(inBand(hue(lit), HUES[colour.ordinal()]), Arrays.toString(shade));
                }
            }
        }
    }

    @Test
    void drawsTheSameLayoutsAsTheTrainingRenderer() {
        SceneGenerator painted = Renderers.generator("painted");
        SceneGenerator raster = Renderers.generator("raster");
        SceneSpec spec = SceneSpec.DEFAULT.withSize(128);
        int same = 0;
        List<Double> overlaps = new ArrayList<>();
        for (long seed = 0; seed < 30; seed++) {
            Scene a = painted.generate(seed, spec);
            Scene b = raster.generate(seed, spec);
            if (!a.caption().equals(b.caption())) {
                continue;
            }
            same++;
            for (int k = 0; k < a.objects().size(); k++) {
                byte[] m = a.objects().get(k).mask().values();
                byte[] n = b.objects().get(k).mask().values();
                int both = 0;
                int either = 0;
                for (int i = 0; i < m.length; i++) {
                    both += m[i] != 0 && n[i] != 0 ? 1 : 0;
                    either += m[i] != 0 || n[i] != 0 ? 1 : 0;
                }
                overlaps.add((double) both / either);
            }
        }
        assertTrue(same >= 27, "scenes with the raster renderer's objects: " + same + " of 30");
        double worst = overlaps.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
        assertTrue(worst > 0.5, "an object's mask differs from the raster one: IoU " + worst);
        assertTrue(overlaps.stream().mapToDouble(Double::doubleValue).average().orElseThrow() > 0.8,
                "masks overlap the raster ones on average: " + overlaps);
    }

    private Rendering render(long seed, int size) {
        SplittableRandom random = new SplittableRandom(seed);
        List<Placement> placements = List.of();
        while (placements.isEmpty()) {
            placements = LayoutSampler.sample(random, SceneSpec.DEFAULT.withSize(size));
        }
        return renderer.render(placements, size, random);
    }

    private static boolean clearOfObjects(int[] owner, int size, int x, int y, int margin) {
        for (int dy = -margin; dy <= margin; dy++) {
            for (int dx = -margin; dx <= margin; dx++) {
                int xx = x + dx;
                int yy = y + dy;
                if (xx >= 0 && yy >= 0 && xx < size && yy < size && owner[yy * size + xx] != -1) {
                    return false;
                }
            }
        }
        return true;
    }

    private static int chroma(byte[] rgb, int pixel) {
        int r = rgb[3 * pixel] & 0xFF;
        int g = rgb[3 * pixel + 1] & 0xFF;
        int b = rgb[3 * pixel + 2] & 0xFF;
        return Math.max(r, Math.max(g, b)) - Math.min(r, Math.min(g, b));
    }

    /** Mean colour of the mask's pixels at least 2 px inside it (no contour, no edge), or null if too few. */
    private static double[] interiorMean(byte[] rgb, byte[] mask, int size) {
        double[] sum = new double[3];
        int n = 0;
        for (int y = 2; y < size - 2; y++) {
            for (int x = 2; x < size - 2; x++) {
                boolean inside = true;
                for (int d = -2; d <= 2 && inside; d++) {
                    inside = mask[y * size + x + d] != 0 && mask[(y + d) * size + x] != 0;
                }
                if (!inside || mask[(y - 1) * size + x - 1] == 0 || mask[(y + 1) * size + x + 1] == 0
                        || mask[(y - 1) * size + x + 1] == 0 || mask[(y + 1) * size + x - 1] == 0) {
                    continue;
                }
                int i = 3 * (y * size + x);
                for (int c = 0; c < 3; c++) {
                    sum[c] += rgb[i + c] & 0xFF;
                }
                n++;
            }
        }
        return n < 10 ? null : new double[] {sum[0] / n, sum[1] / n, sum[2] / n};
    }

    private static Colour nearest(double[] rgb) {
        Colour best = null;
        double bestDistance = Double.MAX_VALUE;
        for (Colour colour : Colour.values()) {
            double[] ref = REFERENCE[colour.ordinal()];
            double d = Math.pow(rgb[0] - ref[0], 2) + Math.pow(rgb[1] - ref[1], 2) + Math.pow(rgb[2] - ref[2], 2);
            if (d < bestDistance) {
                bestDistance = d;
                best = colour;
            }
        }
        return best;
    }

    /** Hue in degrees, [0, 360). */
    private static double hue(double[] rgb) {
        double max = Math.max(rgb[0], Math.max(rgb[1], rgb[2]));
        double min = Math.min(rgb[0], Math.min(rgb[1], rgb[2]));
        double d = max - min;
        double h;
        if (d == 0) {
            h = 0;
        } else if (max == rgb[0]) {
            h = 60 * (((rgb[1] - rgb[2]) / d) % 6);
        } else if (max == rgb[1]) {
            h = 60 * ((rgb[2] - rgb[0]) / d + 2);
        } else {
            h = 60 * ((rgb[0] - rgb[1]) / d + 4);
        }
        return h < 0 ? h + 360 : h;
    }

    private static boolean inBand(double hue, double[] band) {
        return hue >= band[0] && hue <= band[1] || hue - 360 >= band[0] && hue - 360 <= band[1];
    }

    private static long[] round(double[] v) {
        return new long[] {Math.round(v[0]), Math.round(v[1]), Math.round(v[2])};
    }
}
