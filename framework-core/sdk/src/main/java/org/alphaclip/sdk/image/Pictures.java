package org.alphaclip.sdk.image;

import java.awt.image.BufferedImage;

import org.alphaclip.api.image.RgbImage;

/** Conversions between the platform's images and Java 2D's, for drawing and writing pictures. */
public final class Pictures {

    private Pictures() {
    }

    /** An RGB picture of the image's pixels (its alpha, if any, is left out). */
    public static BufferedImage toBufferedImage(RgbImage image) {
        int w = image.width();
        int h = image.height();
        int[] pixels = new int[w * h];
        byte[] rgb = image.rgb();
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (rgb[3 * i] & 0xFF) << 16 | (rgb[3 * i + 1] & 0xFF) << 8 | rgb[3 * i + 2] & 0xFF;
        }
        BufferedImage picture = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        picture.setRGB(0, 0, w, h, pixels, 0, w);
        return picture;
    }
}
