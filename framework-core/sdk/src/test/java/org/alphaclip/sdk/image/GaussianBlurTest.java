package org.alphaclip.sdk.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.alphaclip.api.image.RgbImage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class GaussianBlurTest {

    /** Three extended boxes have exactly the requested variance: an impulse spreads with variance sigma squared. */
    @Test
    void anImpulseSpreadsWithTheRequestedVariance() {
        for (double sigma : new double[] {0.7, 1, 2.5, 10, 100}) {
            int width = 2001;
            int centre = width / 2;
            float[] plane = new float[width];
            plane[centre] = 1;
            GaussianBlur.blur(plane, width, 1, sigma);
            double mass = 0;
            double variance = 0;
            for (int x = 0; x < width; x++) {
                mass += plane[x];
                variance += (double) (x - centre) * (x - centre) * plane[x];
            }
            assertEquals(1, mass, 1e-4, "sigma " + sigma);
            assertEquals(sigma * sigma, variance / mass, 1e-3 * Math.max(1, sigma * sigma), "sigma " + sigma);
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

    @ParameterizedTest
    @ValueSource(doubles = {0.8, 2, 5.5, 12})
    void smallAndLargeSigmasGiveTheRequestedVariance(double sigma) {
        int size = 201;
        float[] plane = new float[size * size];
        plane[100 * size + 100] = 1000;
        GaussianBlur.blur(plane, size, size, sigma);

        double mass = 0;
        double variance = 0;
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                mass += plane[y * size + x];
                variance += plane[y * size + x] * (x - 100) * (x - 100);
            }
        }
        assertEquals(1000, mass, 1e-2);
        assertEquals(sigma * sigma, variance / mass, 1e-3 * sigma * sigma);
    }
}
