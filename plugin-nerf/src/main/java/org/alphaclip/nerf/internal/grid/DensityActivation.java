package org.alphaclip.nerf.internal.grid;

/**
 * DVGO's shifted softplus: raw density σ becomes the opacity {@code 1 − exp(−softplus(σ + shift) · interval)} of a
 * step of {@code interval} voxels, with the shift chosen so that σ = 0 gives {@code alphaInit} at interval 1.
 *
 * @param shift {@code log(1/(1 − alphaInit) − 1)}, as a float
 */
public record DensityActivation(float shift) {

    /** DVGO's initial opacity of an empty voxel. */
    public static final double DEFAULT_ALPHA_INIT = 1e-6;

    /** The activation whose σ = 0 means an opacity of {@code alphaInit}. */
    public static DensityActivation forInitialAlpha(double alphaInit) {
        if (!(alphaInit > 0 && alphaInit < 1)) {
            throw new IllegalArgumentException("The initial alpha must lie in (0, 1), got " + alphaInit);
        }
        return new DensityActivation((float) Math.log(1 / (1 - alphaInit) - 1));
    }

    /**
     * The opacity of one raw density value over {@code interval}, in float as DVGO's kernel computes it:
     * {@code 1 − (1 + exp(σ + shift))^(−interval)} (so opacities below float's resolution near 1 come out 0).
     */
    public float alpha(float rawDensity, float interval) {
        float e = (float) Math.exp(rawDensity + shift);
        return 1f - (float) Math.pow(1f + e, -interval);
    }

    /**
     * d opacity / d raw density as DVGO's backward kernel computes it, from {@code e = exp(σ + shift)}:
     * {@code min(e, 1e10)·(1 + e)^(−interval − 1)·interval}.
     */
    public static float slope(float e, float interval) {
        return Math.min(e, 1e10f) * (float) Math.pow(1f + e, -interval - 1f) * interval;
    }

    /** Every grid point's opacity over {@code interval}. */
    public float[] alphas(float[] rawDensity, double interval) {
        float[] alpha = new float[rawDensity.length];
        for (int i = 0; i < alpha.length; i++) {
            alpha[i] = alpha(rawDensity[i], (float) interval);
        }
        return alpha;
    }
}
