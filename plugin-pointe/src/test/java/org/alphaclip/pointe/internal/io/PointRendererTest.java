package org.alphaclip.pointe.internal.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import org.alphaclip.api.image.RgbImage;
import org.alphaclip.pointe.PointCloud;
import org.alphaclip.pointe.internal.solids.Solid;
import org.junit.jupiter.api.Test;

/**
 * The point renderer: the cloud fills the middle of a white square in its colours (a little darker at the back),
 * views around it differ for a shape that is not round, and an empty cloud is a white picture.
 */
class PointRendererTest {

    private static PointCloud cloud(Solid solid, float r, float g, float b) {
        float[] xyz = solid.sample(4000, new SplittableRandom(1));
        float[] rgb = new float[xyz.length];
        for (int i = 0; i < rgb.length; i += 3) {
            rgb[i] = r;
            rgb[i + 1] = g;
            rgb[i + 2] = b;
        }
        return new PointCloud(xyz, rgb);
    }

    private static int[] pixel(RgbImage image, int x, int y) {
        int at = (y * image.width() + x) * 3;
        return new int[] {image.rgb()[at] & 0xff, image.rgb()[at + 1] & 0xff, image.rgb()[at + 2] & 0xff};
    }

    @Test
    void drawsTheCloudInItsColoursOnWhite() {
        RgbImage image = PointRenderer.render(cloud(Solid.SPHERE, 1f, 0f, 0f), new PointRenderer.View(0, 20), 64);
        assertEquals(64, image.width());
        assertEquals(64, image.height());
        int covered = 0;
        for (int y = 24; y < 40; y++) {
            for (int x = 24; x < 40; x++) {
                int[] p = pixel(image, x, y);
                if (p[0] > 150 && p[1] < 40 && p[2] < 40) {
                    covered++;
                }
            }
        }
        assertTrue(covered > 0.8 * 256, covered + " of the middle 256 pixels are the sphere's red");
        assertEquals(List.of(255, 255, 255), Arrays.stream(pixel(image, 1, 1)).boxed().toList(), "white background");
    }

    @Test
    void viewsAroundACubeDifferAndAnEmptyCloudIsWhite() {
        PointCloud cube = cloud(Solid.CUBE, 0f, 0f, 1f);
        List<PointRenderer.View> views = PointRenderer.around(4);
        assertEquals(4, views.size());
        assertEquals(90, views.get(1).azimuth());
        RgbImage front = PointRenderer.render(cube, views.get(0), 48);
        RgbImage side = PointRenderer.render(cube, new PointRenderer.View(45, 20), 48);
        assertFalse(Arrays.equals(front.rgb(), side.rgb()));
        RgbImage empty = PointRenderer.render(new PointCloud(new float[0], new float[0]), views.get(0), 16);
        for (byte b : empty.rgb()) {
            assertEquals(-1, b);
        }
    }
}
