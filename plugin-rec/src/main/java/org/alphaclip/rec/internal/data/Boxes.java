package org.alphaclip.rec.internal.data;

import java.io.IOException;
import java.util.Locale;

import org.alphaclip.api.region.Region;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;

/**
 * Boxes in the two layouts the dataset files hold: corner boxes {@code [x0, y0, x1, y1]} (the synthetic
 * world) and ReCLIP's detection boxes {@code [x, y, w, h]} (top-left corner, width, height), converted on
 * reading. (Candidate boxes given to {@code rec:locate} are read by the SDK's {@code RegionOptions.readBoxes}.)
 */
public final class Boxes {

    private Boxes() {
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
