package org.alphaclip.pointe.internal.pkg;

import java.nio.file.Path;

import org.alphaclip.pointe.PointePackageInfo;

/**
 * A verified Point-E package.
 *
 * @param info the public description
 * @param base the base transformer's graph
 * @param baseSchedule the base diffusion's schedule name ({@code cosine})
 * @param baseTimesteps its timesteps
 * @param baseFlops floating-point operations of one base forward of one sample, 0 when unknown
 * @param upsampler the upsampler's graph, or null
 * @param upsamplerSchedule its diffusion's schedule name ({@code linear}), or null
 * @param upsamplerTimesteps its timesteps, 0 without an upsampler
 * @param upsamplerFlops floating-point operations of one upsampler forward of one sample, 0 when unknown
 * @param scales the per-channel scale of the diffusion space
 * @param biases the per-channel bias of the diffusion space
 */
public record PointePackage(PointePackageInfo info, Path base, String baseSchedule, int baseTimesteps, long baseFlops,
        Path upsampler, String upsamplerSchedule, int upsamplerTimesteps, long upsamplerFlops, float[] scales,
        float[] biases) {
}
