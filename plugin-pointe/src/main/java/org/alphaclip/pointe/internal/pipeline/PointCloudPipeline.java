package org.alphaclip.pointe.internal.pipeline;

import org.alphaclip.api.session.SessionException;
import org.alphaclip.api.tensor.FloatTensor;
import org.alphaclip.pointe.PointCloud;
import org.alphaclip.pointe.SamplingListener;
import org.alphaclip.pointe.SamplingSettings;
import org.alphaclip.pointe.StageSettings;
import org.alphaclip.pointe.internal.model.PointTransformer;
import org.alphaclip.pointe.internal.sampler.DiffusionSchedule;
import org.alphaclip.pointe.internal.sampler.HeunSampler;
import org.alphaclip.pointe.internal.sampler.KarrasDenoiser;
import org.alphaclip.pointe.internal.sampler.NoiseSource;

/**
 * Point-E's {@code PointCloudSampler} with the parts kept apart: each stage's transformer, its diffusion schedule, a
 * {@link KarrasDenoiser} and a {@link HeunSampler}. {@link #sample} writes the two stages out: the base stage samples
 * {@code basePoints} points from the grid tokens; the upsampler samples its own points conditioned on the grid and
 * on the base points (unscaled), and the cloud is the base points followed by the new ones. Samples live in the
 * scaled space ({@code raw * scale + bias} per channel) and are unscaled at the end of each stage.
 */
public final class PointCloudPipeline {

    private static final int CHANNELS = 6;

    private final PointTransformer base;
    private final DiffusionSchedule baseSchedule;
    private final int basePoints;
    private final PointTransformer upsampler;
    private final DiffusionSchedule upsamplerSchedule;
    private final int upsampledPoints;
    private final float[] scales;
    private final float[] biases;

    /**
     * A pipeline over a package's parts.
     *
     * @param upsampler the upsampler, or null
     * @param scales the per-channel scale of the diffusion space (xyz, RGB)
     * @param biases the per-channel bias of the diffusion space
     */
    public PointCloudPipeline(PointTransformer base, DiffusionSchedule baseSchedule, int basePoints,
            PointTransformer upsampler, DiffusionSchedule upsamplerSchedule, int upsampledPoints, float[] scales,
            float[] biases) {
        this.base = base;
        this.baseSchedule = baseSchedule;
        this.basePoints = basePoints;
        this.upsampler = upsampler;
        this.upsamplerSchedule = upsamplerSchedule;
        this.upsampledPoints = upsampledPoints;
        this.scales = scales.clone();
        this.biases = biases.clone();
    }

    /**
     * The unscaled sample {@code [B, 6, points]} of the grid tokens {@code [B, C, L]}: xyz and RGB in 0..255 (not yet
     * clamped or rounded).
     *
     * @param noise the standard normal draws of the base stage and then of the upsampler
     * @throws InterruptedException when the thread is interrupted; sampling stops between steps
     */
    public FloatTensor sample(FloatTensor grid, SamplingSettings settings, NoiseSource noise, SamplingListener listener)
            throws SessionException, InterruptedException {
        int batch = (int) grid.shape()[0];
        // 1. the base stage: points from the grid tokens alone
        StageSettings first = settings.base();
        KarrasDenoiser baseDenoiser = new KarrasDenoiser(base, baseSchedule, grid, null, CHANNELS, basePoints,
                first.guidance(), first.clipDenoised());
        float[] low = unscale(new HeunSampler(first).sample(baseDenoiser, batch * CHANNELS * basePoints, noise,
                (done, total) -> listener.stepDone("base", done, total)), basePoints);
        FloatTensor lowRes = new FloatTensor(new long[] {batch, CHANNELS, basePoints}, low);
        if (!settings.upsample() || upsampler == null) {
            return lowRes;
        }
        // 2. the upsampler: new points conditioned on the grid and the base points
        StageSettings second = settings.upsampler();
        KarrasDenoiser upDenoiser = new KarrasDenoiser(upsampler, upsamplerSchedule, grid, lowRes, CHANNELS,
                upsampledPoints, second.guidance(), second.clipDenoised());
        float[] high = unscale(new HeunSampler(second).sample(upDenoiser, batch * CHANNELS * upsampledPoints, noise,
                (done, total) -> listener.stepDone("upsampler", done, total)), upsampledPoints);
        // 3. the cloud: per sample and channel, the base points then the new ones
        int points = basePoints + upsampledPoints;
        float[] joined = new float[batch * CHANNELS * points];
        for (int b = 0; b < batch; b++) {
            for (int c = 0; c < CHANNELS; c++) {
                System.arraycopy(low, (b * CHANNELS + c) * basePoints, joined, (b * CHANNELS + c) * points, basePoints);
                System.arraycopy(high, (b * CHANNELS + c) * upsampledPoints, joined,
                        (b * CHANNELS + c) * points + basePoints, upsampledPoints);
            }
        }
        return new FloatTensor(new long[] {batch, CHANNELS, points}, joined);
    }

    /** {@code (x - bias) / scale} per channel of a {@code [B, 6, N]} sample, in float32 as point-e unscales. */
    private float[] unscale(float[] scaled, int points) {
        float[] raw = new float[scaled.length];
        for (int i = 0; i < scaled.length; i++) {
            int channel = (i / points) % CHANNELS;
            raw[i] = (scaled[i] - biases[channel]) / scales[channel];
        }
        return raw;
    }

    /**
     * One sample of an unscaled output as a point cloud, as point-e's {@code output_to_point_clouds}: xyz as they are,
     * each colour clamped to [0, 255], rounded (half to even) and divided by 255.
     */
    public static PointCloud toPointCloud(FloatTensor output, int index) {
        int points = (int) output.shape()[2];
        float[] sample = output.row(index);
        float[] coordinates = new float[points * 3];
        float[] colours = new float[points * 3];
        for (int p = 0; p < points; p++) {
            for (int c = 0; c < 3; c++) {
                coordinates[p * 3 + c] = sample[c * points + p];
                float v = Math.max(0f, Math.min(255f, sample[(c + 3) * points + p]));
                colours[p * 3 + c] = (float) Math.rint(v) / 255f;
            }
        }
        return new PointCloud(coordinates, colours);
    }
}
