package org.alphaclip.ovd.internal.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.alphaclip.ovd.internal.eval.AnnotationFile.FederatedLabels;
import org.alphaclip.ovd.internal.rle.Rle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

/**
 * LVIS's rules on small hand-made cases. Each expected number is worked out in the comments by lvis-api's rules
 * ({@code LVISEval} of lvis-api 0.5.3); every case was also run through lvis-api 0.5.3 itself (with pycocotools
 * 2.0.11), which gave the same numbers to 1e-15. The numbers are, in order, AP, AP50, AP75, APs, APm, APl, APr,
 * APc, APf, AR@300, ARs, ARm, ARl; {@value #NA} where lvis-api reports -1 (nothing to measure).
 *
 * <p>Unless said otherwise an object is an exact box (IoU 1 with its match at every threshold, 0 with the
 * others), and the 101 recall points with precision p give AP p.
 */
class LvisEvaluatorTest {

    private static final double NA = -1;

    @TempDir
    Path dir;

    @Test
    void negativeCategoriesCountTheirDetectionsAsFalsePositivesOtherUnlabelledOnesAreLeftOut() {
        // Category 1 (frequent) has one object, in image 1 (area 2500: medium). Image 2 lists category 1 as
        // negative: its detection (0.9) is a false positive. Image 3 says nothing about category 1: its detection
        // (0.95) is left out, as is image 1's detection of category 2 (0.99), which image 1 neither annotates nor
        // lists as negative. Ranked: FP 0.9, TP 0.8 -> precision 1/2 at recall 1, made monotone: 0.5 at every
        // recall point. Category 2 has no ground truth: -1, left out. Small and large ranges have no objects.
        Lvis truth = new Lvis().category(1, "f").category(2, "c").image(1).image(2, Set.of(1), Set.of()).image(3)
                .box(1, 1, 10, 10, 50, 50);
        List<Instance> detections = List.of(dt(2, 1, 10, 10, 50, 50, 0.9), dt(3, 1, 10, 10, 50, 50, 0.95),
                dt(1, 1, 10, 10, 50, 50, 0.8), dt(1, 2, 10, 10, 50, 50, 0.99));
        assertNumbers(new double[] {0.5, 0.5, 0.5, NA, 0.5, NA, NA, NA, 0.5, 1, NA, 1, NA},
                LvisEvaluator.evaluate(truth.file(), detections, IouType.BOX));
        // without the negative label image 2's detection is left out too: AP 1
        Lvis unlabelled = new Lvis().category(1, "f").category(2, "c").image(1).image(2).image(3).box(1, 1, 10, 10, 50, 50);
        assertNumbers(new double[] {1, 1, 1, NA, 1, NA, NA, NA, 1, 1, NA, 1, NA},
                LvisEvaluator.evaluate(unlabelled.file(), detections, IouType.BOX));
    }

    @Test
    void unmatchedDetectionsOfNotExhaustiveCategoriesAreIgnored() {
        // Category 1 (common) has one object in image 1 and one in image 2; each image has a stray detection
        // above its true one. Image 1 lists category 1 as not exhaustively annotated, so its stray (0.9) is
        // ignored; image 2's (0.85) is a false positive. Ranked: ignored, FP, TP, TP -> precision 0, 0, 1/2, 2/3
        // at recall 0, 0, 1/2, 1; monotone 2/3 everywhere: AP 2/3.
        List<Instance> detections = List.of(dt(1, 1, 100, 100, 50, 50, 0.9), dt(2, 1, 100, 100, 50, 50, 0.85),
                dt(1, 1, 10, 10, 50, 50, 0.8), dt(2, 1, 10, 10, 50, 50, 0.75));
        Lvis truth = new Lvis().category(1, "c").image(1, Set.of(), Set.of(1)).image(2).box(1, 1, 10, 10, 50, 50)
                .box(2, 1, 10, 10, 50, 50);
        double third = 2.0 / 3;
        assertNumbers(new double[] {third, third, third, NA, third, NA, NA, third, NA, 1, NA, 1, NA},
                LvisEvaluator.evaluate(truth.file(), detections, IouType.BOX));
        // exhaustive: two false positives first -> precision 1/3, 1/2 at recall 1/2, 1; monotone 0.5: AP 0.5
        Lvis exhaustive = new Lvis().category(1, "c").image(1).image(2).box(1, 1, 10, 10, 50, 50).box(2, 1, 10, 10, 50, 50);
        assertNumbers(new double[] {0.5, 0.5, 0.5, NA, 0.5, NA, NA, 0.5, NA, 1, NA, 1, NA},
                LvisEvaluator.evaluate(exhaustive.file(), detections, IouType.BOX));
    }

