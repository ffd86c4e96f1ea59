package org.alphaclip.nerf.internal.render;

import org.alphaclip.nerf.internal.grid.DensityActivation;
import org.alphaclip.nerf.internal.grid.VoxelGrids;

/**
 * Volume rendering of the explicit grids, with its backward pass written out as DVGO's kernels define it (the
 * official model renders with custom autograd functions, not with tensor autograd). A {@link RenderPass} keeps what
 * the backward pass needs; the loss's gradient with respect to the rendered colour and transmittance comes from
 * wherever the loss is computed (the encoder's autograd) and is carried back to both grids here.
 *
 * <p>Forward, per ray, near to far:
 * <ol>
 * <li>raw density σ at each sample by trilinear interpolation; opacity {@code α = 1 − (1 + e^{σ+shift})^{−interval}};
 *     samples with α ≤ the threshold are skipped;</li>
 * <li>weight {@code w = T·α}, then {@code T ← T(1 − α)}; the march stops after the first sample that takes T
 *     below {@value #STOP_TRANSMITTANCE} (that sample counts);</li>
 * <li>samples of weight ≤ the threshold are left out of the sums; colour = sigmoid of the trilinear colour logits;
 *     {@code rgb = Σ w·colour + T·background}, {@code depth = Σ w·step}.</li>
 * </ol>
 */
public final class VolumeRenderer {

    /** The transmittance below which a ray stops. */
    public static final float STOP_TRANSMITTANCE = 1e-3f;

    private final DensityActivation activation;
    private final float threshold;

    /**
     * @param activation the density activation
     * @param threshold DVGO's {@code fast_color_thres}: samples of opacity or weight at most this are skipped
     */
    public VolumeRenderer(DensityActivation activation, float threshold) {
        this.activation = activation;
        this.threshold = threshold;
    }

    /**
     * Renders the sampled rays.
     *
     * @param grids the grids (read, not kept)
     * @param samples the rays' samples on the grids' lattice
     * @param interval the step's length in base voxels (step size × voxel ratio)
     * @param background the background grey level behind each ray
     */
    public RenderPass render(VoxelGrids grids, RaySamples samples, float interval, float background) {
        return new RenderPass(grids, samples, activation, threshold, interval, background);
    }
}
