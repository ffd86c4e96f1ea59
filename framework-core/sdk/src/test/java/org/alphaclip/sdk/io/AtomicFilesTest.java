package org.alphaclip.sdk.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Output files appear whole or not at all, with the permissions a plain new file gets. */
class AtomicFilesTest {

    @TempDir
    Path dir;

    @Test
    void writesCreateFoldersAndKeepNormalPermissions() throws IOException {
        Path target = dir.resolve("a/b/out.json");
        AtomicFiles.writeString(target, "{\"ok\":true}");

        assertEquals("{\"ok\":true}", Files.readString(target));
        Path plain = Files.createFile(dir.resolve("plain"));
        assertEquals(PosixFilePermissions.toString(Files.getPosixFilePermissions(plain)),
                PosixFilePermissions.toString(Files.getPosixFilePermissions(target)));
        assertEquals(1, count(target.getParent()), "no .part file is left");
    }

    @Test
    void aFailingWriteLeavesTheOldFileAndNoPart() throws IOException {
        Path target = dir.resolve("out.bin");
        AtomicFiles.write(target, new byte[] {1, 2, 3});

        assertThrows(IOException.class, () -> AtomicFiles.write(target, out -> {
            out.write(new byte[] {9, 9});
            throw new IOException("disk full");
        }));

        assertEquals(3, Files.size(target));
        assertEquals(1, count(dir));
    }

    @Test
    void pendingFilesReplaceTheirTargetsOnlyWhenCommitted() throws IOException {
        Path first = dir.resolve("first.txt");
        Path second = dir.resolve("second.txt");
        AtomicFiles.writeString(second, "old");
        try (AtomicFiles.Pending a = AtomicFiles.prepare(first, out -> out.write('a'));
                AtomicFiles.Pending b = AtomicFiles.prepare(second, out -> out.write('b'))) {
            assertFalse(Files.exists(first));
            assertEquals("old", Files.readString(second));
            a.commit();
            assertThrows(IllegalStateException.class, a::commit);
        }
        assertEquals("a", Files.readString(first));
        assertEquals("old", Files.readString(second), "an uncommitted file is dropped on close");
        assertEquals(2, count(dir));
    }

    @Test
    void pngsReadBack() throws IOException {
        BufferedImage image = new BufferedImage(3, 2, BufferedImage.TYPE_INT_RGB);
        image.setRGB(2, 1, 0x123456);
        Path target = dir.resolve("x.png");
        AtomicFiles.writePng(target, image);
        assertEquals(0x123456, ImageIO.read(target.toFile()).getRGB(2, 1) & 0xFFFFFF);
    }

    private static long count(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(Files::isRegularFile).count();
        }
    }
}
