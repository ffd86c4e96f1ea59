package org.alphaclip.rec.internal.relation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.alphaclip.api.region.Region;
import org.junit.jupiter.api.Test;

class SpatialTest {

    private static final Region.Box LEFT_SMALL = new Region.Box(0, 40, 20, 60);
    private static final Region.Box RIGHT_BIG = new Region.Box(60, 0, 140, 100);
    private static final Region.Box TOP = new Region.Box(30, 0, 50, 10);

    @Test
    void horizontalRelationsCompareCentres() {
        assertEquals(1, Spatial.LEFT.degree(LEFT_SMALL, RIGHT_BIG));
        assertEquals(0, Spatial.LEFT.degree(RIGHT_BIG, LEFT_SMALL));
        assertEquals(1, Spatial.RIGHT.degree(RIGHT_BIG, LEFT_SMALL));
        assertEquals(0, Spatial.RIGHT.degree(LEFT_SMALL, LEFT_SMALL));
        // overlapping boxes: only the centres count (centre 50 vs 100)
        assertEquals(1, Spatial.LEFT.degree(new Region.Box(0, 0, 100, 10), new Region.Box(90, 0, 110, 10)));
    }

    @Test
    void verticalRelationsCompareCentresWithYDown() {
        assertEquals(1, Spatial.ABOVE.degree(TOP, LEFT_SMALL));
        assertEquals(0, Spatial.ABOVE.degree(LEFT_SMALL, TOP));
        assertEquals(1, Spatial.BELOW.degree(LEFT_SMALL, TOP));
    }

    @Test
    void sizeRelationsCompareAreas() {
        assertEquals(1, Spatial.BIGGER.degree(RIGHT_BIG, LEFT_SMALL));
        assertEquals(0, Spatial.BIGGER.degree(LEFT_SMALL, RIGHT_BIG));
        assertEquals(1, Spatial.SMALLER.degree(LEFT_SMALL, RIGHT_BIG));
        assertEquals(0, Spatial.SMALLER.degree(LEFT_SMALL, new Region.Box(100, 100, 120, 120)));
    }

    @Test
    void insideIsTheShareOfTheFirstBoxInTheSecond() {
        Region.Box container = new Region.Box(0, 0, 100, 100);
        assertEquals(1.0, Spatial.INSIDE.degree(new Region.Box(10, 10, 20, 20), container));
        assertEquals(0.5, Spatial.INSIDE.degree(new Region.Box(90, 0, 110, 10), container), 1e-12);
        assertEquals(0.0, Spatial.INSIDE.degree(new Region.Box(200, 200, 210, 210), container));
        assertEquals(0.01, Spatial.INSIDE.degree(container, new Region.Box(10, 10, 20, 20)), 1e-12);
    }

    @Test
    void betweenIsTheShareInTheHullOfTheOtherTwo() {
        Region.Box a = new Region.Box(0, 0, 10, 10);
        Region.Box b = new Region.Box(90, 0, 100, 10);
        assertEquals(1.0, Spatial.between(new Region.Box(40, 0, 60, 10), a, b));
        assertEquals(0.5, Spatial.between(new Region.Box(40, 5, 60, 15), a, b), 1e-12);
        assertEquals(0.0, Spatial.between(new Region.Box(40, 50, 60, 60), a, b));
        assertThrows(IllegalStateException.class, () -> Spatial.BETWEEN.degree(a, b));
    }
}
