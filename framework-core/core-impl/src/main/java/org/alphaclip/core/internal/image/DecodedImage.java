package org.alphaclip.core.internal.image;

import org.alphaclip.api.image.GrayImage;
import org.alphaclip.api.image.RgbImage;

/**
 * A decoded file in the reader's two views: the RGB bytes (Pillow's {@code convert("RGB")}) with the alpha of
 * {@code convert("RGBA")} where the file has alpha or a transparent colour, and the mask values (the first
 * channel, unless a format's mask decoding differs; see {@link ImageFileReader}).
 *
 * @param rgb interleaved RGB bytes, row-major
 * @param alpha one byte per pixel, or null
 * @param mask one byte per pixel, or null when the mask is the red channel
 */
record DecodedImage(int width, int height, byte[] rgb, byte[] alpha, byte[] mask) {

    RgbImage toRgb() {
        return new RgbImage(width, height, rgb, alpha);
    }

    GrayImage toMask() {
        if (mask != null) {
            return new GrayImage(width, height, mask);
        }
        byte[] red = new byte[width * height];
        for (int i = 0; i < red.length; i++) {
            red[i] = rgb[i * 3];
        }
        return new GrayImage(width, height, red);
    }

    /**
     * This image as Pillow's {@code ImageOps.exif_transpose} turns it for an EXIF orientation (1..8; others
     * leave it as it is).
     */
    DecodedImage oriented(int orientation) {
        if (orientation < 2 || orientation > 8) {
            return this;
        }
        boolean swap = orientation >= 5;
        int outWidth = swap ? height : width;
        int outHeight = swap ? width : height;
        byte[] outRgb = new byte[rgb.length];
        byte[] outAlpha = alpha == null ? null : new byte[alpha.length];
        byte[] outMask = mask == null ? null : new byte[mask.length];
        for (int y = 0; y < outHeight; y++) {
            for (int x = 0; x < outWidth; x++) {
                int source = sourcePixel(orientation, x, y, outWidth, outHeight);
                int target = y * outWidth + x;
                System.arraycopy(rgb, source * 3, outRgb, target * 3, 3);
                if (outAlpha != null) {
                    outAlpha[target] = alpha[source];
                }
                if (outMask != null) {
                    outMask[target] = mask[source];
                }
            }
        }
        return new DecodedImage(outWidth, outHeight, outRgb, outAlpha, outMask);
    }

    /** The source pixel index shown at output (x, y): the inverse of the orientation's transform. */
    private int sourcePixel(int orientation, int x, int y, int outWidth, int outHeight) {
        int sx;
        int sy;
        switch (orientation) {
            case 2 -> { // mirrored left-right
                sx = width - 1 - x;
                sy = y;
            }
            case 3 -> { // turned 180 degrees
                sx = width - 1 - x;
                sy = height - 1 - y;
            }
            case 4 -> { // mirrored top-bottom
                sx = x;
                sy = height - 1 - y;
            }
            case 5 -> { // transposed
                sx = y;
                sy = x;
            }
            case 6 -> { // turned 90 degrees clockwise to show
                sx = y;
                sy = outWidth - 1 - x;
            }
            case 7 -> { // transversed
                sx = outHeight - 1 - y;
                sy = outWidth - 1 - x;
            }
            default -> { // 8: turned 90 degrees counter-clockwise to show
                sx = outHeight - 1 - y;
                sy = x;
            }
        }
        return sy * width + sx;
    }
}
