package org.alphaclip.nerf.internal.render;

import org.alphaclip.nerf.internal.grid.DensityActivation;
import org.alphaclip.nerf.internal.grid.GridGeometry;
import org.alphaclip.nerf.internal.grid.VoxelGrids;

/**
 * One forward render of a batch of rays and what its backward pass needs: per sample the trilinear corners, the
 * opacity and its derivative, the transmittance before it, its weight and colour. See {@link VolumeRenderer}.
 */
public final class RenderPass {

    private final GridGeometry geometry;
    private final int rayCount;
    private final float background;
    private final int[] firstSample;
    private final int[] includedEnd;
    private final int[] corners;
    private final float[] cornerWeights;
    private final float[] alpha;
    private final float[] alphaSlope;
    private final float[] transmittanceBefore;
    private final float[] weight;
    private final boolean[] included;
    private final boolean[] coloured;
    private final float[] sampleRgb;
    private final float[] rgb;
    private final float[] transmittance;
    private final float[] depth;

    RenderPass(VoxelGrids grids, RaySamples samples, DensityActivation activation, float threshold, float interval,
            float background) {
        this.geometry = grids.geometry();
        this.rayCount = samples.rayCount();
        this.background = background;
        int count = samples.sampleCount();
        float[] density = grids.density();
        float[] colour = grids.colour();
        int points = geometry.pointCount();
        corners = new int[count * 8];
        cornerWeights = new float[count * 8];
        alpha = new float[count];
        alphaSlope = new float[count];
        transmittanceBefore = new float[count];
        weight = new float[count];
        included = new boolean[count];
        coloured = new boolean[count];
        sampleRgb = new float[count * 3];
        rgb = new float[rayCount * 3];
        transmittance = new float[rayCount];
        depth = new float[rayCount];
        firstSample = new int[rayCount + 1];
        includedEnd = new int[rayCount];
        int[] rayOf = samples.rayOf();
        for (int i = 0, ray = 0; ray <= rayCount; ray++) {
            while (i < count && rayOf[i] < ray) {
                i++;
            }
            firstSample[ray] = i;
        }
        float[] points3 = samples.points();
        for (int s = 0; s < count; s++) {
            locate(points3, s);
            float sigma = 0;
            for (int c = 0; c < 8; c++) {
                sigma += cornerWeights[s * 8 + c] * density[corners[s * 8 + c]];
            }
            float e = (float) Math.exp(sigma + activation.shift());
            alpha[s] = 1f - (float) Math.pow(1f + e, -interval);
            alphaSlope[s] = DensityActivation.slope(e, interval);
        }
        for (int ray = 0; ray < rayCount; ray++) {
            float t = 1f;
            int end = firstSample[ray + 1];
            for (int s = firstSample[ray]; s < firstSample[ray + 1]; s++) {
                if (!(alpha[s] > threshold)) {
                    continue;
                }
                included[s] = true;
                transmittanceBefore[s] = t;
                weight[s] = t * alpha[s];
                t *= 1f - alpha[s];
                if (t < VolumeRenderer.STOP_TRANSMITTANCE) {
                    end = s + 1;
                    break;
                }
            }
            includedEnd[ray] = end;
            transmittance[ray] = t;
            float r = 0;
            float g = 0;
            float b = 0;
            float d = 0;
            for (int s = firstSample[ray]; s < end; s++) {
                if (!included[s] || !(weight[s] > threshold)) {
                    continue;
                }
                coloured[s] = true;
                for (int channel = 0; channel < 3; channel++) {
                    float logit = 0;
                    for (int c = 0; c < 8; c++) {
                        logit += cornerWeights[s * 8 + c] * colour[channel * points + corners[s * 8 + c]];
                    }
                    sampleRgb[s * 3 + channel] = (float) (1 / (1 + Math.exp(-logit)));
                }
                r += weight[s] * sampleRgb[s * 3];
                g += weight[s] * sampleRgb[s * 3 + 1];
                b += weight[s] * sampleRgb[s * 3 + 2];
                d += weight[s] * samples.stepOf()[s];
            }
            rgb[ray * 3] = r + t * background;
            rgb[ray * 3 + 1] = g + t * background;
            rgb[ray * 3 + 2] = b + t * background;
            depth[ray] = d;
        }
    }

