package org.alphaclip.nerf.internal.grid;

import org.alphaclip.nerf.internal.scene.SceneBounds;

/**
 * Where the voxel grids' points sit: a corner-aligned lattice over the scene box (point i of an axis at
 * {@code min + i·(max − min)/(n − 1)}), sized as DVGO sizes it. The voxel size is the cube root of the box volume
 * over the voxel budget, the lattice size per axis the box side over it, truncated; the ratio to the voxel size of
 * the base budget scales the density's interval. All in float, as the official tensors are.
 *
 * @param bounds the scene box
 * @param sizeX grid points along x
 * @param sizeY grid points along y
 * @param sizeZ grid points along z
 * @param voxelSize the voxel edge in world units
 * @param voxelSizeRatio the voxel edge over the base budget's voxel edge
 */
public record GridGeometry(SceneBounds bounds, int sizeX, int sizeY, int sizeZ, float voxelSize,
        float voxelSizeRatio) {

    /** Checks the sizes. */
    public GridGeometry {
        if (sizeX < 2 || sizeY < 2 || sizeZ < 2) {
            throw new IllegalArgumentException("A voxel grid needs at least 2 points per axis, got " + sizeX + "x"
                    + sizeY + "x" + sizeZ);
        }
    }

    /** The lattice for a voxel budget, with the ratio to the base budget's voxel. */
    public static GridGeometry of(SceneBounds bounds, long voxels, long baseVoxels) {
        if (voxels < 8 || baseVoxels < 8) {
            throw new IllegalArgumentException("Voxel budgets must be at least 8, got " + voxels + " and " + baseVoxels);
        }
        float voxelSize = voxelSize(bounds, voxels);
        float baseVoxelSize = voxelSize(bounds, baseVoxels);
        float[] min = bounds.min();
        float[] max = bounds.max();
        int[] size = new int[3];
        for (int axis = 0; axis < 3; axis++) {
            size[axis] = (int) ((max[axis] - min[axis]) / voxelSize);
        }
        return new GridGeometry(bounds, size[0], size[1], size[2], voxelSize, voxelSize / baseVoxelSize);
    }

    private static float voxelSize(SceneBounds bounds, long voxels) {
        float[] min = bounds.min();
        float[] max = bounds.max();
        float volume = (max[0] - min[0]) * (max[1] - min[1]) * (max[2] - min[2]);
        return (float) Math.pow(volume / (float) voxels, (float) (1.0 / 3.0));
    }

    /** Grid points in all. */
    public int pointCount() {
        return sizeX * sizeY * sizeZ;
    }

    /** The largest axis size. */
    public int largestSize() {
        return Math.max(sizeX, Math.max(sizeY, sizeZ));
    }

    /** Grid points per axis. */
    public int[] sizes() {
        return new int[] {sizeX, sizeY, sizeZ};
    }

    /** The flat index of grid point (x, y, z): x slowest, z fastest. */
    public int index(int x, int y, int z) {
        return (x * sizeY + y) * sizeZ + z;
    }

    /** Every grid point's world position, x y z each, in index order (x slowest, z fastest). */
    public float[] positions() {
        float[] positions = new float[3 * pointCount()];
        for (int x = 0; x < sizeX; x++) {
            for (int y = 0; y < sizeY; y++) {
                for (int z = 0; z < sizeZ; z++) {
                    int p = 3 * index(x, y, z);
                    positions[p] = coordinate(0, x);
                    positions[p + 1] = coordinate(1, y);
                    positions[p + 2] = coordinate(2, z);
                }
            }
        }
        return positions;
    }

    /** The world position of grid point {@code index} along {@code axis}, as {@code torch.linspace} places it. */
    public float coordinate(int axis, int index) {
        float min = bounds.min()[axis];
        float max = bounds.max()[axis];
        int size = sizes()[axis];
        float step = (max - min) / (size - 1);
        return index < size / 2 ? min + step * index : max - step * (size - 1 - index);
    }
}
