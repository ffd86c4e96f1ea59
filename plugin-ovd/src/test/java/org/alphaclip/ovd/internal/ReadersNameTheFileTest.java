package org.alphaclip.ovd.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.alphaclip.ovd.internal.classify.RegionSources;
import org.alphaclip.ovd.internal.eval.AnnotationFile;
import org.alphaclip.ovd.internal.io.Vocabulary;
import org.alphaclip.ovd.internal.mine.Dataset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Found by fuzzing the ovd:* arguments: a folder or a file that is not UTF-8 given where a file is expected
 * was refused with the bare JDK message ({@code Error: Is a directory}, {@code Error: Input length = 1}); now
 * the message names the file and says what is wrong.
 */
class ReadersNameTheFileTest {

    @TempDir
    Path dir;

    private interface Reader {
        void read(Path file) throws IOException;
    }

    private static void assertMessage(Reader reader, Path file, String expected) {
        assertEquals(expected, assertThrows(IOException.class, () -> reader.read(file)).getMessage());
    }

    @Test
    void foldersAreNamed() {
        assertMessage(Vocabulary::read, dir, "Vocabulary " + dir + " is a folder, not a file");
        assertMessage(file -> Dataset.fromList(dir, file, null), dir, "The list file " + dir + " is a folder, not a file");
        assertMessage(file -> RegionSources.boxes(file, 64, 48), dir, "Boxes file " + dir + " is a folder, not a file");
        assertMessage(AnnotationFile::read, dir, "Annotation file " + dir + " is a folder, not a file");
    }

    @Test
    void filesThatAreNotUtf8AreNamed() throws IOException {
        Path binary = Files.write(dir.resolve("picture.json"), new byte[] {'[', (byte) 0x89, 'P', 'N', 'G', (byte) 0xff, ']'});
        assertMessage(Vocabulary::read, binary, "Vocabulary " + binary + " is not UTF-8 text");
        assertMessage(file -> RegionSources.boxes(file, 64, 48), binary, "Boxes file " + binary + " is not UTF-8 text");
        assertMessage(AnnotationFile::read, binary, "Annotation file " + binary + " is not UTF-8 text");
    }
}
