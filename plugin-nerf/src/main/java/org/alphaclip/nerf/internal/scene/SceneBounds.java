package org.alphaclip.nerf.internal.scene;

import java.util.Arrays;
import java.util.List;

/**
 * The axis-aligned box the voxel grids span, found from the training cameras as PureCLIPNeRF does: for each
 * camera, the box around every pixel's points at {@code near} and {@code far} along its normalised direction; the
 * first camera's box is intersected with every other's.
 *
 * @param min the box's lower corner
 * @param max the box's upper corner
 */
public record SceneBounds(float[] min, float[] max) {

    /** Checks and copies. */
    public SceneBounds {
        if (min.length != 3 || max.length != 3) {
            throw new IllegalArgumentException("Scene bounds are two 3-vectors");
        }
        for (int axis = 0; axis < 3; axis++) {
            if (!(max[axis] > min[axis])) {
                throw new IllegalArgumentException("Empty scene bounds: " + Arrays.toString(min) + " to "
                        + Arrays.toString(max));
            }
        }
        min = min.clone();
        max = max.clone();
    }

    /** The intersection of the cameras' near-to-far frustum boxes. */
    public static SceneBounds ofFrustums(List<CameraPose> poses, PinholeCamera camera, double near, double far) {
        if (poses.isEmpty()) {
            throw new IllegalArgumentException("Scene bounds need at least one camera");
        }
        float[] min = null;
        float[] max = null;
        for (CameraPose pose : poses) {
            float[] cameraMin = {Float.MAX_VALUE, Float.MAX_VALUE, Float.MAX_VALUE};
            float[] cameraMax = {-Float.MAX_VALUE, -Float.MAX_VALUE, -Float.MAX_VALUE};
            Rays rays = camera.rays(pose);
            float[] o = rays.origins();
            float[] d = rays.directions();
            for (int ray = 0; ray < rays.count(); ray++) {
                int i = ray * 3;
                float norm = (float) Math.sqrt(d[i] * d[i] + d[i + 1] * d[i + 1] + d[i + 2] * d[i + 2]);
                for (double distance : new double[] {near, far}) {
                    for (int axis = 0; axis < 3; axis++) {
                        float point = o[i + axis] + d[i + axis] / norm * (float) distance;
                        cameraMin[axis] = Math.min(cameraMin[axis], point);
                        cameraMax[axis] = Math.max(cameraMax[axis], point);
                    }
                }
            }
            if (min == null) {
                min = cameraMin;
                max = cameraMax;
            } else {
                for (int axis = 0; axis < 3; axis++) {
                    min[axis] = Math.max(min[axis], cameraMin[axis]);
                    max[axis] = Math.min(max[axis], cameraMax[axis]);
                }
            }
        }
        return new SceneBounds(min, max);
    }

    @Override
    public float[] min() {
        return min.clone();
    }

    @Override
    public float[] max() {
        return max.clone();
    }
}
