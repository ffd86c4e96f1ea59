package org.alphaclip.sdk.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** CSV quoting as RFC 4180 says, and SHA-256 digests that follow a changed file. */
class CsvAndDigestsTest {

    @TempDir
    Path dir;

    @Test
    void fieldsAreQuotedOnlyWhenTheyNeedIt() throws IOException {
        assertEquals("a,\"b,c\",\"say \"\"hi\"\"\",\"two\nlines\",,3\n",
                Csv.row(Arrays.asList("a", "b,c", "say \"hi\"", "two\nlines", null, 3)));
        Path file = dir.resolve("t.csv");
        Csv.write(file, List.of("id", "name"), List.of(List.of(1, "cat"), List.of(2, "hot, dog")));
        assertEquals("id,name\n1,cat\n2,\"hot, dog\"\n", Files.readString(file));
    }

    @Test
    void digestsAreSha256AndFollowChanges() throws IOException {
        assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", FileDigests.sha256("abc".getBytes()));
        Path file = dir.resolve("model.onnx");
        Files.writeString(file, "abc");
        Files.setLastModifiedTime(file, FileTime.fromMillis(System.currentTimeMillis() - 60_000));
        String first = FileDigests.sha256(file);
        assertEquals(FileDigests.sha256("abc".getBytes()), first);
        assertEquals(first, FileDigests.sha256(file));

        Files.writeString(file, "abd");
        Files.setLastModifiedTime(file, FileTime.fromMillis(System.currentTimeMillis() - 30_000));
        assertNotEquals(first, FileDigests.sha256(file));
        assertEquals(FileDigests.sha256("abd".getBytes()), FileDigests.sha256(file));
        assertThrows(IOException.class, () -> FileDigests.sha256(dir));
    }
}
