package org.alphaclip.core.internal.task;

import java.io.IOException;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

import org.osgi.framework.Constants;
import org.osgi.framework.Version;

/**
 * A bundle jar as its manifest describes it.
 *
 * @param jar the file
 * @param symbolicName its {@code Bundle-SymbolicName} without directives
 * @param version its {@code Bundle-Version} (0.0.0 when it has none)
 * @param fragment whether it is a fragment ({@code Fragment-Host})
 */
record BundleJar(Path jar, String symbolicName, Version version, boolean fragment) {

    /**
     * Reads a jar's manifest.
     *
     * @throws IllegalArgumentException with one sentence when the file is no readable jar or no OSGi bundle
     */
    static BundleJar read(Path jar) {
        Manifest manifest;
        try (JarFile file = new JarFile(jar.toFile())) {
            manifest = file.getManifest();
        } catch (IOException e) {
            throw new IllegalArgumentException(jar + " is not a readable jar: " + e.getMessage());
        }
        Attributes main = manifest == null ? null : manifest.getMainAttributes();
        String name = main == null ? null : main.getValue(Constants.BUNDLE_SYMBOLICNAME);
        if (name == null || name.split(";")[0].isBlank()) {
            throw new IllegalArgumentException(jar + " is not an OSGi bundle (no Bundle-SymbolicName in its manifest)");
        }
        Version version;
        try {
            version = Version.parseVersion(main.getValue(Constants.BUNDLE_VERSION));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(jar + " has an invalid Bundle-Version '" + main.getValue(Constants.BUNDLE_VERSION)
                    + "': " + e.getMessage());
        }
        return new BundleJar(jar, name.split(";")[0].strip(), version, main.getValue(Constants.FRAGMENT_HOST) != null);
    }
}
