package org.alphaclip.rec.internal.relation;

import org.alphaclip.api.region.Region;

/**
 * The spatial relations an expression can name, each decided from box geometry as ReCLIP does: left and
 * right by the boxes' horizontal centres, above and below by their vertical centres, bigger and smaller
 * by box area (closer and farther are read as bigger and smaller), inside by the share of the first box
 * that lies in the second, between by the share of the first box that lies in the hull of the other two.
 */
public enum Spatial {
    /** The first box's centre is left of the second's. */
    LEFT,
    /** The first box's centre is right of the second's. */
    RIGHT,
    /** The first box's centre is above the second's. */
    ABOVE,
    /** The first box's centre is below the second's. */
    BELOW,
    /** The first box has the larger area. */
    BIGGER,
    /** The first box has the smaller area. */
    SMALLER,
    /** The share of the first box inside the second. */
    INSIDE,
    /** The share of the first box inside the hull of the second and third (a ternary relation). */
    BETWEEN;

    /** The relation in words, e.g. {@code left of}. */
    public String phrase() {
        return switch (this) {
            case LEFT -> "left of";
            case RIGHT -> "right of";
            case ABOVE -> "above";
            case BELOW -> "below";
            case BIGGER -> "bigger than";
            case SMALLER -> "smaller than";
            case INSIDE -> "inside";
            case BETWEEN -> "between";
        };
    }

    /** The relation as a superlative, e.g. {@code leftmost}. */
    public String superlative() {
        return switch (this) {
            case LEFT -> "leftmost";
            case RIGHT -> "rightmost";
            case ABOVE -> "topmost";
            case BELOW -> "bottommost";
            case BIGGER -> "biggest";
            case SMALLER -> "smallest";
            case INSIDE, BETWEEN -> throw new IllegalStateException(this + " has no superlative");
        };
    }

    /** Whether the relation takes two other boxes. */
    public boolean isTernary() {
        return this == BETWEEN;
    }

    /** How much box {@code a} stands in this binary relation to box {@code b}, in [0, 1]. */
    public double degree(Region.Box a, Region.Box b) {
        return switch (this) {
            case LEFT -> indicator(a.center().x() < b.center().x());
            case RIGHT -> indicator(a.center().x() > b.center().x());
            case ABOVE -> indicator(a.center().y() < b.center().y());
            case BELOW -> indicator(a.center().y() > b.center().y());
            case BIGGER -> indicator(a.area() > b.area());
            case SMALLER -> indicator(a.area() < b.area());
            case INSIDE -> a.intersectionArea(b) / a.area();
            case BETWEEN -> throw new IllegalStateException("between relates three boxes");
        };
    }

    /** How much of box {@code a} lies in the smallest box holding {@code b} and {@code c}, in [0, 1]. */
    public static double between(Region.Box a, Region.Box b, Region.Box c) {
        Region.Box hull = new Region.Box(Math.min(b.x0(), c.x0()), Math.min(b.y0(), c.y0()), Math.max(b.x1(), c.x1()),
                Math.max(b.y1(), c.y1()));
        return a.intersectionArea(hull) / a.area();
    }

    private static double indicator(boolean holds) {
        return holds ? 1 : 0;
    }
}
