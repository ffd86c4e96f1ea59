package org.alphaclip.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Model packages the exporter made from the official fixture weights during this build (core-impl's tests). */
public final class TestModels {

    private TestModels() {
    }

    /** The exported package folder of this name, e.g. {@code fixture-full}. */
    public static Path exported(String name) {
        Path dir = Path.of(System.getProperty("alphaclip.test.models", "../framework-core/core-impl/target/test-models"))
                .resolve(name).toAbsolutePath().normalize();
        if (!Files.isRegularFile(dir.resolve("manifest.json"))) {
            throw new AssertionError("Exported test model missing: " + dir + " (built by framework-core/core-impl's tests)");
        }
        return dir;
    }

    /** Copies a package folder into {@code models/} of an application home. */
    public static Path install(String name, Path home) throws IOException {
        Path source = exported(name);
        Path target = Files.createDirectories(home.resolve("models").resolve(name));
        try (Stream<Path> files = Files.list(source)) {
            for (Path file : files.toList()) {
                Files.copy(file, target.resolve(file.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
        return target;
    }
}
