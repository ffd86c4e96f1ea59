package org.alphaclip.api.region;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

import org.alphaclip.api.image.GrayImage;

/**
 * Where the model should look. Every kind becomes a binary foreground map of the image's size, which
 * the encoder turns into the alpha channel. Coordinates are pixels of the original image, with
 * (0, 0) the top-left corner of the top-left pixel.
 */
public sealed interface Region {

    /** Mask values at or above this count as foreground by default. */
    int DEFAULT_THRESHOLD = 128;

    /** The official code's rule: only 255 is foreground. */
    int OFFICIAL_THRESHOLD = 255;

    /** A short description for logs and results, e.g. {@code box[10,20,30,40]}. */
    String describe();

    /**
     * A mask image; foreground where the value is at least {@code threshold}. A mask of another size
     * than the image is stretched to the image size (with a warning).
     */
    record Mask(GrayImage mask, int threshold) implements Region {
        /** Checks the threshold. */
        public Mask {
            Objects.requireNonNull(mask, "mask");
            if (threshold < 1 || threshold > 255) {
                throw new IllegalArgumentException("Mask threshold must be 1..255, got " + threshold);
            }
        }

        /** A mask with the default threshold (128). */
        public Mask(GrayImage mask) {
            this(mask, DEFAULT_THRESHOLD);
        }

        @Override
        public String describe() {
            return "mask[" + mask.width() + "x" + mask.height() + ", >=" + threshold + "]";
        }
    }

    /** An axis-aligned box {@code [x0, y0, x1, y1)} in pixel-edge coordinates, x1 and y1 exclusive. */
    record Box(double x0, double y0, double x1, double y1) implements Region {
        /** Checks the corners. */
        public Box {
            if (!(Double.isFinite(x0) && Double.isFinite(y0) && Double.isFinite(x1) && Double.isFinite(y1))) {
                throw new IllegalArgumentException("Box coordinates must be finite numbers");
            }
            if (x1 <= x0 || y1 <= y0) {
                throw new IllegalArgumentException("Box needs x0 < x1 and y0 < y1, got [" + x0 + "," + y0 + "," + x1 + "," + y1 + "]");
            }
        }

        @Override
        public String describe() {
            return "box[" + fmt(x0) + "," + fmt(y0) + "," + fmt(x1) + "," + fmt(y1) + "]";
        }

        /** {@code x1 - x0}. */
        public double width() {
            return x1 - x0;
        }

        /** {@code y1 - y0}. */
        public double height() {
            return y1 - y0;
        }

        /** {@code width * height}. */
        public double area() {
            return width() * height();
        }

        /** The box's centre. */
        public Point center() {
            return new Point((x0 + x1) / 2, (y0 + y1) / 2);
        }

        /** The area both boxes cover (0 when they do not overlap). */
        public double intersectionArea(Box other) {
            double w = Math.min(x1, other.x1) - Math.max(x0, other.x0);
            double h = Math.min(y1, other.y1) - Math.max(y0, other.y0);
            return w > 0 && h > 0 ? w * h : 0;
        }

        /** Intersection over union, in [0, 1]. */
        public double iou(Box other) {
            double intersection = intersectionArea(other);
            return intersection / (area() + other.area() - intersection);
        }

        /**
         * The part of the box inside an image of the given size, {@code [0, width) x [0, height)}; empty when
         * the box lies wholly outside it.
         */
        public Optional<Box> clip(double width, double height) {
            double cx0 = Math.max(0, x0);
            double cy0 = Math.max(0, y0);
            double cx1 = Math.min(width, x1);
            double cy1 = Math.min(height, y1);
            return cx1 > cx0 && cy1 > cy0 ? Optional.of(new Box(cx0, cy0, cx1, cy1)) : Optional.empty();
        }
    }

    /** Discs of the given radius around points. */
    record Points(List<Point> points, double radius) implements Region {
        /** Checks the radius and copies the list. */
        public Points {
            points = List.copyOf(points);
            if (points.isEmpty()) {
                throw new IllegalArgumentException("Points region needs at least one point");
            }
            if (!(radius > 0) || !Double.isFinite(radius)) {
                throw new IllegalArgumentException("Point radius must be a positive number, got " + radius);
            }
        }

        @Override
        public String describe() {
            return "points[" + points.size() + ", r=" + fmt(radius) + "]";
        }
    }

    /** Polylines drawn with round caps and joins of the given width. */
    record Strokes(List<List<Point>> polylines, double width) implements Region {
        /** Checks the width and copies the lists. */
        public Strokes {
            polylines = polylines.stream().map(List::copyOf).toList();
            if (polylines.isEmpty() || polylines.stream().anyMatch(List::isEmpty)) {
                throw new IllegalArgumentException("Stroke region needs at least one polyline with at least one point");
            }
            if (!(width > 0) || !Double.isFinite(width)) {
                throw new IllegalArgumentException("Stroke width must be a positive number, got " + width);
            }
        }

        @Override
        public String describe() {
            return "strokes[" + polylines.size() + ", w=" + fmt(width) + "]";
        }
    }

    /** The image's own alpha channel; foreground where it is at least {@code threshold}. */
    record ImageAlpha(int threshold) implements Region {
        /** Checks the threshold. */
        public ImageAlpha {
            if (threshold < 1 || threshold > 255) {
                throw new IllegalArgumentException("Alpha threshold must be 1..255, got " + threshold);
            }
        }

        /** The image's alpha channel with the default threshold (128). */
        public ImageAlpha() {
            this(DEFAULT_THRESHOLD);
        }

        @Override
        public String describe() {
            return "image-alpha[>=" + threshold + "]";
        }
    }

    /** The whole image: alpha all foreground. */
    record Whole() implements Region {
        @Override
        public String describe() {
            return "whole-image";
        }
    }

    /** A point in pixel-edge coordinates. */
    record Point(double x, double y) {
        /** Checks the coordinates are finite. */
        public Point {
            if (!Double.isFinite(x) || !Double.isFinite(y)) {
                throw new IllegalArgumentException("Point coordinates must be finite numbers");
            }
        }
    }

    private static String fmt(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }
}
