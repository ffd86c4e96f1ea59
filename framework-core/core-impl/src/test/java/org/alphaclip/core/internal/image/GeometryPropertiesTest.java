package org.alphaclip.core.internal.image;

import java.util.List;

import org.alphaclip.api.AlphaGeometry;
import org.alphaclip.api.image.RgbImage;
import org.alphaclip.api.model.Preprocessing;
import org.alphaclip.api.region.Region;
import org.alphaclip.sdk.image.ForegroundMap;
import org.alphaclip.sdk.image.RegionRasterizer;

import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;

/** Properties of the geometry everything rests on: crops, alignment of mask and image, rasterisation. */
class GeometryPropertiesTest {

    private static Preprocessing preprocessing(int resolution) {
        return new Preprocessing(resolution, "shortest-side", "bicubic", "center", new float[] {0.5f, 0.5f, 0.5f},
                new float[] {0.25f, 0.25f, 0.25f}, 0.5f, 0.26f);
    }

    private static RgbImage image(int width, int height) {
        return new RgbImage(width, height, new byte[width * height * 3], null);
    }

    @Property
    void cropLiesInsideTheResizedImage(@ForAll @IntRange(min = 1, max = 6000) int width,
            @ForAll @IntRange(min = 1, max = 6000) int height, @ForAll @IntRange(min = 8, max = 448) int resolution) {
        CropGeometry g = CropGeometry.shortestSideCenterCrop(width, height, resolution);
        int shortSide = Math.min(g.resizedWidth(), g.resizedHeight());
        assert shortSide == resolution : g;
        assert g.resizedWidth() >= resolution && g.resizedHeight() >= resolution : g;
        assert g.cropLeft() >= 0 && g.cropLeft() + resolution <= g.resizedWidth() : g;
        assert g.cropTop() >= 0 && g.cropTop() + resolution <= g.resizedHeight() : g;
        long longSide = Math.max(width, height);
        long expectedLong = (long) resolution * longSide / Math.min(width, height);
        assert Math.max(g.resizedWidth(), g.resizedHeight()) == expectedLong : g + " long side " + expectedLong;
    }

    /** A box region's alpha lines up with the image pixels it covers, whatever the size and aspect ratio. */
    @Property(tries = 300)
    void alignedAlphaFollowsTheImageThroughResizeAndCrop(@ForAll @IntRange(min = 8, max = 400) int width,
            @ForAll @IntRange(min = 8, max = 400) int height, @ForAll @DoubleRange(min = 0, max = 0.5) double fx0,
            @ForAll @DoubleRange(min = 0, max = 0.5) double fy0, @ForAll @DoubleRange(min = 0.5, max = 1) double fx1,
            @ForAll @DoubleRange(min = 0.5, max = 1) double fy1) {
        int resolution = 32;
        double x0 = Math.floor(fx0 * width);
        double y0 = Math.floor(fy0 * height);
        double x1 = Math.ceil(fx1 * width);
        double y1 = Math.ceil(fy1 * height);
        Assume.that(x1 > x0 && y1 > y0);
        Region.Box box = new Region.Box(x0, y0, x1, y1);
        RgbImage image = image(width, height);
        CropGeometry g = CropGeometry.shortestSideCenterCrop(width, height, resolution);
        float[] alpha = new AlphaMapper(preprocessing(resolution))
                .alpha(RegionRasterizer.rasterizeAtSourceSize(box, image), AlphaGeometry.ALIGNED, g);
        double scaleX = (double) width / g.resizedWidth();
        double scaleY = (double) height / g.resizedHeight();
        double marginX = 1.5 * Math.max(1, scaleX);
        double marginY = 1.5 * Math.max(1, scaleY);
        for (int j = 0; j < resolution; j++) {
            for (int i = 0; i < resolution; i++) {
                double sx = (i + g.cropLeft() + 0.5) * scaleX;
                double sy = (j + g.cropTop() + 0.5) * scaleY;
                boolean deepInside = sx > box.x0() + marginX && sx < box.x1() - marginX && sy > box.y0() + marginY
                        && sy < box.y1() - marginY;
                boolean farOutside = sx < box.x0() - marginX || sx > box.x1() + marginX || sy < box.y0() - marginY
                        || sy > box.y1() + marginY;
                float a = alpha[j * resolution + i];
                assert !deepInside || a > 1.9f : "pixel (" + i + "," + j + ") inside " + box.describe() + " has alpha " + a;
                assert !farOutside || a < -1.9f : "pixel (" + i + "," + j + ") outside " + box.describe() + " has alpha " + a;
            }
        }
    }

