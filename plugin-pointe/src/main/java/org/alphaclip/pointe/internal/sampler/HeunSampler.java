package org.alphaclip.pointe.internal.sampler;

import org.alphaclip.api.session.SessionException;
import org.alphaclip.pointe.StageSettings;

/**
 * Point-E's {@code sample_heun} over the Karras noise levels, in float32 as the official code runs it. The start is
 * {@code noise * sigmaMax}; step {@code i}: with churn {@code gamma = min(sChurn / steps, sqrt 2 - 1)} (when
 * {@code sTmin <= sigma_i <= sTmax}) the level rises to {@code sigmaHat = sigma_i (1 + gamma)} by adding noise of
 * standard deviation {@code sqrt(sigmaHat^2 - sigma_i^2)}; then an Euler step to {@code sigma_{i+1}}, corrected by a
 * second denoiser call (Heun) unless {@code sigma_{i+1}} is 0. The result is the last clean-sample estimate, which the
 * official sampler yields as the stage's output.
 */
public final class HeunSampler {

    /** Told after each step. */
    @FunctionalInterface
    public interface StepListener {
        /** Step {@code done} of {@code total} is finished. */
        void stepped(int done, int total);
    }

    /**
     * One step from {@code sigmaHat} to {@code next}.
     *
     * @param x the points after the step
     * @param denoised the estimate {@code D(x, sigmaHat)} at the step's start
     * @param euler the Euler point {@code x + d dt} (equal to {@code x} when {@code next} is 0)
     * @param denoisedAtEuler {@code D(euler, next)}, null when {@code next} is 0
     */
    public record Step(float[] x, float[] denoised, float[] euler, float[] denoisedAtEuler) {
    }

    private final StageSettings settings;

    /** A sampler with a stage's settings. */
    public HeunSampler(StageSettings settings) {
        this.settings = settings;
    }

    /**
     * Samples one stage.
     *
     * @param values the number of values of the sample ({@code B * 6 * N})
     * @return the last clean-sample estimate, in the scaled space
     * @throws InterruptedException when the thread is interrupted; sampling stops between steps
     */
    public float[] sample(Denoiser denoiser, int values, NoiseSource noise, StepListener listener)
            throws SessionException, InterruptedException {
        int steps = settings.steps();
        float[] sigmas = KarrasSchedule.sigmas(steps, settings.sigmaMin(), settings.sigmaMax(), settings.rho());
        float[] x = noise.next(values);
        float start = (float) settings.sigmaMax();
        for (int j = 0; j < values; j++) {
            x[j] *= start;
        }
        double churn = Math.min(settings.sChurn() / steps, Math.sqrt(2) - 1);
        float[] denoised = null;
        for (int i = 0; i < steps; i++) {
            if (Thread.interrupted()) {
                throw new InterruptedException("sampling stopped before step " + (i + 1) + " of " + steps);
            }
            float sigma = sigmas[i];
            double gamma = settings.sTmin() <= sigma && sigma <= settings.sTmax() ? churn : 0;
            float sigmaHat = sigma * (float) (gamma + 1);
            // 1. churn: raise the noise level from sigma to sigmaHat with fresh noise
            if (gamma > 0) {
                float[] eps = noise.next(values);
                float scale = (float) settings.sNoise();
                float spread = (float) Math.sqrt(sigmaHat * sigmaHat - sigma * sigma);
                for (int j = 0; j < values; j++) {
                    x[j] = x[j] + eps[j] * scale * spread;
                }
            }
            // 2. Euler step to the next level, corrected by Heun's method unless it is the last
            Step step = step(denoiser, x, sigmaHat, sigmas[i + 1]);
            x = step.x();
            denoised = step.denoised();
            listener.stepped(i + 1, steps);
        }
        return denoised;
    }

    /**
     * One deterministic step: {@code d = (x - D(x, sigmaHat)) / sigmaHat}, the Euler point {@code x + d (next -
     * sigmaHat)}; unless {@code next} is 0, Heun's correction with the slope {@code d2} at the Euler point:
     * {@code x + (d + d2) / 2 * (next - sigmaHat)}.
     */
    public static Step step(Denoiser denoiser, float[] x, float sigmaHat, float next) throws SessionException {
        int values = x.length;
        float[] denoised = denoiser.denoise(x, sigmaHat);
        float dt = next - sigmaHat;
        float[] d = new float[values];
        float[] euler = new float[values];
        for (int j = 0; j < values; j++) {
            d[j] = (x[j] - denoised[j]) / sigmaHat;
            euler[j] = x[j] + d[j] * dt;
        }
        if (next == 0) {
            return new Step(euler, denoised, euler, null);
        }
        float[] denoised2 = denoiser.denoise(euler, next);
        float[] corrected = new float[values];
        for (int j = 0; j < values; j++) {
            float d2 = (euler[j] - denoised2[j]) / next;
            corrected[j] = x[j] + (d[j] + d2) / 2 * dt;
        }
        return new Step(corrected, denoised, euler, denoised2);
    }
}
