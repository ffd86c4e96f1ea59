package org.alphaclip.nerf.internal.train;

import org.alphaclip.nerf.internal.grid.GridGeometry;

/**
 * DVGO's total-variation regulariser of the explicit grids. It is not a loss term: after the backward pass it adds
 * to each grid value's gradient {@code (w/6)·clamp(v − v_neighbour, −1, 1)} for each of its (up to six) axis
 * neighbours, with {@code w = weight · largest grid size / 128} (the gradient of a smooth-L1 penalty on
 * neighbouring differences). In sparse mode only values whose gradient is already non-zero are touched.
 */
public final class TotalVariation {

    private TotalVariation() {
    }

    /**
     * Adds the regulariser's gradient in place.
     *
     * @param values the grid, {@code channels} blocks of the lattice's points (x slowest, z fastest)
     * @param gradient the grid's gradient, same layout, updated in place
     * @param geometry the lattice
     * @param weight the weight before scaling ({@code weight_tv / rays per step} in the official loop)
     * @param dense whether every value is touched, not only those with a non-zero gradient
     */
    public static void addGradient(float[] values, float[] gradient, GridGeometry geometry, float weight,
            boolean dense) {
        float w = (float) (weight * geometry.largestSize() / 128.0) / 6f;
        int nz = geometry.sizeZ();
        int ny = geometry.sizeY();
        int nx = geometry.sizeX();
        int plane = ny * nz;
        for (int index = 0; index < values.length; index++) {
            if (!dense && gradient[index] == 0) {
                continue;
            }
            int z = index % nz;
            int y = index / nz % ny;
            int x = index / plane % nx;
            float v = values[index];
            float add = 0;
            add += z == 0 ? 0 : w * clamp(v - values[index - 1]);
            add += z == nz - 1 ? 0 : w * clamp(v - values[index + 1]);
            add += y == 0 ? 0 : w * clamp(v - values[index - nz]);
            add += y == ny - 1 ? 0 : w * clamp(v - values[index + nz]);
            add += x == 0 ? 0 : w * clamp(v - values[index - plane]);
            add += x == nx - 1 ? 0 : w * clamp(v - values[index + plane]);
            gradient[index] += add;
        }
    }

    private static float clamp(float difference) {
        return Math.max(-1f, Math.min(1f, difference));
    }
}
