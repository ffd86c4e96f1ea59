package org.alphaclip.sdk.command;

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

/** {@link RegionOptions#readBoxes} (moved from plugin-rec's DetectionFilesTest, which read BOXES.json itself). */
class ReadBoxesTest {

    @TempDir
    Path dir;

    @Test
    void boxesFilesHoldCornerBoxesOrCocoBoxes() throws IOException {
        assertEquals(List.of(new Region.Box(1, 2, 3, 4), new Region.Box(0, 0, 10.5, 8)),
                RegionOptions.readBoxes(write("boxes.json", "[[1, 2, 3, 4], [0, 0, 10.5, 8]]")));
        assertEquals(List.of(new Region.Box(1, 2, 4, 6)), RegionOptions.readBoxes(write("coco.json", "[{\"bbox\": [1, 2, 3, 4]}]")));
        assertMessage(write("b1.json", "[[3, 2, 1, 4]]"), "box #1 of");
        assertMessage(write("b2.json", "[]"), "holds no boxes");
        assertMessage(write("b3.json", "{\"boxes\": []}"), "must hold a list of boxes");
        assertMessage(write("b4.json", "[[1, 2, 3]]"), "must be [x0, y0, x1, y1]");
    }

    /** Found by fuzzing rec:locate's arguments: a folder or a non-UTF-8 file was refused as "Is a directory" / "Input length = 1". */
    @Test
    void foldersAndBinaryFilesAreNamed() throws IOException {
        Path binary = Files.write(dir.resolve("picture.json"), new byte[] {(byte) 0x89, 'P', 'N', 'G', (byte) 0xff, (byte) 0xfe});
        assertMessage(dir, "Boxes file " + dir + " is a folder, not a file");
        assertMessage(binary, "Boxes file " + binary + " is not UTF-8 text");
        assertMessage(dir.resolve("missing.json"), "does not exist");
    }

    private Path write(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }

    private static void assertMessage(Path file, String expected) {
        IOException e = assertThrows(IOException.class, () -> RegionOptions.readBoxes(file));
        assertTrue(e.getMessage().contains(expected), "message: " + e.getMessage());
    }
}
