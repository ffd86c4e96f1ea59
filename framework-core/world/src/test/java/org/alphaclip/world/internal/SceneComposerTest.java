package org.alphaclip.world.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;

import org.alphaclip.world.ReferringExpression;
import org.alphaclip.world.Scene;
import org.alphaclip.world.SceneGenerator;
import org.alphaclip.world.SceneObject;
import org.alphaclip.world.SceneSpec;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Scenes of every renderer: determinism, masks, boxes, texts. */
class SceneComposerTest {

    @ParameterizedTest
    @ValueSource(strings = {"raster", "vector", "painted"})
    void theSameSeedGivesTheSameScene(String renderer) {
        SceneGenerator generator = Renderers.generator(renderer);
        for (long seed = 0; seed < 5; seed++) {
            Scene a = generator.generate(seed, SceneSpec.DEFAULT);
            Scene b = Renderers.generator(renderer).generate(seed, SceneSpec.DEFAULT);
            assertArrayEquals(a.image().rgb(), b.image().rgb(), "pixels of seed " + seed);
            assertEquals(a.caption(), b.caption());
            assertEquals(a.expressions(), b.expressions());
            for (int k = 0; k < a.objects().size(); k++) {
                assertArrayEquals(a.objects().get(k).mask().values(), b.objects().get(k).mask().values());
            }
        }
        assertNotEquals(generator.generate(1, SceneSpec.DEFAULT).caption() + generator.generate(2, SceneSpec.DEFAULT).caption(),
                generator.generate(1, SceneSpec.DEFAULT).caption() + generator.generate(1, SceneSpec.DEFAULT).caption());
    }

    @ParameterizedTest
    @ValueSource(strings = {"raster", "vector", "painted"})
    void masksBoxesAndTextsDescribeTheObjects(String renderer) {
        SceneGenerator generator = Renderers.generator(renderer);
        SceneSpec spec = SceneSpec.DEFAULT.withSize(128);
        for (long seed = 0; seed < 40; seed++) {
            Scene scene = generator.generate(seed, spec);
            int n = scene.objects().size();
            assertTrue(n >= 1 && n <= SceneSpec.MAX_OBJECTS);
            Set<String> labels = new HashSet<>();
            byte[] taken = new byte[128 * 128];
            for (SceneObject o : scene.objects()) {
                assertTrue(labels.add(o.label()), "labels are unique within a scene: " + scene.labels());
                int x0 = 128;
                int y0 = 128;
                int x1 = 0;
                int y1 = 0;
                for (int i = 0; i < taken.length; i++) {
                    if (o.mask().values()[i] != 0) {
                        assertEquals(0, taken[i], "visible masks do not overlap");
                        taken[i] = 1;
                        x0 = Math.min(x0, i % 128);
                        y0 = Math.min(y0, i / 128);
                        x1 = Math.max(x1, i % 128 + 1);
                        y1 = Math.max(y1, i / 128 + 1);
                    }
                }
                assertEquals(o.box().x0(), x0);
                assertEquals(o.box().y0(), y0);
                assertEquals(o.box().x1(), x1);
                assertEquals(o.box().y1(), y1);
                assertEquals("a " + o.size().word() + " " + o.label(), o.phrase());
                assertTrue(scene.caption().contains(o.phrase()), scene.caption());
            }
            assertEquals(labels, new HashSet<>(scene.labels()));
            for (int t = 0; t < n; t++) {
                int target = t;
                assertTrue(scene.expressions().contains(new ReferringExpression("the " + scene.objects().get(t).label(), t)));
                assertFalse(scene.expressions().stream().filter(e -> e.target() == target).toList().isEmpty());
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"raster", "vector", "painted"})
    void superlativesAndRelationsPickTheRightObject(String renderer) {
        SceneGenerator generator = Renderers.generator(renderer);
        int checked = 0;
        for (long seed = 0; seed < 60; seed++) {
            Scene scene = generator.generate(seed, SceneSpec.DEFAULT.withObjects(3, 4));
            for (ReferringExpression e : scene.expressions()) {
                SceneObject target = scene.objects().get(e.target());
                if (e.text().equals("the leftmost shape")) {
                    for (SceneObject o : scene.objects()) {
                        assertTrue(target.box().centerX() <= o.box().centerX());
                    }
                    checked++;
                } else if (e.text().startsWith("the biggest ") && !e.text().endsWith("shape")) {
                    assertTrue(e.text().endsWith(target.shape().word()));
                    checked++;
                } else if (e.text().contains(" left of the ")) {
                    String anchor = e.text().substring(e.text().indexOf(" left of the ") + 13);
                    SceneObject other = scene.objects().stream().filter(o -> o.label().equals(anchor)).findFirst().orElseThrow();
                    assertTrue(target.box().centerX() < other.box().centerX(), e.text());
                    checked++;
                }
            }
        }
        assertTrue(checked > 20, "enough expressions checked: " + checked);
    }
}
