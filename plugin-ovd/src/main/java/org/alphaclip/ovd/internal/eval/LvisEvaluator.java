package org.alphaclip.ovd.internal.eval;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.alphaclip.ovd.internal.eval.AnnotationFile.FederatedLabels;
import org.alphaclip.ovd.internal.eval.Matching.Curve;
import org.alphaclip.ovd.internal.eval.Matching.Key;
import org.alphaclip.ovd.internal.eval.Matching.MatchedImage;

import static org.alphaclip.ovd.internal.eval.Matching.mean;

/**
 * LVIS's detection metrics, following the rules of lvis-api's {@code LVISEval} (version 0.5.3):
 * <ul>
 * <li>each image keeps its 300 best-scored detections across categories (the rest are dropped before anything
 * else), then detections of categories the ground truth does not list, and objects (annotations and detections)
 * whose area is not above 0, are left out;</li>
 * <li>federated annotation: in an image a category counts only when it has an annotation there or is among the
 * image's {@code neg_category_ids} (then its detections are false positives); detections of other categories are
 * left out, and unmatched detections of a category among its {@code not_exhaustive_category_ids} are ignored;</li>
 * <li>per image and category the detections, best score first, are matched greedily to the unmatched ground
 * truth they overlap most at each IoU threshold 0.50, 0.55, ..., 0.95 (every ground truth counts as one
 * object: no crowd regions);</li>
 * <li>per area range (all; small up to 32²; medium 32² to 96²; large from 96², ends included) ground truth outside
 * the range is ignored, as are detections matched to it and unmatched detections outside the range;</li>
 * <li>precision is made monotone and read at the 101 recall points; AP averages over thresholds, recall points
 * and the categories with ground truth (APr / APc / APf over those of each {@code frequency} group); AR@300
 * averages the final recall over thresholds and categories.</li>
 * </ul>
 *
 * <p>Unlike lvis-api, an LVIS file whose images lack the federated lists is read as if they were empty, and a
 * category without {@code frequency} counts in AP but in no group (lvis-api stops on both); ground truth
 * {@code ignore} flags are not read (LVIS files have none), and matching goes by objects, not by annotation ids
 * (lvis-api would take an annotation with id 0 for unmatched).
 *
 * <pre>{@code
 * LvisMetrics box = LvisEvaluator.evaluate(AnnotationFile.read(truthFile), detections, IouType.BOX);
 * }</pre>
 */
public final class LvisEvaluator {

    /** The detections each image keeps, the best by score across categories. */
    static final int MAX_DETECTIONS_PER_IMAGE = 300;

    /** LVIS's (and COCO's) area ranges; an area at an end belongs to both neighbours. */
    enum AreaRange {
        ALL(0, 1e10), SMALL(0, 32 * 32), MEDIUM(32 * 32, 96 * 96), LARGE(96 * 96, 1e10);

        private final double low;
        private final double high;

        AreaRange(double low, double high) {
            this.low = low;
            this.high = high;
        }

        boolean excludes(double area) {
            return area < low || area > high;
        }
    }

    private LvisEvaluator() {
    }

    /**
     * Evaluates detections against an LVIS ground truth file on all its images and categories.
     *
     * @throws IllegalArgumentException when the file lists no images, a detection names an image it does not
     *         list (lvis-api refuses such results too), or, for mask overlap, an object has no mask
     */
    public static LvisMetrics evaluate(AnnotationFile truth, List<Instance> detections, IouType type) {
        TreeSet<Long> images = new TreeSet<>(truth.imageIds());
        if (images.isEmpty()) {
            throw new IllegalArgumentException("The LVIS ground truth lists no images");
        }
        for (Instance detection : detections) {
            if (!images.contains(detection.imageId())) {
                throw new IllegalArgumentException("The results name image " + detection.imageId()
                        + ", which the LVIS ground truth does not list (lvis-api refuses such results too)");
            }
        }
        TreeSet<Integer> categories = new TreeSet<>(truth.categoryIds());
        Map<Key, List<Instance>> truthBy = Matching.group(truth.instances(), images, categories, type, "ground truth",
                LvisEvaluator::hasArea);
        Map<Long, Set<Integer>> annotated = new HashMap<>();
        truthBy.keySet().forEach(k -> annotated.computeIfAbsent(k.image(), i -> new TreeSet<>()).add(k.category()));
        Map<Key, List<Instance>> detectionsBy = new HashMap<>();
        Map<Key, List<Instance>> detected = Matching.group(bestPerImage(detections), images, categories, type,
                "detection", LvisEvaluator::hasArea);
        detected.forEach((key, list) -> {
            boolean known = annotated.getOrDefault(key.image(), Set.of()).contains(key.category())
                    || truth.federatedLabels(key.image()).negative().contains(key.category());
            if (known) {
                detectionsBy.put(key, list);
            }
        });
        Map<Integer, TreeSet<Long>> touched = new TreeMap<>();
        for (Key key : truthBy.keySet()) {
            touched.computeIfAbsent(key.category(), c -> new TreeSet<>()).add(key.image());
        }
        for (Key key : detectionsBy.keySet()) {
            touched.computeIfAbsent(key.category(), c -> new TreeSet<>()).add(key.image());
        }

        Map<AreaRange, List<double[]>> precision = new EnumMap<>(AreaRange.class);
        Map<AreaRange, List<double[]>> recall = new EnumMap<>(AreaRange.class);
        for (AreaRange range : AreaRange.values()) {
            precision.put(range, new ArrayList<>());
            recall.put(range, new ArrayList<>());
        }
        List<double[]> precision50 = new ArrayList<>();
        List<double[]> precision75 = new ArrayList<>();
        Map<String, List<double[]>> precisionByGroup = new HashMap<>();
        Map<String, Integer> categoriesByGroup = new HashMap<>();
        TreeSet<Long> measuredImages = new TreeSet<>();
        int measuredCategories = 0;
        for (Map.Entry<Integer, TreeSet<Long>> entry : touched.entrySet()) {
            int category = entry.getKey();
            List<ImagePair> pairs = new ArrayList<>();
            for (long image : entry.getValue()) {
                Key key = new Key(image, category);
                pairs.add(new ImagePair(image, truthBy.getOrDefault(key, List.of()),
                        detectionsBy.getOrDefault(key, List.of()), truth.federatedLabels(image), category, type));
            }
            for (AreaRange range : AreaRange.values()) {
                List<MatchedImage> matched = pairs.stream().map(p -> p.match(range)).toList();
                if (matched.stream().mapToInt(MatchedImage::truthCount).sum() == 0) {
                    continue;
                }
                Curve curve = Matching.accumulate(matched, Integer.MAX_VALUE);
                precision.get(range).addAll(Arrays.asList(curve.precision()));
                recall.get(range).add(curve.recall());
                if (range == AreaRange.ALL) {
                    measuredCategories++;
                    pairs.stream().filter(ImagePair::hasTruth).forEach(p -> measuredImages.add(p.image));
                    precision50.add(curve.precision()[0]);
                    precision75.add(curve.precision()[Matching.THRESHOLD_75]);
                    String group = truth.frequencies().get(category);
                    if (group != null) {
                        precisionByGroup.computeIfAbsent(group, g -> new ArrayList<>()).addAll(Arrays.asList(curve.precision()));
                        categoriesByGroup.merge(group, 1, Integer::sum);
                    }
                }
            }
        }
        return new LvisMetrics(type, mean(precision.get(AreaRange.ALL)), mean(precision50), mean(precision75),
                mean(precision.get(AreaRange.SMALL)), mean(precision.get(AreaRange.MEDIUM)),
                mean(precision.get(AreaRange.LARGE)), mean(precisionByGroup.getOrDefault("r", List.of())),
                mean(precisionByGroup.getOrDefault("c", List.of())), mean(precisionByGroup.getOrDefault("f", List.of())),
                mean(recall.get(AreaRange.ALL)), mean(recall.get(AreaRange.SMALL)), mean(recall.get(AreaRange.MEDIUM)),
                mean(recall.get(AreaRange.LARGE)), measuredImages.size(), measuredCategories,
                categoriesByGroup.getOrDefault("r", 0), categoriesByGroup.getOrDefault("c", 0),
                categoriesByGroup.getOrDefault("f", 0));
    }

