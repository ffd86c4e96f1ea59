package org.alphaclip.diffusion;

/**
 * How one image is generated.
 *
 * @param steps denoising steps (at least 1)
 * @param guidance classifier-free guidance scale; above 1 the UNet also runs on a zero embedding and the two
 *        predictions are extrapolated, at 1 or below it runs once on the embedding alone
 * @param seed the seed of the initial noise
 * @param scheduler {@code pndm}, {@code ddim}, {@code euler} (or a diffusers class name), or empty for the package's
 */
public record VariationSettings(int steps, double guidance, long seed, String scheduler) {

    /** Checks the values; each problem names the setting. */
    public VariationSettings {
        if (steps < 1) {
            throw new IllegalArgumentException("steps must be at least 1, got " + steps);
        }
        if (!Double.isFinite(guidance) || guidance < 0) {
            throw new IllegalArgumentException("guidance must be a finite number of at least 0, got " + guidance);
        }
        if (scheduler == null) {
            throw new IllegalArgumentException("scheduler must be a name or empty (the package's), not null");
        }
    }

    /** The package's default steps and guidance, seed 0, its own scheduler. */
    public static VariationSettings defaults(DiffusionPackageInfo info) {
        return new VariationSettings(info.defaultSteps(), info.defaultGuidance(), 0, "");
    }

    /** The same settings with another seed. */
    public VariationSettings withSeed(long newSeed) {
        return new VariationSettings(steps, guidance, newSeed, scheduler);
    }
}
