package org.alphaclip.nerf.internal.train;

import org.alphaclip.nerf.internal.grid.GridGeometry;
import org.alphaclip.nerf.internal.grid.OccupancyMask;
import org.alphaclip.nerf.internal.grid.VoxelGrids;

/**
 * Everything an optimisation carries from step to step, and what a checkpoint holds: the grids, the occupancy, both
 * grids' Adam state, the steps done, the scaling stage and the last step's similarity to the prompt.
 */
public final class NerfState {

    VoxelGrids grids;
    OccupancyMask occupancy;
    MaskedAdam densityAdam;
    MaskedAdam colourAdam;
    int step;
    int stage;
    double similarity = Double.NaN;

    NerfState(VoxelGrids grids, OccupancyMask occupancy, MaskedAdam densityAdam, MaskedAdam colourAdam, int step,
            int stage) {
        this.grids = grids;
        this.occupancy = occupancy;
        this.densityAdam = densityAdam;
        this.colourAdam = colourAdam;
        this.step = step;
        this.stage = stage;
    }

    /** The grids now. */
    public VoxelGrids grids() {
        return grids;
    }

    /** The occupancy now. */
    public OccupancyMask occupancy() {
        return occupancy;
    }

    /** The lattice now. */
    public GridGeometry geometry() {
        return grids.geometry();
    }

    /** Steps done. */
    public int step() {
        return step;
    }

    /** The progressive-scaling stage (0 before the first doubling). */
    public int stage() {
        return stage;
    }

    /** The mean cosine similarity to the prompt measured by the last step (NaN before the first). */
    public double similarity() {
        return similarity;
    }

    /** Both grids' Adam state: density first. */
    public MaskedAdam[] optimisers() {
        return new MaskedAdam[] {densityAdam, colourAdam};
    }
}
