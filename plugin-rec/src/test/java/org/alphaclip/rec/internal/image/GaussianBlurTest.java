package org.alphaclip.rec.internal.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.alphaclip.api.image.RgbImage;
import org.junit.jupiter.api.Test;

class GaussianBlurTest {

    @Test
    void threeExtendedBoxesHaveExactlyTheRequestedVariance() {
        for (double sigma : new double[] {0.7, 1, 2.5, 10, 100}) {
            double[] box = GaussianBlur.boxRadius(sigma);
            int l = (int) box[0];
            double a = box[1];
            assertTrue(a >= 0 && a < 1, "fractional tap weight " + a + " for sigma " + sigma);
            double variance = 0;
            for (int k = -l; k <= l; k++) {
                variance += k * k;
            }
            variance = (variance + 2 * a * (l + 1) * (l + 1)) / (2 * l + 1 + 2 * a);
            assertEquals(sigma * sigma, 3 * variance, 1e-9 * sigma * sigma);
        }
    }

    @Test
    void matchesADirectGaussianConvolutionAwayFromTheBorder() {
        int w = 41;
        int h = 33;
        double sigma = 3;
        Random random = new Random(7);
        byte[] rgb = new byte[w * h * 3];
        random.nextBytes(rgb);
        RgbImage image = new RgbImage(w, h, rgb, null);
        RgbImage fast = GaussianBlur.blur(image, sigma);
        int radius = (int) Math.ceil(4 * sigma);
        double[] kernel = new double[2 * radius + 1];
        double sum = 0;
        for (int k = -radius; k <= radius; k++) {
            kernel[k + radius] = Math.exp(-k * k / (2 * sigma * sigma));
            sum += kernel[k + radius];
        }
        for (int k = 0; k < kernel.length; k++) {
            kernel[k] /= sum;
        }
        double maxError = 0;
        for (int c = 0; c < 3; c++) {
            double[] rows = new double[w * h];
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    double v = 0;
                    for (int k = -radius; k <= radius; k++) {
                        int xx = Math.max(0, Math.min(w - 1, x + k));
                        v += kernel[k + radius] * (rgb[(y * w + xx) * 3 + c] & 0xFF);
                    }
                    rows[y * w + x] = v;
                }
            }
            int margin = (int) Math.ceil(3 * sigma);
            for (int y = margin; y < h - margin; y++) {
                for (int x = margin; x < w - margin; x++) {
                    double v = 0;
                    for (int k = -radius; k <= radius; k++) {
                        int yy = Math.max(0, Math.min(h - 1, y + k));
                        v += kernel[k + radius] * rows[yy * w + x];
                    }
                    maxError = Math.max(maxError, Math.abs(v - (fast.rgb()[(y * w + x) * 3 + c] & 0xFF)));
                }
            }
        }
        assertTrue(maxError <= 2.0, "largest difference from a true Gaussian: " + maxError);
    }

    @Test
    void keepsFlatImagesFlatAndAveragesAwayDetailAtLargeRadius() {
        byte[] flat = new byte[20 * 10 * 3];
        java.util.Arrays.fill(flat, (byte) 77);
        assertArrayEquals(flat, GaussianBlur.blur(new RgbImage(20, 10, flat, null), 100).rgb());

        // a black left half and a red right half become one smooth ramp across the whole image
        int w = 256;
        byte[] halves = new byte[w * w * 3];
        for (int i = 0; i < w * w; i++) {
            halves[i * 3] = (byte) (i % w < w / 2 ? 0 : 255);
        }
        RgbImage blurred = GaussianBlur.blur(new RgbImage(w, w, halves, null), 100);
        int previous = -1;
        for (int x = 0; x < w; x++) {
            int red = blurred.rgb()[(100 * w + x) * 3] & 0xFF;
            assertTrue(red >= previous, "not monotonic at x = " + x);
            assertEquals(0, blurred.rgb()[(100 * w + x) * 3 + 1]);
            previous = red;
        }
        assertTrue((blurred.rgb()[0] & 0xFF) > 10, "the left edge takes in red from far away");
        assertEquals(127.5, blurred.rgb()[(100 * w + w / 2) * 3] & 0xFF, 3);
    }

    @Test
    void radiusZeroCopiesAndNegativeRadiusIsRejected() {
        byte[] rgb = {1, 2, 3, 4, 5, 6};
        RgbImage image = new RgbImage(2, 1, rgb, new byte[] {9, 9});
        RgbImage copy = GaussianBlur.blur(image, 0);
        assertArrayEquals(rgb, copy.rgb());
        assertTrue(copy.rgb() != rgb);
        assertThrows(IllegalArgumentException.class, () -> GaussianBlur.blur(image, -1));
        assertThrows(IllegalArgumentException.class, () -> GaussianBlur.blur(image, Double.NaN));
    }

    @Test
    void largeImagesBlurQuicklyWhateverTheRadius() {
        byte[] rgb = new byte[640 * 480 * 3];
        new Random(1).nextBytes(rgb);
        RgbImage image = new RgbImage(640, 480, rgb, null);
        GaussianBlur.blur(image, 100);
        long start = System.nanoTime();
        GaussianBlur.blur(image, 100);
        double seconds = (System.nanoTime() - start) / 1e9;
        assertTrue(seconds < 2, "640x480 at radius 100 took " + seconds + " s");
    }
}
