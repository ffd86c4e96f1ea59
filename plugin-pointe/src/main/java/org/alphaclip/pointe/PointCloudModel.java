package org.alphaclip.pointe;

import org.alphaclip.api.tensor.FloatTensor;
import org.osgi.annotation.versioning.ProviderType;

/** An opened Point-E package: its base (and upsampler) transformer sessions and sampler settings. */
@ProviderType
public interface PointCloudModel extends AutoCloseable {

    /** What the package is and what it reads. */
    PointePackageInfo info();

    /**
     * Samples one point cloud from an image's grid tokens: the base stage's points, then (when asked and present) the
     * upsampler's, conditioned on the base points.
     *
     * @param grid the encoder's grid tokens {@code [1, gridWidth, tokens]}, channel-major, class token dropped
     * @param listener told after each Heun step of each stage
     * @throws PointeException when the grid does not fit the package or is not finite, or inference fails; the
     *         message names the argument
     * @throws InterruptedException when the thread is interrupted: sampling stops between steps
     */
    PointCloud generate(FloatTensor grid, SamplingSettings settings, SamplingListener listener)
            throws PointeException, InterruptedException;

    /** Releases the sessions. Idempotent. */
    @Override
    void close();
}
