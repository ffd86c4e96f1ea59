package org.alphaclip.pointe;

/**
 * A coloured point cloud as Point-E outputs it.
 *
 * @param coordinates x, y, z of each point, {@code 3 * size} values
 * @param colours red, green, blue of each point in [0, 1] (multiples of 1/255), {@code 3 * size} values
 */
public record PointCloud(float[] coordinates, float[] colours) {

    /** Checks that both arrays hold three values per point. */
    public PointCloud {
        if (coordinates.length % 3 != 0 || colours.length != coordinates.length) {
            throw new IllegalArgumentException("a point cloud needs three coordinates and three colours per point, got "
                    + coordinates.length + " and " + colours.length + " values");
        }
    }

    /** The number of points. */
    public int size() {
        return coordinates.length / 3;
    }
}
