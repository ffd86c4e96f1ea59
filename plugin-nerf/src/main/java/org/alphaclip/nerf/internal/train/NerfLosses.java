package org.alphaclip.nerf.internal.train;

import org.alphaclip.nerf.internal.grid.DensityActivation;
import org.alphaclip.nerf.internal.grid.GridGeometry;

/**
 * PureCLIPNeRF's regularisers besides the CLIP loss, each returning its value and adding its gradient: the
 * transparency reward (Dream Fields), the background entropy and the density prior.
 */
public final class NerfLosses {

    /** Weight of the transparency reward ({@code lambda_sparsity}). */
    public static final double TRANSPARENCY_WEIGHT = 0.5;
    /** Weight of the background entropy ({@code weight_entropy_last}). */
    public static final double ENTROPY_WEIGHT = 0.01;
    /** Weight of the density prior in the explicit model ({@code prior_loss_weight}). */
    public static final double PRIOR_WEIGHT = 0.05;

    private NerfLosses() {
    }

    /**
     * {@code −0.5·min(mean T, 1 − τ)} with the target opacity τ annealed from 0.5 to 0.1 over the first
     * {@code annealSteps} steps ({@code τ = exp(log 0.5·(1 − t) + log 0.1·t)}, {@code t = min((1 + step)/anneal, 1)}):
     * the object is rewarded for leaving the view transparent, up to the target.
     */
    public static double transparency(float[] transmittance, int step, int annealSteps, float[] gradient) {
        double t = Math.min((1.0 + step) / annealSteps, 1.0);
        double opacity = Math.exp(Math.log(0.5) * (1 - t) + Math.log(0.1) * t);
        double mean = 0;
        for (float value : transmittance) {
            mean += value;
        }
        mean /= transmittance.length;
        if (mean < 1 - opacity) {
            float share = (float) (-TRANSPARENCY_WEIGHT / transmittance.length);
            for (int i = 0; i < gradient.length; i++) {
                gradient[i] += share;
            }
            return -TRANSPARENCY_WEIGHT * mean;
        }
        return -TRANSPARENCY_WEIGHT * (1 - opacity);
    }

    /** {@code 0.01·mean(−p log p − (1 − p) log(1 − p))} of the transmittance clamped to [1e-6, 1 − 1e-6]. */
    public static double entropy(float[] transmittance, float[] gradient) {
        double sum = 0;
        int n = transmittance.length;
        for (int i = 0; i < n; i++) {
            double raw = transmittance[i];
            double p = Math.min(Math.max(raw, 1e-6), 1 - 1e-6);
            sum += -(p * Math.log(p) + (1 - p) * Math.log(1 - p));
            if (raw > 1e-6 && raw < 1 - 1e-6) {
                gradient[i] += (float) (ENTROPY_WEIGHT * -(Math.log(p) - Math.log(1 - p)) / n);
            }
        }
        return ENTROPY_WEIGHT * sum / n;
    }

    /**
     * The density prior: {@code 0.05·mean(prior·log(prior/(p + 1e-4) + 1e-4))} over the grid, prior 1 on grid points
     * within the unit sphere and 0 elsewhere, {@code p} the point's opacity over one base voxel times the ratio.
     */
    public static double densityPrior(float[] density, GridGeometry geometry, DensityActivation activation,
            float[] gradient) {
        float interval = geometry.voxelSizeRatio();
        double sum = 0;
        int n = density.length;
        float[] positions = geometry.positions();
        for (int index = 0; index < n; index++) {
            float px = positions[3 * index];
            float py = positions[3 * index + 1];
            float pz = positions[3 * index + 2];
            if (px * px + py * py + pz * pz > 1) {
                continue;
            }
            float e = (float) Math.exp(density[index] + activation.shift());
            double p = 1 - Math.pow(1 + e, -interval);
            double inner = 1 / (p + 1e-4) + 1e-4;
            sum += Math.log(inner);
            double slope = DensityActivation.slope(e, interval);
            gradient[index] += (float) (PRIOR_WEIGHT / n / inner * (-1 / ((p + 1e-4) * (p + 1e-4))) * slope);
        }
        return PRIOR_WEIGHT * sum / n;
    }
}
