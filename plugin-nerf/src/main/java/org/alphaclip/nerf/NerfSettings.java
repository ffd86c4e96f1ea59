package org.alphaclip.nerf;

/**
 * How an object is optimised. The official schedule is for 15,000 iterations; its windows (progressive grid
 * scaling, density prior, total variation, learning-rate decay, occupancy renewal) are scaled to {@code iterations}.
 *
 * @param iterations optimisation steps
 * @param resolution rendered image side in pixels
 * @param gridSize the final grid's side in voxels (the voxel budget is its cube)
 * @param alphaGuidance whether the encoder's alpha is the rendered opacity (Alpha-CLIP); false gives it all ones
 * @param backgroundAugmentation whether random backgrounds are composited behind the object
 * @param copies DiffAugment copies per step
 * @param backgrounds random backgrounds per copy when background augmentation is on
 * @param seed the seed of every random draw (cameras, augmentations), per step, so a resumed run continues the same
 * @param checkpointEvery steps between checkpoints
 * @param learningRate Adam's learning rate for both grids (official: 0.1 over 15,000 steps; a run of a few hundred
 *        steps needs larger ones)
 * @param model the Alpha-CLIP package guiding the optimisation; empty for the default
 */
public record NerfSettings(int iterations, int resolution, int gridSize, boolean alphaGuidance,
        boolean backgroundAugmentation, int copies, int backgrounds, long seed, int checkpointEvery,
        double learningRate, String model) {

    /** Checks every value; the message names the setting. */
    public NerfSettings {
        require(iterations > 0, "iterations must be positive, got " + iterations);
        require(resolution >= 16 && resolution <= 1024, "resolution must lie in [16, 1024], got " + resolution);
        require(gridSize >= 8 && gridSize <= 512, "grid size must lie in [8, 512], got " + gridSize);
        require(copies >= 1 && copies <= 64, "copies must lie in [1, 64], got " + copies);
        require(backgrounds >= 1 && backgrounds <= 64, "backgrounds must lie in [1, 64], got " + backgrounds);
        require(checkpointEvery > 0, "checkpoint interval must be positive, got " + checkpointEvery);
        require(learningRate > 0 && learningRate <= 100, "learning rate must lie in (0, 100], got " + learningRate);
        model = model == null ? "" : model.strip();
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }

    /**
     * The defaults sized for a CPU: 300 iterations at 64 px on a 48³ grid, learning rate 1, Alpha-CLIP guidance,
     * backgrounds on.
     */
    public static NerfSettings defaults() {
        return new NerfSettings(300, 64, 48, true, true, 4, 2, 0, 50, 1.0, "");
    }

    /** These settings with another iteration count. */
    public NerfSettings withIterations(int value) {
        return new NerfSettings(value, resolution, gridSize, alphaGuidance, backgroundAugmentation, copies,
                backgrounds, seed, checkpointEvery, learningRate, model);
    }

    /** These settings with another resolution. */
    public NerfSettings withResolution(int value) {
        return new NerfSettings(iterations, value, gridSize, alphaGuidance, backgroundAugmentation, copies,
                backgrounds, seed, checkpointEvery, learningRate, model);
    }

    /** These settings with another final grid size. */
    public NerfSettings withGridSize(int value) {
        return new NerfSettings(iterations, resolution, value, alphaGuidance, backgroundAugmentation, copies,
                backgrounds, seed, checkpointEvery, learningRate, model);
    }

    /** These settings with or without Alpha-CLIP's alpha guidance. */
    public NerfSettings withAlphaGuidance(boolean value) {
        return new NerfSettings(iterations, resolution, gridSize, value, backgroundAugmentation, copies,
                backgrounds, seed, checkpointEvery, learningRate, model);
    }

    /** These settings with or without background augmentation. */
    public NerfSettings withBackgroundAugmentation(boolean value) {
        return new NerfSettings(iterations, resolution, gridSize, alphaGuidance, value, copies, backgrounds, seed,
                checkpointEvery, learningRate, model);
    }

    /** These settings with another checkpoint interval. */
    public NerfSettings withCheckpointEvery(int value) {
        return new NerfSettings(iterations, resolution, gridSize, alphaGuidance, backgroundAugmentation, copies,
                backgrounds, seed, value, learningRate, model);
    }

    /** These settings with another learning rate. */
    public NerfSettings withLearningRate(double value) {
        return new NerfSettings(iterations, resolution, gridSize, alphaGuidance, backgroundAugmentation, copies,
                backgrounds, seed, checkpointEvery, value, model);
    }
}
