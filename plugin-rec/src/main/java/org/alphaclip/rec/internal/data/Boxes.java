package org.alphaclip.rec.internal.data;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.alphaclip.api.region.Region;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;

/**
 * Boxes in the two layouts this bundle reads: corner boxes {@code [x0, y0, x1, y1]} (BOXES.json, the
 * synthetic world) and ReCLIP's detection boxes {@code [x, y, w, h]} (top-left corner, width, height),
 * converted on reading; and the check that keeps boxes inside their image.
 */
public final class Boxes {

    private Boxes() {
    }

    /**
     * Reads a BOXES.json file: {@code [[x0, y0, x1, y1], ...]} in pixels.
     *
     * @throws IOException when the file is missing or is not a list of four-number boxes; the message
     *         names the file and the entry
     */
    public static List<Region.Box> readCornerFile(Path file) throws IOException {
        JsonElement root;
        if (Files.isDirectory(file)) {
            throw new IOException("Boxes file " + file + " is a folder, not a file");
        }
        try {
            root = JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            throw new IOException("Boxes file " + file + " does not exist");
        } catch (CharacterCodingException e) {
            throw new IOException("Boxes file " + file + " is not UTF-8 text");
        } catch (JsonParseException e) {
            throw new IOException("Boxes file " + file + " is not JSON: " + e.getMessage());
        } catch (IOException e) {
            throw new IOException("Cannot read boxes file " + file + ": " + e.getMessage(), e);
        }
        if (!root.isJsonArray()) {
            throw new IOException("Boxes file " + file + " must hold a list of boxes [[x0,y0,x1,y1], ...]");
        }
        List<Region.Box> boxes = new ArrayList<>();
        int i = 0;
        for (JsonElement entry : root.getAsJsonArray()) {
            double[] v = numbers(entry, 4, "box " + i + " of " + file);
            boxes.add(corners(v[0], v[1], v[2], v[3], "box " + i + " of " + file));
            i++;
        }
        if (boxes.isEmpty()) {
            throw new IOException("Boxes file " + file + " holds no boxes");
        }
        return boxes;
    }

    /** A corner box, with a message naming {@code what} when the corners are not ordered. */
    public static Region.Box corners(double x0, double y0, double x1, double y1, String what) throws IOException {
        if (!(x1 > x0 && y1 > y0)) {
            throw new IOException(String.format(Locale.ROOT, "%s [%s, %s, %s, %s] needs x0 < x1 and y0 < y1", what,
                    fmt(x0), fmt(y0), fmt(x1), fmt(y1)));
        }
        return new Region.Box(x0, y0, x1, y1);
    }

    /** A ReCLIP box {@code [x, y, w, h]} as a corner box. */
    public static Region.Box fromXywh(double x, double y, double w, double h, String what) throws IOException {
        if (!(w > 0 && h > 0)) {
            throw new IOException(String.format(Locale.ROOT, "%s [x=%s, y=%s, w=%s, h=%s] has no area", what, fmt(x), fmt(y),
                    fmt(w), fmt(h)));
        }
        return new Region.Box(x, y, x + w, y + h);
    }

    /**
     * The part of a box inside a {@code width x height} image, or {@code null} when none of it is.
     */
    public static Region.Box clip(Region.Box box, int width, int height) {
        double x0 = Math.max(0, box.x0());
        double y0 = Math.max(0, box.y0());
        double x1 = Math.min(width, box.x1());
        double y1 = Math.min(height, box.y1());
        return x1 > x0 && y1 > y0 ? new Region.Box(x0, y0, x1, y1) : null;
    }

    /** At least {@code count} finite numbers from a JSON array; the message names {@code what}. */
    static double[] numbers(JsonElement element, int count, String what) throws IOException {
        if (!element.isJsonArray()) {
            throw new IOException(what + " must be a list of " + count + " numbers, got " + element);
        }
        JsonArray array = element.getAsJsonArray();
        if (array.size() < count) {
            throw new IOException(what + " must be a list of " + count + " numbers, got " + element);
        }
        double[] out = new double[count];
        for (int k = 0; k < count; k++) {
            JsonElement v = array.get(k);
            if (!v.isJsonPrimitive() || !v.getAsJsonPrimitive().isNumber() || !Double.isFinite(v.getAsDouble())) {
                throw new IOException(what + " must be a list of " + count + " numbers, got " + element);
            }
            out[k] = v.getAsDouble();
        }
        return out;
    }

    private static String fmt(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }
}
