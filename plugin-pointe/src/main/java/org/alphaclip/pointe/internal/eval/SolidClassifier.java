package org.alphaclip.pointe.internal.eval;

import java.util.EnumMap;
import java.util.Map;
import java.util.SplittableRandom;

import org.alphaclip.pointe.PointCloud;
import org.alphaclip.pointe.internal.solids.Solid;
import org.alphaclip.world.Colour;

/**
 * Names a point cloud as one of the 3-D world's labels, by geometry alone: its shape is the solid whose surface sample
 * lies nearest by Chamfer distance after both are centred on their mean and scaled to unit root-mean-square radius
 * (so a cloud of the right shape but the wrong size or place is still named), its colour the world colour nearest
 * to the points' mean colour. {@code pointe:eval} checks it on true clouds first.
 */
public final class SolidClassifier {

    private static final int TEMPLATE_POINTS = 1024;

    private final Map<Solid, float[]> templates = new EnumMap<>(Solid.class);
    private final Map<Colour, int[]> palette;

    /**
     * A classifier with templates drawn from a seed.
     *
     * @param palette the RGB of each world colour as the renderer paints it
     */
    public SolidClassifier(long seed, Map<Colour, int[]> palette) {
        SplittableRandom random = new SplittableRandom(seed);
        for (Solid solid : Solid.values()) {
            templates.put(solid, normalised(solid.sample(TEMPLATE_POINTS, random)));
        }
        this.palette = Map.copyOf(palette);
    }

    /** The nearest solid by shape. */
    public Solid shape(PointCloud cloud) {
        float[] points = normalised(cloud.coordinates());
        Solid best = null;
        double bestDistance = Double.MAX_VALUE;
        for (Map.Entry<Solid, float[]> t : templates.entrySet()) {
            double d = Chamfer.distance(points, t.getValue());
            if (d < bestDistance) {
                bestDistance = d;
                best = t.getKey();
            }
        }
        return best;
    }

    /** The world colour nearest to the mean colour of the points. */
    public Colour colour(PointCloud cloud) {
        double[] mean = new double[3];
        float[] rgb = cloud.colours();
        for (int i = 0; i < rgb.length; i++) {
            mean[i % 3] += rgb[i] * 255.0 / cloud.size();
        }
        Colour best = null;
        double bestDistance = Double.MAX_VALUE;
        for (Map.Entry<Colour, int[]> c : palette.entrySet()) {
            double d = 0;
            for (int k = 0; k < 3; k++) {
                d += (mean[k] - c.getValue()[k]) * (mean[k] - c.getValue()[k]);
            }
            if (d < bestDistance) {
                bestDistance = d;
                best = c.getKey();
            }
        }
        return best;
    }

    /** Points centred on their mean and scaled to unit root-mean-square distance from it. */
    static float[] normalised(float[] points) {
        int n = points.length / 3;
        double[] mean = new double[3];
        for (int i = 0; i < points.length; i++) {
            mean[i % 3] += points[i] / (double) n;
        }
        double squares = 0;
        for (int i = 0; i < points.length; i++) {
            double d = points[i] - mean[i % 3];
            squares += d * d;
        }
        double scale = Math.sqrt(squares / Math.max(1, n));
        float[] out = new float[points.length];
        for (int i = 0; i < points.length; i++) {
            out[i] = (float) ((points[i] - mean[i % 3]) / (scale == 0 ? 1 : scale));
        }
        return out;
    }
}
