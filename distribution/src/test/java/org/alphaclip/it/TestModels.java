package org.alphaclip.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;

/**
 * Model packages the exporter made from the official fixture weights during this build (core-impl's tests), and
 * copies of package folders into an application's {@code models/}.
 */
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
        return copyPackage(exported(name), home.resolve("models").resolve(name));
    }

    /** Copies a package folder with its sub-folders (a diffusion package's {@code unet/}, say), replacing files. */
    public static Path copyPackage(Path source, Path target) throws IOException {
        try (Stream<Path> files = Files.walk(source)) {
            for (Path file : files.toList()) {
                Path copy = target.resolve(source.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(copy);
                } else {
                    Files.copy(file, copy, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        return target;
    }
}
