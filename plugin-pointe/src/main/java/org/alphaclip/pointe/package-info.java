/**
 * Image-to-3D point clouds with Point-E conditioned on an Alpha-CLIP image region: {@link PointCloudModels} opens a
 * Point-E package, a {@link PointCloudModel} samples a coloured {@link PointCloud} from the encoder's grid tokens with
 * the Karras/Heun sampler and classifier-free guidance ({@link SamplingSettings}), base stage then upsampler.
 *
 * <pre>{@code
 * try (PointCloudModel model = models.open(folder)) {
 *     PointCloud cloud = model.generate(grid, SamplingSettings.defaults(model.info()).withSeed(7), SamplingListener.NONE);
 * }
 * }</pre>
 */
@Version("1.0.0")
package org.alphaclip.pointe;

import org.osgi.annotation.versioning.Version;
