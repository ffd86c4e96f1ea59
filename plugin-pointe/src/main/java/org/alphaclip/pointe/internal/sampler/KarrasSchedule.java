package org.alphaclip.pointe.internal.sampler;

/**
 * The noise levels of Karras et al. as point-e's {@code get_sigmas_karras} computes them in float32:
 * {@code ramp = linspace(0, 1, n)}, {@code sigma_i = (sigmaMax^(1/rho) + ramp_i (sigmaMin^(1/rho) -
 * sigmaMax^(1/rho)))^rho}, then a final 0: {@code n + 1} values.
 */
public final class KarrasSchedule {

    private KarrasSchedule() {
    }

    /** The {@code steps + 1} noise levels, the last 0. */
    public static float[] sigmas(int steps, double sigmaMin, double sigmaMax, double rho) {
        double minInverse = Math.pow(sigmaMin, 1 / rho);
        double maxInverse = Math.pow(sigmaMax, 1 / rho);
        float span = (float) (minInverse - maxInverse);
        float[] ramp = linspace(steps);
        float[] sigmas = new float[steps + 1];
        for (int i = 0; i < steps; i++) {
            float base = (float) maxInverse + ramp[i] * span;
            sigmas[i] = (float) Math.pow(base, (float) rho);
        }
        return sigmas;
    }

    /** torch.linspace(0, 1, n) in float32: the first half counted from 0, the second half back from 1. */
    static float[] linspace(int n) {
        float[] values = new float[n];
        if (n == 1) {
            return values;
        }
        float step = 1f / (n - 1);
        int half = n / 2;
        for (int i = 0; i < n; i++) {
            values[i] = i < half ? i * step : 1f - (n - 1 - i) * step;
        }
        return values;
    }
}
