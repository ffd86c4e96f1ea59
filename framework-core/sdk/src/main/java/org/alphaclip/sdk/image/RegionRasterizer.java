package org.alphaclip.sdk.image;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import org.alphaclip.api.image.GrayImage;
import org.alphaclip.api.image.RgbImage;
import org.alphaclip.api.region.Region;

/**
 * Turns a {@link Region} into a binary foreground map. A pixel belongs to a box, disc or stroke when
 * its center ({@code x + 0.5, y + 0.5}) does. Inputs that cannot make a region (an image without
 * alpha for {@link Region.ImageAlpha}, a box entirely outside the image) fail with an
 * {@link IllegalArgumentException} naming the problem; an empty result is only a warning.
 */
public final class RegionRasterizer {

    private static final double ASPECT_TOLERANCE = 0.01;

    private RegionRasterizer() {
    }

    /**
     * The region at the image's size, for showing it over the image; a mask of another size is
     * stretched with nearest neighbour. The alpha input uses {@link #rasterizeAtSourceSize} instead.
     */
    public static ForegroundMap rasterize(Region region, RgbImage image) {
        if (region instanceof Region.Mask mask && !sameSize(mask.mask(), image)) {
            List<String> warnings = new ArrayList<>();
            warnings.add(stretchWarning(mask.mask(), image));
            boolean[] stretched = stretch(threshold(mask.mask(), mask.threshold()), mask.mask().width(),
                    mask.mask().height(), image.width(), image.height());
            return finish(region, image.width(), image.height(), stretched, warnings);
        }
        return rasterizeAtSourceSize(region, image);
    }

    /**
     * The region for the alpha path: like {@link #rasterize} except that a mask keeps its own size, so
     * that the alpha resize goes straight from the mask to the model input as the official transform
     * does. A mask of another size than the image still gets the stretch warning.
     */
    public static ForegroundMap rasterizeAtSourceSize(Region region, RgbImage image) {
        int width = image.width();
        int height = image.height();
        List<String> warnings = new ArrayList<>();
        boolean[] map;
        if (region instanceof Region.Mask mask) {
            GrayImage values = mask.mask();
            if (!sameSize(values, image)) {
                warnings.add(stretchWarning(values, image));
            }
            width = values.width();
            height = values.height();
            map = threshold(values, mask.threshold());
        } else if (region instanceof Region.Box box) {
            map = box(box, width, height, warnings);
        } else if (region instanceof Region.Points points) {
            map = points(points, width, height, warnings);
        } else if (region instanceof Region.Strokes strokes) {
            map = strokes(strokes, width, height);
        } else if (region instanceof Region.ImageAlpha alpha) {
            map = imageAlpha(alpha, image);
        } else if (region instanceof Region.Whole) {
            map = new boolean[width * height];
            Arrays.fill(map, true);
        } else {
            throw new IllegalArgumentException("Unsupported region " + region.describe());
        }
        return finish(region, width, height, map, warnings);
    }

    private static ForegroundMap finish(Region region, int width, int height, boolean[] map, List<String> warnings) {
        if (!anyForeground(map)) {
            warnings.add("region is empty: alpha is all background (" + region.describe() + ")");
        }
        return new ForegroundMap(width, height, map, warnings);
    }

    private static boolean anyForeground(boolean[] map) {
        for (boolean f : map) {
            if (f) {
                return true;
            }
        }
        return false;
    }

    private static boolean sameSize(GrayImage mask, RgbImage image) {
        return mask.width() == image.width() && mask.height() == image.height();
    }

    private static String stretchWarning(GrayImage mask, RgbImage image) {
        String warning = "mask " + mask.width() + "x" + mask.height() + " stretched to the image size "
                + image.width() + "x" + image.height();
        double maskAspect = (double) mask.width() / mask.height();
        double imageAspect = (double) image.width() / image.height();
        double difference = Math.abs(maskAspect / imageAspect - 1.0);
        if (difference > ASPECT_TOLERANCE) {
            warning += String.format(Locale.ROOT, "; the aspect ratios differ by %.1f%% (mask %.3f, image %.3f),"
                    + " so the region is distorted", difference * 100, maskAspect, imageAspect);
        }
        return warning;
    }

    private static boolean[] threshold(GrayImage mask, int threshold) {
        byte[] values = mask.values();
        boolean[] map = new boolean[values.length];
        for (int i = 0; i < values.length; i++) {
            map[i] = (values[i] & 0xFF) >= threshold;
        }
        return map;
    }

