package org.alphaclip.pointe;

/**
 * The sampler settings of one stage, as Point-E's {@code karras_sample} takes them (a package records the official
 * ones: base 64 steps, guidance 3, sigma 1e-3..120, s_churn 3; upsampler sigma_max 160, s_churn 0).
 *
 * @param steps Heun steps (the denoiser runs {@code 2 * steps - 1} times)
 * @param guidance classifier-free guidance scale; 0 or 1 runs the conditional model alone
 * @param sigmaMin the smallest noise level of the Karras schedule
 * @param sigmaMax the largest noise level, the start
 * @param sChurn the stochasticity: noise added at each step ({@code gamma = min(sChurn / steps, sqrt 2 - 1)})
 * @param rho the Karras schedule's exponent
 * @param sTmin the smallest noise level at which noise is added
 * @param sTmax the largest noise level at which noise is added ({@code Infinity}: no limit)
 * @param sNoise the scale of the added noise
 * @param clipDenoised whether each clean-sample estimate is clamped to [-1, 1] before guidance
 */
public record StageSettings(int steps, double guidance, double sigmaMin, double sigmaMax, double sChurn, double rho,
        double sTmin, double sTmax, double sNoise, boolean clipDenoised) {

    /** Checks the values; each problem names the setting. */
    public StageSettings {
        if (steps < 1) {
            throw new IllegalArgumentException("steps must be at least 1, got " + steps);
        }
        finite("guidance", guidance);
        finite("sigma_min", sigmaMin);
        finite("sigma_max", sigmaMax);
        finite("s_churn", sChurn);
        finite("rho", rho);
        finite("s_noise", sNoise);
        if (!(sigmaMin > 0) || !(sigmaMax > sigmaMin)) {
            throw new IllegalArgumentException("need 0 < sigma_min < sigma_max, got " + sigmaMin + " and " + sigmaMax);
        }
        if (sChurn < 0 || !(rho > 0) || guidance < 0) {
            throw new IllegalArgumentException("s_churn and guidance must be at least 0 and rho above 0, got s_churn "
                    + sChurn + ", guidance " + guidance + ", rho " + rho);
        }
        if (Double.isNaN(sTmin) || Double.isNaN(sTmax) || sTmin > sTmax) {
            throw new IllegalArgumentException("need s_tmin <= s_tmax, got " + sTmin + " and " + sTmax);
        }
    }

    private static void finite(String name, double value) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException(name + " must be a finite number, got " + value);
        }
    }

    /** The same settings with another step count. */
    public StageSettings withSteps(int newSteps) {
        return new StageSettings(newSteps, guidance, sigmaMin, sigmaMax, sChurn, rho, sTmin, sTmax, sNoise, clipDenoised);
    }

    /** The same settings with another guidance scale. */
    public StageSettings withGuidance(double newGuidance) {
        return new StageSettings(steps, newGuidance, sigmaMin, sigmaMax, sChurn, rho, sTmin, sTmax, sNoise, clipDenoised);
    }

    /** Whether the model also runs unconditioned and the two estimates are extrapolated. */
    public boolean guided() {
        return guidance != 0 && guidance != 1;
    }
}
