package org.alphaclip.ovd.internal.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;

/** Files that appear whole or not at all: written beside the target, then renamed over it. */
public final class AtomicFiles {

    private static final SecureRandom RANDOM = new SecureRandom();

    private AtomicFiles() {
    }

    /**
     * Writes the content through {@code writer} into a new hidden file beside {@code target} (created with the
     * default permissions, so the renamed file has them too).
     */
    public static Path prepare(Path target, Writer writer) throws IOException {
        Path absolute = target.toAbsolutePath();
        Files.createDirectories(absolute.getParent());
        Path temp = absolute.resolveSibling("." + absolute.getFileName() + "." + Long.toHexString(RANDOM.nextLong()) + ".part");
        Files.createFile(temp);
        try {
            writer.write(temp);
            return temp;
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(temp);
            throw e;
        }
    }

    /** Renames a prepared file over its target in one step. */
    public static void commit(Path temp, Path target) throws IOException {
        Files.move(temp, target.toAbsolutePath(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** Replaces {@code target} with {@code bytes} atomically. */
    public static void write(Path target, byte[] bytes) throws IOException {
        commit(prepare(target, temp -> Files.write(temp, bytes)), target);
    }

    /** Fills a temporary file. */
    @FunctionalInterface
    public interface Writer {
        /** Writes the whole content into {@code file}. */
        void write(Path file) throws IOException;
    }
}
