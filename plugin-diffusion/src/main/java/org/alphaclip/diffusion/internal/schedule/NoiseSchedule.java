package org.alphaclip.diffusion.internal.schedule;

/**
 * The training noise schedule every scheduler starts from: betas as diffusers builds them in float32 ({@code linear}
 * and {@code scaled_linear} through PyTorch's float32 {@code linspace}, {@code squaredcos_cap_v2} from the cosine
 * alpha-bar in double, or the file's {@code trained_betas}), and their cumulative product of {@code 1 - beta}, also in
 * float32, as diffusers' {@code alphas_cumprod}.
 */
public final class NoiseSchedule {

    private static final double COSINE_SHIFT = 0.008;
    private static final double MAX_COSINE_BETA = 0.999;

    private final float[] betas;
    private final float[] alphasCumprod;

    private NoiseSchedule(float[] betas) {
        this.betas = betas;
        this.alphasCumprod = new float[betas.length];
        float product = 1f;
        for (int i = 0; i < betas.length; i++) {
            product *= 1f - betas[i];
            alphasCumprod[i] = product;
        }
    }

    /** The schedule a configuration describes. */
    public static NoiseSchedule of(SchedulerConfig config) {
        int steps = config.numTrainTimesteps();
        double[] trained = config.trainedBetas();
        float[] betas = new float[steps];
        if (trained != null) {
            if (trained.length != steps) {
                throw new IllegalArgumentException("scheduler_config.json: trained_betas has " + trained.length
                        + " values for num_train_timesteps " + steps);
            }
            for (int i = 0; i < steps; i++) {
                betas[i] = (float) trained[i];
            }
            return new NoiseSchedule(betas);
        }
        switch (config.betaSchedule()) {
            case "linear" -> {
                return new NoiseSchedule(linspace((float) config.betaStart(), (float) config.betaEnd(), steps));
            }
            case "scaled_linear" -> {
                float[] roots = linspace((float) Math.sqrt(config.betaStart()), (float) Math.sqrt(config.betaEnd()), steps);
                for (int i = 0; i < steps; i++) {
                    betas[i] = roots[i] * roots[i];
                }
                return new NoiseSchedule(betas);
            }
            default -> {
                for (int i = 0; i < steps; i++) {
                    double t1 = (double) i / steps;
                    double t2 = (double) (i + 1) / steps;
                    betas[i] = (float) Math.min(1 - alphaBar(t2) / alphaBar(t1), MAX_COSINE_BETA);
                }
                return new NoiseSchedule(betas);
            }
        }
    }

    /** The cosine schedule's cumulative alpha at time {@code t} in [0, 1]. */
    private static double alphaBar(double t) {
        double c = Math.cos((t + COSINE_SHIFT) / (1 + COSINE_SHIFT) * Math.PI / 2);
        return c * c;
    }

    /**
     * PyTorch's float32 {@code linspace}: the step is computed in float, the first half counted up from the start and
     * the second half down from the end, so both ends are exact.
     */
    static float[] linspace(float start, float end, int count) {
        float[] values = new float[count];
        float step = (end - start) / (count - 1);
        int halfway = count / 2;
        for (int i = 0; i < count; i++) {
            values[i] = i < halfway ? start + step * i : end - step * (count - i - 1);
        }
        return values;
    }

    /** Training steps. */
    public int length() {
        return betas.length;
    }

    /** beta at a training step. */
    public float beta(int t) {
        return betas[t];
    }

    /** The cumulative product of {@code 1 - beta} up to and including training step {@code t}. */
    public float alphaCumprod(int t) {
        return alphasCumprod[t];
    }
}
