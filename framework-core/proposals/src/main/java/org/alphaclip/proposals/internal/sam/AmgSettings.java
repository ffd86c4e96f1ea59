package org.alphaclip.proposals.internal.sam;

/**
 * The settings of segment-anything's {@code SamAutomaticMaskGenerator}, with its defaults (except
 * {@code points_per_batch}, which only changes how many prompts run at once, and {@code output_mode}).
 *
 * @param pointsPerSide grid points per image side (32)
 * @param predIouThresh keep masks whose predicted IoU is above this (0.88; 0 disables the filter)
 * @param stabilityScoreThresh keep masks whose stability score is at least this (0.95; 0 disables)
 * @param stabilityScoreOffset logit offset of the stability score (1.0)
 * @param boxNmsThresh box IoU above which a lower-scored mask of the same crop is dropped (0.7)
 * @param cropNLayers extra layers of image crops (0: the whole image only)
 * @param cropNmsThresh box IoU above which masks of different crops are merged (0.7)
 * @param cropOverlapRatio overlap of neighbouring crops as a fraction of the short side (512/1500)
 * @param cropNPointsDownscaleFactor grid points per side divided by this per crop layer (1)
 * @param minMaskRegionArea holes and islands smaller than this are removed (0: off)
 */
record AmgSettings(int pointsPerSide, double predIouThresh, double stabilityScoreThresh, double stabilityScoreOffset,
        double boxNmsThresh, int cropNLayers, double cropNmsThresh, double cropOverlapRatio, int cropNPointsDownscaleFactor,
        int minMaskRegionArea) {

    /** segment-anything's defaults. */
    static final AmgSettings DEFAULTS = new AmgSettings(32, 0.88, 0.95, 1.0, 0.7, 0, 0.7, 512.0 / 1500.0, 1, 0);

    /** Checks the ranges. */
    AmgSettings {
        if (pointsPerSide < 1 || pointsPerSide > 256) {
            throw new IllegalArgumentException("pointsPerSide must be 1..256, got " + pointsPerSide);
        }
        if (cropNLayers < 0 || cropNLayers > 4 || cropNPointsDownscaleFactor < 1 || minMaskRegionArea < 0) {
            throw new IllegalArgumentException("cropNLayers must be 0..4, cropNPointsDownscaleFactor at least 1 and "
                    + "minMaskRegionArea not negative");
        }
        for (double v : new double[] {predIouThresh, stabilityScoreThresh, boxNmsThresh, cropNmsThresh, cropOverlapRatio}) {
            if (!(v >= 0 && v <= 1.5)) {
                throw new IllegalArgumentException("Thresholds and the crop overlap ratio must be numbers in 0..1.5, got " + v);
            }
        }
        if (!Double.isFinite(stabilityScoreOffset)) {
            throw new IllegalArgumentException("stabilityScoreOffset must be a finite number");
        }
    }
}
