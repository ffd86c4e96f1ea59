package org.alphaclip.proposals.internal.sam;

import java.util.Arrays;
import java.util.List;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.DoubleRange;

/**
 * Properties of greedy box NMS ({@link BoxNms#keep}, torchvision's {@code ops.nms}): the kept indices are a
 * subset of the input without repeats, best score first; no two kept boxes overlap above the threshold;
 * the best-scored box is always kept; every dropped box overlaps a better kept one above the threshold;
 * running NMS again on what it kept keeps all of it (idempotent).
 */
class BoxNmsPropertiesTest {

    /** A box with its score. */
    record Scored(float[] box, float score) {
        @Override
        public String toString() {
            return Arrays.toString(box) + "@" + score;
        }
    }

    /**
     * 0..40 boxes on a 64x64 canvas (crowded, so many overlap), sides 0..32 (empty boxes included), scores
     * from a few values so that ties occur.
     */
    @Provide
    Arbitrary<List<Scored>> boxes() {
        Arbitrary<Float> corner = Arbitraries.integers().between(0, 64).map(Integer::floatValue);
        Arbitrary<Float> side = Arbitraries.oneOf(Arbitraries.integers().between(0, 32).map(Integer::floatValue),
                Arbitraries.floats().between(0, 32));
        Arbitrary<Float> score = Arbitraries.oneOf(Arbitraries.of(0f, 0.5f, 1f), Arbitraries.floats().between(-1, 1));
        return Combinators.combine(corner, corner, side, side, score)
                .as((x, y, w, h, s) -> new Scored(new float[] {x, y, x + w, y + h}, s)).list().ofMaxSize(40);
    }

    private static float[][] boxArray(List<Scored> list) {
        return list.stream().map(Scored::box).toArray(float[][]::new);
    }

    private static float[] scoreArray(List<Scored> list) {
        float[] scores = new float[list.size()];
        for (int i = 0; i < scores.length; i++) {
            scores[i] = list.get(i).score();
        }
        return scores;
    }

    /** The overlap exactly as {@link BoxNms} computes it (float32, torchvision's formula). */
    private static float overlap(float[] a, float[] b) {
        float areaA = (a[2] - a[0]) * (a[3] - a[1]);
        float areaB = (b[2] - b[0]) * (b[3] - b[1]);
        float w = Math.max(0f, Math.min(a[2], b[2]) - Math.max(a[0], b[0]));
        float h = Math.max(0f, Math.min(a[3], b[3]) - Math.max(a[1], b[1]));
        float intersection = w * h;
        return intersection / (areaA + areaB - intersection);
    }

    @Property(tries = 500)
    void keepsASubsetBestFirstWithNoPairAboveTheThreshold(@ForAll("boxes") List<Scored> input,
            @ForAll @DoubleRange(min = 0, max = 1) double threshold) {
        float[][] boxes = boxArray(input);
        float[] scores = scoreArray(input);
        int[] kept = BoxNms.keep(boxes, scores, threshold);
        assert kept.length <= input.size();
        assert Arrays.stream(kept).allMatch(i -> i >= 0 && i < input.size()) : Arrays.toString(kept);
        assert Arrays.stream(kept).distinct().count() == kept.length : "repeated index " + Arrays.toString(kept);
        for (int a = 0; a < kept.length; a++) {
            if (a > 0) {
                assert scores[kept[a - 1]] >= scores[kept[a]] : "not best first: " + Arrays.toString(kept);
            }
            for (int b = a + 1; b < kept.length; b++) {
                float o = overlap(boxes[kept[a]], boxes[kept[b]]);
                assert !(o > threshold) : "kept " + input.get(kept[a]) + " and " + input.get(kept[b]) + " overlap " + o;
            }
        }
    }

    @Property(tries = 500)
    void theBestScoredBoxIsAlwaysKept(@ForAll("boxes") List<Scored> input, @ForAll @DoubleRange(min = 0, max = 1) double threshold) {
        if (input.isEmpty()) {
            assert BoxNms.keep(new float[0][], new float[0], threshold).length == 0;
            return;
        }
        float[] scores = scoreArray(input);
        int best = 0;
        for (int i = 1; i < scores.length; i++) {
            if (scores[i] > scores[best]) {
                best = i; // the first of equal best scores: the sort is stable
            }
        }
        int[] kept = BoxNms.keep(boxArray(input), scores, threshold);
        assert kept.length > 0 && kept[0] == best : "best " + best + ", kept " + Arrays.toString(kept);
    }

    @Property(tries = 500)
    void everyDroppedBoxOverlapsABetterKeptOne(@ForAll("boxes") List<Scored> input,
            @ForAll @DoubleRange(min = 0, max = 1) double threshold) {
        float[][] boxes = boxArray(input);
        float[] scores = scoreArray(input);
        int[] kept = BoxNms.keep(boxes, scores, threshold);
        for (int i = 0; i < input.size(); i++) {
            int index = i;
            if (Arrays.stream(kept).noneMatch(k -> k == index)) {
                boolean covered = Arrays.stream(kept).anyMatch(k -> scores[k] >= scores[index] && overlap(boxes[k], boxes[index]) > threshold);
                assert covered : input.get(i) + " dropped without a better kept box above " + threshold;
            }
        }
    }

    @Property(tries = 500)
    void isIdempotent(@ForAll("boxes") List<Scored> input, @ForAll @DoubleRange(min = 0, max = 1) double threshold) {
        float[][] boxes = boxArray(input);
        float[] scores = scoreArray(input);
        int[] kept = BoxNms.keep(boxes, scores, threshold);
        float[][] keptBoxes = new float[kept.length][];
        float[] keptScores = new float[kept.length];
        for (int i = 0; i < kept.length; i++) {
            keptBoxes[i] = boxes[kept[i]];
            keptScores[i] = scores[kept[i]];
        }
        int[] again = BoxNms.keep(keptBoxes, keptScores, threshold);
        int[] identity = new int[kept.length];
        Arrays.setAll(identity, i -> i);
        assert Arrays.equals(again, identity) : "second pass kept " + Arrays.toString(again) + " of " + kept.length;
    }
}