    @Test
    void eachImageKeepsItsBest300DetectionsAcrossCategories() {
        // Image 1 has one object of category 1 and a detection of it (0.9). Category 2 is not labelled in image 1,
        // so its detections are left out of the evaluation, but only after the cut to 300 per image: 300 of them
        // at 0.9 listed first push the true detection out (equal scores keep the file's order): AP 0, AR 0.
        // With 299, or with the true detection listed first, it stays: AP 1.
        Lvis truth = new Lvis().category(1, "f").category(2, "f").image(1).box(1, 1, 10, 10, 50, 50);
        Instance hit = dt(1, 1, 10, 10, 50, 50, 0.9);
        List<Instance> fillers = new ArrayList<>();
        for (int j = 0; j < 300; j++) {
            fillers.add(dt(1, 2, 100 + j % 50, 100, 20, 20, 0.9));
        }
        List<Instance> pushedOut = new ArrayList<>(fillers);
        pushedOut.add(hit);
        assertNumbers(new double[] {0, 0, 0, NA, 0, NA, NA, NA, 0, 0, NA, 0, NA},
                LvisEvaluator.evaluate(truth.file(), pushedOut, IouType.BOX));
        List<Instance> fewer = new ArrayList<>(fillers.subList(0, 299));
        fewer.add(hit);
        double[] perfect = {1, 1, 1, NA, 1, NA, NA, NA, 1, 1, NA, 1, NA};
        assertNumbers(perfect, LvisEvaluator.evaluate(truth.file(), fewer, IouType.BOX));
        List<Instance> first = new ArrayList<>(fillers);
        first.add(0, hit);
        assertNumbers(perfect, LvisEvaluator.evaluate(truth.file(), first, IouType.BOX));
        assertEquals(300, LvisEvaluator.bestPerImage(first).size());
    }

    @Test
    void areaRangesIgnoreObjectsOutsideThem() {
        // Category 1 (rare), one object per image: image 1 small (20x20 = 400), image 2 medium (40x40 = 1600),
        // image 3 large (120x120 = 14400), image 4 exactly 32x32 = 1024, which is small and medium (ends belong
        // to both). Detections, best first: d1 0.95 a stray 10x10 (area 100) in image 2; d2 0.9 = image 1's
        // object; d3 0.7 = image 4's; d4 0.6 = image 2's; d5 0.5 [0, 0, 120, 75] in image 3: IoU 0.625 with its
        // object, a match at 0.50, 0.55, 0.60 only, and its own area 9000 is medium.
        // all: FP, TP, TP, TP, then d5 TP at 3 thresholds: precision 0.8 at recall 1 (monotone 0.8 everywhere);
        //   FP at 7: precision 3/4 up to recall 3/4 (76 of 101 points), nothing beyond: 57/101.
        //   AP = (3 * 0.8 + 7 * 57/101) / 10, AP50 0.8, AP75 57/101, AR (3 * 1 + 7 * 0.75) / 10 = 0.825.
        // small (400 and 1024 count): FP, TP, TP, then d4 matched to the ignored medium object and d5 (matched to
        //   an ignored object, or unmatched outside the range) ignored: 2/3 everywhere; recall 1.
        // medium (1600 and 1024 count): d1 (unmatched, area 100) and d2 (matched to ignored) ignored, TP, TP,
        //   then d5 ignored at 3 thresholds and an FP at 7 (unmatched, area 9000 inside the range) after recall
        //   1 was reached: AP 1, recall 1.
        // large (14400 counts): only d5, TP at 3 thresholds, ignored at 7 (unmatched, outside): AP 0.3, AR 0.3.
        Lvis truth = new Lvis().category(1, "r").image(1).image(2).image(3).image(4).box(1, 1, 10, 10, 20, 20)
                .box(2, 1, 10, 10, 40, 40).box(3, 1, 0, 0, 120, 120).box(4, 1, 100, 100, 32, 32);
        List<Instance> detections = List.of(dt(2, 1, 150, 150, 10, 10, 0.95), dt(1, 1, 10, 10, 20, 20, 0.9),
                dt(4, 1, 100, 100, 32, 32, 0.7), dt(2, 1, 10, 10, 40, 40, 0.6), dt(3, 1, 0, 0, 120, 75, 0.5));
        double ap = (3 * 0.8 + 7 * 57.0 / 101) / 10;
        assertNumbers(new double[] {ap, 0.8, 57.0 / 101, 2.0 / 3, 1, 0.3, ap, NA, NA, 0.825, 1, 1, 0.3},
                LvisEvaluator.evaluate(truth.file(), detections, IouType.BOX));
    }

