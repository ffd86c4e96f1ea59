package org.alphaclip.ovd.internal.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

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
    void readsLvisFrequenciesAndFederatedLabels() throws IOException {
        Path file = dir.resolve("lvis.json");
        Files.writeString(file, """
                {"images": [{"id": 1, "neg_category_ids": [2, 3], "not_exhaustive_category_ids": [1]},
                            {"id": 2, "not_exhaustive_category_ids": []}, {"id": 3}],
                 "categories": [{"id": 1, "frequency": "r"}, {"id": 2, "frequency": "f"}, {"id": 3}],
                 "annotations": []}
                """);
        AnnotationFile read = AnnotationFile.read(file);
        assertTrue(read.lvis());
        assertEquals(Map.of(1, "r", 2, "f"), read.frequencies());
        assertEquals(new AnnotationFile.FederatedLabels(Set.of(2, 3), Set.of(1)), read.federatedLabels(1));
        assertEquals(AnnotationFile.FederatedLabels.NONE, read.federatedLabels(2));
        assertEquals(AnnotationFile.FederatedLabels.NONE, read.federatedLabels(3));
        assertEquals(Set.of(1L, 2L), read.federatedLabels().keySet());
        Path coco = dir.resolve("coco.json");
        Files.writeString(coco, "{\"images\": [{\"id\": 1}], \"categories\": [{\"id\": 1, \"name\": \"a\"}], \"annotations\": []}");
        assertFalse(AnnotationFile.read(coco).lvis());
        Path wrong = dir.resolve("wrong.json");
        Files.writeString(wrong, "{\"categories\": [{\"id\": 4, \"frequency\": \"rare\"}]}");
        assertTrue(assertThrows(IOException.class, () -> AnnotationFile.read(wrong)).getMessage()
                .endsWith("category 4 has frequency 'rare'; LVIS's groups are r, c and f"));
    }

    @Test
    void areasAreReadAsLvisApiDoes() throws IOException {
        // a mask of 4 pixels in a 2 x 3 image (its first column and the middle of its second): box [0, 0, 2, 3]
        String mask = "\"segmentation\": {\"size\": [3, 2], \"counts\": [0, 3, 1, 1, 1]}";
        Path annotations = dir.resolve("gt.json");
        Files.writeString(annotations, "{\"annotations\": [{\"image_id\": 1, \"category_id\": 1, \"bbox\": [0, 0, 5, 5],"
                + " \"area\": 7.5, " + mask + "}, {\"image_id\": 1, \"category_id\": 1, \"bbox\": [0, 0, 5, 5], " + mask
                + "}, {\"image_id\": 1, \"category_id\": 1, \"bbox\": [0, 0, 5, 6]}]}");
        // annotations: the area field, else the mask's pixels, else the box
        assertEquals(List.of(7.5, 4.0, 30.0), areas(annotations));
        // a result list whose first result has a box: every area is the box's (the mask's box where only a mask is
        // given), area fields are not read
        Path boxes = dir.resolve("boxes.json");
        Files.writeString(boxes, "[{\"image_id\": 1, \"category_id\": 1, \"bbox\": [0, 0, 5, 5], \"area\": 7.5, " + mask
                + "}, {\"image_id\": 1, \"category_id\": 1, " + mask + "}]");
        assertEquals(List.of(25.0, 6.0), areas(boxes));
        // one whose first result has only a mask: the masks' pixels
        Path masks = dir.resolve("masks.json");
        Files.writeString(masks, "[{\"image_id\": 1, \"category_id\": 1, " + mask + "},"
                + " {\"image_id\": 1, \"category_id\": 1, \"bbox\": [0, 0, 5, 5], " + mask + "}]");
        assertEquals(List.of(4.0, 4.0), areas(masks));
    }

    private static List<Double> areas(Path file) throws IOException {
        return AnnotationFile.read(file).instances().stream().map(Instance::area).toList();
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
