package org.alphaclip.nerf.internal.render;

import org.alphaclip.nerf.internal.grid.GridGeometry;
import org.alphaclip.nerf.internal.grid.OccupancyMask;
import org.alphaclip.nerf.internal.scene.Rays;

/**
 * DVGO's ray marching: each ray is clipped to the scene box with a slab test in the parameter of its unnormalised
 * direction (clamped to [near, far]), then marched in steps of half a voxel along its normalised direction from
 * the entry point, {@code max(ceil((tMax − tMin)/stepDistance), 1)} steps. (So an off-axis ray, whose direction is
 * longer than 1, stops short of the exit: the official quirk, kept.) Samples outside the box and those nearest an
 * unoccupied grid point are dropped. Float arithmetic throughout, as the kernels do it.
 */
public final class RaySampler {

    private final float near;
    private final float far;
    private final float stepSize;

    /**
     * @param near the nearest ray parameter
     * @param far the farthest ray parameter
     * @param stepSize the step in voxels (0.5 in every official configuration)
     */
    public RaySampler(double near, double far, double stepSize) {
        if (!(near >= 0 && far > near && stepSize > 0)) {
            throw new IllegalArgumentException("Ray sampling needs 0 <= near < far and a positive step, got near="
                    + near + " far=" + far + " step=" + stepSize);
        }
        this.near = (float) near;
        this.far = (float) far;
        this.stepSize = (float) stepSize;
    }

    /** The distance between samples on a lattice: the step size times the voxel edge. */
    public float stepDistance(GridGeometry geometry) {
        return stepSize * geometry.voxelSize();
    }

    /** Marches every ray through the box and keeps the samples in occupied cells. */
    public RaySamples sample(Rays rays, OccupancyMask occupancy) {
        GridGeometry geometry = occupancy.geometry();
        float[] min = geometry.bounds().min();
        float[] max = geometry.bounds().max();
        float stepDistance = stepDistance(geometry);
        int count = rays.count();
        float[] o = rays.origins();
        float[] d = rays.directions();
        int[] steps = new int[count];
        int[] inBox = new int[count];
        float[] tMin = new float[count];
        float[] tMax = new float[count];
        long total = 0;
        for (int ray = 0; ray < count; ray++) {
            int i = ray * 3;
            float tEntry = Float.NEGATIVE_INFINITY;
            float tExit = Float.POSITIVE_INFINITY;
            for (int axis = 0; axis < 3; axis++) {
                float v = d[i + axis] == 0 ? 1e-6f : d[i + axis];
                float a = (max[axis] - o[i + axis]) / v;
                float b = (min[axis] - o[i + axis]) / v;
                tEntry = Math.max(tEntry, Math.min(a, b));
                tExit = Math.min(tExit, Math.max(a, b));
            }
            tMin[ray] = Math.max(Math.min(tEntry, far), near);
            tMax[ray] = Math.max(Math.min(tExit, far), near);
            steps[ray] = (int) Math.max(Math.ceil((tMax[ray] - tMin[ray]) / stepDistance), 1);
            total += steps[ray];
        }
        if (total > Integer.MAX_VALUE / 3) {
            throw new IllegalArgumentException("Too many ray samples (" + total + "): render fewer rays at a time");
        }
        float[] points = new float[(int) total * 3];
        int[] rayOf = new int[(int) total];
        int[] stepOf = new int[(int) total];
        int kept = 0;
        for (int ray = 0; ray < count; ray++) {
            int i = ray * 3;
            float norm = (float) Math.sqrt(d[i] * d[i] + d[i + 1] * d[i + 1] + d[i + 2] * d[i + 2]);
            float sx = o[i] + d[i] * tMin[ray];
            float sy = o[i + 1] + d[i + 1] * tMin[ray];
            float sz = o[i + 2] + d[i + 2] * tMin[ray];
            float ux = d[i] / norm;
            float uy = d[i + 1] / norm;
            float uz = d[i + 2] / norm;
            for (int step = 0; step < steps[ray]; step++) {
                float distance = stepDistance * step;
                float px = sx + ux * distance;
                float py = sy + uy * distance;
                float pz = sz + uz * distance;
                if (px < min[0] || py < min[1] || pz < min[2] || px > max[0] || py > max[1] || pz > max[2]) {
                    continue;
                }
                inBox[ray]++;
                if (!occupancy.isOccupied(px, py, pz)) {
                    continue;
                }
                points[kept * 3] = px;
                points[kept * 3 + 1] = py;
                points[kept * 3 + 2] = pz;
                rayOf[kept] = ray;
                stepOf[kept] = step;
                kept++;
            }
        }
        return new RaySamples(count, steps, inBox, tMin, tMax, java.util.Arrays.copyOf(points, kept * 3),
                java.util.Arrays.copyOf(rayOf, kept), java.util.Arrays.copyOf(stepOf, kept));
    }
}
