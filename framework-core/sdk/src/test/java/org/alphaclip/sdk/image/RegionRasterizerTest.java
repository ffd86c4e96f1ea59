package org.alphaclip.sdk.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.alphaclip.api.image.GrayImage;
import org.alphaclip.api.image.RgbImage;
import org.alphaclip.api.region.Region;
import org.alphaclip.api.region.Region.Point;
import org.junit.jupiter.api.Test;

class RegionRasterizerTest {

    private static final RgbImage IMAGE = new RgbImage(20, 10, new byte[20 * 10 * 3], null);

    @Test
    void boxIncludesPixelsWhoseCentersAreInsideAndExcludesTheFarEdges() {
        ForegroundMap map = RegionRasterizer.rasterize(new Region.Box(2, 3, 5, 7), IMAGE);

        assertEquals(3 * 4, map.count());
        assertTrue(at(map, 2, 3));
        assertTrue(at(map, 4, 6));
        assertFalse(at(map, 5, 6));
        assertFalse(at(map, 4, 7));
        assertFalse(at(map, 1, 3));
        assertTrue(map.warnings().isEmpty());
    }

    @Test
    void fractionalBoxEdgesCountByPixelCenters() {
        ForegroundMap map = RegionRasterizer.rasterize(new Region.Box(2.5, 0, 4.5, 1), IMAGE);

        assertTrue(at(map, 2, 0));
        assertTrue(at(map, 3, 0));
        assertFalse(at(map, 4, 0));
        assertEquals(2, map.count());
    }

    @Test
    void boxLeavingTheImageIsClippedWithAWarning() {
        ForegroundMap map = RegionRasterizer.rasterize(new Region.Box(-3, 8, 4, 15), IMAGE);

        assertEquals(4 * 2, map.count());
        assertEquals(List.of("box[-3,8,4,15] extends beyond the image 20x10 and was clipped to it"), map.warnings());
    }

