package org.alphaclip.core.internal.command;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.alphaclip.api.image.ImageReader;
import org.alphaclip.api.image.InvalidImageException;
import org.alphaclip.api.region.Region;

/**
 * Turns the region options of a command ({@code --mask}, {@code --box}, {@code --points} with
 * {@code --radius}, {@code --stroke} with {@code --width}, {@code --image-alpha}) into a {@link Region}.
 * Lists use {@code /} between points and {@code ,} inside a point, because {@code ;} ends a Gogo command.
 */
public final class RegionArguments {

    private RegionArguments() {
    }

    /**
     * Parses the region options; none of them means the whole image.
     *
     * @throws IllegalArgumentException naming the option and the expected form
     */
    public static Region parse(String mask, String box, String points, String radius, String stroke, String width,
            boolean imageAlpha, String threshold, ImageReader reader) throws InvalidImageException {
        int given = (mask.isEmpty() ? 0 : 1) + (box.isEmpty() ? 0 : 1) + (points.isEmpty() ? 0 : 1)
                + (stroke.isEmpty() ? 0 : 1) + (imageAlpha ? 1 : 0);
        if (given > 1) {
            throw new IllegalArgumentException("Give one region: --mask, --box, --points, --stroke or --image-alpha");
        }
        int level = integer("--threshold", threshold);
        if (level < 1 || level > 255) {
            throw new IllegalArgumentException("--threshold must be 1..255 (255 = the official '== 255' rule), got " + level);
        }
        if (!mask.isEmpty()) {
            return new Region.Mask(reader.readMask(Path.of(mask)), level);
        }
        if (!box.isEmpty()) {
            double[] v = numbers("--box", box, 4, "x0,y0,x1,y1");
            return new Region.Box(v[0], v[1], v[2], v[3]);
        }
        if (!points.isEmpty()) {
            return new Region.Points(pointList("--points", points), positive("--radius", radius));
        }
        if (!stroke.isEmpty()) {
            return new Region.Strokes(List.of(pointList("--stroke", stroke)), positive("--width", width));
        }
        if (imageAlpha) {
            return new Region.ImageAlpha(level);
        }
        return new Region.Whole();
    }

    /** Parses {@code x,y/x,y/...}. */
    static List<Region.Point> pointList(String option, String text) {
        List<Region.Point> list = new ArrayList<>();
        for (String part : text.split("/")) {
            double[] xy = numbers(option, part, 2, "x,y/x,y/...");
            list.add(new Region.Point(xy[0], xy[1]));
        }
        return list;
    }

    static double[] numbers(String option, String text, int count, String form) {
        String[] parts = text.split(",");
        if (parts.length != count) {
            throw new IllegalArgumentException(option + " expects " + form + ", got '" + text + "'");
        }
        double[] values = new double[count];
        for (int i = 0; i < count; i++) {
            values[i] = number(option, parts[i].strip(), form);
        }
        return values;
    }

    static double positive(String option, String text) {
        double value;
        try {
            value = Double.parseDouble(text);
        } catch (NumberFormatException e) {
            value = Double.NaN;
        }
        if (!(value > 0) || !Double.isFinite(value)) {
            throw new IllegalArgumentException(option + " must be a positive number, got '" + text + "'");
        }
        return value;
    }

    static int integer(String option, String text) {
        try {
            return Integer.parseInt(text.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " expects a whole number, got '" + text + "'");
        }
    }

    private static double number(String option, String text, String form) {
        try {
            double value = Double.parseDouble(text);
            if (!Double.isFinite(value)) {
                throw new NumberFormatException();
            }
            return value;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " expects " + form + " with finite numbers, got '" + text + "'");
        }
    }
}
