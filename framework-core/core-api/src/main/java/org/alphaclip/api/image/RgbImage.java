package org.alphaclip.api.image;

import java.util.Objects;

/**
 * A decoded 8-bit RGB image, with the alpha channel when the file had one.
 *
 * @param width pixels per row
 * @param height rows
 * @param rgb interleaved R, G, B bytes, row-major, {@code width * height * 3} long
 * @param alpha one byte per pixel, or {@code null} when the image has no alpha channel
 */
public record RgbImage(int width, int height, byte[] rgb, byte[] alpha) {

    /** Checks the sizes. */
    public RgbImage {
        Objects.requireNonNull(rgb, "rgb");
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("Image size must be positive, got " + width + "x" + height);
        }
        if (rgb.length != (long) width * height * 3) {
            throw new IllegalArgumentException("RGB data of " + rgb.length + " bytes does not fit " + width + "x" + height);
        }
        if (alpha != null && alpha.length != (long) width * height) {
            throw new IllegalArgumentException("Alpha data of " + alpha.length + " bytes does not fit " + width + "x" + height);
        }
    }

    /** Whether the image carries its own alpha channel. */
    public boolean hasAlpha() {
        return alpha != null;
    }
}
