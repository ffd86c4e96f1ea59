package org.alphaclip.ovd.internal.eval;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * COCO's detection metrics, following the rules of the COCO evaluation: per image and category the
 * detections (at most 100, best score first) are matched greedily to the unmatched ground truth they
 * overlap most, at each IoU threshold 0.50, 0.55, ..., 0.95; precision is made monotone and read at the
 * 101 recall points 0, 0.01, ..., 1; AP averages over thresholds, recall points and categories with ground
 * truth; AR averages the final recall over thresholds and categories.
 *
 * <p>Left out, unlike COCO: crowd regions (every ground truth counts, none is ignored) and the small,
 * medium and large area ranges (only "all" is measured).
 *
 * <pre>{@code
 * Metrics box = CocoEvaluator.evaluate(truth, detections, IouType.BOX);
 * }</pre>
 */
public final class CocoEvaluator {

    /** The IoU thresholds 0.50:0.05:0.95, computed like numpy's linspace. */
    static final double[] IOU_THRESHOLDS = linspace(0.5, 0.95, 10);
    /** The recall points 0:0.01:1. */
    static final double[] RECALL_POINTS = linspace(0, 1, 101);
    /** The detection limits per image (and category) AR is reported for; AP uses the last. */
    static final int[] MAX_DETECTIONS = {1, 10, 100};

    private static final double EPSILON = Math.ulp(1.0);

    private CocoEvaluator() {
    }

    /** Evaluates on the images and categories that have ground truth. */
    public static Metrics evaluate(List<Instance> truth, List<Instance> detections, IouType type) {
        return evaluate(truth.stream().map(Instance::imageId).distinct().toList(),
                truth.stream().map(Instance::categoryId).distinct().toList(), truth, detections, type);
    }

    /**
     * Evaluates on the given images and categories; detections elsewhere are ignored, images without ground
     * truth count their detections as false positives, categories without ground truth are left out.
     *
     * @throws IllegalArgumentException for mask overlap when an instance has no mask
     */
    public static Metrics evaluate(List<Long> imageIds, List<Integer> categoryIds, List<Instance> truth,
            List<Instance> detections, IouType type) {
        TreeSet<Long> images = new TreeSet<>(imageIds);
        TreeSet<Integer> categories = new TreeSet<>(categoryIds);
        Map<Key, List<Instance>> truthBy = group(truth, images, categories, type, "ground truth");
        Map<Key, List<Instance>> detectionsBy = group(detections, images, categories, type, "detection");
        Map<Integer, TreeSet<Long>> touched = new HashMap<>();
        for (Key key : truthBy.keySet()) {
            touched.computeIfAbsent(key.category(), c -> new TreeSet<>()).add(key.image());
        }
        for (Key key : detectionsBy.keySet()) {
            touched.computeIfAbsent(key.category(), c -> new TreeSet<>()).add(key.image());
        }
        List<double[]> precisionRows = new ArrayList<>();
        List<double[]> precision50 = new ArrayList<>();
        List<double[]> precision75 = new ArrayList<>();
        List<List<double[]>> recallRows = new ArrayList<>();
        for (int a = 0; a < MAX_DETECTIONS.length; a++) {
            recallRows.add(new ArrayList<>());
        }
        TreeSet<Long> measuredImages = new TreeSet<>();
        int measuredCategories = 0;
        for (int category : categories) {
            List<ImageResult> results = new ArrayList<>();
            int truthCount = 0;
            for (long image : touched.getOrDefault(category, new TreeSet<>())) {
                Key key = new Key(image, category);
                List<Instance> g = truthBy.getOrDefault(key, List.of());
                truthCount += g.size();
                if (!g.isEmpty()) {
                    measuredImages.add(image);
                }
                results.add(match(g, detectionsBy.getOrDefault(key, List.of()), type));
            }
            if (truthCount == 0) {
                continue;
            }
            measuredCategories++;
            for (int a = 0; a < MAX_DETECTIONS.length; a++) {
                Curve curve = accumulate(results, MAX_DETECTIONS[a], truthCount);
                recallRows.get(a).add(curve.recall);
                if (a == MAX_DETECTIONS.length - 1) {
                    precisionRows.addAll(Arrays.asList(curve.precision));
                    precision50.add(curve.precision[0]);
                    precision75.add(curve.precision[5]);
                }
            }
        }
        return new Metrics(type, mean(precisionRows), mean(precision50), mean(precision75), mean(recallRows.get(0)),
                mean(recallRows.get(1)), mean(recallRows.get(2)), measuredImages.size(), measuredCategories);
    }

