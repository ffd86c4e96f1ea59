package org.alphaclip.ovd.internal.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AnnotationFileTest {

    @TempDir
    Path dir;

    @Test
    void readsADatasetWithCompressedAndPlainRle() throws IOException {
        Path file = dir.resolve("gt.json");
        Files.writeString(file, """
                {"info": {"x": [1, 2]}, "images": [{"id": 3, "width": 2, "height": 3}, {"id": 4}],
                 "categories": [{"id": 7, "name": "a"}],
                 "annotations": [
                   {"id": 1, "image_id": 3, "category_id": 7, "segmentation": {"size": [3, 2], "counts": "11110"}},
                   {"id": 2, "image_id": 4, "category_id": 7, "bbox": [1, 2, 3, 4],
                    "segmentation": {"size": [3, 2], "counts": [1, 1, 1, 2, 1]}, "score": 0.25}]}
                """);
        AnnotationFile read = AnnotationFile.read(file);
        assertEquals(List.of(3L, 4L), read.imageIds());
        assertEquals(List.of(7), read.categoryIds());
        Instance first = read.instances().get(0);
        assertArrayEquals(new double[] {0, 0, 2, 2}, first.bbox());
        assertEquals(1.0, first.score());
        assertEquals(first.mask(), read.instances().get(1).mask());
        assertEquals(0.25, read.instances().get(1).score());
    }

    @Test
    void readsAResultList() throws IOException {
        Path file = dir.resolve("results.json");
        Files.writeString(file, "[{\"image_id\": 1, \"category_id\": 2, \"bbox\": [0, 0, 5, 5], \"score\": 0.5}]");
        AnnotationFile read = AnnotationFile.read(file);
        assertTrue(read.imageIds().isEmpty());
        assertNull(read.instances().get(0).mask());
    }

    @Test
    void refusesPolygonsAndOtherFiles() throws IOException {
        Path polygons = dir.resolve("polygons.json");
        Files.writeString(polygons, "{\"annotations\": [{\"image_id\": 1, \"category_id\": 1, \"segmentation\": [[0, 0, 1, 0, 1, 1]]}]}");
        IOException e = assertThrows(IOException.class, () -> AnnotationFile.read(polygons));
        assertTrue(e.getMessage().contains("polygon segmentations are not supported"), e.getMessage());
        Path text = dir.resolve("text.json");
        Files.writeString(text, "hello");
        assertTrue(assertThrows(IOException.class, () -> AnnotationFile.read(text)).getMessage()
                .contains("is not a COCO/LVIS annotation or result file"));
        assertTrue(assertThrows(IOException.class, () -> AnnotationFile.read(dir.resolve("none.json"))).getMessage()
                .startsWith("No annotation file"));
    }
}
