package org.alphaclip.nerf.internal.grid;

import java.util.Arrays;

/**
 * DVGO's occupancy cache: which grid points may hold anything. Samples nearest an unoccupied point are skipped.
 * Starts all occupied; each renewal keeps a point only where the largest opacity in its 3×3×3 neighbourhood is
 * above the threshold.
 */
public final class OccupancyMask {

    private final GridGeometry geometry;
    private final boolean[] occupied;

    private OccupancyMask(GridGeometry geometry, boolean[] occupied) {
        this.geometry = geometry;
        this.occupied = occupied;
    }

    /** Every point occupied. */
    public static OccupancyMask full(GridGeometry geometry) {
        boolean[] occupied = new boolean[geometry.pointCount()];
        Arrays.fill(occupied, true);
        return new OccupancyMask(geometry, occupied);
    }

    /** A mask from stored flags (x slowest, z fastest). */
    public static OccupancyMask of(GridGeometry geometry, boolean[] occupied) {
        if (occupied.length != geometry.pointCount()) {
            throw new IllegalArgumentException("Occupancy of " + occupied.length + " points for a grid of "
                    + geometry.pointCount());
        }
        return new OccupancyMask(geometry, occupied.clone());
    }

    /** This mask, keeping only points whose neighbourhood's largest opacity exceeds {@code threshold}. */
    public OccupancyMask renewed(float[] alpha, float threshold) {
        int nx = geometry.sizeX();
        int ny = geometry.sizeY();
        int nz = geometry.sizeZ();
        boolean[] next = new boolean[occupied.length];
        for (int x = 0; x < nx; x++) {
            for (int y = 0; y < ny; y++) {
                for (int z = 0; z < nz; z++) {
                    int index = geometry.index(x, y, z);
                    next[index] = occupied[index] && neighbourhoodMax(alpha, x, y, z) > threshold;
                }
            }
        }
        return new OccupancyMask(geometry, next);
    }

    private float neighbourhoodMax(float[] alpha, int x, int y, int z) {
        float max = Float.NEGATIVE_INFINITY;
        for (int i = Math.max(x - 1, 0); i <= Math.min(x + 1, geometry.sizeX() - 1); i++) {
            for (int j = Math.max(y - 1, 0); j <= Math.min(y + 1, geometry.sizeY() - 1); j++) {
                for (int k = Math.max(z - 1, 0); k <= Math.min(z + 1, geometry.sizeZ() - 1); k++) {
                    max = Math.max(max, alpha[geometry.index(i, j, k)]);
                }
            }
        }
        return max;
    }

    /**
     * Whether the grid point nearest to (x, y, z) is occupied (rounding half away from zero, as CUDA's
     * {@code round}); points off the grid are not.
     */
    public boolean isOccupied(float x, float y, float z) {
        int i = nearest(0, x);
        int j = nearest(1, y);
        int k = nearest(2, z);
        if (i < 0 || j < 0 || k < 0 || i >= geometry.sizeX() || j >= geometry.sizeY() || k >= geometry.sizeZ()) {
            return false;
        }
        return occupied[geometry.index(i, j, k)];
    }

    private int nearest(int axis, float coordinate) {
        float min = geometry.bounds().min()[axis];
        float max = geometry.bounds().max()[axis];
        float scale = (geometry.sizes()[axis] - 1) / (max - min);
        float shift = -min * scale;
        float index = coordinate * scale + shift;
        return (int) (index < 0 ? -Math.floor(-index + 0.5f) : Math.floor(index + 0.5f));
    }

    /** The number of occupied points. */
    public int occupiedCount() {
        int count = 0;
        for (boolean flag : occupied) {
            count += flag ? 1 : 0;
        }
        return count;
    }

    /** The flags, x slowest, z fastest. */
    public boolean[] flags() {
        return occupied.clone();
    }

    /** The grid this mask covers. */
    public GridGeometry geometry() {
        return geometry;
    }
}
