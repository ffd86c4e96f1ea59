package org.alphaclip.ovd.internal.io;

import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A list of class names read from a text file: one name per line, in order; blank lines and lines starting
 * with {@code #} are skipped. A name may appear only once.
 *
 * @param names the class names in file order
 */
public record Vocabulary(List<String> names) {

    /** Copies the names and checks there is at least one. */
    public Vocabulary {
        names = List.copyOf(names);
        if (names.isEmpty()) {
            throw new IllegalArgumentException("A vocabulary needs at least one class name");
        }
    }

    /**
     * Reads a vocabulary file.
     *
     * @throws IOException when the file cannot be read, is empty or repeats a name; the message names the line
     */
    public static Vocabulary read(Path file) throws IOException {
        List<String> lines;
        if (Files.isDirectory(file)) {
            throw new IOException("Vocabulary " + file + " is a folder, not a file");
        }
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new IOException("No vocabulary file " + file, e);
        } catch (MalformedInputException e) {
            throw new IOException("Vocabulary " + file + " is not UTF-8 text", e);
        }
        List<String> names = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String name = lines.get(i).strip();
            if (name.isEmpty() || name.startsWith("#")) {
                continue;
            }
            Integer earlier = seen.putIfAbsent(name, i + 1);
            if (earlier != null) {
                throw new IOException("Vocabulary " + file + " lists '" + name + "' twice (lines " + earlier + " and "
                        + (i + 1) + ")");
            }
            names.add(name);
        }
        if (names.isEmpty()) {
            throw new IOException("Vocabulary " + file + " holds no class names (one per line)");
        }
        return new Vocabulary(names);
    }
}
