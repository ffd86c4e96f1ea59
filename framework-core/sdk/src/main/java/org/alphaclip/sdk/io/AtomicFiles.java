package org.alphaclip.sdk.io;

import java.awt.image.RenderedImage;
import java.io.BufferedOutputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;

import javax.imageio.ImageIO;

/**
 * Output files that appear whole or not at all: the content goes into a hidden file beside the target
 * ({@code .NAME.RANDOM.part}, created with the default permissions, so the result has them too, unlike
 * {@link Files#createTempFile}), is forced to disk, and is then renamed over the target in one step. A crash
 * leaves the old file (or none) and at most a {@code .part} file, never half a result.
 *
 * <pre>{@code
 * AtomicFiles.writeString(Path.of("report.json"), json);
 * try (AtomicFiles.Pending a = AtomicFiles.prepare(first, out -> ...);
 *      AtomicFiles.Pending b = AtomicFiles.prepare(second, out -> ...)) {
 *     a.commit();   // both are written before either replaces its target
 *     b.commit();
 * }
 * }</pre>
 */
public final class AtomicFiles {

    private static final SecureRandom RANDOM = new SecureRandom();

    private AtomicFiles() {
    }

    /** Writes a file's content into a stream. */
    @FunctionalInterface
    public interface Content {
        /** Writes the whole content; the stream is closed by the caller. */
        void writeTo(OutputStream out) throws IOException;
    }

    /** Replaces {@code target} with {@code bytes}, creating its folder if needed. */
    public static void write(Path target, byte[] bytes) throws IOException {
        write(target, out -> out.write(bytes));
    }

    /** Replaces {@code target} with {@code text} as UTF-8. */
    public static void writeString(Path target, String text) throws IOException {
        write(target, text.getBytes(StandardCharsets.UTF_8));
    }

    /** Replaces {@code target} with the image as PNG. */
    public static void writePng(Path target, RenderedImage image) throws IOException {
        write(target, out -> {
            if (!ImageIO.write(image, "png", out)) {
                throw new IOException("No PNG writer for this image type");
            }
        });
    }

    /** Replaces {@code target} with what {@code content} writes. */
    public static void write(Path target, Content content) throws IOException {
        try (Pending pending = prepare(target, content)) {
            pending.commit();
        }
    }

    /**
     * Writes the content beside {@code target} without replacing it yet, so that several files can be
     * written first and then committed together; closing a pending file that was not committed deletes it.
     */
    public static Pending prepare(Path target, Content content) throws IOException {
        Path absolute = target.toAbsolutePath();
        Files.createDirectories(absolute.getParent());
        Path temp = absolute.resolveSibling("." + absolute.getFileName() + "." + Long.toHexString(RANDOM.nextLong()) + ".part");
        try (FileOutputStream file = new FileOutputStream(temp.toFile());
                OutputStream out = new BufferedOutputStream(file, 1 << 16)) {
            content.writeTo(out);
            out.flush();
            file.getFD().sync();
        } catch (IOException | RuntimeException | Error e) {
            Files.deleteIfExists(temp);
            throw e;
        }
        return new Pending(temp, absolute);
    }

    /** A written file waiting to replace its target. */
    public static final class Pending implements AutoCloseable {
        private final Path temp;
        private final Path target;
        private boolean committed;

        private Pending(Path temp, Path target) {
            this.temp = temp;
            this.target = target;
        }

        /** The file this one replaces when committed. */
        public Path target() {
            return target;
        }

        /** Renames the written file over the target in one step. */
        public void commit() throws IOException {
            if (committed) {
                throw new IllegalStateException(target + " is already committed");
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            committed = true;
        }

        /** Deletes the written file unless it was committed. */
        @Override
        public void close() throws IOException {
            if (!committed) {
                Files.deleteIfExists(temp);
            }
        }
    }
}
