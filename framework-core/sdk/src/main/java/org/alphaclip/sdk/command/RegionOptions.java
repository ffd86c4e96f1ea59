package org.alphaclip.sdk.command;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.alphaclip.api.image.ImageReader;
import org.alphaclip.api.image.InvalidImageException;
import org.alphaclip.api.region.Region;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;

/**
 * The region options of a command, with the one grammar every command uses:
 * <ul>
 * <li>{@code --mask FILE}: a mask image, foreground where the value is at least {@code --threshold};</li>
 * <li>{@code --box x0,y0,x1,y1}: one box in pixel edges, x1 and y1 exclusive;</li>
 * <li>{@code --points x,y/x,y/...}: discs of {@code --radius} around the points;</li>
 * <li>{@code --stroke x,y/x,y/...}: a polyline of {@code --width};</li>
 * <li>{@code --image-alpha}: the image's own alpha channel, foreground where at least {@code --threshold};</li>
 * <li>none of them: the whole image.</li>
 * </ul>
 * Lists use {@code /} between points and {@code ,} inside a point, because {@code ;} ends a Gogo command.
 * Several candidate boxes are always a file, {@code --boxes FILE} ({@link #readBoxes}). Declare the options
 * with the {@code *_HELP} texts and {@code DEFAULT_*} values here, so that {@code help} reads the same for
 * every command.
 *
 * @param mask the {@code --mask} value, or empty
 * @param box the {@code --box} value, or empty
 * @param points the {@code --points} value, or empty
 * @param radius the {@code --radius} value
 * @param stroke the {@code --stroke} value, or empty
 * @param width the {@code --width} value
 * @param imageAlpha whether {@code --image-alpha} was given
 * @param threshold the {@code --threshold} value
 */