    @Property(tries = 300)
    void boxCoversExactlyThePixelsWhoseCentresItContains(@ForAll @IntRange(min = 1, max = 120) int width,
            @ForAll @IntRange(min = 1, max = 120) int height, @ForAll @DoubleRange(min = -20, max = 140) double x0,
            @ForAll @DoubleRange(min = -20, max = 140) double y0, @ForAll @DoubleRange(min = 0.1, max = 100) double w,
            @ForAll @DoubleRange(min = 0.1, max = 100) double h) {
        Region.Box box = new Region.Box(x0, y0, x0 + w, y0 + h);
        long columns = centresWithin(x0, x0 + w, width);
        long rows = centresWithin(y0, y0 + h, height);
        ForegroundMap map;
        try {
            map = RegionRasterizer.rasterizeAtSourceSize(box, image(width, height));
        } catch (IllegalArgumentException entirelyOutside) {
            assert x0 + w <= 0 || y0 + h <= 0 || x0 >= width || y0 >= height : "refused a box that overlaps: " + box;
            return;
        }
        assert map.count() == columns * rows : box + " covers " + map.count() + " pixels, expected " + columns * rows;
    }

    private static long centresWithin(double from, double to, int size) {
        long count = 0;
        for (int i = 0; i < size; i++) {
            if (i + 0.5 >= from && i + 0.5 < to) {
                count++;
            }
        }
        return count;
    }

    @Property(tries = 200)
    void wholeImageBoxEqualsWholeRegion(@ForAll @IntRange(min = 1, max = 300) int width,
            @ForAll @IntRange(min = 1, max = 300) int height) {
        RgbImage image = image(width, height);
        boolean[] box = RegionRasterizer.rasterizeAtSourceSize(new Region.Box(0, 0, width, height), image).foreground();
        boolean[] whole = RegionRasterizer.rasterizeAtSourceSize(new Region.Whole(), image).foreground();
        assert java.util.Arrays.equals(box, whole);
    }

    @Property(tries = 200)
    void pointsAndStrokesCoverTheirOwnPixels(@ForAll @IntRange(min = 4, max = 200) int width,
            @ForAll @IntRange(min = 4, max = 200) int height, @ForAll @DoubleRange(min = 0, max = 1) double fx,
            @ForAll @DoubleRange(min = 0, max = 1) double fy, @ForAll @DoubleRange(min = 0, max = 1) double gx,
            @ForAll @DoubleRange(min = 0, max = 1) double gy) {
        RgbImage image = image(width, height);
        Region.Point p = new Region.Point(Math.min(width - 0.01, fx * width), Math.min(height - 0.01, fy * height));
        Region.Point q = new Region.Point(Math.min(width - 0.01, gx * width), Math.min(height - 0.01, gy * height));
        boolean[] disc = RegionRasterizer.rasterizeAtSourceSize(new Region.Points(List.of(p), 1.0), image).foreground();
        assert disc[(int) p.y() * width + (int) p.x()] : "the point's own pixel";
        boolean[] stroke = RegionRasterizer.rasterizeAtSourceSize(new Region.Strokes(List.of(List.of(p, q)), 2.0), image).foreground();
        assert stroke[(int) p.y() * width + (int) p.x()] && stroke[(int) q.y() * width + (int) q.x()] : "both ends";
        double midX = (p.x() + q.x()) / 2;
        double midY = (p.y() + q.y()) / 2;
        assert stroke[(int) midY * width + (int) midX] : "the middle of the stroke";
    }
}
