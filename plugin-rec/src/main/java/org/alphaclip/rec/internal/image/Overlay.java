package org.alphaclip.rec.internal.image;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;

import org.alphaclip.api.image.GrayImage;
import org.alphaclip.api.image.RgbImage;
import org.alphaclip.api.region.Region;
import org.alphaclip.sdk.io.AtomicFiles;

/** Writes the answer of {@code rec:locate} as a PNG: the image with the chosen mask tinted and its box outlined. */
public final class Overlay {

    private static final int[] TINT = {0, 170, 255};
    private static final int[] OUTLINE = {255, 90, 0};
    private static final double TINT_OPACITY = 0.45;

    private Overlay() {
    }

    /** The image with the mask tinted and the box outlined. */
    public static RgbImage draw(RgbImage image, GrayImage mask, Region.Box box) {
        int w = image.width();
        int h = image.height();
        byte[] out = image.rgb().clone();
        for (int i = 0; i < w * h; i++) {
            if ((mask.values()[i] & 0xFF) >= 128) {
                for (int c = 0; c < 3; c++) {
                    int v = out[i * 3 + c] & 0xFF;
                    out[i * 3 + c] = (byte) (int) Math.round(v * (1 - TINT_OPACITY) + TINT[c] * TINT_OPACITY);
                }
            }
        }
        int thickness = Math.max(2, Math.round(Math.max(w, h) / 200f));
        int[] b = Pixels.pixelBounds(box, w, h);
        for (int y = b[1]; y < b[3]; y++) {
            for (int x = b[0]; x < b[2]; x++) {
                boolean edge = x - b[0] < thickness || b[2] - 1 - x < thickness || y - b[1] < thickness || b[3] - 1 - y < thickness;
                if (edge) {
                    int i = (y * w + x) * 3;
                    out[i] = (byte) OUTLINE[0];
                    out[i + 1] = (byte) OUTLINE[1];
                    out[i + 2] = (byte) OUTLINE[2];
                }
            }
        }
        return new RgbImage(w, h, out, null);
    }

    /** Writes an image as PNG, so that the file appears whole or not at all. */
    public static void writePng(RgbImage image, Path file) throws IOException {
        BufferedImage buffered = new BufferedImage(image.width(), image.height(), BufferedImage.TYPE_INT_RGB);
        int[] row = new int[image.width()];
        byte[] rgb = image.rgb();
        for (int y = 0; y < image.height(); y++) {
            for (int x = 0; x < image.width(); x++) {
                int i = (y * image.width() + x) * 3;
                row[x] = (rgb[i] & 0xFF) << 16 | (rgb[i + 1] & 0xFF) << 8 | (rgb[i + 2] & 0xFF);
            }
            buffered.setRGB(0, y, image.width(), 1, row, 0, image.width());
        }
        AtomicFiles.writePng(file, buffered);
    }
}
