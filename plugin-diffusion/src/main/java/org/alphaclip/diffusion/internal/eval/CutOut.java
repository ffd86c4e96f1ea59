package org.alphaclip.diffusion.internal.eval;

import org.alphaclip.api.image.GrayImage;
import org.alphaclip.api.image.RgbImage;

/**
 * What the default model is trained to draw for a region, computed like its trainer does
 * ({@code tools/train/train_diffusion.py}): the scene and the object's mask averaged down to a square side, then
 * {@code mask * scene + (1 - mask) * grey}. The evaluation classifies these true cut-outs to validate itself.
 */
final class CutOut {

    private static final float GREY = 0.5f;

    private CutOut() {
    }

    /** The object of {@code mask} cut out of {@code image} at {@code side} pixels. */
    static RgbImage of(RgbImage image, GrayImage mask, int side) {
        byte[] rgb = new byte[side * side * 3];
        int w = image.width();
        int h = image.height();
        for (int y = 0; y < side; y++) {
            int y0 = y * h / side;
            int y1 = Math.max(y0 + 1, (y + 1) * h / side);
            for (int x = 0; x < side; x++) {
                int x0 = x * w / side;
                int x1 = Math.max(x0 + 1, (x + 1) * w / side);
                double[] sum = new double[3];
                double inside = 0;
                for (int yy = y0; yy < y1; yy++) {
                    for (int xx = x0; xx < x1; xx++) {
                        int p = yy * w + xx;
                        for (int c = 0; c < 3; c++) {
                            sum[c] += (image.rgb()[3 * p + c] & 0xFF) / 255.0;
                        }
                        inside += (mask.values()[p] & 0xFF) >= 128 ? 1 : 0;
                    }
                }
                int n = (y1 - y0) * (x1 - x0);
                double m = inside / n;
                for (int c = 0; c < 3; c++) {
                    double v = m * sum[c] / n + (1 - m) * GREY;
                    rgb[3 * (y * side + x) + c] = (byte) Math.round(Math.max(0, Math.min(1, v)) * 255);
                }
            }
        }
        return new RgbImage(side, side, rgb, null);
    }
}
