package org.alphaclip.ovd.internal.eval;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import org.alphaclip.ovd.internal.eval.Matching.Curve;
import org.alphaclip.ovd.internal.eval.Matching.Key;
import org.alphaclip.ovd.internal.eval.Matching.MatchedImage;

import static org.alphaclip.ovd.internal.eval.Matching.mean;

/**
 * COCO's detection metrics, following the rules of the COCO evaluation: per image and category the
 * detections (at most 100, best score first) are matched greedily to the unmatched ground truth they
 * overlap most, at each IoU threshold 0.50, 0.55, ..., 0.95; precision is made monotone and read at the
 * 101 recall points 0, 0.01, ..., 1; AP averages over thresholds, recall points and categories with ground
 * truth; AR averages the final recall over thresholds and categories.
 *
 * <p>Left out, unlike COCO: crowd regions (every ground truth counts, none is ignored) and the small,
 * medium and large area ranges (only "all" is measured). LVIS files are scored by {@link LvisEvaluator}.
 *
 * <pre>{@code
 * Metrics box = CocoEvaluator.evaluate(truth, detections, IouType.BOX);
 * }</pre>
 */
public final class CocoEvaluator {

    /** The detection limits per image (and category) AR is reported for; AP uses the last. */
    static final int[] MAX_DETECTIONS = {1, 10, 100};

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
        Map<Key, List<Instance>> truthBy = Matching.group(truth, images, categories, type, "ground truth", instance -> true);
        Map<Key, List<Instance>> detectionsBy = Matching.group(detections, images, categories, type, "detection", instance -> true);
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
            List<MatchedImage> results = new ArrayList<>();
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
                Curve curve = Matching.accumulate(results, MAX_DETECTIONS[a]);
                recallRows.get(a).add(curve.recall());
                if (a == MAX_DETECTIONS.length - 1) {
                    precisionRows.addAll(Arrays.asList(curve.precision()));
                    precision50.add(curve.precision()[0]);
                    precision75.add(curve.precision()[Matching.THRESHOLD_75]);
                }
            }
        }
        return new Metrics(type, mean(precisionRows), mean(precision50), mean(precision75), mean(recallRows.get(0)),
                mean(recallRows.get(1)), mean(recallRows.get(2)), measuredImages.size(), measuredCategories);
    }

    /** Matches one image's detections of one category (at most 100, best score first) at every threshold. */
    private static MatchedImage match(List<Instance> truth, List<Instance> detections, IouType type) {
        List<Instance> sorted = new ArrayList<>(detections);
        sorted.sort(Comparator.comparingDouble(Instance::score).reversed());
        List<Instance> kept = sorted.subList(0, Math.min(sorted.size(), MAX_DETECTIONS[MAX_DETECTIONS.length - 1]));
        double[] scores = kept.stream().mapToDouble(Instance::score).toArray();
        return Matching.match(scores, Matching.overlaps(kept, truth, type), new boolean[truth.size()],
                new boolean[kept.size()]);
    }

}
