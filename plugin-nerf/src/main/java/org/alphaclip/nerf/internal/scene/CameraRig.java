package org.alphaclip.nerf.internal.scene;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * PureCLIPNeRF's cameras: on a sphere of radius 4 around the origin at a fixed elevation (30° above the ground
 * plane), azimuth uniform in [−180°, 180°); near and far bound the unit-radius-√3 cube around the origin
 * ({@code 4 ∓ √3}). Turntables use evenly spaced azimuths at the same elevation.
 *
 * @param radius the cameras' distance from the origin
 * @param elevationDegrees the official {@code phi} (−30: 30° above the ground plane)
 */
public record CameraRig(double radius, double elevationDegrees) {

    /** The official rig. */
    public static final CameraRig OFFICIAL = new CameraRig(4, -30);

    /** The nearest ray parameter. */
    public double near() {
        return radius - Math.sqrt(3);
    }

    /** The farthest ray parameter. */
    public double far() {
        return radius + Math.sqrt(3);
    }

    /** A camera at a uniformly random azimuth. */
    public CameraPose random(SplittableRandom random) {
        return CameraPose.spherical(-180 + 360 * random.nextDouble(), elevationDegrees, radius);
    }

    /** {@code count} cameras evenly spaced in azimuth from −180°. */
    public List<CameraPose> turntable(int count) {
        List<CameraPose> poses = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            poses.add(CameraPose.spherical(-180 + 360.0 * i / count, elevationDegrees, radius));
        }
        return poses;
    }
}
