package org.alphaclip.pointe;

/**
 * How one point cloud is sampled.
 *
 * @param seed the seed of the noise of both stages
 * @param upsample whether the upsampler adds its points after the base stage (ignored by packages without one)
 * @param base the base stage's sampler settings
 * @param upsampler the upsampler stage's settings, or null for packages without an upsampler
 */
public record SamplingSettings(long seed, boolean upsample, StageSettings base, StageSettings upsampler) {

    /** Checks that the base settings are there. */
    public SamplingSettings {
        if (base == null) {
            throw new IllegalArgumentException("the base stage's settings are required");
        }
    }

    /** The package's settings, seed 0, upsampling when the package has an upsampler. */
    public static SamplingSettings defaults(PointePackageInfo info) {
        return new SamplingSettings(0, info.upsampler() != null, info.base(), info.upsampler());
    }

    /** The same settings with another seed. */
    public SamplingSettings withSeed(long newSeed) {
        return new SamplingSettings(newSeed, upsample, base, upsampler);
    }
}
