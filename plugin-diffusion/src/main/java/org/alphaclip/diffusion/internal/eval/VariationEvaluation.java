package org.alphaclip.diffusion.internal.eval;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.alphaclip.api.AlphaClipEncoder;
import org.alphaclip.api.EncodeOptions;
import org.alphaclip.api.ImageEncoding;
import org.alphaclip.api.RegionImage;
import org.alphaclip.api.ZeroShotClassifier;
import org.alphaclip.api.image.RgbImage;
import org.alphaclip.api.region.Region;
import org.alphaclip.diffusion.DiffusionModel;
import org.alphaclip.diffusion.VariationSettings;
import org.alphaclip.world.Scene;
import org.alphaclip.world.SceneObject;

/**
 * The paper's claim for image variation as numbers, on the synthetic world: for every object of every held-out scene,
 * variations are generated from the encoder's embedding of the scene with the object's mask as alpha, and from the
 * embedding with alpha all ones (once per scene); a zero-shot classifier over the world's colour-shape labels (the
 * same encoder, whole image) names what each variation shows. Reported as rates in [0, 1]: how often it names the
 * object's label (and its colour, and its shape) with the region and without it, the same for the true cut-outs the
 * model was trained to draw (the classifier's ceiling on such pictures), and the variations' diversity: the mean
 * absolute pixel difference in [0, 1] between two variations of one condition.
 *
 * <pre>{@code
 * VariationEvaluation.Result r = new VariationEvaluation(model, encoder, classifier, settings, 2).run("raster", scenes, s -> { });
 * }</pre>
 */
public final class VariationEvaluation {

    /**
     * What one evaluation measured.
     *
     * @param name what was evaluated, e.g. the renderer
     * @param scenes the scenes
     * @param regions the objects
     * @param variations the variations generated
     * @param rates the rates in [0, 1] by name, in a fixed order
     * @param seconds the time taken
     */
    public record Result(String name, int scenes, int regions, int variations, Map<String, Double> rates, double seconds) {
        /** Copies the map, keeping its order. */
        public Result {
            rates = Collections.unmodifiableMap(new LinkedHashMap<>(rates));
        }
    }

    /** Told after each scene. */
    @FunctionalInterface
    public interface SceneListener {
        /** One more scene is done. */
        void sceneDone(Scene scene);
    }

    static final String REGION = "with the region";
    static final String WHOLE = "with alpha all ones";
    static final String TRUE_CUT_OUT = "true cut-outs";

    private final DiffusionModel model;
    private final AlphaClipEncoder encoder;
    private final ZeroShotClassifier classifier;
    private final VariationSettings settings;
    private final int perCondition;

    /**
     * An evaluation of one model.
     *
     * @param encoder the encoder the model was exported on: it makes the conditions and classifies the variations
     * @param classifier zero-shot over the world's labels ({@code colour shape}) on that encoder
     * @param perCondition variations per condition (seeds {@code settings.seed()} and up)
     */
    public VariationEvaluation(DiffusionModel model, AlphaClipEncoder encoder, ZeroShotClassifier classifier,
            VariationSettings settings, int perCondition) {
        if (perCondition < 1) {
            throw new IllegalArgumentException("variations per condition must be at least 1, got " + perCondition);
        }
        this.model = model;
        this.encoder = encoder;
        this.classifier = classifier;
        this.settings = settings;
        this.perCondition = perCondition;
    }

