package org.alphaclip.core.internal.task;

import java.io.IOException;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystemNotFoundException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

import org.osgi.framework.Bundle;

/**
 * The application's {@code plugins/} folder, which FileInstall watches (etc/org.apache.felix.fileinstall-plugins.cfg):
 * every jar there is installed and started at each start and while the application runs, updated when the file
 * changes and uninstalled when it is deleted. The folder is the one record of the installed task bundles, shared by
 * every process of the application; each change to it is a single atomic rename or delete, so a process that looks
 * at it (or a FileInstall scan) sees the old jar or the new one, never half of one.
 */
final class PluginFolder {

    /** Temporary files start with a dot and end in {@code .part}: FileInstall (filter {@code .*\.jar}) ignores them. */
    private static final String PART_PREFIX = ".installing-";

    private final Path dir;

    PluginFolder(Path dir) {
        this.dir = dir.toAbsolutePath().normalize();
    }

    /** The folder of the application at {@code home}. */
    static PluginFolder ofHome(String home) {
        return new PluginFolder(Path.of(home, "plugins"));
    }

    Path dir() {
        return dir;
    }

    /** The jar in this folder a bundle was installed from (by FileInstall), if it came from here. */
    Optional<Path> jarOf(Bundle bundle) {
        return jarAt(bundle.getLocation());
    }

    /** The jar in this folder a bundle location names, if it names one. */
    Optional<Path> jarAt(String location) {
        String url = location.startsWith("reference:") ? location.substring("reference:".length()) : location;
        if (!url.startsWith("file:")) {
            return Optional.empty();
        }
        try {
            Path file = Path.of(URI.create(url)).toAbsolutePath().normalize();
            return dir.equals(file.getParent()) ? Optional.of(file) : Optional.empty();
        } catch (IllegalArgumentException | FileSystemNotFoundException e) {
            return Optional.empty();
        }
    }

    /**
     * Puts a copy of {@code source} at {@code target} (a file of this folder) in one atomic step: the bytes go to a
     * hidden temporary file of the folder, are forced to disk, and the file is renamed over the target.
     */
    void place(Path source, Path target) throws IOException {
        Files.createDirectories(dir);
        Path part = Files.createTempFile(dir, PART_PREFIX, ".part");
        try {
            // replacing the temporary file gives the copy the folder's ordinary permissions, not createTempFile's 0600
            Files.copy(source, part, StandardCopyOption.REPLACE_EXISTING);
            try (FileChannel written = FileChannel.open(part, StandardOpenOption.WRITE)) {
                written.force(true);
            }
            Files.move(part, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(part);
        }
    }
}
