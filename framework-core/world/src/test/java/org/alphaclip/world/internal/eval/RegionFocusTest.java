package org.alphaclip.world.internal.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
 * {@code focus}; training used split {@code train}), drawn by either renderer.
 */
class RegionFocusTest {

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
        Scene scene = firstSceneWith(Renderers.generator(renderer), "red circle", "blue square");
        assertEquals("red circle", answer(scene, "red circle"), scene.caption());
        assertEquals("blue square", answer(scene, "blue square"), scene.caption());
    }

    private static String answer(Scene scene, String label) throws Exception {
        SceneObject object = scene.objects().stream().filter(o -> o.label().equals(label)).findFirst().orElseThrow();
        RegionImage input = new RegionImage(scene.image(), new Region.Mask(object.mask()));
        return classifier.labels().get(classifier.best(model.encoder().encodeImages(List.of(input), EncodeOptions.DEFAULT)
                .embedding(0)));
    }

    /** The first held-out scene (seed 11, split focus) holding both labels, with 2 to 4 objects. */
    static Scene firstSceneWith(SceneGenerator generator, String first, String second) {
        SceneSpec spec = SceneSpec.DEFAULT.withObjects(2, SceneSpec.MAX_OBJECTS);
        for (int i = 0; ; i++) {
            Scene scene = generator.generate(Seeds.scene(11, "focus", i), spec);
            if (scene.labels().contains(first) && scene.labels().contains(second)) {
                return scene;
            }
        }
    }
}
