package org.alphaclip.pointe.internal.sampler;

import java.util.Arrays;

import org.alphaclip.api.session.SessionException;
import org.alphaclip.api.tensor.FloatTensor;
import org.alphaclip.pointe.internal.model.PointTransformer;

/**
 * Point-E's epsilon model as a Karras denoiser, with classifier-free guidance formed as the official
 * {@code karras_sample} and {@code PointCloudSampler} form it. For a noise level {@code sigma}: the model sees
 * {@code c_in * x} with {@code c_in = 1 / sqrt(sigma^2 + 1)} at the integer timestep {@link DiffusionSchedule#timestep};
 * the clean-sample estimate is {@code sqrt(1/abar_t) c_in x - sqrt(1/abar_t - 1) eps}, clamped to [-1, 1]. With
 * guidance the batch runs twice in one call, the second half with every conditioning input zeroed (the grid tokens
 * and, for the upsampler, the low-resolution cloud too); each half is clamped, then {@code uncond + g (cond - uncond)}
 * (which may leave [-1, 1]).
 */
public final class KarrasDenoiser implements Denoiser {

    private final PointTransformer model;
    private final DiffusionSchedule schedule;
    private final int batch;
    private final int pointValues;
    private final int points;
    private final FloatTensor embeddings;
    private final FloatTensor lowRes;
    private final boolean guided;
    private final float guidance;
    private final boolean clip;

    /**
     * A denoiser for one stage.
     *
     * @param grid the grid tokens {@code [B, C, L]}
     * @param lowRes the upsampler's unscaled low-resolution cloud {@code [B, 6, M]}, null for the base model
     * @param channels the channels of a point (6: xyz and RGB)
     * @param points the points the model denoises
     * @param guidance the guidance scale; 0 or 1 runs the conditional model alone
     * @param clip whether estimates are clamped to [-1, 1]
     */
    public KarrasDenoiser(PointTransformer model, DiffusionSchedule schedule, FloatTensor grid, FloatTensor lowRes,
            int channels, int points, double guidance, boolean clip) {
        this.model = model;
        this.schedule = schedule;
        this.batch = (int) grid.shape()[0];
        this.points = points;
        this.pointValues = channels * points;
        this.guided = guidance != 0 && guidance != 1;
        this.guidance = (float) guidance;
        this.clip = clip;
        this.embeddings = guided ? withZeros(grid) : grid;
        this.lowRes = lowRes == null ? null : guided ? withZeros(lowRes) : lowRes;
    }

    /** A batch followed by as many all-zero rows: the unconditional half. */
    private static FloatTensor withZeros(FloatTensor conditional) {
        long[] shape = conditional.shape().clone();
        shape[0] *= 2;
        float[] both = new float[conditional.data().length * 2];
        System.arraycopy(conditional.data(), 0, both, 0, conditional.data().length);
        return new FloatTensor(shape, both);
    }

    @Override
    public float[] denoise(float[] x, float sigma) throws SessionException {
        int size = batch * pointValues;
        int rows = guided ? 2 * batch : batch;
        // 1. the model's input: c_in * x, twice with guidance, at the integer timestep of sigma
        float cIn = 1f / (float) Math.sqrt(sigma * sigma + 1f);
        float[] input = new float[rows * pointValues];
        for (int i = 0; i < input.length; i++) {
            input[i] = x[i % size] * cIn;
        }
        long t = schedule.timestep(sigma);
        long[] timesteps = new long[rows];
        Arrays.fill(timesteps, t);
        FloatTensor out = model.predict(new FloatTensor(new long[] {rows, pointValues / points, points}, input),
                timesteps, embeddings, lowRes);
        // 2. the clean-sample estimate of each row from the predicted noise (channels 0-5 of 12), clamped
        float a = schedule.sqrtRecipAlphasCumprod(t);
        float b = schedule.sqrtRecipMinusOneAlphasCumprod(t);
        int outRow = (int) (out.shape()[1] * out.shape()[2]);
        float[] estimate = new float[input.length];
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < pointValues; j++) {
                float eps = out.data()[r * outRow + j];
                float x0 = a * input[r * pointValues + j] - b * eps;
                estimate[r * pointValues + j] = clip ? Math.max(-1f, Math.min(1f, x0)) : x0;
            }
        }
        if (!guided) {
            return estimate;
        }
        // 3. guidance: unconditional + g * (conditional - unconditional)
        float[] result = new float[size];
        for (int i = 0; i < size; i++) {
            float unconditional = estimate[size + i];
            result[i] = unconditional + guidance * (estimate[i] - unconditional);
        }
        return result;
    }
}
