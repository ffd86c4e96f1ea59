package org.alphaclip.ovd.internal.classify;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.alphaclip.api.region.Region;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RegionSourcesTest {

    @TempDir
    Path dir;

    @Test
    void readsCornerBoxesAndCocoBoxes() throws IOException {
        Path file = dir.resolve("boxes.json");
        Files.writeString(file, "[[10, 20, 30, 40], {\"bbox\": [5, 5, 10.5, 100]}]");
        List<RegionQuery> regions = RegionSources.boxes(file, 64, 48);
        assertEquals(new Region.Box(10, 20, 30, 40), regions.get(0).region());
        assertEquals(new Region.Box(5, 5, 15.5, 105), regions.get(1).region());
        assertArrayEquals(new int[] {5, 5, 16, 48}, regions.get(1).box());
        assertEquals("boxes.json #2", regions.get(1).source());
    }

    @Test
    void refusesBoxesOutsideTheImageOrMalformed() throws IOException {
        Path file = dir.resolve("boxes.json");
        Files.writeString(file, "[[100, 100, 120, 120]]");
        assertTrue(assertThrows(IOException.class, () -> RegionSources.boxes(file, 64, 48)).getMessage()
                .contains("lies outside the 64x48 image"));
        Files.writeString(file, "[[1, 2, 3]]");
        assertTrue(assertThrows(IOException.class, () -> RegionSources.boxes(file, 64, 48)).getMessage()
                .contains("box #1 of " + file + " must be [x0, y0, x1, y1]"));
        Files.writeString(file, "[[5, 5, 1, 1]]");
        assertTrue(assertThrows(IOException.class, () -> RegionSources.boxes(file, 64, 48)).getMessage()
                .contains("x0 < x1"));
    }
}
