package org.alphaclip.web.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.alphaclip.api.image.GrayImage;
import org.alphaclip.api.image.ImageReader;
import org.alphaclip.api.image.InvalidImageException;
import org.alphaclip.api.image.RgbImage;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The page's file areas: references stay inside their area (no {@code ..}, no absolute path, no link out), uploads
 * are checked for size, decoding and pixels before they are kept, and nothing half-written stays.
 */
class WebFilesTest {

    @TempDir
    Path root;
    private WebFiles files;

    /** Reads "images" whose first byte is the side of a square (no real decoding needed here). */
    private static final class SquareReader implements ImageReader {
        @Override
        public RgbImage readImage(Path file) throws InvalidImageException {
            try {
                byte[] bytes = Files.readAllBytes(file);
                if (bytes.length == 0 || bytes[0] == 'x') {
                    throw new InvalidImageException(file + ": is not an image");
                }
                int side = bytes[0] & 0xff;
                return new RgbImage(side, side, new byte[side * side * 3], null);
            } catch (IOException e) {
                throw new InvalidImageException(e.getMessage());
            }
        }

        @Override
        public GrayImage readMask(Path file) {
            throw new UnsupportedOperationException();
        }

        @Override
        public long maxPixels() {
            return 1_000_000;
        }
    }

    @BeforeEach
    void areas() throws IOException {
        Path images = Files.createDirectories(root.resolve("images/a"));
        Files.write(images.resolve("one.png"), new byte[] {4});
        Files.writeString(root.resolve("secret.txt"), "no");
        files = new WebFiles(root.resolve("work"), root.resolve("images"), 100, 100, new SquareReader());
    }

    @Test
    void referencesStayInsideTheirArea() throws IOException {
        assertEquals(root.resolve("images/a/one.png").toRealPath(), files.resolve("images/a/one.png"));
        for (String outside : List.of("images/../secret.txt", "images/a/../../secret.txt", "uploads/../../secret.txt",
                "/etc/passwd", "etc/passwd", "images", "jobs/../../secret.txt")) {
            WebException refused = assertThrows(WebException.class, () -> files.resolve(outside), outside);
            assertEquals(403, refused.status(), outside + ": " + refused.getMessage());
        }
        Files.createSymbolicLink(root.resolve("images/a/link.txt"), root.resolve("secret.txt"));
        assertEquals(403, assertThrows(WebException.class, () -> files.resolve("images/a/link.txt")).status(),
                "a link out of the folder is refused");
        assertEquals(404, assertThrows(WebException.class, () -> files.resolve("images/a/none.png")).status());
        assertEquals(List.of("images/a/one.png"), files.listImages("", 10));
        assertEquals(403, assertThrows(WebException.class, () -> files.listImages("..", 10)).status());
    }

    @Test
    void uploadsAreCheckedBeforeTheyAreKept() throws IOException {
        WebFiles.Upload kept = files.store(new ByteArrayInputStream(new byte[] {8, 1, 2}), 3, "photo.PNG");
        assertEquals(8, kept.width());
        assertTrue(kept.file().startsWith("uploads/") && kept.file().endsWith(".png"), kept.file());
        WebException big = assertThrows(WebException.class, () -> files.store(new ByteArrayInputStream(new byte[101]), -1,
                "a.png"));
        assertEquals(413, big.status(), "over the size limit even without a declared length");
        assertEquals(413, assertThrows(WebException.class, () -> files.store(new ByteArrayInputStream(new byte[1]), 5000,
                "a.png")).status(), "a declared length over the limit is refused before reading");
        WebException broken = assertThrows(WebException.class, () -> files.store(new ByteArrayInputStream(new byte[] {'x'}),
                1, "a.png"));
        assertEquals(400, broken.status());
        WebException pixels = assertThrows(WebException.class, () -> files.store(new ByteArrayInputStream(new byte[] {11}),
                1, "a.png"));
        assertEquals(413, pixels.status(), "121 pixels over a limit of 100: " + pixels.getMessage());
        try (Stream<Path> stored = Files.list(root.resolve("work/uploads"))) {
            assertEquals(List.of(kept.file().substring("uploads/".length())),
                    stored.map(p -> p.getFileName().toString()).toList(), "only the good upload is kept");
        }
    }
}
