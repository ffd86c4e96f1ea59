package org.alphaclip.nerf.internal.scene;

/**
 * A batch of rays, three floats per ray.
 *
 * @param origins ray origins, x y z per ray
 * @param directions ray directions, not normalised
 */
public record Rays(float[] origins, float[] directions) {

    /** Checks that both arrays describe the same rays. */
    public Rays {
        if (origins.length != directions.length || origins.length % 3 != 0) {
            throw new IllegalArgumentException("Rays need three floats per origin and per direction, got "
                    + origins.length + " and " + directions.length);
        }
    }

    /** The number of rays. */
    public int count() {
        return origins.length / 3;
    }

    /** These rays followed by those. */
    public Rays concat(Rays other) {
        float[] o = new float[origins.length + other.origins.length];
        float[] d = new float[o.length];
        System.arraycopy(origins, 0, o, 0, origins.length);
        System.arraycopy(other.origins, 0, o, origins.length, other.origins.length);
        System.arraycopy(directions, 0, d, 0, directions.length);
        System.arraycopy(other.directions, 0, d, directions.length, other.directions.length);
        return new Rays(o, d);
    }
}
