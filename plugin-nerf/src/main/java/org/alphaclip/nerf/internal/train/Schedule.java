package org.alphaclip.nerf.internal.train;

/**
 * The official explicit-model schedule (15,000 iterations) scaled to a run's length: progressive grid scaling at
 * 5,000/7,000/9,000/11,000 (the voxel budget doubles each time, starting at 1/16 of the final one), the density prior
 * until 8,000, total variation between 5,000 and 13,000, the learning rate falling tenfold over 20,000, occupancy
 * renewal every 1,000 (offset 500), the transparency target annealed over the first 500.
 *
 * @param iterations the run's steps
 */
public record Schedule(int iterations) {

    private static final double OFFICIAL = 15000;
    private static final int[] SCALING_STEPS = {5000, 7000, 9000, 11000};

    /** The number of voxel doublings. */
    public int stages() {
        return SCALING_STEPS.length;
    }

    /** The scaling stage at {@code step}: how many doublings have happened before it. */
    public int stageAt(int step) {
        int stage = 0;
        for (int official : SCALING_STEPS) {
            if (step >= scaled(official)) {
                stage++;
            }
        }
        return stage;
    }

    /** The voxel budget at a stage for a final budget. */
    public long voxelsAt(int stage, long finalVoxels) {
        return Math.max(8, finalVoxels >> (stages() - stage));
    }

    /** Whether the density prior applies at {@code step}. */
    public boolean priorActive(int step) {
        return step <= scaled(8000);
    }

    /** Whether total variation applies at {@code step}. */
    public boolean totalVariationActive(int step) {
        return step > scaled(5000) && step < scaled(13000);
    }

    /** The learning-rate factor per step. */
    public double decayPerStep() {
        return Math.pow(0.1, 1.0 / (20000 * iterations / OFFICIAL));
    }

    /** Whether the occupancy is renewed after {@code step}. */
    public boolean renewOccupancy(int step) {
        int period = Math.max(2, scaled(1000));
        return (step + period / 2) % period == 0;
    }

    /** Steps over which the transparency target is annealed. */
    public int annealSteps() {
        return Math.max(1, scaled(500));
    }

    private int scaled(int officialStep) {
        return (int) Math.round(officialStep * iterations / OFFICIAL);
    }
}
