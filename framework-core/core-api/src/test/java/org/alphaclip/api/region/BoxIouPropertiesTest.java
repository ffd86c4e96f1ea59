package org.alphaclip.api.region;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;

/**
 * Properties of {@link Region.Box#iou} (corners {@code [x0, y0, x1, y1)}): symmetric, in [0, 1], 1 for a box
 * with itself, 0 for boxes that at most touch, the exact ratio of areas on whole pixels.
 */
class BoxIouPropertiesTest {

    private static Region.Box box(double x, double y, double w, double h) {
        return new Region.Box(x, y, x + w, y + h);
    }

    @Property(tries = 1000)
    void iouIsSymmetricBoundedAndOneWithItself(@ForAll @DoubleRange(min = -1e4, max = 1e4) double x,
            @ForAll @DoubleRange(min = -1e4, max = 1e4) double y, @ForAll @DoubleRange(min = 0.01, max = 5e3) double w,
            @ForAll @DoubleRange(min = 0.01, max = 5e3) double h, @ForAll @DoubleRange(min = -1e4, max = 1e4) double u,
            @ForAll @DoubleRange(min = -1e4, max = 1e4) double v, @ForAll @DoubleRange(min = 0.01, max = 5e3) double s,
            @ForAll @DoubleRange(min = 0.01, max = 5e3) double t) {
        Region.Box a = box(x, y, w, h);
        Region.Box b = box(u, v, s, t);
        double ab = a.iou(b);
        assert ab == b.iou(a) : ab + " != " + b.iou(a);
        assert ab >= 0 && ab <= 1 : a + " " + b + ": " + ab;
        assert a.iou(a) == 1.0 : a + ": " + a.iou(a);
    }

    /** On whole pixels the IoU is the exact ratio of the integer areas. */
    @Property(tries = 1000)
    void iouOnPixelsIsTheRatioOfAreas(@ForAll @IntRange(min = -2000, max = 2000) int x, @ForAll @IntRange(min = -2000, max = 2000) int y,
            @ForAll @IntRange(min = 1, max = 2000) int w, @ForAll @IntRange(min = 1, max = 2000) int h,
            @ForAll @IntRange(min = -2000, max = 2000) int u, @ForAll @IntRange(min = -2000, max = 2000) int v,
            @ForAll @IntRange(min = 1, max = 2000) int s, @ForAll @IntRange(min = 1, max = 2000) int t) {
        long iw = Math.max(0, Math.min(x + w, u + s) - Math.max(x, u));
        long ih = Math.max(0, Math.min(y + h, v + t) - Math.max(y, v));
        long shared = iw * ih;
        double expected = (double) shared / ((long) w * h + (long) s * t - shared);
        assert box(x, y, w, h).iou(box(u, v, s, t)) == expected;
    }

    @Property(tries = 1000)
    void boxesThatAtMostTouchHaveIouZero(@ForAll @DoubleRange(min = -1e4, max = 1e4) double x,
            @ForAll @DoubleRange(min = -1e4, max = 1e4) double y, @ForAll @DoubleRange(min = 0.01, max = 5e3) double w,
            @ForAll @DoubleRange(min = 0.01, max = 5e3) double h, @ForAll @DoubleRange(min = 0, max = 1e3) double gap,
            @ForAll @DoubleRange(min = -1e4, max = 1e4) double other, @ForAll @DoubleRange(min = 0.01, max = 5e3) double s,
            @ForAll @DoubleRange(min = 0.01, max = 5e3) double t, @ForAll boolean right) {
        Region.Box a = box(x, y, w, h);
        Region.Box b = right ? new Region.Box(a.x1() + gap, other, a.x1() + gap + s, other + t)
                : new Region.Box(other, a.y1() + gap, other + s, a.y1() + gap + t);
        assert a.iou(b) == 0 && b.iou(a) == 0 : a + " " + b;
    }
}
