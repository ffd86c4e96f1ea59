package org.alphaclip.ovd.internal.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;

import org.alphaclip.ovd.internal.rle.Rle;
import org.junit.jupiter.api.Test;

class CocoEvaluatorTest {

    private static Instance gt(long image, int category, double x, double y, double w, double h) {
        return Instance.truth(image, category, new double[] {x, y, w, h}, null);
    }

    private static Instance dt(long image, int category, double x, double y, double w, double h, double score) {
        return new Instance(image, category, new double[] {x, y, w, h}, null, score);
    }

    @Test
    void perfectDetectionsScoreOne() {
        List<Instance> truth = List.of(gt(1, 1, 10, 10, 20, 20), gt(2, 1, 0, 0, 5, 5), gt(2, 2, 30, 30, 10, 40));
        List<Instance> detections = List.of(dt(1, 1, 10, 10, 20, 20, 0.9), dt(2, 1, 0, 0, 5, 5, 0.3),
                dt(2, 2, 30, 30, 10, 40, 0.5));
        Metrics m = CocoEvaluator.evaluate(truth, detections, IouType.BOX);
        assertEquals(1.0, m.ap(), 1e-12);
        assertEquals(1.0, m.ap50(), 1e-12);
        assertEquals(1.0, m.ap75(), 1e-12);
        assertEquals(1.0, m.ar1(), 1e-12);
        assertEquals(1.0, m.ar100(), 1e-12);
        assertEquals(2, m.images());
        assertEquals(2, m.categories());
    }

    @Test
    void oneMissedObjectOfTwoHalvesRecallAndGives51Of101Points() {
        List<Instance> truth = List.of(gt(1, 1, 10, 10, 20, 20), gt(2, 1, 10, 10, 20, 20));
        List<Instance> detections = List.of(dt(1, 1, 10, 10, 20, 20, 0.9));
        Metrics m = CocoEvaluator.evaluate(truth, detections, IouType.BOX);
        // precision 1 at the recall points 0, 0.01, ..., 0.50 (51 of 101), nothing beyond
        assertEquals(51.0 / 101, m.ap(), 1e-12);
        assertEquals(0.5, m.ar100(), 1e-12);
    }

    @Test
    void aDuplicateBelowTheMatchCostsNothingAboveItHalvesPrecision() {
        List<Instance> truth = List.of(gt(1, 1, 10, 10, 20, 20));
        Metrics below = CocoEvaluator.evaluate(truth, List.of(dt(1, 1, 10, 10, 20, 20, 0.9),
                dt(1, 1, 10, 10, 20, 20, 0.8)), IouType.BOX);
        assertEquals(1.0, below.ap(), 1e-12);
        // a false positive ranked first: precision 1/2 when the object is found, at every recall point
        Metrics above = CocoEvaluator.evaluate(truth, List.of(dt(1, 1, 60, 60, 5, 5, 0.9),
                dt(1, 1, 10, 10, 20, 20, 0.8)), IouType.BOX);
        assertEquals(0.5, above.ap(), 1e-12);
        assertEquals(0.0, above.ar1(), 1e-12);
        assertEquals(1.0, above.ar10(), 1e-12);
    }

    @Test
    void overlapDecidesPerThreshold() {
        // IoU of [0,0,10,10] with [0,0,10,8] is 0.8: a match at 0.50 ... 0.80, not at 0.85 ... 0.95
        Metrics m = CocoEvaluator.evaluate(List.of(gt(1, 1, 0, 0, 10, 10)), List.of(dt(1, 1, 0, 0, 10, 8, 1)),
                IouType.BOX);
        assertEquals(1.0, m.ap50(), 1e-12);
        assertEquals(1.0, m.ap75(), 1e-12);
        assertEquals(0.7, m.ap(), 1e-12);
    }

