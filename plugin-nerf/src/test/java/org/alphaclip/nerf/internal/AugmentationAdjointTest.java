package org.alphaclip.nerf.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;

import org.alphaclip.api.gradient.ImageBatch;
import org.alphaclip.nerf.internal.augment.AugmentationPlan;
import org.alphaclip.nerf.internal.augment.Planes;
import org.junit.jupiter.api.Test;

/**
 * The augmentations' backward pass is the adjoint of their forward pass: for random views (rgb, T) and random
 * encoder-side gradients (g, h), {@code <forward(rgb, T) − forward(0, 0), (g, h)> = <(rgb, T), backward(g, h)>} — so
 * the gradient reaching the renderer is exact, with and without backgrounds and alpha guidance.
 */
class AugmentationAdjointTest {

    private static final float[] MEAN = {0.48145466f, 0.4578275f, 0.40821073f};
    private static final float[] STD = {0.26862954f, 0.26130258f, 0.27577711f};

    @Test
    void backwardIsTheAdjointOfForward() {
        for (int backgrounds : new int[] {0, 2}) {
            for (boolean alpha : new boolean[] {true, false}) {
                check(backgrounds, alpha, 7 + backgrounds + (alpha ? 1 : 0));
            }
        }
    }

    private static void check(int backgrounds, boolean alphaGuidance, long seed) {
        int size = 24;
        int encoderSize = 32;
        SplittableRandom random = new SplittableRandom(seed);
        Planes rgb = randomPlanes(random, 3, size);
        Planes transmittance = randomPlanes(random, 1, size);
        AugmentationPlan plan = new AugmentationPlan(new SplittableRandom(seed * 31), size, encoderSize, 3, backgrounds,
                alphaGuidance, MEAN, STD, 0.5f, 0.26f);
        ImageBatch out = plan.forward(rgb, transmittance);
        ImageBatch offset = plan.forward(Planes.zeros(3, size, size), Planes.zeros(1, size, size));
        float[] g = new float[out.pixels().length];
        float[] h = new float[out.alpha().length];
        for (int i = 0; i < g.length; i++) {
            g[i] = (float) random.nextGaussian();
        }
        for (int i = 0; i < h.length; i++) {
            h[i] = (float) random.nextGaussian();
        }
        double left = 0;
        for (int i = 0; i < g.length; i++) {
            left += (out.pixels()[i] - offset.pixels()[i]) * (double) g[i];
        }
        for (int i = 0; i < h.length; i++) {
            left += (out.alpha()[i] - offset.alpha()[i]) * (double) h[i];
        }
        Planes[] back = plan.backward(g, h);
        double right = 0;
        for (int i = 0; i < rgb.values().length; i++) {
            right += rgb.values()[i] * (double) back[0].values()[i];
        }
        for (int i = 0; i < transmittance.values().length; i++) {
            right += transmittance.values()[i] * (double) back[1].values()[i];
        }
        assertEquals(left, right, 1e-3 * Math.max(1, Math.abs(left)),
                "adjoint with " + backgrounds + " backgrounds, alpha guidance " + alphaGuidance);
    }

    private static Planes randomPlanes(SplittableRandom random, int channels, int size) {
        Planes planes = Planes.zeros(channels, size, size);
        for (int i = 0; i < planes.values().length; i++) {
            planes.values()[i] = (float) random.nextDouble();
        }
        return planes;
    }
}
