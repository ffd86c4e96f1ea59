package org.alphaclip.ovd.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.alphaclip.api.ZeroShotClassifier;
import org.alphaclip.core.internal.encoder.OnnxAlphaClipEncoder;
import org.alphaclip.core.internal.encoder.ZeroShotClassifierCache;
import org.alphaclip.core.internal.image.ImageFileReader;
import org.alphaclip.core.internal.model.ModelPackageReader;
import org.alphaclip.core.internal.session.StandaloneSessions;
import org.alphaclip.ovd.internal.eval.AnnotationFile;
import org.alphaclip.ovd.internal.eval.CocoEvaluator;
import org.alphaclip.ovd.internal.eval.Instance;
import org.alphaclip.ovd.internal.eval.IouType;
import org.alphaclip.ovd.internal.eval.Metrics;
import org.alphaclip.ovd.internal.mine.Dataset;
import org.alphaclip.ovd.internal.mine.MaskScorer;
import org.alphaclip.ovd.internal.mine.MiningJob;
import org.alphaclip.ovd.internal.mine.MiningReport;
import org.alphaclip.ovd.internal.mine.MiningSettings;
import org.alphaclip.ovd.internal.mine.Ranking;
import org.alphaclip.ovd.internal.mine.Representation;
import org.alphaclip.ovd.internal.testing.RecordingProgress;
import org.alphaclip.ovd.internal.testing.WorldData;
import org.alphaclip.sdk.testing.StandInProposers;
import org.alphaclip.world.SceneSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * The quality table of docs/ovd.md: synthetic-world scenes as class folders (label = the largest object with a
 * label of its own in the scene), mined with every mask representation from the world's true masks (the upper
 * bound proposer) and from the true masks plus distractors (boxes, background, unions of two objects), scored
 * against the labelled object's box and mask with the COCO evaluator. Slow: runs only with
 * {@code -Dovd.quality.model=MODEL_DIR} (scenes: {@code -Dovd.quality.scenes=N}, default 400); writes
 * {@code target/ovd-quality.md}.
 */
@EnabledIfSystemProperty(named = "ovd.quality.model", matches = ".+")
class MiningQualityTest {

    @TempDir
    Path dir;

    @Test
    void writesTheQualityTable() throws Exception {
        Path model = Path.of(System.getProperty("ovd.quality.model"));
        int scenes = Integer.getInteger("ovd.quality.scenes", 400);
        int threads = Integer.getInteger("ovd.quality.threads", Runtime.getRuntime().availableProcessors());
        Path images = dir.resolve("classes");
        WorldData world = WorldData.write(images, scenes, 20_000, SceneSpec.DEFAULT.withObjects(2, 4));
        Dataset dataset = Dataset.fromFolders(images, null);
        List<Instance> truth = world.truth(dataset);
        StringBuilder table = new StringBuilder();
        table.append(String.format(Locale.ROOT, "Model `%s`, %d world scenes (256 px, 2-4 objects) in %d classes, %d threads."
                + "%n%n", model.getFileName(), dataset.items().size(), dataset.classes().size(), threads));
        table.append("| candidates | scoring | rank | box AP | AP50 | AP75 | mask AP | best mask right (IoU >= .5) |"
                + " kept top 36% right | images/s |\n|---|---|---|---|---|---|---|---|---|---|\n");
        try (StandaloneSessions sessions = StandaloneSessions.open();
                OnnxAlphaClipEncoder encoder = new OnnxAlphaClipEncoder(ModelPackageReader.read(model), sessions)) {
            ZeroShotClassifier classifier = new ZeroShotClassifierCache().classifier(encoder, dataset.classNames(),
                    List.of("a {}"));
            for (boolean distractors : new boolean[] {false, true}) {
                for (Representation r : Representation.values()) {
                    for (Ranking rank : Ranking.values()) {
                        if (rank == Ranking.PROBABILITY || !r.ignoresMask()) {
                            MaskScorer scorer = new MaskScorer(encoder, classifier, r);
                            table.append(row(world, dataset, truth, scorer, rank, distractors, threads, model));
                        }
                    }
                }
            }
        }
        Path file = Path.of("target/ovd-quality.md");
        Files.writeString(file, table.toString());
        System.out.println(table);
    }

    /** Mines with one scoring and ranking and measures the result: one table row. */
    private String row(WorldData world, Dataset dataset, List<Instance> truth, MaskScorer scorer, Ranking rank,
            boolean distractors, int threads, Path model) throws Exception {
        Representation r = scorer.representation();
        Path out = dir.resolve((distractors ? "d-" : "t-") + r.optionName() + "-" + rank.optionName() + "/mined.json");
        MiningSettings settings = new MiningSettings(out, 1.0, threads, "a {}", model.getFileName().toString(),
                distractors ? "world+distractors" : "world", r, rank);
        MiningReport report = new MiningJob(dataset, settings, new StandInProposers(world.proposer(distractors)), scorer,
                new ImageFileReader(1 << 26), new RecordingProgress()).run();
        assertEquals(dataset.items().size(), report.withMask());
        List<Instance> mined = AnnotationFile.read(out).instances();
        Metrics box = CocoEvaluator.evaluate(truth, mined, IouType.BOX);
        Metrics mask = CocoEvaluator.evaluate(truth, mined, IouType.MASK);
        return String.format(Locale.ROOT, "| %s | %s | %s | %.3f | %.3f | %.3f | %.3f | %.3f | %.3f | %.1f |%n",
                distractors ? "true masks + distractors" : "true masks", r.optionName(), rank.optionName(), box.ap(),
                box.ap50(), box.ap75(), mask.ap(), rightShare(truth, mined, 1.0), rightShare(truth, mined, 0.36),
                report.minedNow() / report.seconds());
    }

    /** The share of the top {@code share} of each class (by score) whose box overlaps the truth by IoU >= 0.5. */
    private static double rightShare(List<Instance> truth, List<Instance> mined, double share) {
        Map<Long, Instance> byImage = new HashMap<>();
        truth.forEach(t -> byImage.put(t.imageId(), t));
        Map<Integer, List<Instance>> byClass = new HashMap<>();
        mined.forEach(m -> byClass.computeIfAbsent(m.categoryId(), c -> new ArrayList<>()).add(m));
        int kept = 0;
        int right = 0;
        for (List<Instance> list : byClass.values()) {
            list.sort(Comparator.comparingDouble(Instance::score).reversed());
            int keep = (int) Math.ceil(share * list.size() - 1e-9);
            for (Instance m : list.subList(0, keep)) {
                kept++;
                right += m.boxIou(byImage.get(m.imageId())) >= 0.5 ? 1 : 0;
            }
        }
        return kept == 0 ? 0 : (double) right / kept;
    }
}
