package org.alphaclip.pointe.internal.solids;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/**
 * The 3-D world: every solid's surface samples lie on its distance function's zero set and inside the unit cube, its
 * inside is negative; scenes are reproducible per seed, hold one or two solids whose masks are disjoint, non-empty and
 * drawn in the solid's colour.
 */
class SolidWorldTest {

    @Test
    void surfaceSamplesLieOnTheSurface() {
        SplittableRandom random = new SplittableRandom(3);
        for (Solid solid : Solid.values()) {
            float[] points = solid.sample(2000, random);
            for (int i = 0; i < points.length; i += 3) {
                double d = solid.distance(points[i], points[i + 1], points[i + 2]);
                assertTrue(Math.abs(d) < 1e-4, solid + " sample " + i / 3 + " is " + d + " from the surface");
                for (int c = 0; c < 3; c++) {
                    assertTrue(Math.abs(points[i + c]) <= 0.5, solid + " sample outside the unit cube");
                }
            }
            assertTrue(solid.distance(0, 0, 0) < 0 || solid == Solid.TORUS, solid + ": the centre is inside");
            assertTrue(solid.distance(0.6, 0.6, 0.6) > 0, solid + ": a corner of the cube is outside");
            assertEquals(solid, Solid.of(solid.word()));
        }
        assertTrue(Solid.TORUS.distance(0, 0, 0) > 0, "the torus has a hole");
    }

    @Test
    void scenesAreReproducibleWithDisjointMasksInTheirColours() {
        SolidSceneGenerator generator = new SolidSceneGenerator(96);
        for (long seed = 1; seed <= 20; seed++) {
            int count = 1 + (int) (seed % 2);
            SolidScene scene = generator.generate(seed, count);
            assertArrayEquals(scene.image().rgb(), generator.generate(seed, count).image().rgb());
            assertEquals(count, scene.objects().size());
            boolean[] seen = new boolean[96 * 96];
            for (SolidObject object : scene.objects()) {
                int pixels = 0;
                long[] sum = new long[3];
                for (int p = 0; p < seen.length; p++) {
                    if (object.mask()[p]) {
                        assertTrue(!seen[p], "masks overlap at pixel " + p);
                        seen[p] = true;
                        pixels++;
                        for (int c = 0; c < 3; c++) {
                            sum[c] += scene.image().rgb()[3 * p + c] & 0xff;
                        }
                    }
                }
                assertTrue(pixels > 200, object.label() + " covers " + pixels + " pixels");
                int[] base = SolidSceneGenerator.rgb(object.colour());
                int strongest = base[0] >= base[1] && base[0] >= base[2] ? 0 : base[1] >= base[2] ? 1 : 2;
                for (int c = 0; c < 3; c++) {
                    assertTrue(sum[strongest] >= sum[c], object.label() + ": its strongest channel dominates its pixels");
                }
                assertTrue(object.box()[2] > object.box()[0] && object.box()[3] > object.box()[1]);
            }
        }
    }
}
