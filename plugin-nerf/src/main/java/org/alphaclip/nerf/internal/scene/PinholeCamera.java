package org.alphaclip.nerf.internal.scene;

/**
 * A square pinhole camera as PureCLIPNeRF sets it up: NeRF-Blender's focal length scaled to the resolution
 * ({@code 1111.1111 · size / 800}), principal point at the image centre.
 *
 * @param width image width in pixels
 * @param height image height in pixels
 * @param focal focal length in pixels
 * @param centerX principal point x
 * @param centerY principal point y
 */
public record PinholeCamera(int width, int height, double focal, double centerX, double centerY) {

    /** NeRF-Blender's focal length at 800 pixels. */
    public static final double BLENDER_FOCAL_AT_800 = 1111.1111;

    /** Checks the numbers. */
    public PinholeCamera {
        if (width <= 0 || height <= 0 || !(focal > 0)) {
            throw new IllegalArgumentException("Camera needs a positive size and focal length, got " + width + "x"
                    + height + " f=" + focal);
        }
    }

    /** The training camera of a square image of this size. */
    public static PinholeCamera blender(int size) {
        return new PinholeCamera(size, size, BLENDER_FOCAL_AT_800 * size / 800.0, size / 2.0, size / 2.0);
    }

    /**
     * One ray per pixel centre, rows top first: origins at the camera centre and directions
     * {@code R · ((x + ½ − cx)/f, −(y + ½ − cy)/f, −1)}, not normalised, computed in float as the official code does.
     */
    public Rays rays(CameraPose pose) {
        int count = width * height;
        float[] origins = new float[count * 3];
        float[] directions = new float[count * 3];
        float[] rotation = new float[9];
        for (int row = 0; row < 3; row++) {
            for (int column = 0; column < 3; column++) {
                rotation[row * 3 + column] = (float) pose.at(row, column);
            }
        }
        float ox = (float) pose.at(0, 3);
        float oy = (float) pose.at(1, 3);
        float oz = (float) pose.at(2, 3);
        float f = (float) focal;
        float cx = (float) centerX;
        float cy = (float) centerY;
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                float dx = ((x + 0.5f) - cx) / f;
                float dy = -(((y + 0.5f) - cy) / f);
                float dz = -1f;
                int ray = (y * width + x) * 3;
                for (int axis = 0; axis < 3; axis++) {
                    directions[ray + axis] = dx * rotation[axis * 3] + dy * rotation[axis * 3 + 1]
                            + dz * rotation[axis * 3 + 2];
                }
                origins[ray] = ox;
                origins[ray + 1] = oy;
                origins[ray + 2] = oz;
            }
        }
        return new Rays(origins, directions);
    }
}
