package org.alphaclip.proposals.internal.sam;

import org.alphaclip.api.image.RgbImage;
import org.alphaclip.api.tensor.FloatTensor;
import org.alphaclip.sdk.image.PillowResize;

/**
 * Builds the image encoder's input exactly as segment-anything does: Pillow-bilinear resize of the
 * longest side to the input size ({@code ResizeLongestSide.apply_image}), {@code (x - mean) / std} per
 * channel in float32 ({@code Sam.preprocess}), zero padding on the right and bottom to a square, NCHW.
 *
 * @param inputSize the square input side (1024 for SAM)
 * @param mean per-channel pixel mean (RGB, 0..255 scale)
 * @param std per-channel pixel standard deviation
 */
record SamPreprocessor(int inputSize, float[] mean, float[] std) {

    /** Checks the values and copies the arrays. */
    SamPreprocessor {
        if (inputSize < 1 || mean.length != 3 || std.length != 3) {
            throw new IllegalArgumentException("SAM preprocessing needs a positive input size and 3 means and stds");
        }
        mean = mean.clone();
        std = std.clone();
    }

    /** The geometry of an image for this input size. */
    SamGeometry geometry(RgbImage image) {
        return SamGeometry.of(image.height(), image.width(), inputSize);
    }

    /** The image resized so its longest side is the input size: HWC uint8 RGB. */
    byte[] resized(RgbImage image, SamGeometry geometry) {
        if (geometry.resizedWidth() == image.width() && geometry.resizedHeight() == image.height()) {
            return image.rgb().clone();
        }
        return PillowResize.resize(image.rgb(), image.width(), image.height(), 3, geometry.resizedWidth(),
                geometry.resizedHeight(), PillowResize.Filter.BILINEAR);
    }

    /** The normalised, padded {@code [1, 3, inputSize, inputSize]} tensor. */
    FloatTensor tensor(RgbImage image) {
        SamGeometry geometry = geometry(image);
        byte[] resized = resized(image, geometry);
        int w = geometry.resizedWidth();
        int h = geometry.resizedHeight();
        int plane = inputSize * inputSize;
        float[] data = new float[3 * plane];
        float[][] table = new float[3][256];
        for (int c = 0; c < 3; c++) {
            for (int v = 0; v < 256; v++) {
                table[c][v] = ((float) v - mean[c]) / std[c];
            }
        }
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int source = (y * w + x) * 3;
                int target = y * inputSize + x;
                for (int c = 0; c < 3; c++) {
                    data[c * plane + target] = table[c][resized[source + c] & 0xFF];
                }
            }
        }
        return new FloatTensor(new long[] {1, 3, inputSize, inputSize}, data);
    }
}