    @Test
    void frequencyGroupsAverageTheirOwnCategories() {
        // Category 1 (rare): its one object found, AP 1. Category 2 (common): objects in images 1 and 2, only
        // image 1's found: precision 1 up to recall 1/2, 51 of 101 points: AP 51/101, AR 1/2. Category 3
        // (frequent): image 2 lists it as negative, its detection there (0.9) ranks above the true one: AP 0.5.
        // Category 4 (frequent) has no ground truth (image 2's negative detection does not make it count): left
        // out of APf. AP = (1 + 51/101 + 0.5) / 3, AR = (1 + 0.5 + 1) / 3.
        Lvis truth = new Lvis().category(1, "r").category(2, "c").category(3, "f").category(4, "f").image(1)
                .image(2, Set.of(3, 4), Set.of()).box(1, 1, 10, 10, 50, 50).box(1, 2, 70, 10, 50, 50)
                .box(2, 2, 70, 10, 50, 50).box(1, 3, 10, 100, 50, 50);
        List<Instance> detections = List.of(dt(1, 1, 10, 10, 50, 50, 0.9), dt(1, 2, 70, 10, 50, 50, 0.9),
                dt(2, 3, 10, 100, 50, 50, 0.9), dt(1, 3, 10, 100, 50, 50, 0.8), dt(2, 4, 0, 0, 30, 30, 0.7));
        double ap = (1 + 51.0 / 101 + 0.5) / 3;
        LvisMetrics m = LvisEvaluator.evaluate(truth.file(), detections, IouType.BOX);
        assertNumbers(new double[] {ap, ap, ap, NA, ap, NA, 1, 51.0 / 101, 0.5, 2.5 / 3, NA, 2.5 / 3, NA}, m);
        assertEquals(2, m.images());
        assertEquals(List.of(3, 1, 1, 1), List.of(m.categories(), m.rareCategories(), m.commonCategories(),
                m.frequentCategories()));
    }

