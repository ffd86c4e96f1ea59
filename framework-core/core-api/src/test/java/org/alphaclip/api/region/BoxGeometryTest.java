package org.alphaclip.api.region;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;

import org.junit.jupiter.api.Test;

/** {@link Region.Box} geometry by example (moved from plugin-rec's SpatialTest and DetectionFilesTest). */
class BoxGeometryTest {

    private static final Region.Box LEFT_SMALL = new Region.Box(0, 40, 20, 60);
    private static final Region.Box RIGHT_BIG = new Region.Box(60, 0, 140, 100);

    @Test
    void iouOfBoxes() {
        assertEquals(1.0, LEFT_SMALL.iou(LEFT_SMALL));
        assertEquals(0.0, LEFT_SMALL.iou(RIGHT_BIG));
        assertEquals(50.0 / 150.0, new Region.Box(0, 0, 10, 10).iou(new Region.Box(5, 0, 15, 10)), 1e-12);
    }

    @Test
    void boxesAreClippedToTheImageOrDropped() {
        assertEquals(Optional.of(new Region.Box(0, 5, 100, 50)), new Region.Box(-10, 5, 120, 50).clip(100, 80));
        assertEquals(Optional.empty(), new Region.Box(100, 0, 150, 50).clip(100, 80));
        assertEquals(Optional.empty(), new Region.Box(-50, -50, -1, 10).clip(100, 80));
    }
}
