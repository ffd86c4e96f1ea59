package org.alphaclip.world.internal.eval;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import org.alphaclip.api.AlphaClipEncoder;
import org.alphaclip.api.EncodeOptions;
import org.alphaclip.api.EncoderException;
import org.alphaclip.api.RegionImage;
import org.alphaclip.api.ZeroShotClassifier;
import org.alphaclip.api.ZeroShotClassifiers;
import org.alphaclip.world.Colour;
import org.alphaclip.world.Scene;
import org.alphaclip.world.SceneObject;
import org.alphaclip.world.Shape;

/**
 * The region-classification benchmark of the paper's Tables 2 and 3 on world scenes: top-1 over all
 * colour-shape labels for every object with each {@link RegionMethod}, by the Alpha-CLIP model and, for
 * the methods that do not need alpha, by the model before alpha fine-tuning; plus whole-image
 * recognition of single-object scenes by both.
 */
public final class Evaluation {

    private static final int BATCH = 64;

    private final AlphaClipEncoder alphaModel;
    private final AlphaClipEncoder baseModel;
    private final ZeroShotClassifier alphaClassifier;
    private final ZeroShotClassifier baseClassifier;

    /**
     * An evaluation of one model, optionally against the model before alpha fine-tuning; both classify
     * with their own prompt templates.
     *
     * @param classifiers makes the zero-shot classifiers over {@link #labels()}
     * @param baseModel the pre-alpha model, or null to leave its column empty
     */
    public Evaluation(ZeroShotClassifiers classifiers, AlphaClipEncoder alphaModel, AlphaClipEncoder baseModel)
            throws EncoderException {
        this.alphaModel = alphaModel;
        this.baseModel = baseModel;
        this.alphaClassifier = classifiers.classifier(alphaModel, labels(), List.of());
        this.baseClassifier = baseModel == null ? null : classifiers.classifier(baseModel, labels(), List.of());
    }

    /** Every colour-shape label of the world, e.g. {@code red circle}. */
    public static List<String> labels() {
        List<String> labels = new ArrayList<>();
        for (Colour colour : Colour.values()) {
            for (Shape shape : Shape.values()) {
                labels.add(colour.word() + " " + shape.word());
            }
        }
        return labels;
    }

    /**
     * Runs the benchmark.
     *
     * @param source what the scenes are, for the table title (e.g. {@code raster renderer, seed 7})
     * @param scenes scenes whose objects are classified
     * @param singles single-object scenes for whole-image recognition
     */
    public EvaluationTable run(String source, Iterable<Scene> scenes, Iterable<Scene> singles) throws EncoderException {
        Map<RegionMethod, int[]> alphaHits = new EnumMap<>(RegionMethod.class);
        Map<RegionMethod, int[]> baseHits = new EnumMap<>(RegionMethod.class);
        for (RegionMethod m : RegionMethod.values()) {
            alphaHits.put(m, new int[1]);
            baseHits.put(m, new int[1]);
        }
        int sceneCount = 0;
        int objectCount = 0;
        List<Scene> pending = new ArrayList<>();
        for (Scene scene : scenes) {
            sceneCount++;
            objectCount += scene.objects().size();
            pending.add(scene);
            if (pending.size() * 4 >= BATCH) {
                classifyRegions(pending, alphaHits, baseHits);
                pending.clear();
            }
        }
        classifyRegions(pending, alphaHits, baseHits);
        int singleCount = 0;
        int[] wholeHits = new int[2];
        List<Scene> batch = new ArrayList<>();
        for (Scene scene : singles) {
            if (scene.objects().size() != 1) {
                continue;
            }
            singleCount++;
            batch.add(scene);
            if (batch.size() == BATCH) {
                classifyWhole(batch, wholeHits);
                batch.clear();
            }
        }
        classifyWhole(batch, wholeHits);
        List<EvaluationTable.Row> rows = new ArrayList<>();
        for (RegionMethod m : RegionMethod.values()) {
            double alpha = share(alphaHits.get(m)[0], objectCount);
            double base = baseModel == null || m.usesAlpha() ? Double.NaN : share(baseHits.get(m)[0], objectCount);
            rows.add(new EvaluationTable.Row(m, alpha, base));
        }
        return new EvaluationTable(source, sceneCount, objectCount, labels().size(), alphaModel.model().name(),
                baseModel == null ? null : baseModel.model().name(), rows, singleCount, share(wholeHits[0], singleCount),
                baseModel == null ? Double.NaN : share(wholeHits[1], singleCount));
    }

    private void classifyRegions(List<Scene> scenes, Map<RegionMethod, int[]> alphaHits,
            Map<RegionMethod, int[]> baseHits) throws EncoderException {
        if (scenes.isEmpty()) {
            return;
        }
        List<String> truth = new ArrayList<>();
        for (Scene scene : scenes) {
            scene.objects().forEach(o -> truth.add(o.label()));
        }
        for (RegionMethod method : RegionMethod.values()) {
            List<RegionImage> inputs = new ArrayList<>();
            for (Scene scene : scenes) {
                for (SceneObject object : scene.objects()) {
                    inputs.add(method.input(scene, object));
                }
            }
            alphaHits.get(method)[0] += hits(alphaModel, alphaClassifier, inputs, truth);
            if (baseModel != null && !method.usesAlpha()) {
                baseHits.get(method)[0] += hits(baseModel, baseClassifier, inputs, truth);
            }
        }
    }

    private void classifyWhole(List<Scene> scenes, int[] hits) throws EncoderException {
        if (scenes.isEmpty()) {
            return;
        }
        List<RegionImage> inputs = scenes.stream().map(s -> RegionImage.whole(s.image())).toList();
        List<String> truth = scenes.stream().map(s -> s.objects().get(0).label()).toList();
        hits[0] += hits(alphaModel, alphaClassifier, inputs, truth);
        if (baseModel != null) {
            hits[1] += hits(baseModel, baseClassifier, inputs, truth);
        }
    }

    private static int hits(AlphaClipEncoder encoder, ZeroShotClassifier classifier, List<RegionImage> inputs,
            List<String> truth) throws EncoderException {
        int hits = 0;
        for (int start = 0; start < inputs.size(); start += BATCH) {
            int end = Math.min(inputs.size(), start + BATCH);
            var encoding = encoder.encodeImages(inputs.subList(start, end), EncodeOptions.DEFAULT);
            for (int i = start; i < end; i++) {
                if (classifier.labels().get(classifier.best(encoding.embedding(i - start))).equals(truth.get(i))) {
                    hits++;
                }
            }
        }
        return hits;
    }

    private static double share(int hits, int total) {
        return total == 0 ? Double.NaN : 100.0 * hits / total;
    }
}
