package org.alphaclip.nerf.internal.grid;

import java.util.List;

/**
 * PureCLIPNeRF's explicit model: a raw density grid and a three-channel colour-logit grid on one lattice, held as
 * Java arrays (x slowest, z fastest; colour channel-major). The renderer reads them as autograd leaves.
 *
 * @param geometry the lattice
 * @param density raw density per grid point
 * @param colour colour logits, channel-major ({@code [3][x][y][z]})
 */
public record VoxelGrids(GridGeometry geometry, float[] density, float[] colour) {

    /** The raw density given to grid points near a camera: empty for good. */
    public static final float CARVED_DENSITY = -100f;

    /** Checks the sizes. */
    public VoxelGrids {
        int points = geometry.pointCount();
        if (density.length != points || colour.length != 3 * points) {
            throw new IllegalArgumentException("Grids of " + density.length + " density and " + colour.length
                    + " colour values for a lattice of " + points + " points");
        }
    }

    /** Both grids zero, as the official model starts. */
    public static VoxelGrids zeros(GridGeometry geometry) {
        return new VoxelGrids(geometry, new float[geometry.pointCount()], new float[3 * geometry.pointCount()]);
    }

    /**
     * Sets the density of every grid point within {@code near} of a camera centre to {@link #CARVED_DENSITY}, so
     * that nothing grows between a camera and its near plane. Returns how many points were carved.
     */
    public int carveNearCameras(List<double[]> cameraCentres, double near) {
        float limit = (float) near;
        float[] positions = geometry.positions();
        int carved = 0;
        for (int point = 0; point < geometry.pointCount(); point++) {
            for (double[] centre : cameraCentres) {
                float dx = positions[3 * point] - (float) centre[0];
                float dy = positions[3 * point + 1] - (float) centre[1];
                float dz = positions[3 * point + 2] - (float) centre[2];
                if ((float) Math.sqrt(dx * dx + dy * dy + dz * dz) <= limit) {
                    density[point] = CARVED_DENSITY;
                    carved++;
                    break;
                }
            }
        }
        return carved;
    }

    /**
     * Both grids resampled onto another lattice over the same box by trilinear interpolation with corners aligned
     * (the official progressive scaling).
     */
    public VoxelGrids resampled(GridGeometry target) {
        float[] newDensity = new float[target.pointCount()];
        float[] newColour = new float[3 * target.pointCount()];
        int points = geometry.pointCount();
        int targetPoints = target.pointCount();
        for (int x = 0; x < target.sizeX(); x++) {
            float fx = scale(x, target.sizeX(), geometry.sizeX());
            for (int y = 0; y < target.sizeY(); y++) {
                float fy = scale(y, target.sizeY(), geometry.sizeY());
                for (int z = 0; z < target.sizeZ(); z++) {
                    float fz = scale(z, target.sizeZ(), geometry.sizeZ());
                    int index = target.index(x, y, z);
                    newDensity[index] = interpolate(density, 0, fx, fy, fz);
                    for (int channel = 0; channel < 3; channel++) {
                        newColour[channel * targetPoints + index] = interpolate(colour, channel * points, fx, fy, fz);
                    }
                }
            }
        }
        return new VoxelGrids(target, newDensity, newColour);
    }

    private static float scale(int index, int targetSize, int sourceSize) {
        return targetSize == 1 ? 0 : index * (float) (sourceSize - 1) / (targetSize - 1);
    }

    private float interpolate(float[] values, int offset, float fx, float fy, float fz) {
        int x0 = Math.min((int) fx, geometry.sizeX() - 2);
        int y0 = Math.min((int) fy, geometry.sizeY() - 2);
        int z0 = Math.min((int) fz, geometry.sizeZ() - 2);
        float wx = fx - x0;
        float wy = fy - y0;
        float wz = fz - z0;
        float sum = 0;
        for (int corner = 0; corner < 8; corner++) {
            int dx = corner >> 2 & 1;
            int dy = corner >> 1 & 1;
            int dz = corner & 1;
            float weight = (dx == 1 ? wx : 1 - wx) * (dy == 1 ? wy : 1 - wy) * (dz == 1 ? wz : 1 - wz);
            sum += weight * values[offset + geometry.index(x0 + dx, y0 + dy, z0 + dz)];
        }
        return sum;
    }
}
