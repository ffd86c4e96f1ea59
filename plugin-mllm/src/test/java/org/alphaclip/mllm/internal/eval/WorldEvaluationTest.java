package org.alphaclip.mllm.internal.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import org.alphaclip.api.region.Region;
import org.alphaclip.api.tensor.FloatTensor;
import org.alphaclip.mllm.DecodingSettings;
import org.alphaclip.mllm.Generation;
import org.alphaclip.mllm.MultimodalModel;
import org.alphaclip.mllm.MultimodalPackageInfo;
import org.alphaclip.mllm.StopReason;
import org.alphaclip.mllm.TokenListener;
import org.alphaclip.world.PixelBox;
import org.alphaclip.world.Scene;
import org.alphaclip.world.SceneGenerator;
import org.alphaclip.world.SceneObject;
import org.alphaclip.world.SceneSpec;
import org.alphaclip.world.SceneSplit;
import org.alphaclip.world.internal.Renderers;
import org.junit.jupiter.api.Test;

/**
 * The world evaluation on generated scenes with a scripted model that answers every object question right when it
 * sees an object's mask and describes a fixed object when it sees alpha all ones: the rates must come out as the
 * script dictates, and the expected answers must follow the tasks file's templates.
 */
class WorldEvaluationTest {

    private static final SceneGenerator RASTER = Renderers.generator("raster");
    private static final List<WorldTask> TASKS = WorldTask.shipped();
    private static final String WHOLE_CAPTION = "a small black blob";

    private final List<Scene> scenes = IntStream.range(0, 6)
            .mapToObj(i -> RASTER.generate(new SceneSplit(7, "test").sceneSeed(i), SceneSpec.DEFAULT)).toList();

    @Test
    void theShippedTasksAreTheTrainersSix() {
        assertEquals(List.of("caption", "colour", "shape", "size", "position", "scene"),
                TASKS.stream().map(WorldTask::type).toList());
        assertEquals(List.of(false, false, false, false, false, true), TASKS.stream().map(WorldTask::whole).toList());
        assertEquals("Describe the image in one short sentence.", TASKS.get(0).question());
        assertEquals(List.of(8, 4, 4, 4, 4, 32), TASKS.stream().map(WorldTask::maxTokens).toList());
    }

    @Test
    void answersFollowTheTemplates() {
        Scene scene = scenes.get(0);
        SceneObject first = scene.objects().get(0);
        PixelBox box = first.box();
        String position = (box.centerY() < scene.image().height() / 2.0 ? "top " : "bottom ")
                + (box.centerX() < scene.image().width() / 2.0 ? "left" : "right");
        assertEquals(first.phrase(), task("caption").answerFor(scene, 0));
        assertEquals(first.colour().word(), task("colour").answerFor(scene, 0));
        assertEquals(position, task("position").answerFor(scene, 0));
        assertEquals(scene.caption(), task("scene").answerFor(scene, -1));
    }

    @Test
    void ratesFollowTheScript() throws Exception {
        Map<Integer, Scene> byMarker = new HashMap<>();
        WorldEvaluation.RegionEncoder encoder = (image, regions) -> {
            Scene scene = scenes.stream().filter(s -> s.image() == image).findFirst().orElseThrow();
            List<FloatTensor> tokens = new ArrayList<>();
            for (int k = 0; k < regions.size(); k++) {
                int marker = byMarker.size();
                byMarker.put(marker, scene);
                int object = regions.get(k) instanceof Region.Whole ? -1 : k;
                tokens.add(new FloatTensor(new long[] {1, 2, 1}, new float[] {marker, object}));
            }
            return tokens;
        };
        MultimodalModel scripted = new ScriptedModel(tokens -> {
            Scene scene = byMarker.get((int) tokens.data()[0]);
            return new Seen(scene, (int) tokens.data()[1]);
        });
        WorldEvaluation.Result result = new WorldEvaluation(scripted, encoder, TASKS).run("raster", scenes, s -> { });

        int regions = scenes.stream().mapToInt(s -> s.objects().size()).sum();
        double random = (double) scenes.size() / regions;   // each scene's objects share one chance in n each
        assertEquals(6, result.scenes());
        assertEquals(regions, result.regions());
        assertEquals(1.0, result.rates().get("caption names colour+shape, mask"));
        assertEquals(0.0, result.rates().get("caption names colour+shape, alpha all ones"));
        assertEquals(random, result.rates().get("caption names colour+shape, one object at random"), 1e-12);
        for (String type : List.of("caption", "colour", "shape", "size", "position", "scene")) {
            assertEquals(1.0, result.rates().get(type + " exact"), type);
        }
        assertEquals(1.0, result.rates().get("scene names each object"));
        assertEquals(regions * 5 + 6 * 2, result.answers(), "five questions per region; per scene the caption and the scene question whole");
        assertEquals(1.0, result.captionScores().get("BLEU-4, mask"), 1e-9);
        assertTrue(result.captionScores().get("CIDEr-D, mask") > 5 * result.captionScores().get("CIDEr-D, alpha all ones"),
                result.captionScores().toString());
    }

    @Test
    void badTasksFilesNameTheProblem() {
        IllegalArgumentException noTypes = assertThrows(IllegalArgumentException.class,
                () -> WorldTask.read(new StringReader("{\"types\": []}"), "t.json"));
        assertEquals("t.json holds no \"types\"", noTypes.getMessage());
        IllegalArgumentException region = assertThrows(IllegalArgumentException.class, () -> WorldTask.read(new StringReader(
                "{\"types\": [{\"type\": \"x\", \"region\": \"box\", \"answer\": \"a\", \"maxTokens\": 2, \"questions\": [\"q\"]}]}"),
                "t.json"));
        assertEquals("t.json: type x needs region 'object' or 'whole' and at least one question", region.getMessage());
        assertThrows(IllegalArgumentException.class, () -> WorldTask.read(new StringReader("[1]"), "t.json"));
        WorldTask unknownField = new WorldTask("x", false, "{weight}", 2, "q");
        assertEquals("Task x: unknown answer field {weight}",
                assertThrows(IllegalArgumentException.class, () -> unknownField.answerFor(scenes.get(0), 0)).getMessage());
    }

    private static WorldTask task(String type) {
        return TASKS.stream().filter(t -> t.type().equals(type)).findFirst().orElseThrow();
    }

    /** The scene and object (-1: alpha all ones) an image tensor stands for. */
    private record Seen(Scene scene, int object) {
    }

    /** Answers each question from the scene it is told about, as the script says. */
    private record ScriptedModel(java.util.function.Function<FloatTensor, Seen> decode) implements MultimodalModel {
        @Override
        public MultimodalPackageInfo info() {
            throw new UnsupportedOperationException();
        }

        @Override
        public Generation generate(FloatTensor imageTokens, String question, DecodingSettings settings,
                TokenListener listener) {
            Seen seen = decode.apply(imageTokens);
            WorldTask task = TASKS.stream().filter(t -> t.question().equals(question)).findFirst().orElseThrow();
            String text = task.whole() ? task.answerFor(seen.scene(), -1)
                    : seen.object() < 0 ? WHOLE_CAPTION : task.answerFor(seen.scene(), seen.object());
            return new Generation(new int[] {1}, text, StopReason.END_OF_SEQUENCE, 1, 0, 0);
        }

        @Override
        public void close() {
        }
    }
}
