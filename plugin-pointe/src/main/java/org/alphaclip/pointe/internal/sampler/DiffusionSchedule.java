package org.alphaclip.pointe.internal.sampler;

/**
 * The Gaussian diffusion a Point-E model was trained with, in float64 as point-e computes it: {@code betas} of the
 * {@code cosine} schedule ({@code alpha_bar(s) = cos^2((s + 0.008) / 1.008 * pi / 2)}, {@code beta_i = min(1 -
 * alpha_bar((i + 1) / T) / alpha_bar(i / T), 0.999)}) or the {@code linear} one ({@code linspace(1e-4 * 1000 / T,
 * 0.02 * 1000 / T, T)}), {@code alphas_cumprod} their running product of {@code 1 - beta}; and the mapping from a
 * Karras noise level to the integer timestep the model sees.
 */
public final class DiffusionSchedule {

    private final double[] alphasCumprod;
    private final double[] sqrtRecip;
    private final double[] sqrtRecipMinusOne;

    private DiffusionSchedule(double[] betas) {
        int n = betas.length;
        alphasCumprod = new double[n];
        sqrtRecip = new double[n];
        sqrtRecipMinusOne = new double[n];
        double product = 1;
        for (int i = 0; i < n; i++) {
            product *= 1 - betas[i];
            alphasCumprod[i] = product;
            sqrtRecip[i] = Math.sqrt(1.0 / product);
            sqrtRecipMinusOne[i] = Math.sqrt(1.0 / product - 1);
        }
    }

    /**
     * A named schedule of {@code timesteps} steps.
     *
     * @throws IllegalArgumentException for a name other than {@code cosine} or {@code linear}
     */
    public static DiffusionSchedule named(String schedule, int timesteps) {
        if (timesteps < 2) {
            throw new IllegalArgumentException("a diffusion needs at least 2 timesteps, got " + timesteps);
        }
        double[] betas = new double[timesteps];
        switch (schedule) {
            case "cosine" -> {
                for (int i = 0; i < timesteps; i++) {
                    betas[i] = Math.min(1 - alphaBar((i + 1) / (double) timesteps) / alphaBar(i / (double) timesteps), 0.999);
                }
            }
            case "linear" -> {
                double scale = 1000.0 / timesteps;
                double start = scale * 0.0001;
                double end = scale * 0.02;
                double step = (end - start) / (timesteps - 1);
                for (int i = 0; i < timesteps; i++) {
                    betas[i] = i * step + start;
                }
                betas[timesteps - 1] = end; // numpy's linspace ends exactly at the stop value
            }
            default -> throw new IllegalArgumentException("Unknown diffusion schedule '" + schedule
                    + "': choose cosine or linear");
        }
        return new DiffusionSchedule(betas);
    }

    private static double alphaBar(double s) {
        double c = Math.cos((s + 0.008) / 1.008 * Math.PI / 2);
        return c * c;
    }

    /** The number of timesteps. */
    public int timesteps() {
        return alphasCumprod.length;
    }

    /** {@code alphas_cumprod}, a copy. */
    public double[] alphasCumprod() {
        return alphasCumprod.clone();
    }

    /**
     * The fractional timestep of a noise level, as point-e's {@code sigma_to_t}: {@code alpha_bar = 1 / (sigma^2 + 1)}
     * in float64, 0 above {@code alphas_cumprod[0]}, {@code T - 1} at or below the last, else linear interpolation of
     * the index over {@code alphas_cumprod} (scipy's {@code interp1d} on the ascending order).
     */
    public double fractionalTimestep(float sigma) {
        double s = sigma;
        double alphaBar = 1.0 / (s * s + 1);
        int last = alphasCumprod.length - 1;
        if (alphaBar > alphasCumprod[0]) {
            return 0;
        }
        if (alphaBar <= alphasCumprod[last]) {
            return last;
        }
        // the first index (from the end, where alphas_cumprod is smallest) whose value is at least alphaBar
        int hi = last;
        while (alphasCumprod[hi] < alphaBar) {
            hi--;
        }
        int lo = hi + 1; // alphas_cumprod[lo] < alphaBar <= alphas_cumprod[hi]
        double slope = (hi - (double) lo) / (alphasCumprod[hi] - alphasCumprod[lo]);
        return slope * (alphaBar - alphasCumprod[lo]) + lo;
    }

    /** The integer timestep the model sees: the fractional one truncated toward zero. */
    public long timestep(float sigma) {
        return (long) fractionalTimestep(sigma);
    }

    /** {@code sqrt(1 / alphas_cumprod[t])} as float32. */
    public float sqrtRecipAlphasCumprod(long t) {
        return (float) sqrtRecip[(int) t];
    }

    /** {@code sqrt(1 / alphas_cumprod[t] - 1)} as float32. */
    public float sqrtRecipMinusOneAlphasCumprod(long t) {
        return (float) sqrtRecipMinusOne[(int) t];
    }
}