    /** Trilinear corners and weights of sample {@code s}, as {@code grid_sample(align_corners=True)} reads them. */
    private void locate(float[] points, int s) {
        float[] min = geometry.bounds().min();
        float[] max = geometry.bounds().max();
        int[] sizes = geometry.sizes();
        int[] base = new int[3];
        float[] fraction = new float[3];
        for (int axis = 0; axis < 3; axis++) {
            float normalised = (points[s * 3 + axis] - min[axis]) / (max[axis] - min[axis]) * 2 - 1;
            float coordinate = (normalised + 1) / 2 * (sizes[axis] - 1);
            int lower = Math.max(0, Math.min((int) Math.floor(coordinate), sizes[axis] - 2));
            base[axis] = lower;
            fraction[axis] = coordinate - lower;
        }
        for (int corner = 0; corner < 8; corner++) {
            int dx = corner >> 2 & 1;
            int dy = corner >> 1 & 1;
            int dz = corner & 1;
            corners[s * 8 + corner] = geometry.index(base[0] + dx, base[1] + dy, base[2] + dz);
            cornerWeights[s * 8 + corner] = (dx == 1 ? fraction[0] : 1 - fraction[0])
                    * (dy == 1 ? fraction[1] : 1 - fraction[1]) * (dz == 1 ? fraction[2] : 1 - fraction[2]);
        }
    }

    /** The rendered colour per ray, background included: {@code [rays][3]} flattened. */
    public float[] rgb() {
        return rgb.clone();
    }

    /** The light left after each ray: {@code 1 − alpha}. */
    public float[] transmittance() {
        return transmittance.clone();
    }

    /** The accumulated opacity per ray, {@code 1 − transmittance}. */
    public float[] alpha() {
        float[] result = new float[rayCount];
        for (int ray = 0; ray < rayCount; ray++) {
            result[ray] = 1f - transmittance[ray];
        }
        return result;
    }

    /** The weighted step index per ray (steps, not world units, as DVGO reports it). */
    public float[] depth() {
        return depth.clone();
    }

    /** The number of rays. */
    public int rayCount() {
        return rayCount;
    }

    /**
     * Carries a loss's gradient back to the grids.
     *
     * @param rgbGradient dLoss/d rgb per ray ({@code [rays][3]} flattened), or null for none
     * @param alphaGradient dLoss/d alpha per ray (alpha = 1 − transmittance), or null for none
     */
    public GridGradients backward(float[] rgbGradient, float[] alphaGradient) {
        int points = geometry.pointCount();
        float[] densityGradient = new float[points];
        float[] colourGradient = new float[3 * points];
        float[] weightGradient = new float[alpha.length];
        for (int ray = 0; ray < rayCount; ray++) {
            float lastGradient = alphaGradient == null ? 0 : -alphaGradient[ray];
            if (rgbGradient != null) {
                float gr = rgbGradient[ray * 3];
                float gg = rgbGradient[ray * 3 + 1];
                float gb = rgbGradient[ray * 3 + 2];
                lastGradient += (gr + gg + gb) * background;
                for (int s = firstSample[ray]; s < includedEnd[ray]; s++) {
                    if (!coloured[s]) {
                        continue;
                    }
                    float[] g = {gr, gg, gb};
                    float sum = 0;
                    for (int channel = 0; channel < 3; channel++) {
                        float value = sampleRgb[s * 3 + channel];
                        sum += g[channel] * value;
                        float logitGradient = g[channel] * weight[s] * value * (1 - value);
                        for (int c = 0; c < 8; c++) {
                            colourGradient[channel * points + corners[s * 8 + c]] += logitGradient
                                    * cornerWeights[s * 8 + c];
                        }
                    }
                    weightGradient[s] = sum;
                }
            }
            // the official alpha-to-weight backward: suffix sums of g_w·w, plus g_T·T_last, over (1 − α + 1e-10)
            float suffix = lastGradient * transmittance[ray];
            for (int s = includedEnd[ray] - 1; s >= firstSample[ray]; s--) {
                if (!included[s]) {
                    continue;
                }
                float alphaGradientS = weightGradient[s] * transmittanceBefore[s]
                        - suffix / (1f - alpha[s] + 1e-10f);
                suffix += weightGradient[s] * weight[s];
                float sigmaGradient = alphaGradientS * alphaSlope[s];
                for (int c = 0; c < 8; c++) {
                    densityGradient[corners[s * 8 + c]] += sigmaGradient * cornerWeights[s * 8 + c];
                }
            }
        }
        return new GridGradients(densityGradient, colourGradient);
    }
}
