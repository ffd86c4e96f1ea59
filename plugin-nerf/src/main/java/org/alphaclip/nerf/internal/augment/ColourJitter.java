package org.alphaclip.nerf.internal.augment;

/**
 * DiffAugment's colour policy on three colour planes: brightness {@code + b}, saturation (each pixel's channels
 * pulled towards or pushed from their mean by factor {@code s}), contrast (every value towards or from the image
 * mean by factor {@code c}), in that order.
 */
public final class ColourJitter implements ImageOp {

    private final float brightness;
    private final float saturation;
    private final float contrast;

    /**
     * @param brightness added to every value (DiffAugment: U(−0.5, 0.5))
     * @param saturation factor about the per-pixel channel mean (U(0, 2))
     * @param contrast factor about the image mean (U(0.5, 1.5))
     */
    public ColourJitter(float brightness, float saturation, float contrast) {
        this.brightness = brightness;
        this.saturation = saturation;
        this.contrast = contrast;
    }

    @Override
    public Planes forward(Planes input) {
        int plane = input.planeSize();
        float[] x = input.values();
        float[] out = new float[x.length];
        double total = 0;
        for (int p = 0; p < plane; p++) {
            float r = x[p] + brightness;
            float g = x[plane + p] + brightness;
            float b = x[2 * plane + p] + brightness;
            float mean = (r + g + b) / 3;
            out[p] = mean + (r - mean) * saturation;
            out[plane + p] = mean + (g - mean) * saturation;
            out[2 * plane + p] = mean + (b - mean) * saturation;
            total += out[p] + out[plane + p] + out[2 * plane + p];
        }
        float imageMean = (float) (total / out.length);
        for (int i = 0; i < out.length; i++) {
            out[i] = imageMean + (out[i] - imageMean) * contrast;
        }
        return new Planes(3, input.height(), input.width(), out);
    }

    @Override
    public Planes backward(Planes outputGradient) {
        int plane = outputGradient.planeSize();
        float[] g = outputGradient.values();
        double total = 0;
        for (float value : g) {
            total += value;
        }
        float meanShare = (float) ((1 - contrast) * total / g.length);
        float[] afterSaturation = new float[g.length];
        for (int i = 0; i < g.length; i++) {
            afterSaturation[i] = contrast * g[i] + meanShare;
        }
        float[] in = new float[g.length];
        for (int p = 0; p < plane; p++) {
            float sum = afterSaturation[p] + afterSaturation[plane + p] + afterSaturation[2 * plane + p];
            float share = (1 - saturation) * sum / 3;
            for (int c = 0; c < 3; c++) {
                in[c * plane + p] = saturation * afterSaturation[c * plane + p] + share;
            }
        }
        return new Planes(3, outputGradient.height(), outputGradient.width(), in);
    }
}
