package org.alphaclip.proposals.internal.sam;

/**
 * segment-anything's {@code ResizeLongestSide} geometry for one image: the resized size whose longest
 * side is the model's input size, and the prompt coordinate transform into that frame.
 *
 * <pre>{@code
 * SamGeometry g = SamGeometry.of(145, 181, 1024);   // resized 820 x 1024
 * double x = g.toInputX(99.5);                      // in the 1024 frame, float64 like the official code
 * }</pre>
 *
 * @param height original rows
 * @param width original columns
 * @param resizedHeight rows after resizing
 * @param resizedWidth columns after resizing
 */
record SamGeometry(int height, int width, int resizedHeight, int resizedWidth) {

    /** Checks the sizes. */
    SamGeometry {
        if (height < 1 || width < 1 || resizedHeight < 1 || resizedWidth < 1) {
            throw new IllegalArgumentException("Image sizes must be positive: " + width + "x" + height + " -> "
                    + resizedWidth + "x" + resizedHeight);
        }
    }

    /**
     * The geometry of an image of {@code height x width} for a model input of {@code longestSide}:
     * {@code scale = longestSide / max(h, w)}, each side {@code int(side * scale + 0.5)} in float64.
     */
    static SamGeometry of(int height, int width, int longestSide) {
        double scale = longestSide * 1.0 / Math.max(height, width);
        return new SamGeometry(height, width, (int) (height * scale + 0.5), (int) (width * scale + 0.5));
    }

    /** An x coordinate of the original image in the resized frame ({@code apply_coords}, float64). */
    double toInputX(double x) {
        return x * ((double) resizedWidth / width);
    }

    /** A y coordinate of the original image in the resized frame ({@code apply_coords}, float64). */
    double toInputY(double y) {
        return y * ((double) resizedHeight / height);
    }
}
