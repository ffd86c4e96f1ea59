package org.alphaclip.core.internal.image;

/**
 * An image prepared for the vision tower.
 *
 * @param geometry how the crop was taken from the image
 * @param crop the resized and cropped 8-bit RGB pixels, R x R, interleaved, row-major
 * @param pixelValues the normalised float tensor {@code [3, R, R]} (channel planes, row-major)
 */
public record PreprocessedImage(CropGeometry geometry, byte[] crop, float[] pixelValues) {
}