    /** Nearest neighbour by pixel centers: output pixel i takes input pixel floor((i + 0.5) * in / out). */
    private static boolean[] stretch(boolean[] in, int inWidth, int inHeight, int outWidth, int outHeight) {
        boolean[] out = new boolean[outWidth * outHeight];
        for (int y = 0; y < outHeight; y++) {
            int sy = nearest(y, inHeight, outHeight);
            for (int x = 0; x < outWidth; x++) {
                out[y * outWidth + x] = in[sy * inWidth + nearest(x, inWidth, outWidth)];
            }
        }
        return out;
    }

    private static int nearest(int out, int inSize, int outSize) {
        return (int) (((2L * out + 1) * inSize) / (2L * outSize));
    }

    private static boolean[] box(Region.Box box, int width, int height, List<String> warnings) {
        if (box.x1() <= 0 || box.y1() <= 0 || box.x0() >= width || box.y0() >= height) {
            throw new IllegalArgumentException(box.describe() + " lies entirely outside the image " + width + "x" + height);
        }
        if (box.x0() < 0 || box.y0() < 0 || box.x1() > width || box.y1() > height) {
            warnings.add(box.describe() + " extends beyond the image " + width + "x" + height + " and was clipped to it");
        }
        boolean[] map = new boolean[width * height];
        int x0 = firstCenterAtOrAfter(box.x0(), width);
        int x1 = firstCenterAtOrAfter(box.x1(), width);
        int y0 = firstCenterAtOrAfter(box.y0(), height);
        int y1 = firstCenterAtOrAfter(box.y1(), height);
        for (int y = y0; y < y1; y++) {
            Arrays.fill(map, y * width + x0, y * width + x1, true);
        }
        return map;
    }

    /** The first pixel index whose center is at or after the edge, within 0..size. */
    private static int firstCenterAtOrAfter(double edge, int size) {
        double index = Math.ceil(edge - 0.5);
        return (int) Math.max(0, Math.min(size, index));
    }

    private static boolean[] points(Region.Points points, int width, int height, List<String> warnings) {
        boolean[] map = new boolean[width * height];
        int outside = 0;
        for (Region.Point p : points.points()) {
            if (p.x() < 0 || p.y() < 0 || p.x() > width || p.y() > height) {
                outside++;
            }
            paintDisc(map, width, height, p, points.radius());
        }
        if (outside > 0) {
            warnings.add(outside + " of " + points.points().size() + " points lie outside the image " + width + "x" + height);
        }
        return map;
    }

    private static boolean[] strokes(Region.Strokes strokes, int width, int height) {
        boolean[] map = new boolean[width * height];
        double halfWidth = strokes.width() / 2;
        for (List<Region.Point> line : strokes.polylines()) {
            paintDisc(map, width, height, line.get(0), halfWidth);
            for (int i = 1; i < line.size(); i++) {
                paintSegment(map, width, height, line.get(i - 1), line.get(i), halfWidth);
            }
        }
        return map;
    }

    private static void paintDisc(boolean[] map, int width, int height, Region.Point center, double radius) {
        paintSegment(map, width, height, center, center, radius);
    }

    /** Marks the pixels whose centers lie within {@code radius} of the segment a-b. */
    private static void paintSegment(boolean[] map, int width, int height, Region.Point a, Region.Point b,
            double radius) {
        int x0 = firstCenterAtOrAfter(Math.min(a.x(), b.x()) - radius, width);
        int x1 = firstCenterAtOrAfter(Math.max(a.x(), b.x()) + radius, width);
        int y0 = firstCenterAtOrAfter(Math.min(a.y(), b.y()) - radius, height);
        int y1 = firstCenterAtOrAfter(Math.max(a.y(), b.y()) + radius, height);
        double dx = b.x() - a.x();
        double dy = b.y() - a.y();
        double lengthSquared = dx * dx + dy * dy;
        double radiusSquared = radius * radius;
        for (int y = y0; y <= Math.min(y1, height - 1); y++) {
            double cy = y + 0.5;
            for (int x = x0; x <= Math.min(x1, width - 1); x++) {
                double cx = x + 0.5;
                double t = lengthSquared == 0 ? 0 : ((cx - a.x()) * dx + (cy - a.y()) * dy) / lengthSquared;
                t = Math.max(0, Math.min(1, t));
                double ex = cx - (a.x() + t * dx);
                double ey = cy - (a.y() + t * dy);
                if (ex * ex + ey * ey <= radiusSquared) {
                    map[y * width + x] = true;
                }
            }
        }
    }

    private static boolean[] imageAlpha(Region.ImageAlpha region, RgbImage image) {
        if (!image.hasAlpha()) {
            throw new IllegalArgumentException(region.describe() + " needs an image with an alpha channel, but the image "
                    + image.width() + "x" + image.height() + " has none");
        }
        return threshold(new GrayImage(image.width(), image.height(), image.alpha()), region.threshold());
    }
}
