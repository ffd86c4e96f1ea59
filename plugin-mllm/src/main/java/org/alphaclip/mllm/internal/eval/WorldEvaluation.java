package org.alphaclip.mllm.internal.eval;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.alphaclip.api.image.RgbImage;
import org.alphaclip.api.region.Region;
import org.alphaclip.api.tensor.FloatTensor;
import org.alphaclip.mllm.DecodingSettings;
import org.alphaclip.mllm.GenerationException;
import org.alphaclip.mllm.MultimodalModel;
import org.alphaclip.mllm.TokenListener;
import org.alphaclip.world.Scene;
import org.alphaclip.world.SceneObject;

/**
 * The default captioner's evaluation on the synthetic world, the paper's claim for multimodal LLMs as numbers: does
 * the region steer the caption? For every object of every scene the model is asked each object question of the
 * {@link WorldTask}s (greedy, the first phrasing) with that object's mask as alpha, and the caption question once more
 * with alpha all ones; whole-scene questions are asked with alpha all ones. Reported as rates in [0, 1]:
 * <ul>
 * <li>{@code caption names colour+shape, mask} vs {@code ..., alpha all ones}: the caption holds the object's colour
 * word right before its shape word, with and without the region; {@code ..., one object at random} is what naming one
 * of the scene's objects at random would score;</li>
 * <li>{@code TYPE exact}: the answer's words equal the expected answer's ({@link CaptionTokens}), the VQA accuracy;</li>
 * <li>{@code scene names each object}: how many of the scene's objects the whole-scene caption names;</li>
 * </ul>
 * and as caption scores, CIDEr-D and BLEU-4 of the region captions against the object's phrase, with the mask and with
 * alpha all ones.
 *
 * <pre>{@code
 * WorldEvaluation evaluation = new WorldEvaluation(model, encoder, WorldTask.shipped());
 * WorldEvaluation.Result result = evaluation.run("raster", scenes, progress);
 * }</pre>
 */
public final class WorldEvaluation {

    /** Encodes one image under several regions into the image tokens the model takes, one tensor per region. */
    @FunctionalInterface
    public interface RegionEncoder {
        /** The image tokens {@code [1, tokens, width]} of the image under each region, in order. */
        List<FloatTensor> encode(RgbImage image, List<Region> regions) throws Exception;
    }

    /**
     * What one evaluation measured.
     *
     * @param name what was evaluated, e.g. the renderer
     * @param scenes the scenes asked about
     * @param regions the objects asked about
     * @param rates the rates in [0, 1] by name, in a fixed order
     * @param captionScores CIDEr-D and BLEU-4 by name
     * @param answers how many answers were generated
     * @param seconds the time taken
     */
    public record Result(String name, int scenes, int regions, Map<String, Double> rates,
            Map<String, Double> captionScores, int answers, double seconds) {
        /** Copies the maps, keeping their order. */
        public Result {
            rates = Collections.unmodifiableMap(new LinkedHashMap<>(rates));
            captionScores = Collections.unmodifiableMap(new LinkedHashMap<>(captionScores));
        }
    }

    /** Told after each scene. */
    @FunctionalInterface
    public interface SceneListener {
        /** One more scene is done. */
        void sceneDone(Scene scene);
    }

    static final String MASK = "mask";
    static final String ALL_ONES = "alpha all ones";

    private final MultimodalModel model;
    private final RegionEncoder encoder;
    private final List<WorldTask> tasks;

    /**
     * An evaluation of one model.
     *
     * @param encoder the image tokens the model takes (the encoder package it names)
     * @param tasks the questions; one of type {@value WorldTask#CAPTION} is needed
     */
    public WorldEvaluation(MultimodalModel model, RegionEncoder encoder, List<WorldTask> tasks) {
        if (tasks.stream().noneMatch(t -> t.type().equals(WorldTask.CAPTION) && !t.whole())) {
            throw new IllegalArgumentException("The tasks hold no object question of type " + WorldTask.CAPTION);
        }
        this.model = model;
        this.encoder = encoder;
        this.tasks = List.copyOf(tasks);
    }

