package org.alphaclip.world.internal.render;

import java.util.SplittableRandom;

import org.alphaclip.api.image.RgbImage;

/** Small colour and float-image helpers shared by the renderers. */
final class Pixels {

    private Pixels() {
    }

    /** RGB in [0, 1] from hue in [0, 1), saturation and value in [0, 1]. */
    static double[] hsv(double hue, double saturation, double value) {
        double h = (hue - Math.floor(hue)) * 6;
        int sector = (int) h;
        double f = h - sector;
        double p = value * (1 - saturation);
        double q = value * (1 - saturation * f);
        double t = value * (1 - saturation * (1 - f));
        return switch (sector) {
            case 0 -> new double[] {value, t, p};
            case 1 -> new double[] {q, value, p};
            case 2 -> new double[] {p, value, t};
            case 3 -> new double[] {p, q, value};
            case 4 -> new double[] {t, p, value};
            default -> new double[] {value, p, q};
        };
    }

    /** A background colour: any hue, little saturation, so it never reads as a label colour. */
    static double[] mutedColour(SplittableRandom random) {
        return hsv(random.nextDouble(), random.nextDouble() * 0.2, 0.12 + random.nextDouble() * 0.84);
    }

    /** A 0..255 base colour, each channel moved by up to {@code jitter} and scaled by a brightness factor. */
    static double[] jittered(int[] base, double jitter, double brightnessSpread, SplittableRandom random) {
        double brightness = 1 + (random.nextDouble() * 2 - 1) * brightnessSpread;
        double[] out = new double[3];
        for (int c = 0; c < 3; c++) {
            double v = (base[c] + (random.nextDouble() * 2 - 1) * jitter) * brightness / 255.0;
            out[c] = Math.max(0, Math.min(1, v));
        }
        return out;
    }

    /** Standard normal sample (Box-Muller), deterministic for the random source. */
    static double gaussian(SplittableRandom random) {
        double u = Math.max(1e-12, random.nextDouble());
        double v = random.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }

    /** Rounds interleaved [0, 1] floats into an RGB image. */
    static RgbImage toImage(float[] rgb, int size) {
        byte[] bytes = new byte[rgb.length];
        for (int i = 0; i < rgb.length; i++) {
            bytes[i] = (byte) Math.round(Math.max(0f, Math.min(1f, rgb[i])) * 255f);
        }
        return new RgbImage(size, size, bytes, null);
    }
}
