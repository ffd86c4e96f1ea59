package org.alphaclip.nerf.internal.augment;

import java.util.SplittableRandom;

/**
 * PureCLIPNeRF's random backgrounds, as three colour planes: a checkerboard of 8×8 squares in two random colours,
 * uniform noise, or smooth noise (uniform noise blurred wide, in place of Dream Fields' Fourier-spectrum noise), each
 * blurred with one Gaussian of random width per step (σ up to 10 pixels at 224, scaled with the image).
 */
public final class Backgrounds {

    private Backgrounds() {
    }

    /** {@code count} backgrounds of {@code size}², drawn from {@code random}. */
    public static Planes[] draw(SplittableRandom random, int count, int size) {
        double sigma = random.nextDouble() * 10 * size / 224.0;
        Planes[] backgrounds = new Planes[count];
        for (int i = 0; i < count; i++) {
            Planes background = switch (random.nextInt(3)) {
                case 0 -> checkerboard(random, size);
                case 1 -> noise(random, size);
                default -> blur(noise(random, size), size / 8.0);
            };
            backgrounds[i] = blur(background, sigma);
        }
        return backgrounds;
    }

    private static Planes checkerboard(SplittableRandom random, int size) {
        float[][] colours = new float[2][3];
        for (float[] colour : colours) {
            for (int c = 0; c < 3; c++) {
                colour[c] = (float) random.nextDouble();
            }
        }
        Planes planes = Planes.zeros(3, size, size);
        int square = Math.max(1, size / 8);
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                float[] colour = colours[(x / square + y / square) % 2];
                for (int c = 0; c < 3; c++) {
                    planes.values()[c * size * size + y * size + x] = colour[c];
                }
            }
        }
        return planes;
    }

    private static Planes noise(SplittableRandom random, int size) {
        Planes planes = Planes.zeros(3, size, size);
        for (int i = 0; i < planes.values().length; i++) {
            planes.values()[i] = (float) random.nextDouble();
        }
        return planes;
    }

    /** A separable Gaussian blur with edges clamped; σ below half a pixel leaves the image as it is. */
    static Planes blur(Planes planes, double sigma) {
        if (sigma < 0.5) {
            return planes;
        }
        int radius = (int) Math.ceil(3 * sigma);
        float[] kernel = new float[2 * radius + 1];
        double sum = 0;
        for (int i = -radius; i <= radius; i++) {
            kernel[i + radius] = (float) Math.exp(-i * i / (2 * sigma * sigma));
            sum += kernel[i + radius];
        }
        for (int i = 0; i < kernel.length; i++) {
            kernel[i] /= (float) sum;
        }
        int h = planes.height();
        int w = planes.width();
        float[] in = planes.values();
        float[] horizontal = new float[in.length];
        float[] out = new float[in.length];
        for (int c = 0; c < planes.channels(); c++) {
            int base = c * h * w;
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    float value = 0;
                    for (int k = -radius; k <= radius; k++) {
                        value += kernel[k + radius] * in[base + y * w + Math.min(w - 1, Math.max(0, x + k))];
                    }
                    horizontal[base + y * w + x] = value;
                }
            }
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    float value = 0;
                    for (int k = -radius; k <= radius; k++) {
                        value += kernel[k + radius] * horizontal[base + Math.min(h - 1, Math.max(0, y + k)) * w + x];
                    }
                    out[base + y * w + x] = value;
                }
            }
        }
        return new Planes(planes.channels(), h, w, out);
    }
}