    /** Asks every question about every scene. */
    public Result run(String name, Iterable<Scene> scenes, SceneListener listener) throws Exception {
        long start = System.nanoTime();
        Map<String, Mean> rates = new LinkedHashMap<>();
        for (String rate : List.of("caption names colour+shape, " + MASK, "caption names colour+shape, " + ALL_ONES,
                "caption names colour+shape, one object at random", "caption names colour, " + MASK,
                "caption names colour, " + ALL_ONES, "caption names shape, " + MASK, "caption names shape, " + ALL_ONES)) {
            rates.put(rate, new Mean());
        }
        CaptionSet withMask = new CaptionSet();
        CaptionSet withoutRegion = new CaptionSet();
        int sceneCount = 0;
        int regionCount = 0;
        int answers = 0;
        for (Scene scene : scenes) {
            List<Region> regions = new ArrayList<>();
            for (SceneObject object : scene.objects()) {
                regions.add(new Region.Mask(object.mask()));
            }
            regions.add(new Region.Whole());
            List<FloatTensor> tokens = encoder.encode(scene.image(), regions);
            FloatTensor whole = tokens.get(regions.size() - 1);
            int objects = scene.objects().size();
            for (WorldTask task : tasks) {
                String exact = task.type() + " exact";
                if (task.whole()) {
                    List<String> words = CaptionTokens.of(ask(whole, task));
                    answers++;
                    rates.computeIfAbsent(exact, k -> new Mean()).add(words.equals(CaptionTokens.of(task.answerFor(scene, -1))));
                    for (SceneObject object : scene.objects()) {
                        rates.computeIfAbsent(task.type() + " names each object", k -> new Mean()).add(names(words, object));
                    }
                    continue;
                }
                List<String> wholeWords = null;
                if (task.type().equals(WorldTask.CAPTION)) {
                    String caption = ask(whole, task);
                    answers++;
                    wholeWords = CaptionTokens.of(caption);
                    for (int k = 0; k < objects; k++) {
                        withoutRegion.add(scene, k, caption);
                    }
                }
                for (int k = 0; k < objects; k++) {
                    SceneObject object = scene.objects().get(k);
                    String answer = ask(tokens.get(k), task);
                    answers++;
                    List<String> words = CaptionTokens.of(answer);
                    rates.computeIfAbsent(exact, key -> new Mean()).add(words.equals(CaptionTokens.of(task.answerFor(scene, k))));
                    if (wholeWords != null) {
                        withMask.add(scene, k, answer);
                        rates.get("caption names colour+shape, " + MASK).add(names(words, object));
                        rates.get("caption names colour+shape, " + ALL_ONES).add(names(wholeWords, object));
                        rates.get("caption names colour+shape, one object at random").add(1.0 / objects);
                        rates.get("caption names colour, " + MASK).add(words.contains(object.colour().word()));
                        rates.get("caption names colour, " + ALL_ONES).add(wholeWords.contains(object.colour().word()));
                        rates.get("caption names shape, " + MASK).add(words.contains(object.shape().word()));
                        rates.get("caption names shape, " + ALL_ONES).add(wholeWords.contains(object.shape().word()));
                    }
                }
            }
            sceneCount++;
            regionCount += objects;
            listener.sceneDone(scene);
        }
        if (sceneCount == 0) {
            throw new IllegalArgumentException("No scenes to evaluate " + name + " on");
        }
        Map<String, Double> means = new LinkedHashMap<>();
        rates.forEach((key, mean) -> means.put(key, mean.value()));
        Map<String, Double> scores = new LinkedHashMap<>();
        scores.put("CIDEr-D, " + MASK, withMask.ciderD());
        scores.put("CIDEr-D, " + ALL_ONES, withoutRegion.ciderD());
        scores.put("BLEU-4, " + MASK, withMask.bleu4());
        scores.put("BLEU-4, " + ALL_ONES, withoutRegion.bleu4());
        return new Result(name, sceneCount, regionCount, means, scores, answers, (System.nanoTime() - start) / 1e9);
    }

    private String ask(FloatTensor tokens, WorldTask task) throws GenerationException {
        return model.generate(tokens, task.question(), DecodingSettings.greedy(task.maxTokens()), TokenListener.NONE).text();
    }

    /** Whether the words name the object: its colour word right before its shape word. */
    static boolean names(List<String> words, SceneObject object) {
        for (int i = 0; i + 1 < words.size(); i++) {
            if (words.get(i).equals(object.colour().word()) && words.get(i + 1).equals(object.shape().word())) {
                return true;
            }
        }
        return false;
    }

    /** A running mean. */
    private static final class Mean {
        private double sum;
        private int count;

        void add(boolean hit) {
            add(hit ? 1 : 0);
        }

        void add(double value) {
            sum += value;
            count++;
        }

        double value() {
            return count == 0 ? Double.NaN : sum / count;
        }
    }

    /** Region captions and their reference (the object's phrase), by region. */
    private static final class CaptionSet {
        private final Map<String, String> candidates = new LinkedHashMap<>();
        private final Map<String, List<String>> references = new HashMap<>();

        void add(Scene scene, int index, String caption) {
            String id = scene.renderer() + "/" + scene.seed() + "/" + index;
            candidates.put(id, caption);
            references.put(id, List.of(scene.objects().get(index).phrase()));
        }

        double ciderD() {
            return CiderD.score(candidates, references);
        }

        double bleu4() {
            return Bleu.score(candidates, references)[Bleu.MAX_ORDER - 1];
        }
    }
}
