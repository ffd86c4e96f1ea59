package org.alphaclip.ovd.internal.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VocabularyTest {

    @TempDir
    Path dir;

    @Test
    void readsNamesInOrderSkippingCommentsAndBlankLines() throws IOException {
        Path file = dir.resolve("v.txt");
        Files.writeString(file, "# LVIS\nred circle\n\n  blue square  \n");
        assertEquals(List.of("red circle", "blue square"), Vocabulary.read(file).names());
    }

    @Test
    void refusesRepeatedNamesAndEmptyFiles() throws IOException {
        Path file = dir.resolve("v.txt");
        Files.writeString(file, "cat\ndog\ncat\n");
        assertEquals("Vocabulary " + file + " lists 'cat' twice (lines 1 and 3)",
                assertThrows(IOException.class, () -> Vocabulary.read(file)).getMessage());
        Files.writeString(file, "# nothing\n");
        assertTrue(assertThrows(IOException.class, () -> Vocabulary.read(file)).getMessage().contains("holds no class names"));
    }
}
