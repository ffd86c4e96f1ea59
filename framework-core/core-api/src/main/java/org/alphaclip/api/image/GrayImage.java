package org.alphaclip.api.image;

import java.util.Objects;

/**
 * A decoded single-channel 8-bit image, such as a mask.
 *
 * @param width pixels per row
 * @param height rows
 * @param values one byte per pixel, row-major
 */
public record GrayImage(int width, int height, byte[] values) {

    /** Checks the sizes. */
    public GrayImage {
        Objects.requireNonNull(values, "values");
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("Image size must be positive, got " + width + "x" + height);
        }
        if (values.length != (long) width * height) {
            throw new IllegalArgumentException(values.length + " values do not fit " + width + "x" + height);
        }
    }

    /** The value at (x, y), 0..255. */
    public int value(int x, int y) {
        return values[y * width + x] & 0xFF;
    }
}
