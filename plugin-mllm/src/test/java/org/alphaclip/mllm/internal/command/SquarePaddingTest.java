package org.alphaclip.mllm.internal.command;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.alphaclip.api.RegionImage;
import org.alphaclip.api.image.GrayImage;
import org.alphaclip.api.image.RgbImage;
import org.alphaclip.api.region.Region;
import org.junit.jupiter.api.Test;

/** LLaVA's expand2square on a 3x1 and a 1x2 image: the mean colour around, the picture centred, the region moved alike. */
class SquarePaddingTest {

    /** CLIP's mean: int(mean × 255) is 122, 116, 104, as LLaVA's background colour. */
    private static final float[] MEAN = {0.48145466f, 0.4578275f, 0.40821073f};

    @Test
    void aWideImageIsCentredVerticallyOnTheMeanColour() {
        byte[] rgb = {1, 2, 3, 4, 5, 6, 7, 8, 9};
        RegionImage square = SquarePadding.pad(new RgbImage(3, 1, rgb, new byte[] {10, 20, 30}),
                new Region.Box(0, 0, 2, 1), MEAN);
        RgbImage image = square.image();
        assertEquals(3, image.width());
        assertEquals(3, image.height());
        byte[] mean = {122, 116, 104};
        byte[] expected = new byte[27];
        for (int i = 0; i < 9; i++) {
            System.arraycopy(mean, 0, expected, i * 3, 3);
        }
        System.arraycopy(rgb, 0, expected, 9, 9);
        assertArrayEquals(expected, image.rgb());
        assertArrayEquals(new byte[] {0, 0, 0, 10, 20, 30, 0, 0, 0}, image.alpha(), "alpha padded with background");
        assertEquals(new Region.Box(0, 1, 2, 2), square.region());
    }

    @Test
    void aTallImageMovesRightAndMasksPointsAndStrokesMoveWithIt() {
        RgbImage tall = new RgbImage(1, 3, new byte[9], null);
        GrayImage mask = new GrayImage(1, 3, new byte[] {(byte) 255, 0, (byte) 255});
        Region.Mask padded = (Region.Mask) SquarePadding.pad(tall, new Region.Mask(mask, 200), MEAN).region();
        assertEquals(200, padded.threshold());
        assertArrayEquals(new byte[] {0, (byte) 255, 0, 0, 0, 0, 0, (byte) 255, 0}, padded.mask().values());
        Region.Points points = (Region.Points) SquarePadding.pad(tall, new Region.Points(List.of(new Region.Point(0.5, 1)), 2),
                MEAN).region();
        assertEquals(List.of(new Region.Point(1.5, 1)), points.points());
        Region.Strokes strokes = (Region.Strokes) SquarePadding.pad(tall, new Region.Strokes(List.of(List.of(
                new Region.Point(0, 0), new Region.Point(1, 3))), 1), MEAN).region();
        assertEquals(List.of(List.of(new Region.Point(1, 0), new Region.Point(2, 3))), strokes.polylines());
        assertEquals(new Region.Whole(), SquarePadding.pad(tall, new Region.Whole(), MEAN).region());
    }

    @Test
    void aMaskOfAnotherSizeIsPaddedOnItsOwnSquareAndOneOfAnotherShapeRefused() {
        byte on = (byte) 255;
        Region.Mask larger = (Region.Mask) SquarePadding.pad(new RgbImage(2, 1, new byte[6], null),
                new Region.Mask(new GrayImage(4, 2, new byte[] {on, on, on, on, on, on, on, on})), MEAN).region();
        assertEquals(4, larger.mask().width());
        assertArrayEquals(new byte[] {0, 0, 0, 0, on, on, on, on, on, on, on, on, 0, 0, 0, 0}, larger.mask().values());
        String message = assertThrows(IllegalArgumentException.class, () -> SquarePadding.pad(new RgbImage(2, 1, new byte[6],
                null), new Region.Mask(new GrayImage(3, 3, new byte[9])), MEAN)).getMessage();
        assertTrue(message.startsWith("--mask is 3x3 but the image is 2x1, another shape"), message);
    }

    @Test
    void aSquareImageStaysAsItIs() {
        RgbImage square = new RgbImage(2, 2, new byte[12], null);
        assertSame(square, SquarePadding.pad(square, new Region.Whole(), MEAN).image());
    }
}
