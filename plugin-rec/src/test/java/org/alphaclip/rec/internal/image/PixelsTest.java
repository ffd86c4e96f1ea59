package org.alphaclip.rec.internal.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.alphaclip.api.image.GrayImage;
import org.alphaclip.api.image.RgbImage;
import org.alphaclip.api.region.Region;
import org.junit.jupiter.api.Test;

class PixelsTest {

    @Test
    void boxesBecomeClampedPixelRanges() {
        assertArrayEquals(new int[] {2, 3, 8, 9}, Pixels.pixelBounds(new Region.Box(2.4, 3, 7.2, 8.5), 10, 10));
        assertArrayEquals(new int[] {0, 0, 10, 10}, Pixels.pixelBounds(new Region.Box(-5, -5, 50, 50), 10, 10));
        GrayImage mask = Pixels.boxMask(4, 3, new Region.Box(1, 1, 3, 2));
        assertArrayEquals(new byte[] {0, 0, 0, 0, 0, (byte) 255, (byte) 255, 0, 0, 0, 0, 0}, mask.values());
        assertEquals(new Region.Box(1, 1, 3, 2), Pixels.bounds(mask));
        assertNull(Pixels.bounds(new GrayImage(2, 2, new byte[4])));
    }

    @Test
    void compositeKeepsTheInsideAndGreyTurnsTheOutsideGrey() {
        RgbImage red = solid(2, 1, 255, 0, 0);
        RgbImage blue = solid(2, 1, 0, 0, 255);
        GrayImage left = new GrayImage(2, 1, new byte[] {(byte) 255, 0});
        assertArrayEquals(new byte[] {(byte) 255, 0, 0, 0, 0, (byte) 255}, Pixels.composite(red, blue, left).rgb());
        byte[] grey = Pixels.grayOutside(red, left).rgb();
        assertEquals((byte) 255, grey[0]);
        assertEquals(76, grey[3] & 0xFF);
        assertEquals(grey[3], grey[4]);
        assertEquals(grey[3], grey[5]);
    }

    @Test
    void cropAndStretchKeepMaskAndImageAligned() {
        RgbImage image = solid(4, 2, 10, 20, 30);
        RgbImage crop = Pixels.crop(image, new int[] {1, 0, 3, 2});
        assertEquals(2, crop.width());
        assertEquals(2, crop.height());
        RgbImage square = Pixels.stretch(image, 4, 4);
        assertArrayEquals(solid(4, 4, 10, 20, 30).rgb(), square.rgb());
        GrayImage mask = new GrayImage(2, 1, new byte[] {(byte) 255, 0});
        assertArrayEquals(new byte[] {(byte) 255, (byte) 255, 0, 0, (byte) 255, (byte) 255, 0, 0},
                Pixels.stretch(mask, 4, 2).values());
    }

    @Test
    void theEllipseEnclosesTheBoxAndLeavesItsInsideAlone() {
        RgbImage image = solid(100, 100, 0, 0, 0);
        RgbImage circled = Pixels.ellipse(image, new Region.Box(40, 40, 60, 60), new int[] {255, 0, 0}, 2);
        int centre = (50 * 100 + 50) * 3;
        assertEquals(0, circled.rgb()[centre]);
        int cornerOfBox = (40 * 100 + 40) * 3;
        assertEquals(0, circled.rgb()[cornerOfBox]);
        int onOutline = (50 * 100 + (int) (50 + 10 * Math.sqrt(2) + 2)) * 3;
        assertEquals((byte) 255, circled.rgb()[onOutline]);
    }

    private static RgbImage solid(int w, int h, int r, int g, int b) {
        byte[] rgb = new byte[w * h * 3];
        for (int i = 0; i < w * h; i++) {
            rgb[i * 3] = (byte) r;
            rgb[i * 3 + 1] = (byte) g;
            rgb[i * 3 + 2] = (byte) b;
        }
        return new RgbImage(w, h, rgb, null);
    }
}
