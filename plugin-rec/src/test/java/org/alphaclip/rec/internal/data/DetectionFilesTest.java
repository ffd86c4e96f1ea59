package org.alphaclip.rec.internal.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.alphaclip.api.region.Region;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ReCLIP detection and dataset files and the synthetic world's scene lists. */
class DetectionFilesTest {

    @TempDir
    Path dir;

    @Test
    void reclipDetectionDictionariesConvertXywhToCorners() throws IOException {
        Path file = write("dets.json", "{\"581857\": [[10, 20, 30, 40], [0.5, 1.5, 2, 3, 0.98]], \"42\": []}");
        Map<String, List<Region.Box>> dets = ReclipDetections.read(file);
        assertEquals(List.of(new Region.Box(10, 20, 40, 60), new Region.Box(0.5, 1.5, 2.5, 4.5)), dets.get("581857"));
        assertEquals(List.of(), dets.get("42"));
    }

    @Test
    void reclipDetectionListsAreGroupedByImage() throws IOException {
        Path file = write("dets.json", "[{\"image_id\": 7, \"box\": [1, 2, 3, 4]}, {\"image_id\": 7, \"box\": [5, 5, 1, 1]},"
                + " {\"image_id\": \"8\", \"box\": [0, 0, 10, 10]}]");
        Map<String, List<Region.Box>> dets = ReclipDetections.read(file);
        assertEquals(List.of(new Region.Box(1, 2, 4, 6), new Region.Box(5, 5, 6, 6)), dets.get("7"));
        assertEquals(List.of(new Region.Box(0, 0, 10, 10)), dets.get("8"));
    }

    @Test
    void malformedDetectionsAreNamed() throws IOException {
        assertMessage(ReclipDetections::read, write("a.json", "{\"5\": [[1, 2, 3]]}"), "box 0 of detections of image 5");
        assertMessage(ReclipDetections::read, write("b.json", "{\"5\": [[1, 2, \"x\", 4]]}"), "must be a list of 4 numbers");
        assertMessage(ReclipDetections::read, write("c.json", "{\"5\": [[1, 2, 0, 4]]}"), "has no area");
        assertMessage(ReclipDetections::read, write("d.json", "{\"5\": 3}"), "must be a list of [x, y, w, h] boxes");
        assertMessage(ReclipDetections::read, write("e.json", "[{\"box\": [1, 2, 3, 4]}]"), "detection 0");
        assertMessage(ReclipDetections::read, write("f.json", "{oops"), "is not JSON");
        assertMessage(ReclipDetections::read, write("g.json", "17"), "must hold an object");
        assertMessage(ReclipDetections::read, dir.resolve("missing.json"), "does not exist");
    }

    @Test
    void reclipDatasetsFindImagesGoldBoxesAndSentences() throws IOException {
        Path file = write("refcoco_val.jsonl", """
                {"file_name": "COCO_train2014_000000581857_16.jpg", "image_id": 581857, "ann_id": 1719310, \
                "anns": [{"id": 1719310, "bbox": [103.93, 299.99, 134.22, 177.42]}, {"id": 5, "bbox": [0, 0, 10, 10]}], \
                "sentences": [{"raw": "the lady with the blue shirt"}, {"raw": "lady with back to us"}]}

                {"file_name": "gta_0001.png", "image_id": "g1", "ann_id": ["a", "b"], \
                "anns": [{"id": "a", "bbox": [0, 0, 5, 5]}, {"id": "b", "bbox": [5, 5, 5, 5]}, {"id": "c", "bbox": [1, 1, 1, 1]}], \
                "sentences": [{"raw": "two men"}]}
                """);
        EvalSplit split = ReclipDataset.read(file, dir, ReclipDetections.read(write("d.json", "{\"581857\": [[1, 1, 2, 2]]}")));
        assertEquals("refcoco_val", split.name());
        assertEquals(2, split.images().size());
        EvalImage first = split.images().get(0);
        assertEquals(dir.resolve("COCO_train2014_000000581857.jpg"), first.image());
        assertEquals(List.of(new Region.Box(1, 1, 3, 3)), first.boxes());
        assertEquals(List.of(new Region.Box(103.93, 299.99, 103.93 + 134.22, 299.99 + 177.42)), first.expressions().get(0).gold());
        assertEquals("lady with back to us", first.expressions().get(1).text());
        EvalImage second = split.images().get(1);
        assertEquals(dir.resolve("gta_0001.png"), second.image());
        assertEquals(2, second.expressions().get(0).gold().size());
        assertTrue(second.boxes().isEmpty(), "no detections for g1: the whole image will be the proposal");
        assertTrue(second.notes().get(0).contains("no detections"));
        assertEquals(3, ReclipDataset.read(file, dir, null).images().get(1).boxes().size(), "without detections: annotated boxes");
        assertEquals(3, split.expressionCount());
    }

