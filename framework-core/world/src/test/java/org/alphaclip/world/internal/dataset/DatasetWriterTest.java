package org.alphaclip.world.internal.dataset;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.alphaclip.core.internal.image.ImageFileReader;
import org.alphaclip.world.Scene;
import org.alphaclip.world.SceneGenerator;
import org.alphaclip.world.SceneSpec;
import org.alphaclip.world.internal.Renderers;
import org.alphaclip.world.internal.Seeds;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/** Dataset folders: byte-identical from the same seed, readable back, in the documented layout. */
class DatasetWriterTest {

    private static final SceneSpec SPEC = SceneSpec.DEFAULT.withSize(128);

    @TempDir
    Path dir;

    @Test
    void regeneratingFromTheSameSeedGivesIdenticalFiles() throws IOException {
        SceneGenerator raster = Renderers.generator("raster");
        DatasetWriter.write(raster, 5, "train", 12, SPEC, dir.resolve("a"), done -> { });
        DatasetWriter.write(Renderers.generator("raster"), 5, "train", 12, SPEC, dir.resolve("b"), done -> { });
        DatasetWriter.write(raster, 6, "train", 12, SPEC, dir.resolve("c"), done -> { });
        List<Path> files = files(dir.resolve("a"));
        assertEquals(files, files(dir.resolve("b")));
        assertTrue(files.size() > 12 * 2, "images, masks and the two JSON files: " + files.size());
        for (Path file : files) {
            assertArrayEquals(Files.readAllBytes(dir.resolve("a").resolve(file)),
                    Files.readAllBytes(dir.resolve("b").resolve(file)), file.toString());
        }
        assertFalse(java.util.Arrays.equals(Files.readAllBytes(dir.resolve("a/scenes.jsonl")),
                Files.readAllBytes(dir.resolve("c/scenes.jsonl"))), "another seed gives other scenes");
    }

    @Test
    void trainAndTestSplitsDoNotShareScenes() {
        assertNotEquals(Seeds.scene(1, "train", 0), Seeds.scene(1, "test", 0));
        assertNotEquals(Seeds.scene(1, "train", 0), Seeds.scene(2, "train", 0));
        assertNotEquals(Seeds.scene(1, "train", 0), Seeds.scene(1, "train", 1));
    }

    @Test
    void scenesReadBackAsGenerated() throws IOException {
        SceneGenerator vector = Renderers.generator("vector");
        Path scenes = DatasetWriter.write(vector, 9, "test", 4, SPEC, dir, done -> { });
        List<Scene> read = DatasetReader.read(dir, 100, new ImageFileReader(ImageFileReader.MAX_SUPPORTED_PIXELS));
        assertEquals(4, read.size());
        for (int i = 0; i < read.size(); i++) {
            Scene generated = vector.generate(Seeds.scene(9, "test", i), SPEC);
            Scene back = read.get(i);
            assertArrayEquals(generated.image().rgb(), back.image().rgb());
            assertEquals(generated.objects().size(), back.objects().size());
            for (int k = 0; k < generated.objects().size(); k++) {
                assertEquals(generated.objects().get(k).box(), back.objects().get(k).box());
                assertEquals(generated.objects().get(k).phrase(), back.objects().get(k).phrase());
                assertArrayEquals(generated.objects().get(k).mask().values(), back.objects().get(k).mask().values());
            }
            assertEquals(generated.expressions(), back.expressions());
            assertEquals(generated.caption(), back.caption());
        }
        JsonObject first = JsonParser.parseString(Files.readAllLines(scenes).get(0)).getAsJsonObject();
        assertEquals("images/test-000000.png", first.get("image").getAsString());
        JsonObject object = first.getAsJsonArray("objects").get(0).getAsJsonObject();
        assertEquals("masks/test-000000-0.png", object.get("mask").getAsString());
        assertEquals(4, object.getAsJsonArray("box").size());
        assertEquals(object.get("colour").getAsString() + " " + object.get("shape").getAsString(),
                object.get("label").getAsString());
    }

    private static List<Path> files(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(Files::isRegularFile).map(root::relativize).sorted().toList();
        }
    }
}
