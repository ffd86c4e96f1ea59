package org.alphaclip.api.gradient;

/**
 * Images with their alpha, as model inputs: already resized to the model's resolution and normalised.
 *
 * @param count the number of images
 * @param size the side of each (square) image in pixels
 * @param pixels {@code [count, 3, size, size]}, channel-major per image, normalised with the model's mean and std
 * @param alpha {@code [count, 1, size, size]}, normalised with the model's alpha mean and std
 */
public record ImageBatch(int count, int size, float[] pixels, float[] alpha) {

    /** Checks the sizes and that every value is finite. */
    public ImageBatch {
        if (count <= 0 || size <= 0) {
            throw new IllegalArgumentException("An image batch needs a positive count and size, got " + count
                    + " images of " + size + " px");
        }
        long plane = (long) size * size;
        if (pixels.length != count * 3 * plane || alpha.length != count * plane) {
            throw new IllegalArgumentException("A batch of " + count + " images of " + size + "x" + size + " needs "
                    + count * 3 * plane + " pixel and " + count * plane + " alpha values, got " + pixels.length
                    + " and " + alpha.length);
        }
        requireFinite(pixels, "pixel");
        requireFinite(alpha, "alpha");
    }

    private static void requireFinite(float[] values, String what) {
        for (int i = 0; i < values.length; i++) {
            if (!Float.isFinite(values[i])) {
                throw new IllegalArgumentException("The " + what + " value at " + i + " is " + values[i]);
            }
        }
    }
}
