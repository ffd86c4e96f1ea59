package org.alphaclip.sdk.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.List;
import java.util.stream.Stream;

/**
 * The reference fixture sets that parity tests check, found under one fixture root: the system property
 * {@value #PROPERTY}, which the build sets from the Maven property of the same name (default: the
 * repository's {@code fixtures/} folder). The root has the reference layout: {@code alphaclip-reference/} and
 * {@code sam-reference/} are one set each (the whole folder), {@code mllm-reference/llava-tiny-*} and the like
 * hold one set per subfolder. A parity test checks every set it finds, reading every case from the set's own
 * index files, so {@code mvn -pl MODULE verify -Dalphaclip.fixtures=DIR} checks another root's sets.
 */
public final class FixtureSets {

    /** The system property naming the fixture root. */
    public static final String PROPERTY = "alphaclip.fixtures";

    private FixtureSets() {
    }

    /** The fixture root, absolute; fails with one line when the property is not set or names no folder. */
    public static Path root() {
        String configured = System.getProperty(PROPERTY);
        if (configured == null || configured.isBlank()) {
            throw new IllegalStateException("System property " + PROPERTY + " is not set: run the tests through Maven"
                    + " (it sets the repository's fixtures/ folder) or pass -D" + PROPERTY + "=DIR");
        }
        Path root = Path.of(configured).toAbsolutePath().normalize();
        if (!Files.isDirectory(root)) {
            throw new IllegalStateException("Fixture root " + root + " (-D" + PROPERTY + ") is not a folder");
        }
        return root;
    }

    /** The set of a layout whose whole folder is one set, e.g. {@code alphaclip-reference}. */
    public static Path set(String folder) {
        Path set = root().resolve(folder);
        if (!Files.isDirectory(set)) {
            throw new IllegalStateException("No " + folder + " set under the fixture root " + root());
        }
        return set;
    }

    /**
     * Every set of a layout with one set per subfolder, e.g. {@code sets("mllm-reference", "llava-tiny-*")}, sorted
     * by name; fails when there is none, so a root without the sets a test checks is noticed.
     */
    public static List<Path> sets(String folder, String glob) {
        Path parent = root().resolve(folder);
        PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + glob);
        List<Path> sets;
        try (Stream<Path> children = Files.isDirectory(parent) ? Files.list(parent) : Stream.empty()) {
            sets = children.filter(Files::isDirectory).filter(p -> matcher.matches(p.getFileName())).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list " + parent, e);
        }
        if (sets.isEmpty()) {
            throw new IllegalStateException("No " + folder + "/" + glob + " set under the fixture root " + root());
        }
        return sets;
    }
}
