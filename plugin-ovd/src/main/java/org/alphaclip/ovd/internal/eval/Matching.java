package org.alphaclip.ovd.internal.eval;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * What COCO's and LVIS's evaluations share: the IoU thresholds and recall points, the grouping of instances by
 * image and category, the greedy matching of one
 * image's detections of one category to its ground truth, and the precision / recall curve of a category
 * over its images.
 */
final class Matching {

    /** The IoU thresholds 0.50:0.05:0.95, computed like numpy's linspace. */
    static final double[] IOU_THRESHOLDS = linspace(0.5, 0.95, 10);
    /** The recall points 0:0.01:1. */
    static final double[] RECALL_POINTS = linspace(0, 1, 101);
    /** The position of IoU 0.75 among the thresholds. */
    static final int THRESHOLD_75 = 5;

    private static final double EPSILON = Math.ulp(1.0);

    private Matching() {
    }

    /**
     * One image's detections of one category, best score first, after matching at every threshold.
     *
     * @param scores the detections' scores
     * @param matched {@code [threshold][detection]}: the detection found a ground truth
     * @param ignored {@code [threshold][detection]}: the detection counts neither as true nor as false positive
     * @param truthCount the ground truth that counts (not ignored)
     */
    record MatchedImage(double[] scores, boolean[][] matched, boolean[][] ignored, int truthCount) {
    }

    /**
     * A category's curve over its images.
     *
     * @param precision {@code [threshold][recall point]}: the monotone precision read at the recall points
     * @param recall {@code [threshold]}: the final recall
     */
    record Curve(double[][] precision, double[] recall) {
    }

    /** The overlaps {@code [detection][truth]} of boxes or masks. */
    static double[][] overlaps(List<Instance> detections, List<Instance> truth, IouType type) {
        double[][] iou = new double[detections.size()][truth.size()];
        for (int d = 0; d < detections.size(); d++) {
            for (int g = 0; g < truth.size(); g++) {
                iou[d][g] = type == IouType.BOX ? detections.get(d).boxIou(truth.get(g))
                        : detections.get(d).mask().iou(truth.get(g).mask());
            }
        }
        return iou;
    }

    /**
     * Matches at every threshold: each detection in turn (best score first) takes the not yet taken ground truth
     * it overlaps most, at least by the threshold; ties go to the later ground truth. Ignored ground truth must
     * come last: a detection that has found one that counts stops there, and a detection that takes an ignored
     * one is ignored too.
     *
     * @param scores the detections' scores, best first
     * @param iou the overlaps {@code [detection][truth]}, in that order
     * @param truthIgnored per ground truth whether it is ignored, ignored ones last
     * @param ignoredUnmatched per detection whether it is ignored where it finds no ground truth
     */
    static MatchedImage match(double[] scores, double[][] iou, boolean[] truthIgnored, boolean[] ignoredUnmatched) {
        int detections = scores.length;
        int truth = truthIgnored.length;
        boolean[][] matched = new boolean[IOU_THRESHOLDS.length][detections];
        boolean[][] ignored = new boolean[IOU_THRESHOLDS.length][detections];
        for (int t = 0; t < IOU_THRESHOLDS.length; t++) {
            boolean[] taken = new boolean[truth];
            for (int d = 0; d < detections; d++) {
                double best = Math.min(IOU_THRESHOLDS[t], 1 - 1e-10);
                int found = -1;
                for (int g = 0; g < truth; g++) {
                    if (taken[g]) {
                        continue;
                    }
                    if (found >= 0 && !truthIgnored[found] && truthIgnored[g]) {
                        break;
                    }
                    if (iou[d][g] < best) {
                        continue;
                    }
                    best = iou[d][g];
                    found = g;
                }
                if (found >= 0) {
                    taken[found] = true;
                    matched[t][d] = true;
                    ignored[t][d] = truthIgnored[found];
                } else {
                    ignored[t][d] = ignoredUnmatched[d];
                }
            }
        }
        int counted = 0;
        for (boolean ignore : truthIgnored) {
            counted += ignore ? 0 : 1;
        }
        return new MatchedImage(scores.clone(), matched, ignored, counted);
    }