    /** Matches one image's detections of one category at every threshold. */
    private static ImageResult match(List<Instance> truth, List<Instance> detections, IouType type) {
        List<Instance> sorted = new ArrayList<>(detections);
        sorted.sort(Comparator.comparingDouble(Instance::score).reversed());
        List<Instance> kept = sorted.subList(0, Math.min(sorted.size(), MAX_DETECTIONS[MAX_DETECTIONS.length - 1]));
        double[][] iou = new double[kept.size()][truth.size()];
        for (int d = 0; d < kept.size(); d++) {
            for (int g = 0; g < truth.size(); g++) {
                iou[d][g] = type == IouType.BOX ? kept.get(d).boxIou(truth.get(g))
                        : kept.get(d).mask().iou(truth.get(g).mask());
            }
        }
        boolean[][] matched = new boolean[IOU_THRESHOLDS.length][kept.size()];
        for (int ti = 0; ti < IOU_THRESHOLDS.length; ti++) {
            boolean[] taken = new boolean[truth.size()];
            for (int d = 0; d < kept.size(); d++) {
                double best = Math.min(IOU_THRESHOLDS[ti], 1 - 1e-10);
                int found = -1;
                for (int g = 0; g < truth.size(); g++) {
                    if (taken[g] || iou[d][g] < best) {
                        continue;
                    }
                    best = iou[d][g];
                    found = g;
                }
                if (found >= 0) {
                    taken[found] = true;
                    matched[ti][d] = true;
                }
            }
        }
        double[] scores = kept.stream().mapToDouble(Instance::score).toArray();
        return new ImageResult(scores, matched);
    }

    /** Precision at the recall points and final recall, per threshold, over the images of one category. */
    private static Curve accumulate(List<ImageResult> results, int maxDetections, int truthCount) {
        List<double[]> entries = new ArrayList<>();
        for (int r = 0; r < results.size(); r++) {
            ImageResult result = results.get(r);
            for (int d = 0; d < Math.min(maxDetections, result.scores.length); d++) {
                entries.add(new double[] {result.scores[d], r, d});
            }
        }
        entries.sort((x, y) -> Double.compare(y[0], x[0]));
        int t = IOU_THRESHOLDS.length;
        double[][] precision = new double[t][RECALL_POINTS.length];
        double[] recall = new double[t];
        int n = entries.size();
        for (int ti = 0; ti < t; ti++) {
            double[] rc = new double[n];
            double[] pr = new double[n];
            int tp = 0;
            int fp = 0;
            for (int i = 0; i < n; i++) {
                double[] e = entries.get(i);
                if (results.get((int) e[1]).matched[ti][(int) e[2]]) {
                    tp++;
                } else {
                    fp++;
                }
                rc[i] = (double) tp / truthCount;
                pr[i] = tp / (tp + fp + EPSILON);
            }
            recall[ti] = n > 0 ? rc[n - 1] : 0;
            for (int i = n - 1; i > 0; i--) {
                if (pr[i] > pr[i - 1]) {
                    pr[i - 1] = pr[i];
                }
            }
            int i = 0;
            for (int ri = 0; ri < RECALL_POINTS.length; ri++) {
                while (i < n && rc[i] < RECALL_POINTS[ri]) {
                    i++;
                }
                if (i >= n) {
                    break;
                }
                precision[ti][ri] = pr[i];
            }
        }
        return new Curve(precision, recall);
    }

    private static Map<Key, List<Instance>> group(List<Instance> instances, TreeSet<Long> images,
            TreeSet<Integer> categories, IouType type, String what) {
        Map<Key, List<Instance>> grouped = new HashMap<>();
        for (Instance instance : instances) {
            if (!images.contains(instance.imageId()) || !categories.contains(instance.categoryId())) {
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

    private static double mean(List<double[]> rows) {
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

    private record Key(long image, int category) {
    }

    private record ImageResult(double[] scores, boolean[][] matched) {
    }

    private record Curve(double[][] precision, double[] recall) {
    }
}