    @Test
    void refusesResultsForImagesTheTruthDoesNotList() {
        Lvis truth = new Lvis().category(1, "f").image(1).box(1, 1, 0, 0, 5, 5);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LvisEvaluator.evaluate(truth.file(), List.of(dt(7, 1, 0, 0, 5, 5, 1)), IouType.BOX));
        assertTrue(e.getMessage().contains("image 7"), e.getMessage());
    }

    @Test
    void matchesLvisApiOnAMixedCase() throws IOException {
        // Ten 200x150 images, six categories of all three groups, 32 objects of areas 120 to 11552, 362 detections
        // (shifted and resized copies of the objects, strays of every category, and 300 low-scored strays in
        // image 4, whose lowest are cut); 8 negative and 12 not-exhaustive labels; masks are the boxes with every
        // fifth pixel left out (counted from the box's corner), so mask and box overlaps differ. Written as JSON
        // and read back; the reference numbers are lvis-api 0.5.3's on the same files (bbox and segm).
        Path truthFile = dir.resolve("gt.json");
        Path resultFile = dir.resolve("results.json");
        MixedCase.write(truthFile, resultFile);
        AnnotationFile truth = AnnotationFile.read(truthFile);
        AnnotationFile results = AnnotationFile.read(resultFile);
        assertTrue(truth.lvis());
        assertEquals(List.of(32, 362), List.of(truth.instances().size(), results.instances().size()));
        assertNumbers(REFERENCE_BOX, LvisEvaluator.evaluate(truth, results.instances(), IouType.BOX));
        assertNumbers(REFERENCE_MASK, LvisEvaluator.evaluate(truth, results.instances(), IouType.MASK));
    }

    private static final double[] REFERENCE_BOX = {0.7354708204336916, 0.8442700588740192, 0.7749631281809499,
        0.6844884488448845, 0.8691892189218923, 1.0, 0.7303836633663366, 0.6724328147100422, 0.8035959832246963,
        0.9044444444444443, 0.6833333333333333, 0.9368333333333334, 1.0};
    private static final double[] REFERENCE_MASK = {0.2169066407556506, 0.8162172535934912, 0.08663366336633663,
        0.10841584158415841, 0.28742464246424637, 0.2504950495049505, 0.19560643564356436, 0.26279585101367275,
        0.19231763560971485, 0.30833333333333335, 0.11666666666666667, 0.35133333333333333, 0.3};

    private static void assertNumbers(double[] expected, LvisMetrics m) {
        double[] actual = {m.ap(), m.ap50(), m.ap75(), m.apSmall(), m.apMedium(), m.apLarge(), m.apRare(),
            m.apCommon(), m.apFrequent(), m.ar(), m.arSmall(), m.arMedium(), m.arLarge()};
        assertArrayEquals(expected, actual, 1e-12, () -> m.toString());
    }

    private static Instance dt(long image, int category, double x, double y, double w, double h, double score) {
        return new Instance(image, category, new double[] {x, y, w, h}, null, score);
    }

    /** An LVIS ground truth built in code: images with their federated labels, categories with frequencies, boxes. */
    private static final class Lvis {
        private final List<Long> images = new ArrayList<>();
        private final List<Integer> categories = new ArrayList<>();
        private final Map<Integer, String> frequencies = new HashMap<>();
        private final Map<Long, FederatedLabels> labels = new HashMap<>();
        private final List<Instance> boxes = new ArrayList<>();

        Lvis image(long id) {
            return image(id, Set.of(), Set.of());
        }

        Lvis image(long id, Set<Integer> negative, Set<Integer> notExhaustive) {
            images.add(id);
            labels.put(id, new FederatedLabels(negative, notExhaustive));
            return this;
        }

        Lvis category(int id, String frequency) {
            categories.add(id);
            frequencies.put(id, frequency);
            return this;
        }

        Lvis box(long image, int category, double x, double y, double w, double h) {
            boxes.add(Instance.truth(image, category, new double[] {x, y, w, h}, null));
            return this;
        }

        AnnotationFile file() {
            return new AnnotationFile(images, categories, boxes, frequencies, labels);
        }
    }

    /**
     * The mixed case's files. Image i (1..10) and category k (1..6) have an object when (i·k + i) mod 4 = 0 or
     * (i + k) mod 5 = 0; its detection is the box shifted and resized, scored ((31i + 17k) mod 97) / 100 + 0.005;
     * k is not exhaustive in i when it has an object and (i + k) mod 3 = 1, negative when it has none and
     * (i + 2k) mod 3 = 0; when i + k is even, a stray box of category k is scored ((13i + 7k) mod 89) / 100 +
     * 0.003; image 4 adds 300 strays of category 3 scored 0.004 + (j mod 5) / 10000.
     */
    private static final class MixedCase {
        private static final int W = 200;
        private static final int H = 150;
        private static final String[] FREQUENCIES = {"r", "c", "f", "c", "f", "r"};

        static void write(Path truthFile, Path resultFile) throws IOException {
            JsonArray images = new JsonArray();
            JsonArray annotations = new JsonArray();
            JsonArray results = new JsonArray();
            for (int i = 1; i <= 10; i++) {
                JsonArray negative = new JsonArray();
                JsonArray notExhaustive = new JsonArray();
                for (int k = 1; k <= 6; k++) {
                    if ((i * k + i) % 4 == 0 || (i + k) % 5 == 0) {
                        int[] g = clip((3 * i + 7 * k) % 100, (5 * i + 3 * k) % 70, 6 + (7 * (2 * i + k)) % 150,
                                5 + (5 * (i + 3 * k)) % 120);
                        Rle mask = mask(g);
                        JsonObject a = object(i, k, g, mask);
                        a.addProperty("id", annotations.size() + 1);
                        a.addProperty("area", mask.area());
                        annotations.add(a);
                        if ((i + k) % 3 == 1) {
                            notExhaustive.add(k);
                        }
                        int[] d = clip(g[0] + (i + k) % 3, g[1] + (i * k) % 4 - 1, g[2] - k % 3, g[3] + i % 3 - 1);
                        results.add(scored(object(i, k, d, mask(d)), ((i * 31 + k * 17) % 97) / 100.0 + 0.005));
                    } else if ((i + 2 * k) % 3 == 0) {
                        negative.add(k);
                    }
                    if ((i + k) % 2 == 0) {
                        int[] d = clip((11 * i + 5 * k) % 150, (7 * i + 13 * k) % 110, 8 + 9 * k, 6 + 7 * (i % 5));
                        results.add(scored(object(i, k, d, mask(d)), ((i * 13 + k * 7) % 89) / 100.0 + 0.003));
                    }
                }
                if (i == 4) {
                    for (int j = 0; j < 300; j++) {
                        int[] d = {(j * 7) % 190, (j * 3) % 140, 10, 10};
                        results.add(scored(object(i, 3, d, mask(d)), 0.004 + (j % 5) * 0.0001));
                    }
                }
                JsonObject image = new JsonObject();
                image.addProperty("id", i);
                image.addProperty("width", W);
                image.addProperty("height", H);
                image.add("neg_category_ids", negative);
                image.add("not_exhaustive_category_ids", notExhaustive);
                images.add(image);
            }
            JsonArray categories = new JsonArray();
            for (int k = 1; k <= 6; k++) {
                JsonObject category = new JsonObject();
                category.addProperty("id", k);
                category.addProperty("name", "c" + k);
                category.addProperty("frequency", FREQUENCIES[k - 1]);
                categories.add(category);
            }
            JsonObject truth = new JsonObject();
            truth.add("images", images);
            truth.add("categories", categories);
            truth.add("annotations", annotations);
            Files.writeString(truthFile, truth.toString());
            Files.writeString(resultFile, results.toString());
        }

        private static int[] clip(int x, int y, int w, int h) {
            int cx = Math.max(0, Math.min(x, W - 1));
            int cy = Math.max(0, Math.min(y, H - 1));
            return new int[] {cx, cy, Math.max(1, Math.min(w, W - cx)), Math.max(1, Math.min(h, H - cy))};
        }

        /** The box without every fifth pixel, counted from its corner. */
        private static Rle mask(int[] box) {
            boolean[] foreground = new boolean[W * H];
            for (int y = box[1]; y < box[1] + box[3]; y++) {
                for (int x = box[0]; x < box[0] + box[2]; x++) {
                    foreground[y * W + x] = ((x - box[0]) + 2 * (y - box[1])) % 5 != 0;
                }
            }
            return Rle.encode(foreground, W, H);
        }

        private static JsonObject object(int image, int category, int[] box, Rle mask) {
            JsonObject o = new JsonObject();
            o.addProperty("image_id", image);
            o.addProperty("category_id", category);
            JsonArray bbox = new JsonArray();
            for (int v : box) {
                bbox.add(v);
            }
            o.add("bbox", bbox);
            JsonObject segmentation = new JsonObject();
            JsonArray size = new JsonArray();
            size.add(H);
            size.add(W);
            segmentation.add("size", size);
            segmentation.addProperty("counts", mask.compressed());
            o.add("segmentation", segmentation);
            return o;
        }

        private static JsonObject scored(JsonObject o, double score) {
            o.addProperty("score", score);
            return o;
        }
    }
}