    /**
     * The curve over a category's images, each with at most {@code maxDetections} of its detections: all of them
     * in score order (ties keep the images' order), precision made monotone from the right and read at the recall
     * points, recall 0 without detections. The images must have ground truth that counts.
     */
    static Curve accumulate(List<MatchedImage> images, int maxDetections) {
        List<int[]> entries = new ArrayList<>();
        int truthCount = 0;
        for (int i = 0; i < images.size(); i++) {
            MatchedImage image = images.get(i);
            truthCount += image.truthCount();
            for (int d = 0; d < Math.min(maxDetections, image.scores().length); d++) {
                entries.add(new int[] {i, d});
            }
        }
        entries.sort((x, y) -> Double.compare(images.get(y[0]).scores()[y[1]], images.get(x[0]).scores()[x[1]]));
        int n = entries.size();
        double[][] precision = new double[IOU_THRESHOLDS.length][RECALL_POINTS.length];
        double[] recall = new double[IOU_THRESHOLDS.length];
        for (int t = 0; t < IOU_THRESHOLDS.length; t++) {
            double[] rc = new double[n];
            double[] pr = new double[n];
            int tp = 0;
            int fp = 0;
            for (int i = 0; i < n; i++) {
                MatchedImage image = images.get(entries.get(i)[0]);
                int d = entries.get(i)[1];
                if (!image.ignored()[t][d]) {
                    if (image.matched()[t][d]) {
                        tp++;
                    } else {
                        fp++;
                    }
                }
                rc[i] = (double) tp / truthCount;
                pr[i] = tp / (tp + fp + EPSILON);
            }
            recall[t] = n > 0 ? rc[n - 1] : 0;
            for (int i = n - 1; i > 0; i--) {
                if (pr[i] > pr[i - 1]) {
                    pr[i - 1] = pr[i];
                }
            }
            int i = 0;
            for (int r = 0; r < RECALL_POINTS.length; r++) {
                while (i < n && rc[i] < RECALL_POINTS[r]) {
                    i++;
                }
                if (i >= n) {
                    break;
                }
                precision[t][r] = pr[i];
            }
        }
        return new Curve(precision, recall);
    }

    /** The mean of all values of the rows; -1 when there are none. */
    /** An image and a category: the unit the evaluations match in. */
    record Key(long image, int category) {
    }

    /**
     * The instances of the given images and categories that {@code keep} accepts, by image and category; a
     * {@code what} (ground truth, detection) without a mask is refused for mask AP.
     */
    static Map<Key, List<Instance>> group(List<Instance> instances, Set<Long> images, Set<Integer> categories,
            IouType type, String what, Predicate<Instance> keep) {
        Map<Key, List<Instance>> grouped = new HashMap<>();
        for (Instance instance : instances) {
            if (!images.contains(instance.imageId()) || !categories.contains(instance.categoryId()) || !keep.test(instance)) {
                continue;
            }
            if (type == IouType.MASK && instance.mask() == null) {
                throw new IllegalArgumentException("Mask AP needs masks, but a " + what + " of image "
                        + instance.imageId() + " has only a box");
            }
            grouped.computeIfAbsent(new Key(instance.imageId(), instance.categoryId()), x -> new ArrayList<>())
                    .add(instance);
        }
        return grouped;
    }

    static double mean(List<double[]> rows) {
        double sum = 0;
        int count = 0;
        for (double[] row : rows) {
            for (double v : row) {
                sum += v;
                count++;
            }
        }
        return count == 0 ? -1 : sum / count;
    }

    private static double[] linspace(double start, double stop, int count) {
        double step = (stop - start) / (count - 1);
        double[] values = new double[count];
        for (int i = 0; i < count; i++) {
            values[i] = start + i * step;
        }
        values[count - 1] = stop;
        return values;
    }
}
