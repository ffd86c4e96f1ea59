package org.alphaclip.nerf.internal.augment;

/**
 * An image of {@code channels} planes of {@code height × width} floats, channel-major, as the augmentations pass it
 * along (colour planes, or one alpha plane).
 *
 * @param channels the number of planes
 * @param height rows
 * @param width columns
 * @param values {@code channels·height·width} floats
 */
public record Planes(int channels, int height, int width, float[] values) {

    /** Checks the size. */
    public Planes {
        if (values.length != channels * height * width) {
            throw new IllegalArgumentException(channels + " planes of " + width + "x" + height + " need "
                    + channels * height * width + " values, got " + values.length);
        }
    }

    /** Zero planes of this shape. */
    public static Planes zeros(int channels, int height, int width) {
        return new Planes(channels, height, width, new float[channels * height * width]);
    }

    /** Zero planes of the same shape. */
    public Planes zerosLike() {
        return zeros(channels, height, width);
    }

    /** Pixels per plane. */
    public int planeSize() {
        return height * width;
    }
}
