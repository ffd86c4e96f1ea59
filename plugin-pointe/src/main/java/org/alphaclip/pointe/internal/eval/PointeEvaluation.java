package org.alphaclip.pointe.internal.eval;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.alphaclip.api.AlphaClipEncoder;
import org.alphaclip.api.EncodeOptions;
import org.alphaclip.api.ImageEncoding;
import org.alphaclip.api.RegionImage;
import org.alphaclip.api.image.GrayImage;
import org.alphaclip.api.region.Region;
import org.alphaclip.api.tensor.FloatTensor;
import org.alphaclip.pointe.PointCloud;
import org.alphaclip.pointe.PointCloudModel;
import org.alphaclip.pointe.SamplingSettings;
import org.alphaclip.pointe.internal.pipeline.GridTokens;
import org.alphaclip.pointe.internal.solids.Solid;
import org.alphaclip.pointe.internal.solids.SolidObject;
import org.alphaclip.pointe.internal.solids.SolidScene;
import org.alphaclip.pointe.internal.solids.SolidSceneGenerator;
import org.alphaclip.world.Colour;

/**
 * The paper's claim for Point-E on the 3-D world: for every solid of held-out two-solid scenes, a cloud generated with
 * the solid's mask as alpha and one with alpha all ones (one per scene, counted against each of its solids); each
 * named by the {@link SolidClassifier} (label = colour and shape, and each alone) and measured by its Chamfer distance
 * to a true surface sample of the solid, in the model's own coordinates. The classifier is checked first on true
 * clouds (surface samples of every label, drawn with another seed).
 */
public final class PointeEvaluation {

    static final String REGION = "with the region";
    static final String WHOLE = "with alpha all ones";

    /** Rates and distances of one run. */
    public record Result(int scenes, int objects, int clouds, Map<String, Double> rates, double seconds) {
        /** Copies the map. */
        public Result {
            rates = Collections.unmodifiableMap(new LinkedHashMap<>(rates));
        }
    }

    /** Told after each scene. */
    @FunctionalInterface
    public interface SceneListener {
        /** One more scene is done. */
        void sceneDone();
    }

    private final PointCloudModel model;
    private final AlphaClipEncoder encoder;
    private final SamplingSettings settings;
    private final SolidClassifier classifier;

    /** An evaluation of a model on the encoder it was exported on. */
    public PointeEvaluation(PointCloudModel model, AlphaClipEncoder encoder, SamplingSettings settings) {
        this.model = model;
        this.encoder = encoder;
        this.settings = settings;
        Map<Colour, int[]> palette = new EnumMap<>(Colour.class);
        for (Colour c : Colour.values()) {
            palette.put(c, SolidSceneGenerator.rgb(c));
        }
        this.classifier = new SolidClassifier(7, palette);
    }

    /** The classifier's accuracy on true clouds: {@code perLabel} surface samples of every colour and solid. */
    public double classifierOnTrueClouds(int perLabel, int points) {
        SplittableRandom random = new SplittableRandom(11);
        int right = 0;
        int total = 0;
        for (Solid solid : Solid.values()) {
            for (Colour colour : Colour.values()) {
                for (int n = 0; n < perLabel; n++) {
                    PointCloud cloud = coloured(solid.sample(points, random), colour);
                    right += classifier.shape(cloud) == solid && classifier.colour(cloud) == colour ? 1 : 0;
                    total++;
                }
            }
        }
        return right / (double) total;
    }

    private static PointCloud coloured(float[] xyz, Colour colour) {
        int[] rgb = SolidSceneGenerator.rgb(colour);
        float[] colours = new float[xyz.length];
        for (int i = 0; i < colours.length; i++) {
            colours[i] = rgb[i % 3] / 255f;
        }
        return new PointCloud(xyz, colours);
    }

    /** Generates, names and measures the clouds of every scene. */
    public Result run(Iterable<SolidScene> scenes, SceneListener listener) throws Exception {
        long start = System.nanoTime();
        Map<String, double[]> sums = new LinkedHashMap<>();
        for (String what : List.of("label named", "shape named", "colour named", "Chamfer distance to the true solid")) {
            for (String condition : List.of(REGION, WHOLE)) {
                sums.put(what + ", " + condition, new double[2]);
            }
        }
        SplittableRandom truth = new SplittableRandom(13);
        int sceneCount = 0;
        int objectCount = 0;
        int clouds = 0;
        for (SolidScene scene : scenes) {
            List<RegionImage> inputs = new ArrayList<>();
            for (SolidObject object : scene.objects()) {
                inputs.add(new RegionImage(scene.image(), new Region.Mask(gray(object.mask(), scene.image().width()), 128)));
            }
            inputs.add(new RegionImage(scene.image(), new Region.Whole()));
            int layer = model.info().gridLayer();
            ImageEncoding encoding = encoder.encodeImages(inputs,
                    EncodeOptions.DEFAULT.withHiddenLayers(layer).withClassToken(false));
            FloatTensor hidden = encoding.hiddenStates().get(layer);
            PointCloud whole = model.generate(GridTokens.channelMajor(hidden, scene.objects().size()),
                    settings.withSeed(scene.seed()), (s, d, t) -> { });
            clouds++;
            for (int k = 0; k < scene.objects().size(); k++) {
                SolidObject object = scene.objects().get(k);
                PointCloud region = model.generate(GridTokens.channelMajor(hidden, k), settings.withSeed(scene.seed() + k + 1),
                        (s, d, t) -> { });
                clouds++;
                float[] reference = object.solid().sample(region.size(), truth);
                count(sums, REGION, region, object, reference);
                count(sums, WHOLE, whole, object, reference);
                objectCount++;
            }
            sceneCount++;
            listener.sceneDone();
        }
        if (sceneCount == 0) {
            throw new IllegalArgumentException("No scenes to evaluate on");
        }
        Map<String, Double> rates = new LinkedHashMap<>();
        sums.forEach((key, s) -> rates.put(key, s[0] / s[1]));
        return new Result(sceneCount, objectCount, clouds, rates, (System.nanoTime() - start) / 1e9);
    }

    private void count(Map<String, double[]> sums, String condition, PointCloud cloud, SolidObject object, float[] truth) {
        boolean shape = classifier.shape(cloud) == object.solid();
        boolean colour = classifier.colour(cloud) == object.colour();
        add(sums.get("label named, " + condition), shape && colour ? 1 : 0);
        add(sums.get("shape named, " + condition), shape ? 1 : 0);
        add(sums.get("colour named, " + condition), colour ? 1 : 0);
        add(sums.get("Chamfer distance to the true solid, " + condition), Chamfer.distance(cloud.coordinates(), truth));
    }

    private static void add(double[] sum, double value) {
        sum[0] += value;
        sum[1]++;
    }

    private static GrayImage gray(boolean[] mask, int width) {
        byte[] values = new byte[mask.length];
        for (int i = 0; i < mask.length; i++) {
            values[i] = (byte) (mask[i] ? 255 : 0);
        }
        return new GrayImage(width, mask.length / width, values);
    }
}
