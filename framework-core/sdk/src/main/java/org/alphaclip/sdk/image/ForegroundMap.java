package org.alphaclip.sdk.image;

import java.util.List;

/**
 * A binary region map with what was adapted to make it.
 *
 * @param width pixels per row
 * @param height rows
 * @param foreground one flag per pixel, row-major; {@code true} is foreground
 * @param warnings what was adapted on the way (a stretched mask, a clipped box, an empty region)
 */
public record ForegroundMap(int width, int height, boolean[] foreground, List<String> warnings) {

    /** Checks the size and copies the warnings. */
    public ForegroundMap {
        if (width < 1 || height < 1 || foreground.length != (long) width * height) {
            throw new IllegalArgumentException(foreground.length + " flags do not fit " + width + "x" + height);
        }
        warnings = List.copyOf(warnings);
    }

    /** How many pixels are foreground. */
    public int count() {
        int count = 0;
        for (boolean f : foreground) {
            if (f) {
                count++;
            }
        }
        return count;
    }
}
