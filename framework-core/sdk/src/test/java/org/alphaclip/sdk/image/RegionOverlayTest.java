package org.alphaclip.sdk.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;

import org.alphaclip.api.image.RgbImage;
import org.alphaclip.api.region.Region;
import org.junit.jupiter.api.Test;

/** The region as commands draw it: inside kept, its edge yellow, outside dimmed towards dark blue. */
class RegionOverlayTest {

    @Test
    void insideEdgeAndOutsideAreDrawnApart() {
        byte[] rgb = new byte[6 * 5 * 3];
        Arrays.fill(rgb, (byte) 200);
        RgbImage image = new RgbImage(6, 5, rgb, null);
        boolean[] box = RegionRasterizer.rasterize(new Region.Box(1, 1, 5, 4), image).foreground();

        RgbImage shown = RegionOverlay.shade(image, box);

        assertEquals(0xFFC800, pixel(shown, 1, 1), "edge");
        assertEquals(0xC8C8C8, pixel(shown, 2, 2), "inside");
        assertEquals(60 << 16 | 60 << 8 | 100, pixel(shown, 0, 0), "outside");
        assertThrows(IllegalArgumentException.class, () -> RegionOverlay.shade(image, new boolean[3]));
    }

    private static int pixel(RgbImage image, int x, int y) {
        int i = 3 * (y * image.width() + x);
        return (image.rgb()[i] & 0xFF) << 16 | (image.rgb()[i + 1] & 0xFF) << 8 | image.rgb()[i + 2] & 0xFF;
    }
}