public record RegionOptions(String mask, String box, String points, double radius, String stroke, double width,
        boolean imageAlpha, int threshold) {

    /** Help of {@code --mask}. */
    public static final String MASK_HELP = "mask image: foreground where the value >= --threshold";
    /** Help of {@code --box}. */
    public static final String BOX_HELP = "box x0,y0,x1,y1 in pixels (x1, y1 exclusive)";
    /** Help of {@code --points}. */
    public static final String POINTS_HELP = "points x,y/x,y/... (discs of --radius)";
    /** Help of {@code --radius}. */
    public static final String RADIUS_HELP = "point radius in pixels";
    /** Help of {@code --stroke}. */
    public static final String STROKE_HELP = "stroke x,y/x,y/... (a polyline of --width)";
    /** Help of {@code --width}. */
    public static final String WIDTH_HELP = "stroke width in pixels";
    /** Help of {@code --image-alpha}. */
    public static final String IMAGE_ALPHA_HELP = "use the image's own alpha channel as the region";
    /** Help of {@code --threshold}. */
    public static final String THRESHOLD_HELP = "mask/alpha foreground threshold 1..255 (255 = the official rule)";
    /** Help of {@code --boxes}. */
    public static final String BOXES_HELP = "boxes file: JSON [[x0,y0,x1,y1], ...] in pixels, or COCO [{\"bbox\": [x,y,w,h]}, ...]";
    /** Default of {@code --radius}. */
    public static final String DEFAULT_RADIUS = "10";
    /** Default of {@code --width}. */
    public static final String DEFAULT_WIDTH = "10";
    /** Default of {@code --threshold} ({@link Region#DEFAULT_THRESHOLD}). */
    public static final String DEFAULT_THRESHOLD = "128";

    /**
     * The region the options describe; none of them means the whole image.
     *
     * @param reader reads the {@code --mask} file
     * @throws IllegalArgumentException naming the option and the expected form, or when two regions are given
     * @throws InvalidImageException when the mask file cannot be read
     */
    public Region toRegion(ImageReader reader) throws InvalidImageException {
        int given = (mask.isEmpty() ? 0 : 1) + (box.isEmpty() ? 0 : 1) + (points.isEmpty() ? 0 : 1)
                + (stroke.isEmpty() ? 0 : 1) + (imageAlpha ? 1 : 0);
        if (given > 1) {
            throw new IllegalArgumentException("Give one region: --mask, --box, --points, --stroke or --image-alpha");
        }
        if (threshold < 1 || threshold > 255) {
            throw new IllegalArgumentException("--threshold must be 1..255 (255 = the official '== 255' rule), got " + threshold);
        }
        if (!mask.isEmpty()) {
            return new Region.Mask(reader.readMask(Path.of(mask)), threshold);
        }
        if (!box.isEmpty()) {
            return box("--box", box);
        }
        if (!points.isEmpty()) {
            return new Region.Points(pointList("--points", points), CommandArguments.positive("--radius", radius));
        }
        if (!stroke.isEmpty()) {
            return new Region.Strokes(List.of(pointList("--stroke", stroke)), CommandArguments.positive("--width", width));
        }
        if (imageAlpha) {
            return new Region.ImageAlpha(threshold);
        }
        return new Region.Whole();
    }

    /** One box {@code x0,y0,x1,y1}. */
    public static Region.Box box(String option, String text) {
        double[] v = numbers(option, text, 4, "x0,y0,x1,y1");
        if (!(v[2] > v[0] && v[3] > v[1])) {
            throw new IllegalArgumentException(option + " needs x0 < x1 and y0 < y1, got '" + text + "'");
        }
        return new Region.Box(v[0], v[1], v[2], v[3]);
    }

    /** One point {@code x,y}. */
    public static Region.Point point(String option, String text) {
        double[] xy = numbers(option, text, 2, "x,y");
        return new Region.Point(xy[0], xy[1]);
    }

    /** A list of points {@code x,y/x,y/...}. */
    public static List<Region.Point> pointList(String option, String text) {
        List<Region.Point> list = new ArrayList<>();
        for (String part : text.split("/", -1)) {
            double[] xy = numbers(option, part, 2, "x,y/x,y/...");
            list.add(new Region.Point(xy[0], xy[1]));
        }
        return list;
    }

    /**
     * Reads a boxes file: a JSON list whose entries are corner boxes {@code [x0, y0, x1, y1]} (pixel edges, x1
     * and y1 exclusive) or COCO objects {@code {"bbox": [x, y, width, height]}}.
     *
     * @throws IOException when the file is missing, not UTF-8 JSON, empty, or an entry is not a box with
     *         area; the message names the file and the entry (counted from 1)
     */
    public static List<Region.Box> readBoxes(Path file) throws IOException {
        if (Files.isDirectory(file)) {
            throw new IOException("Boxes file " + file + " is a folder, not a file");
        }
        JsonElement root;
        try {
            root = JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            throw new IOException("Boxes file " + file + " does not exist", e);
        } catch (CharacterCodingException e) {
            throw new IOException("Boxes file " + file + " is not UTF-8 text", e);
        } catch (JsonParseException e) {
            throw new IOException("Boxes file " + file + " is not JSON: " + rootMessage(e), e);
        }
        if (!root.isJsonArray()) {
            throw new IOException("Boxes file " + file + " must hold a list of boxes [[x0,y0,x1,y1], ...]");
        }
        List<Region.Box> boxes = new ArrayList<>();
        JsonArray entries = root.getAsJsonArray();
        for (int i = 0; i < entries.size(); i++) {
            boxes.add(box(entries.get(i), "box #" + (i + 1) + " of " + file));
        }
        if (boxes.isEmpty()) {
            throw new IOException("Boxes file " + file + " holds no boxes");
        }
        return boxes;
    }

    private static Region.Box box(JsonElement entry, String what) throws IOException {
        if (entry.isJsonObject()) {
            JsonObject object = entry.getAsJsonObject();
            double[] v = jsonNumbers(object.get("bbox"), what + " (its bbox [x, y, width, height])");
            if (!(v[2] > 0 && v[3] > 0)) {
                throw new IOException(what + " has bbox width or height " + v[2] + " x " + v[3] + ": no area");
            }
            return new Region.Box(v[0], v[1], v[0] + v[2], v[1] + v[3]);
        }
        double[] v = jsonNumbers(entry, what);
        if (!(v[2] > v[0] && v[3] > v[1])) {
            throw new IOException(what + " " + entry + " needs x0 < x1 and y0 < y1");
        }
        return new Region.Box(v[0], v[1], v[2], v[3]);
    }

    private static double[] jsonNumbers(JsonElement element, String what) throws IOException {
        String form = what + " must be [x0, y0, x1, y1] or {\"bbox\": [x, y, width, height]} with finite numbers, got "
                + element;
        if (element == null || !element.isJsonArray() || element.getAsJsonArray().size() != 4) {
            throw new IOException(form);
        }
        double[] out = new double[4];
        for (int k = 0; k < 4; k++) {
            JsonElement v = element.getAsJsonArray().get(k);
            if (!v.isJsonPrimitive() || !v.getAsJsonPrimitive().isNumber() || !Double.isFinite(v.getAsDouble())) {
                throw new IOException(form);
            }
            out[k] = v.getAsDouble();
        }
        return out;
    }

    private static double[] numbers(String option, String text, int count, String form) {
        String[] parts = text.split(",", -1);
        if (parts.length != count) {
            throw new IllegalArgumentException(option + " expects " + form + ", got '" + text + "'");
        }
        double[] values = new double[count];
        for (int i = 0; i < count; i++) {
            try {
                values[i] = Double.parseDouble(parts[i].strip());
            } catch (NumberFormatException e) {
                values[i] = Double.NaN;
            }
            if (!Double.isFinite(values[i])) {
                throw new IllegalArgumentException(option + " expects " + form + " with finite numbers, got '" + text + "'");
            }
        }
        return values;
    }

    private static String rootMessage(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause.getMessage();
    }
}
