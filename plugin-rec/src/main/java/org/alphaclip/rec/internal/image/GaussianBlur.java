package org.alphaclip.rec.internal.image;

import org.alphaclip.api.image.RgbImage;

/**
 * A fast Gaussian blur in the manner of PIL's {@code ImageFilter.GaussianBlur(radius)}: {@code radius} is
 * the standard deviation, and the blur is three passes of an extended box filter per direction (a box
 * whose outermost taps have a fractional weight, so that the three passes have exactly the requested
 * variance). Each pass repeats the edge pixel beyond the border, as PIL does, so near the border the
 * result differs from one Gaussian over an edge-extended image. The cost does not depend on the radius.
 * Results are close to PIL's, not bit-exact.
 */
public final class GaussianBlur {

    private static final int PASSES = 3;

    private GaussianBlur() {
    }

    /** The image blurred with standard deviation {@code sigma} (0: an unchanged copy); alpha is dropped. */
    public static RgbImage blur(RgbImage image, double sigma) {
        if (!(sigma >= 0) || !Double.isFinite(sigma)) {
            throw new IllegalArgumentException("Blur radius must be a finite number >= 0, got " + sigma);
        }
        int w = image.width();
        int h = image.height();
        byte[] rgb = image.rgb();
        if (sigma == 0) {
            return new RgbImage(w, h, rgb.clone(), null);
        }
        double[] box = boxRadius(sigma);
        int whole = (int) box[0];
        double fraction = box[1];
        byte[] out = new byte[rgb.length];
        double[] plane = new double[w * h];
        for (int c = 0; c < 3; c++) {
            for (int i = 0; i < w * h; i++) {
                plane[i] = rgb[i * 3 + c] & 0xFF;
            }
            for (int pass = 0; pass < PASSES; pass++) {
                boxLines(plane, w, h, 1, w, whole, fraction);
                boxLines(plane, h, w, w, 1, whole, fraction);
            }
            for (int i = 0; i < w * h; i++) {
                out[i * 3 + c] = (byte) Math.max(0, Math.min(255, (int) Math.round(plane[i])));
            }
        }
        return new RgbImage(w, h, out, null);
    }

    /**
     * The extended box of one pass: {@code [l, a]} where the box covers {@code 2l + 1} full taps and one
     * more tap of weight {@code a} on each side, so that {@code PASSES} boxes have variance {@code sigma^2}.
     */
    static double[] boxRadius(double sigma) {
        double variance = sigma * sigma / PASSES;
        int l = (int) Math.floor((Math.sqrt(12 * variance + 1) - 1) / 2);
        double a = (2 * l + 1) * (l * (l + 1) - 3 * variance) / (6 * (variance - (l + 1) * (l + 1)));
        return new double[] {l, a};
    }

    /**
     * Box-filters {@code lines} lines of {@code length} samples in place; sample {@code k} of line
     * {@code j} is at {@code j * lineStride + k * step}.
     */
    private static void boxLines(double[] data, int length, int lines, int step, int lineStride, int l, double a) {
        double[] prefix = new double[length + 2 * (l + 1) + 1];
        double norm = 2 * l + 1 + 2 * a;
        int pad = l + 1;
        for (int j = 0; j < lines; j++) {
            int base = j * lineStride;
            double first = data[base];
            double last = data[base + (length - 1) * step];
            // prefix[i] = sum of the clamped samples at positions -pad .. i - pad - 1
            for (int i = 0; i < length + 2 * pad; i++) {
                int k = i - pad;
                double v = k < 0 ? first : k >= length ? last : data[base + k * step];
                prefix[i + 1] = prefix[i] + v;
            }
            for (int x = 0; x < length; x++) {
                int lo = x - l + pad;
                int hi = x + l + pad;
                double sum = prefix[hi + 1] - prefix[lo];
                double outer = (prefix[lo] - prefix[lo - 1]) + (prefix[hi + 2] - prefix[hi + 1]);
                data[base + x * step] = (sum + a * outer) / norm;
            }
        }
    }
}
