package org.alphaclip.world.internal.command;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.alphaclip.api.image.GrayImage;
import org.alphaclip.api.image.RgbImage;
import org.alphaclip.api.region.Region;
import org.junit.jupiter.api.Test;

/** The region drawn in the demo picture: pixels whose centres the region covers, a mask sampled nearest. */
class DemoPictureTest {

    private static final RgbImage IMAGE = new RgbImage(8, 6, new byte[8 * 6 * 3], null);

    @Test
    void aBoxCoversThePixelsWhoseCentresLieInIt() {
        boolean[] inside = DemoPicture.foreground(new Region.Box(1.4, 2, 4.6, 4), IMAGE);
        assertEquals(4 * 2, count(inside));
        assertTrue(inside[2 * 8 + 1] && inside[3 * 8 + 4] && !inside[2 * 8 + 5] && !inside[4 * 8 + 2]);
    }

    @Test
    void discsAndStrokesCoverThePixelsWithinTheirRadius() {
        boolean[] disc = DemoPicture.foreground(new Region.Points(List.of(new Region.Point(4, 3)), 1), IMAGE);
        assertEquals(4, count(disc));
        boolean[] stroke = DemoPicture.foreground(new Region.Strokes(List.of(List.of(new Region.Point(0, 0.5),
                new Region.Point(8, 0.5))), 1), IMAGE);
        assertEquals(8, count(stroke));
        assertTrue(stroke[7] && !stroke[8]);
    }

    @Test
    void aMaskOfAnotherSizeIsSampledNearestAndTheWholeImageIsEverything() {
        byte[] values = new byte[4 * 3];
        values[0] = (byte) 255;
        boolean[] inside = DemoPicture.foreground(new Region.Mask(new GrayImage(4, 3, values)), IMAGE);
        boolean[] expected = new boolean[8 * 6];
        for (int y = 0; y < 2; y++) {
            for (int x = 0; x < 2; x++) {
                expected[y * 8 + x] = true;
            }
        }
        assertArrayEquals(expected, inside);
        assertEquals(8 * 6, count(DemoPicture.foreground(new Region.Whole(), IMAGE)));
    }

    private static int count(boolean[] inside) {
        int n = 0;
        for (boolean b : inside) {
            n += b ? 1 : 0;
        }
        return n;
    }
}
