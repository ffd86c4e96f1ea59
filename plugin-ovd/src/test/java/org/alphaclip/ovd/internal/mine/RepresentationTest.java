package org.alphaclip.ovd.internal.mine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.alphaclip.api.RegionImage;
import org.alphaclip.api.image.GrayImage;
import org.alphaclip.api.image.RgbImage;
import org.alphaclip.api.region.Region;
import org.junit.jupiter.api.Test;

class RepresentationTest {

    private static final byte[] FILL = {1, 2, 3};

    /** A 4 x 3 image whose pixel i has the value 10 + i in every channel; the mask covers pixels 5 and 6. */
    private static RgbImage image() {
        byte[] rgb = new byte[4 * 3 * 3];
        for (int i = 0; i < 12; i++) {
            rgb[3 * i] = rgb[3 * i + 1] = rgb[3 * i + 2] = (byte) (10 + i);
        }
        return new RgbImage(4, 3, rgb, null);
    }

    private static GrayImage mask() {
        byte[] m = new byte[12];
        m[5] = (byte) 255;
        m[6] = (byte) 255;
        return new GrayImage(4, 3, m);
    }

    @Test
    void alphaKeepsThePixelsAndPassesTheMask() {
        RgbImage image = image();
        GrayImage mask = mask();
        RegionImage input = Representation.ALPHA.input(image, mask, new int[] {1, 1, 2, 1}, FILL);
        assertSame(image, input.image());
        assertSame(mask, ((Region.Mask) input.region()).mask());
    }

    @Test
    void fillReplacesThePixelsOutsideTheMask() {
        RegionImage alphaFill = Representation.ALPHA_FILL.input(image(), mask(), new int[] {1, 1, 2, 1}, FILL);
        RegionImage onesFill = Representation.ONES_FILL.input(image(), mask(), new int[] {1, 1, 2, 1}, FILL);
        assertInstanceOf(Region.Mask.class, alphaFill.region());
        assertInstanceOf(Region.Whole.class, onesFill.region());
        for (RegionImage input : new RegionImage[] {alphaFill, onesFill}) {
            byte[] rgb = input.image().rgb();
            assertArrayEquals(new byte[] {15, 15, 15, 16, 16, 16}, java.util.Arrays.copyOfRange(rgb, 15, 21));
            assertArrayEquals(FILL, java.util.Arrays.copyOfRange(rgb, 0, 3));
            assertArrayEquals(FILL, java.util.Arrays.copyOfRange(rgb, 33, 36));
            assertNull(input.image().alpha());
        }
    }

    @Test
    void onesShowsTheWholeImage() {
        RgbImage image = image();
        RegionImage input = Representation.ONES.input(image, mask(), new int[] {1, 1, 2, 1}, FILL);
        assertSame(image, input.image());
        assertInstanceOf(Region.Whole.class, input.region());
    }

    @Test
    void cropIsASquareAroundTheBoxPaddedWithTheFill() {
        // box x 1..2, y 1: a 2 x 2 square; centred on row 1 it starts half a row up, rounded down to row 0
        RegionImage input = Representation.CROP.input(image(), mask(), new int[] {1, 1, 2, 1}, FILL);
        assertEquals(2, input.image().width());
        assertEquals(2, input.image().height());
        byte[] rgb = input.image().rgb();
        assertEquals(11, rgb[0]);
        assertEquals(12, rgb[3]);
        assertEquals(15, rgb[6]);
        assertEquals(16, rgb[9]);
        // a box at the right edge: the square reaches past the image and is padded
        RegionImage edge = Representation.CROP.input(image(), mask(), new int[] {3, 0, 1, 3}, FILL);
        assertEquals(3, edge.image().width());
        assertArrayEquals(FILL, java.util.Arrays.copyOfRange(edge.image().rgb(), 6, 9));
    }

    @Test
    void parsesTheOptionNames() {
        assertEquals(Representation.ALPHA_FILL, Representation.parse("alpha-fill"));
        assertEquals(Representation.CROP, Representation.parse("CROP"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Representation.parse("blur"));
        assertEquals("Unknown --scoring 'blur', expected one of [alpha, alpha-fill, ones, ones-fill, crop]", e.getMessage());
    }
}
