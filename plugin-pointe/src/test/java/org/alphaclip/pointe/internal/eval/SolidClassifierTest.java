package org.alphaclip.pointe.internal.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumMap;
import java.util.Map;
import java.util.SplittableRandom;

import org.alphaclip.pointe.PointCloud;
import org.alphaclip.pointe.internal.solids.Solid;
import org.alphaclip.pointe.internal.solids.SolidSceneGenerator;
import org.alphaclip.world.Colour;
import org.junit.jupiter.api.Test;

/**
 * The evaluation's geometric classifier on true clouds (every solid and colour, other samples than its templates,
 * moved and resized, with noise) and the Chamfer distance's basic properties.
 */
class SolidClassifierTest {

    private static SolidClassifier classifier() {
        Map<Colour, int[]> palette = new EnumMap<>(Colour.class);
        for (Colour c : Colour.values()) {
            palette.put(c, SolidSceneGenerator.rgb(c));
        }
        return new SolidClassifier(7, palette);
    }

    @Test
    void namesTrueCloudsEvenMovedResizedAndNoisy() {
        SolidClassifier classifier = classifier();
        SplittableRandom random = new SplittableRandom(5);
        for (Solid solid : Solid.values()) {
            for (Colour colour : Colour.values()) {
                float[] xyz = solid.sample(256, random);
                for (int i = 0; i < xyz.length; i++) {
                    xyz[i] = (float) (xyz[i] * 1.3 + (i % 3 == 0 ? 0.2 : 0) + random.nextGaussian() * 0.01);
                }
                int[] rgb = SolidSceneGenerator.rgb(colour);
                float[] colours = new float[xyz.length];
                for (int i = 0; i < colours.length; i++) {
                    colours[i] = Math.min(1f, Math.max(0f, (float) (rgb[i % 3] / 255.0 + random.nextGaussian() * 0.05)));
                }
                PointCloud cloud = new PointCloud(xyz, colours);
                assertEquals(solid, classifier.shape(cloud), solid + " " + colour);
                assertEquals(colour, classifier.colour(cloud), solid + " " + colour);
            }
        }
    }

    @Test
    void chamferIsZeroForTheSameSetSymmetricAndGrowsWithDistance() {
        float[] a = Solid.SPHERE.sample(200, new SplittableRandom(1));
        float[] b = Solid.CUBE.sample(300, new SplittableRandom(2));
        assertEquals(0, Chamfer.distance(a, a), 0);
        assertEquals(Chamfer.distance(a, b), Chamfer.distance(b, a), 1e-12);
        float[] moved = a.clone();
        for (int i = 0; i < moved.length; i += 3) {
            moved[i] += 1;
        }
        assertTrue(Chamfer.distance(a, moved) > Chamfer.distance(a, b));
    }
}