    @Test
    void boxEntirelyOutsideTheImageIsAnError() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> RegionRasterizer.rasterize(new Region.Box(20, 0, 30, 5), IMAGE));

        assertEquals("box[20,0,30,5] lies entirely outside the image 20x10", error.getMessage());
    }

    @Test
    void boxBetweenPixelCentersIsEmptyWithAWarning() {
        ForegroundMap map = RegionRasterizer.rasterize(new Region.Box(2.6, 2.6, 2.9, 2.9), IMAGE);

        assertEquals(0, map.count());
        assertEquals(List.of("region is empty: alpha is all background (box[2.6,2.6,2.9,2.9])"), map.warnings());
    }

    @Test
    void pointsAreDiscsAroundTheirCoordinates() {
        ForegroundMap map = RegionRasterizer.rasterize(new Region.Points(List.of(new Point(10, 5)), 1.0), IMAGE);

        assertEquals(4, map.count());
        assertTrue(at(map, 9, 4) && at(map, 10, 4) && at(map, 9, 5) && at(map, 10, 5));
    }

    @Test
    void pointsOutsideTheImageAreReported() {
        ForegroundMap map = RegionRasterizer.rasterize(
                new Region.Points(List.of(new Point(0.5, 0.5), new Point(-30, 2)), 0.5), IMAGE);

        assertEquals(1, map.count());
        assertEquals(List.of("1 of 2 points lie outside the image 20x10"), map.warnings());
    }

    @Test
    void strokesCoverPixelsWithinHalfTheWidthOfTheLine() {
        Region.Strokes stroke = new Region.Strokes(List.of(List.of(new Point(2, 5), new Point(12, 5))), 2.0);

        ForegroundMap map = RegionRasterizer.rasterize(stroke, IMAGE);

        for (int x = 2; x < 12; x++) {
            assertTrue(at(map, x, 4) && at(map, x, 5), "x=" + x);
            assertFalse(at(map, x, 3) || at(map, x, 6), "x=" + x);
        }
        assertTrue(at(map, 1, 4), "round cap");
        assertFalse(at(map, 0, 4), "cap radius");
    }

    @Test
    void polylineJoinsAreRoundAndSinglePointStrokesAreDiscs() {
        Region.Strokes corner = new Region.Strokes(List.of(List.of(new Point(2, 2), new Point(8, 2), new Point(8, 8))),
                1.0);
        Region.Strokes dot = new Region.Strokes(List.of(List.of(new Point(10, 5))), 2.0);

        ForegroundMap cornerMap = RegionRasterizer.rasterize(corner, IMAGE);
        ForegroundMap dotMap = RegionRasterizer.rasterize(dot, IMAGE);

        assertTrue(at(cornerMap, 7, 1) && at(cornerMap, 8, 7));
        assertFalse(at(cornerMap, 5, 5));
        assertEquals(RegionRasterizer.rasterize(new Region.Points(List.of(new Point(10, 5)), 1.0), IMAGE).count(),
                dotMap.count());
    }

    @Test
    void imageAlphaUsesTheThreshold() {
        byte[] alpha = new byte[20 * 10];
        alpha[0] = (byte) 255;
        alpha[1] = (byte) 128;
        alpha[2] = (byte) 127;
        RgbImage image = new RgbImage(20, 10, new byte[20 * 10 * 3], alpha);

        assertEquals(2, RegionRasterizer.rasterize(new Region.ImageAlpha(), image).count());
        assertEquals(1, RegionRasterizer.rasterize(new Region.ImageAlpha(Region.OFFICIAL_THRESHOLD), image).count());
    }

    @Test
    void imageAlphaWithoutAnAlphaChannelIsAnError() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> RegionRasterizer.rasterize(new Region.ImageAlpha(), IMAGE));

        assertTrue(error.getMessage().contains("needs an image with an alpha channel"), error.getMessage());
    }

    @Test
    void wholeIsAllForeground() {
        ForegroundMap map = RegionRasterizer.rasterize(new Region.Whole(), IMAGE);

        assertEquals(200, map.count());
        assertTrue(map.warnings().isEmpty());
    }

    @Test
    void maskOfTheImageSizeIsThresholded() {
        byte[] values = new byte[20 * 10];
        values[3] = (byte) 200;
        values[4] = (byte) 255;

        ForegroundMap map = RegionRasterizer.rasterize(new Region.Mask(new GrayImage(20, 10, values)), IMAGE);

        assertEquals(2, map.count());
        assertTrue(map.warnings().isEmpty());
    }

    @Test
    void maskOfAnotherSizeIsStretchedWithNearestNeighbourAndAWarning() {
        byte[] values = new byte[40 * 20];
        for (int y = 0; y < 20; y++) {
            for (int x = 0; x < 20; x++) {
                values[y * 40 + x] = (byte) 255;
            }
        }

        ForegroundMap map = RegionRasterizer.rasterize(new Region.Mask(new GrayImage(40, 20, values)), IMAGE);

        assertEquals(20, map.width());
        assertEquals(10 * 10, map.count());
        assertTrue(at(map, 9, 9) && !at(map, 10, 0));
        assertEquals(List.of("mask 40x20 stretched to the image size 20x10"), map.warnings());
    }

    @Test
    void stretchingAcrossAspectRatiosSaysSo() {
        GrayImage square = new GrayImage(10, 10, new byte[100]);
        square.values()[0] = (byte) 255;

        ForegroundMap map = RegionRasterizer.rasterize(new Region.Mask(square), IMAGE);

        assertEquals("mask 10x10 stretched to the image size 20x10; the aspect ratios differ by 50.0% (mask 1.000,"
                + " image 2.000), so the region is distorted", map.warnings().get(0));
    }

    @Test
    void sourceSizeKeepsTheMaskSize() {
        GrayImage mask = new GrayImage(40, 20, new byte[40 * 20]);
        mask.values()[0] = (byte) 255;

        ForegroundMap map = RegionRasterizer.rasterizeAtSourceSize(new Region.Mask(mask), IMAGE);

        assertEquals(40, map.width());
        assertEquals(20, map.height());
        assertEquals(List.of("mask 40x20 stretched to the image size 20x10"), map.warnings());
    }

    @Test
    void emptyMaskIsAWarningNotAnError() {
        ForegroundMap map = RegionRasterizer.rasterize(new Region.Mask(new GrayImage(20, 10, new byte[200])), IMAGE);

        assertEquals(0, map.count());
        assertEquals(List.of("region is empty: alpha is all background (mask[20x10, >=128])"), map.warnings());
    }

    private static boolean at(ForegroundMap map, int x, int y) {
        return map.foreground()[y * map.width() + x];
    }
}
