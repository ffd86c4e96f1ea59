package org.alphaclip.pointe.internal.eval;

/**
 * The symmetric Chamfer distance of two point sets ({@code x, y, z} each): the mean distance from each point of one
 * set to its nearest point of the other, averaged over both directions (Euclidean, not squared).
 */
public final class Chamfer {

    private Chamfer() {
    }

    /** The distance between two non-empty sets. */
    public static double distance(float[] a, float[] b) {
        return (directed(a, b) + directed(b, a)) / 2;
    }

    private static double directed(float[] from, float[] to) {
        int n = from.length / 3;
        int m = to.length / 3;
        double sum = 0;
        for (int i = 0; i < n; i++) {
            double best = Double.MAX_VALUE;
            for (int j = 0; j < m; j++) {
                double dx = from[3 * i] - to[3 * j];
                double dy = from[3 * i + 1] - to[3 * j + 1];
                double dz = from[3 * i + 2] - to[3 * j + 2];
                best = Math.min(best, dx * dx + dy * dy + dz * dz);
            }
            sum += Math.sqrt(best);
        }
        return sum / n;
    }
}
