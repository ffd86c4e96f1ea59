package org.alphaclip.sdk.image;

import org.alphaclip.api.image.RgbImage;

/**
 * A Gaussian blur in the manner of PIL's {@code ImageFilter.GaussianBlur(radius)}: {@code sigma} is the
 * standard deviation, and the blur is three passes of an extended box filter per direction (a box whose
 * outermost taps have a fractional weight, so that the three passes have exactly the requested variance).
 * Each pass repeats the edge sample beyond the border, as PIL does. The cost does not depend on sigma.
 * Results are close to PIL's, not bit-exact (PIL rounds to 8 bits between passes).
 */
public final class GaussianBlur {

    private static final int PASSES = 3;

    private GaussianBlur() {
    }

    /** The image blurred with standard deviation {@code sigma} (0: an unchanged copy); alpha is dropped. */
    public static RgbImage blur(RgbImage image, double sigma) {
        checkSigma(sigma);
        int w = image.width();
        int h = image.height();
        byte[] rgb = image.rgb();
        byte[] out = new byte[rgb.length];
        float[] plane = new float[w * h];
        for (int c = 0; c < 3; c++) {
            for (int i = 0; i < w * h; i++) {
                plane[i] = rgb[i * 3 + c] & 0xFF;
            }
            blur(plane, w, h, sigma);
            for (int i = 0; i < w * h; i++) {
                out[i * 3 + c] = (byte) Math.max(0, Math.min(255, Math.round(plane[i])));
            }
        }
        return new RgbImage(w, h, out, null);
    }

    /** Blurs one {@code width x height} plane of samples in place with standard deviation {@code sigma}. */
    public static void blur(float[] plane, int width, int height, double sigma) {
        checkSigma(sigma);
        if (plane.length != (long) width * height) {
            throw new IllegalArgumentException(plane.length + " samples do not fit " + width + "x" + height);
        }
        if (sigma == 0) {
            return;
        }
        double variance = sigma * sigma / PASSES;
        int whole = (int) Math.floor((Math.sqrt(12 * variance + 1) - 1) / 2);
        double fraction = (2 * whole + 1) * (whole * (whole + 1) - 3 * variance) / (6 * (variance - (whole + 1) * (whole + 1)));
        double[] line = new double[Math.max(width, height)];
        double[] prefix = new double[Math.max(width, height) + 2 * (whole + 1) + 1];
        for (int pass = 0; pass < PASSES; pass++) {
            boxLines(plane, width, height, 1, width, whole, fraction, line, prefix);
            boxLines(plane, height, width, width, 1, whole, fraction, line, prefix);
        }
    }

    private static void checkSigma(double sigma) {
        if (!(sigma >= 0) || !Double.isFinite(sigma)) {
            throw new IllegalArgumentException("Blur radius must be a finite number >= 0, got " + sigma);
        }
    }

    /**
     * Box-filters {@code lines} lines of {@code length} samples in place with a box of {@code 2l + 1} full taps
     * and one tap of weight {@code a} on each side; sample {@code k} of line {@code j} is at
     * {@code j * lineStride + k * step}.
     */
    private static void boxLines(float[] data, int length, int lines, int step, int lineStride, int l, double a,
            double[] line, double[] prefix) {
        double norm = 2 * l + 1 + 2 * a;
        int pad = l + 1;
        for (int j = 0; j < lines; j++) {
            int base = j * lineStride;
            for (int k = 0; k < length; k++) {
                line[k] = data[base + k * step];
            }
            // prefix[i + 1] = the sum of the edge-extended samples at positions -pad .. i - pad
            for (int i = 0; i < length + 2 * pad; i++) {
                int k = Math.min(length - 1, Math.max(0, i - pad));
                prefix[i + 1] = prefix[i] + line[k];
            }
            for (int x = 0; x < length; x++) {
                int lo = x - l + pad;
                int hi = x + l + pad;
                double sum = prefix[hi + 1] - prefix[lo];
                double outer = (prefix[lo] - prefix[lo - 1]) + (prefix[hi + 2] - prefix[hi + 1]);
                data[base + x * step] = (float) ((sum + a * outer) / norm);
            }
        }
    }
}