    /**
     * Each image's detections, at most {@link #MAX_DETECTIONS_PER_IMAGE}: the best by score where it has more
     * (ties keep the file's order), grouped by image in the order the images first appear.
     */
    static List<Instance> bestPerImage(List<Instance> detections) {
        Map<Long, List<Instance>> byImage = new LinkedHashMap<>();
        detections.forEach(d -> byImage.computeIfAbsent(d.imageId(), i -> new ArrayList<>()).add(d));
        List<Instance> kept = new ArrayList<>();
        for (List<Instance> image : byImage.values()) {
            if (image.size() > MAX_DETECTIONS_PER_IMAGE) {
                image.sort(Comparator.comparingDouble(Instance::score).reversed());
                kept.addAll(image.subList(0, MAX_DETECTIONS_PER_IMAGE));
            } else {
                kept.addAll(image);
            }
        }
        return kept;
    }

    /**
     * The objects of the listed images and categories whose area is above 0 (and finite), by image and category,
     * in the given order.
     */

    /** LVIS evaluates only instances with a positive, finite area. */
    private static boolean hasArea(Instance instance) {
        return instance.area() > 0 && instance.area() < Double.POSITIVE_INFINITY;
    }

    /** One image's ground truth and detections of one category, with their overlaps computed once. */
    private static final class ImagePair {
        private final long image;
        private final List<Instance> truth;
        private final List<Instance> detections;
        private final boolean notExhaustive;
        private final double[][] iou;

        ImagePair(long image, List<Instance> truth, List<Instance> detections, FederatedLabels labels, int category,
                IouType type) {
            List<Instance> sorted = new ArrayList<>(detections);
            sorted.sort(Comparator.comparingDouble(Instance::score).reversed());
            this.image = image;
            this.truth = truth;
            this.detections = sorted;
            this.notExhaustive = labels.notExhaustive().contains(category);
            this.iou = Matching.overlaps(sorted, truth, type);
        }

        boolean hasTruth() {
            return !truth.isEmpty();
        }

        /** Matches in an area range: ground truth outside it goes last and is ignored. */
        MatchedImage match(AreaRange range) {
            Integer[] order = new Integer[truth.size()];
            for (int g = 0; g < order.length; g++) {
                order[g] = g;
            }
            Arrays.sort(order, Comparator.comparing(g -> range.excludes(truth.get(g).area())));
            boolean[] truthIgnored = new boolean[order.length];
            double[][] ordered = new double[detections.size()][order.length];
            for (int g = 0; g < order.length; g++) {
                truthIgnored[g] = range.excludes(truth.get(order[g]).area());
                for (int d = 0; d < detections.size(); d++) {
                    ordered[d][g] = iou[d][order[g]];
                }
            }
            double[] scores = new double[detections.size()];
            boolean[] ignoredUnmatched = new boolean[detections.size()];
            for (int d = 0; d < scores.length; d++) {
                scores[d] = detections.get(d).score();
                ignoredUnmatched[d] = notExhaustive || range.excludes(detections.get(d).area());
            }
            return Matching.match(scores, ordered, truthIgnored, ignoredUnmatched);
        }
    }
}