    @Test
    void malformedReclipLinesAreNamed() throws IOException {
        assertMessage(f -> ReclipDataset.read(f, dir, null), write("x.jsonl", "{\"file_name\": \"a.jpg\"}"),
                "line 1: missing field 'image_id'");
        assertMessage(f -> ReclipDataset.read(f, dir, null), write("y.jsonl", "\n[1, 2]"), "line 2 is not a ReCLIP datum");
        assertMessage(f -> ReclipDataset.read(f, dir, null), write("z.jsonl", "{\"file_name\": \"a.jpg\", \"image_id\": 1, "
                + "\"ann_id\": 9, \"anns\": [{\"id\": 1, \"bbox\": [0, 0, 1, 1]}], \"sentences\": []}"), "referred ann_id 9");
        assertEquals("COCO_val2014_000000000001.jpg", ReclipDataset.imageFileName("COCO_val2014_000000000001_77.jpg"));
        assertEquals("black_wearing/x_1.png", ReclipDataset.imageFileName("black_wearing/x_1.png"));
    }

    @Test
    void worldScenesUseObjectBoxesMasksAndTargets() throws IOException {
        Path folder = Files.createDirectories(dir.resolve("world-test"));
        Files.writeString(folder.resolve(WorldDataset.SCENES), """
                {"id": "test-000000", "image": "images/test-000000.png", "objects": [\
                {"box": [10, 10, 50, 40], "mask": "masks/test-000000-0.png"}, {"box": [60, 5, 90, 30], "mask": "masks/test-000000-1.png"}], \
                "expressions": [{"text": "the red circle", "target": 0}, {"text": "the star", "target": 1}]}
                """);
        assertTrue(WorldDataset.isWorld(folder));
        assertTrue(WorldDataset.isWorld(folder.resolve(WorldDataset.SCENES)));
        EvalSplit split = WorldDataset.read(folder);
        assertEquals("world-test", split.name());
        EvalImage scene = split.images().get(0);
        assertEquals(List.of(new Region.Box(10, 10, 50, 40), new Region.Box(60, 5, 90, 30)), scene.boxes());
        assertEquals(folder.toAbsolutePath().resolve("masks/test-000000-1.png"), scene.trueMasks().get(1));
        assertEquals(List.of(new Region.Box(60, 5, 90, 30)), scene.expressions().get(1).gold());
        assertEquals("test-000000:1", scene.expressions().get(1).key());

        Files.writeString(folder.resolve(WorldDataset.SCENES), "{\"id\": \"s\", \"image\": \"i.png\", \"objects\": [], "
                + "\"expressions\": [{\"text\": \"x\", \"target\": 2}]}\n");
        assertMessage(WorldDataset::read, folder, "targets object 2 of 0");
        assertMessage(WorldDataset::read, dir.resolve("nothing"), "No scene list");
    }

    /** Found by fuzzing rec:locate's arguments: a folder or a non-UTF-8 file was refused as "Is a directory" / "Input length = 1". */
    @Test
    void foldersAndBinaryFilesAreNamed() throws IOException {
        Path binary = Files.write(dir.resolve("picture.json"), new byte[] {(byte) 0x89, 'P', 'N', 'G', (byte) 0xff, (byte) 0xfe});
        assertMessage(ReclipDetections::read, dir, "Detections file " + dir + " is a folder, not a file");
        assertMessage(ReclipDetections::read, binary, "Detections file " + binary + " is not JSON");
        assertMessage(file -> ReclipDataset.read(file, dir, null), binary, "Dataset file " + binary + " is not UTF-8 text");
        Path world = Files.createDirectories(dir.resolve("world"));
        Files.write(world.resolve(WorldDataset.SCENES), new byte[] {'{', (byte) 0xc3, '}', '\n'});
        assertMessage(WorldDataset::read, world, "Scene list " + world.resolve(WorldDataset.SCENES) + " is not UTF-8 text");
    }

    private Path write(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }

    private interface Reader {
        Object read(Path file) throws IOException;
    }

    private static void assertMessage(Reader reader, Path file, String expected) {
        IOException e = assertThrows(IOException.class, () -> reader.read(file));
        assertTrue(e.getMessage().contains(expected), "message: " + e.getMessage());
    }
}
