package org.alphaclip.world.internal.eval;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.alphaclip.api.EncodeOptions;
import org.alphaclip.api.RegionImage;
import org.alphaclip.api.ZeroShotClassifier;
import org.alphaclip.api.region.Region;
import org.alphaclip.world.Scene;
import org.alphaclip.world.SceneGenerator;
import org.alphaclip.world.SceneObject;
import org.alphaclip.world.SceneSpec;
import org.alphaclip.world.internal.Renderers;
import org.alphaclip.world.internal.Seeds;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The shipped model answers with the object the region points at, on scenes it never saw (split
 * {@code focus}; training used split {@code train}), drawn by either renderer: in the first five scenes
 * holding a red circle and a blue square, at least {@value #REQUIRED_HITS} of the ten regions get their own
 * label (a model at its documented 89-92 % fails this about one time in 20; a model that ignores the
 * region can name at most one of the two objects per scene).
 */
class RegionFocusTest {

    private static final int SCENES = 5;
    private static final int REQUIRED_HITS = 8;

    private static ShippedModel model;
    private static ZeroShotClassifier classifier;

    @BeforeAll
    static void open() throws Exception {
        model = ShippedModel.open(ShippedModel.ALPHA);
        classifier = ShippedModel.CLASSIFIERS.classifier(model.encoder(), Evaluation.labels(), List.of());
    }

    @AfterAll
    static void close() {
        model.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"raster", "vector"})
    void focusingOnTheRedCircleOrTheBlueSquareMakesItsLabelWin(String renderer) throws Exception {
        int hits = 0;
        List<String> misses = new ArrayList<>();
        for (Scene scene : scenesWith(Renderers.generator(renderer), "red circle", "blue square")) {
            for (String label : List.of("red circle", "blue square")) {
                String answer = answer(scene, label);
                if (answer.equals(label)) {
                    hits++;
                } else {
                    misses.add(label + " answered " + answer + " in: " + scene.caption());
                }
            }
        }
        assertTrue(hits >= REQUIRED_HITS, hits + " of " + 2 * SCENES + " regions named right; " + misses);
    }

    private static String answer(Scene scene, String label) throws Exception {
        SceneObject object = scene.objects().stream().filter(o -> o.label().equals(label)).findFirst().orElseThrow();
        RegionImage input = new RegionImage(scene.image(), new Region.Mask(object.mask()));
        return classifier.labels().get(classifier.best(model.encoder().encodeImages(List.of(input), EncodeOptions.DEFAULT)
                .embedding(0)));
    }

    /** The first held-out scenes (seed 11, split focus) holding both labels, with 2 to 4 objects. */
    private static List<Scene> scenesWith(SceneGenerator generator, String first, String second) {
        SceneSpec spec = SceneSpec.DEFAULT.withObjects(2, SceneSpec.MAX_OBJECTS);
        List<Scene> scenes = new ArrayList<>();
        for (int i = 0; scenes.size() < SCENES; i++) {
            Scene scene = generator.generate(Seeds.scene(11, "focus", i), spec);
            if (scene.labels().contains(first) && scene.labels().contains(second)) {
                scenes.add(scene);
            }
        }
        return scenes;
    }
}
