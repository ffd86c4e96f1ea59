package org.alphaclip.nerf.internal.scene;

/**
 * A camera-to-world transform in the NeRF-Blender convention PureCLIPNeRF uses: world z up, camera axes as in
 * OpenGL (x right, y up, looking down −z).
 *
 * @param matrix the 4×4 camera-to-world matrix, row major
 */
public record CameraPose(double[] matrix) {

    /** Checks the size and copies. */
    public CameraPose {
        if (matrix.length != 16) {
            throw new IllegalArgumentException("A camera pose is a 4x4 matrix, got " + matrix.length + " numbers");
        }
        matrix = matrix.clone();
    }

    /**
     * The pose on a sphere around the origin, looking at it: {@code theta} turns around the world's up axis,
     * {@code phi} is the elevation (negative above the ground plane: −30 looks down from 30° above), at distance
     * {@code radius}. Built as {@code flip · rotTheta · rotPhi · translateZ(radius)} with the flip that swaps y and z
     * and mirrors x.
     */
    public static CameraPose spherical(double thetaDegrees, double phiDegrees, double radius) {
        double theta = Math.toRadians(thetaDegrees);
        double phi = Math.toRadians(phiDegrees);
        double[] translate = {1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, radius, 0, 0, 0, 1};
        double[] rotPhi = {1, 0, 0, 0, 0, Math.cos(phi), -Math.sin(phi), 0, 0, Math.sin(phi), Math.cos(phi), 0,
            0, 0, 0, 1};
        double[] rotTheta = {Math.cos(theta), 0, -Math.sin(theta), 0, 0, 1, 0, 0, Math.sin(theta), 0,
            Math.cos(theta), 0, 0, 0, 0, 1};
        double[] flip = {-1, 0, 0, 0, 0, 0, 1, 0, 0, 1, 0, 0, 0, 0, 0, 1};
        return new CameraPose(multiply(flip, multiply(rotTheta, multiply(rotPhi, translate))));
    }

    /** The camera centre in world coordinates. */
    public double[] origin() {
        return new double[] {matrix[3], matrix[7], matrix[11]};
    }

    /** Entry (row, column). */
    public double at(int row, int column) {
        return matrix[row * 4 + column];
    }

    @Override
    public double[] matrix() {
        return matrix.clone();
    }

    private static double[] multiply(double[] a, double[] b) {
        double[] product = new double[16];
        for (int row = 0; row < 4; row++) {
            for (int column = 0; column < 4; column++) {
                double sum = 0;
                for (int k = 0; k < 4; k++) {
                    sum += a[row * 4 + k] * b[k * 4 + column];
                }
                product[row * 4 + column] = sum;
            }
        }
        return product;
    }
}