    @Test
    void aBoxWithoutAreaOverlapsNothing() {
        Instance box = gt(1, 1, 0, 0, 10, 10);
        assertEquals(0.0, box.boxIou(gt(1, 1, 5, 5, 0, 10)));
        assertEquals(0.0, gt(1, 1, 5, 5, 10, -1).boxIou(box));
        assertEquals(0.25 / 1.75, box.boxIou(gt(1, 1, 5, 5, 10, 10)), 1e-15);
    }

    @Test
    void maskOverlapUsesTheMasks() {
        boolean[] square = new boolean[100];
        boolean[] half = new boolean[100];
        for (int y = 0; y < 10; y++) {
            for (int x = 0; x < 10; x++) {
                square[y * 10 + x] = true;
                half[y * 10 + x] = x < 5;
            }
        }
        Rle full = Rle.encode(square, 10, 10);
        Rle left = Rle.encode(half, 10, 10);
        // same boxes, masks of IoU 0.5: box AP 1, mask AP only at the 0.50 threshold
        Instance truth = Instance.truth(1, 1, new double[] {0, 0, 10, 10}, full);
        Instance detection = new Instance(1, 1, new double[] {0, 0, 10, 10}, left, 0.9);
        assertEquals(1.0, CocoEvaluator.evaluate(List.of(truth), List.of(detection), IouType.BOX).ap(), 1e-12);
        Metrics mask = CocoEvaluator.evaluate(List.of(truth), List.of(detection), IouType.MASK);
        assertEquals(1.0, mask.ap50(), 1e-12);
        assertEquals(0.1, mask.ap(), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> CocoEvaluator.evaluate(List.of(truth),
                List.of(dt(1, 1, 0, 0, 1, 1, 1)), IouType.MASK));
    }

    @Test
    void imagesWithoutTruthCountTheirDetectionsAsFalsePositives() {
        List<Instance> truth = List.of(gt(1, 1, 0, 0, 10, 10));
        List<Instance> detections = List.of(dt(2, 1, 0, 0, 10, 10, 0.9), dt(1, 1, 0, 0, 10, 10, 0.5));
        assertEquals(0.5, CocoEvaluator.evaluate(List.of(1L, 2L), List.of(1), truth, detections, IouType.BOX).ap(), 1e-12);
        // left out when image 2 is not among the evaluated images
        assertEquals(1.0, CocoEvaluator.evaluate(truth, detections, IouType.BOX).ap(), 1e-12);
    }

    @Test
    void matchesPycocotoolsOnAMixedCase() {
        // Reference numbers from pycocotools 2.0.11 COCOeval (stats[0], [1], [2], [6], [7], [8]) on this case.
        List<Instance> truth = new ArrayList<>();
        List<Instance> detections = new ArrayList<>();
        for (int image = 1; image <= 6; image++) {
            truth.add(gt(image, 1, 10 * image, 20, 30, 40));
            truth.add(gt(image, 2, 100, 10 * image, 50, 20));
            detections.add(dt(image, 1, 10 * image + image, 20 + image % 3, 30, 40 - image, 0.1 * image));
            detections.add(dt(image, 2, 100 - image, 10 * image, 50 + 2 * image, 20, 1 - 0.1 * image));
            if (image % 2 == 0) {
                detections.add(dt(image, 1, 200, 200, 10, 10, 0.55));
                detections.add(dt(image, 2, 100, 10 * image + 3, 50, 20, 0.05 * image));
            }
        }
        Metrics m = CocoEvaluator.evaluate(truth, detections, IouType.BOX);
        assertEquals(REFERENCE[0], m.ap(), 1e-9);
        assertEquals(REFERENCE[1], m.ap50(), 1e-9);
        assertEquals(REFERENCE[2], m.ap75(), 1e-9);
        assertEquals(REFERENCE[3], m.ar1(), 1e-9);
        assertEquals(REFERENCE[4], m.ar10(), 1e-9);
        assertEquals(REFERENCE[5], m.ar100(), 1e-9);
    }

    private static final double[] REFERENCE = {0.540979097909791, 0.8613861386138614, 0.5841584158415841, 0.575,
        0.6666666666666667, 0.6666666666666667};
}
