package org.alphaclip.world.internal.layout;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.alphaclip.world.Colour;
import org.alphaclip.world.SceneSpec;
import org.alphaclip.world.Shape;
import org.alphaclip.world.SizeClass;

/**
 * Picks the objects of a scene: how many, which shape and colour (no two objects share both), size
 * class, position and rotation. Objects may overlap, but no centre lies deep inside another object,
 * so occlusion stays partial; the generator rejects layouts whose drawn objects are hidden too much.
 */
public final class LayoutSampler {

    /** Equal-area radius range of small objects, as a fraction of the image side. */
    private static final double[] SMALL = {0.085, 0.11};
    /** Equal-area radius range of large objects, as a fraction of the image side. */
    private static final double[] LARGE = {0.15, 0.19};
    /** Centres keep this many radii from the border. */
    private static final double MARGIN = 1.25;
    /** Two centres keep at least this fraction of the sum of their radii apart. */
    private static final double MIN_SEPARATION = 0.72;
    private static final int POSITION_TRIES = 60;
    /** Shapes are turned by at most this many radians either way (squares stay squares, not diamonds). */
    private static final double MAX_ROTATION = Math.toRadians(30);

    private LayoutSampler() {
    }

    /** A layout for the spec, or an empty list when the objects did not fit (the caller retries). */
    public static List<Placement> sample(SplittableRandom random, SceneSpec spec) {
        int count = spec.minObjects() + random.nextInt(spec.maxObjects() - spec.minObjects() + 1);
        int side = spec.size();
        List<int[]> kinds = new ArrayList<>();
        List<Placement> placed = new ArrayList<>();
        while (placed.size() < count) {
            Shape shape = Shape.values()[random.nextInt(Shape.values().length)];
            Colour colour = Colour.values()[random.nextInt(Colour.values().length)];
            if (kinds.stream().anyMatch(k -> k[0] == shape.ordinal() && k[1] == colour.ordinal())) {
                continue;
            }
            SizeClass size = random.nextBoolean() ? SizeClass.SMALL : SizeClass.LARGE;
            double[] range = size == SizeClass.SMALL ? SMALL : LARGE;
            double radius = side * (range[0] + random.nextDouble() * (range[1] - range[0]));
            double rotation = (random.nextDouble() * 2 - 1) * MAX_ROTATION;
            Placement placement = position(random, shape, colour, size, radius, rotation, side, placed);
            if (placement == null) {
                return List.of();
            }
            kinds.add(new int[] {shape.ordinal(), colour.ordinal()});
            placed.add(placement);
        }
        return placed;
    }

    private static Placement position(SplittableRandom random, Shape shape, Colour colour, SizeClass size,
            double radius, double rotation, int side, List<Placement> placed) {
        double lo = MARGIN * radius;
        double hi = side - MARGIN * radius;
        for (int attempt = 0; attempt < POSITION_TRIES; attempt++) {
            double cx = lo + random.nextDouble() * (hi - lo);
            double cy = lo + random.nextDouble() * (hi - lo);
            boolean free = true;
            for (Placement other : placed) {
                double distance = Math.hypot(cx - other.cx(), cy - other.cy());
                if (distance < MIN_SEPARATION * (radius + other.radius())) {
                    free = false;
                    break;
                }
            }
            if (free) {
                return new Placement(shape, colour, size, cx, cy, radius, rotation);
            }
        }
        return null;
    }
}