    /** Generates and classifies the variations of every scene. */
    public Result run(String name, Iterable<Scene> scenes, SceneListener listener) throws Exception {
        long start = System.nanoTime();
        Map<String, double[]> sums = new LinkedHashMap<>();
        for (String what : List.of("label", "colour", "shape")) {
            for (String condition : List.of(REGION, WHOLE, TRUE_CUT_OUT)) {
                sums.put(what + " named, " + condition, new double[2]);
            }
        }
        double[] diversityRegion = new double[2];
        double[] diversityWhole = new double[2];
        int sceneCount = 0;
        int regionCount = 0;
        int generated = 0;
        for (Scene scene : scenes) {
            List<RegionImage> inputs = new ArrayList<>();
            for (SceneObject object : scene.objects()) {
                inputs.add(new RegionImage(scene.image(), new Region.Mask(object.mask())));
            }
            inputs.add(new RegionImage(scene.image(), new Region.Whole()));
            ImageEncoding conditions = encoder.encodeImages(inputs, EncodeOptions.DEFAULT);
            List<RgbImage> whole = vary(conditions.embedding(scene.objects().size()));
            generated += whole.size();
            diversity(whole, diversityWhole);
            List<String> wholeLabels = classify(whole);
            for (int k = 0; k < scene.objects().size(); k++) {
                SceneObject object = scene.objects().get(k);
                List<RgbImage> region = vary(conditions.embedding(k));
                generated += region.size();
                diversity(region, diversityRegion);
                count(sums, REGION, classify(region), object);
                count(sums, WHOLE, wholeLabels, object);
                int side = region.get(0).width();
                count(sums, TRUE_CUT_OUT, classify(List.of(CutOut.of(scene.image(), object.mask(), side))), object);
            }
            sceneCount++;
            regionCount += scene.objects().size();
            listener.sceneDone(scene);
        }
        if (sceneCount == 0) {
            throw new IllegalArgumentException("No scenes to evaluate " + name + " on");
        }
        Map<String, Double> rates = new LinkedHashMap<>();
        sums.forEach((key, s) -> rates.put(key, s[0] / s[1]));
        rates.put("diversity (mean |pixel difference|), " + REGION, ratio(diversityRegion));
        rates.put("diversity (mean |pixel difference|), " + WHOLE, ratio(diversityWhole));
        return new Result(name, sceneCount, regionCount, generated, rates, (System.nanoTime() - start) / 1e9);
    }

    private List<RgbImage> vary(float[] embedding) throws Exception {
        List<RgbImage> images = new ArrayList<>();
        for (int n = 0; n < perCondition; n++) {
            images.add(model.vary(embedding, settings.withSeed(settings.seed() + n), (done, total) -> { }));
        }
        return images;
    }

    private List<String> classify(List<RgbImage> images) throws Exception {
        List<RegionImage> inputs = new ArrayList<>();
        for (RgbImage image : images) {
            inputs.add(new RegionImage(image, new Region.Whole()));
        }
        ImageEncoding encoding = encoder.encodeImages(inputs, EncodeOptions.DEFAULT);
        List<String> labels = new ArrayList<>();
        for (int i = 0; i < images.size(); i++) {
            labels.add(classifier.labels().get(classifier.best(encoding.embedding(i))));
        }
        return labels;
    }

    private static void count(Map<String, double[]> sums, String condition, List<String> labels, SceneObject object) {
        for (String label : labels) {
            add(sums.get("label named, " + condition), label.equals(object.label()));
            add(sums.get("colour named, " + condition), label.startsWith(object.colour().word() + " "));
            add(sums.get("shape named, " + condition), label.endsWith(" " + object.shape().word()));
        }
    }

    private static void add(double[] sum, boolean hit) {
        sum[0] += hit ? 1 : 0;
        sum[1]++;
    }

    /** Adds the mean absolute pixel difference of every pair of images. */
    private static void diversity(List<RgbImage> images, double[] sum) {
        for (int a = 0; a < images.size(); a++) {
            for (int b = a + 1; b < images.size(); b++) {
                byte[] x = images.get(a).rgb();
                byte[] y = images.get(b).rgb();
                double total = 0;
                for (int i = 0; i < x.length; i++) {
                    total += Math.abs((x[i] & 0xFF) - (y[i] & 0xFF)) / 255.0;
                }
                sum[0] += total / x.length;
                sum[1]++;
            }
        }
    }

    private static double ratio(double[] sum) {
        return sum[1] == 0 ? Double.NaN : sum[0] / sum[1];
    }
}
