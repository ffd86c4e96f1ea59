package org.alphaclip.core.internal.task;

import java.net.URI;
import java.nio.file.FileSystemNotFoundException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import org.osgi.framework.Bundle;
import org.osgi.framework.Version;
import org.osgi.framework.wiring.BundleRevision;

/**
 * Bundles installed in more than one version at once, such as {@code plugins/x-1.0.0.jar} next to
 * {@code plugins/x-1.1.0.jar} (FileInstall installs each file as a bundle of its own). Both would run, and
 * whichever registered a command first would answer it. Two bundles with one symbolic name are versions of
 * one thing when they have the same major version, or when the older exports no packages (then no other
 * bundle can need it); a library installed in two major versions for two sets of importers is left alone.
 * Of such versions the highest runs; each older one is {@link Superseded superseded} by it. Platform bundles
 * ({@link PlatformBundles}) and fragments are not considered.
 */
final class DuplicateBundles {

    private DuplicateBundles() {
    }

    /**
     * What the platform needs to know of an installed bundle to compare versions.
     *
     * @param location where it was installed from, as the framework records it
     * @param exportsPackages whether it declares exported packages
     */
    record Installed(long id, String symbolicName, Version version, String location, boolean exportsPackages) {

        /** The bundle as compared here; empty for the platform's bundles, fragments and bundles without a name. */
        static Optional<Installed> of(Bundle bundle) {
            String name = bundle.getSymbolicName();
            BundleRevision revision = bundle.adapt(BundleRevision.class);
            if (name == null || PlatformBundles.contains(bundle) || revision == null
                    || (revision.getTypes() & BundleRevision.TYPE_FRAGMENT) != 0) {
                return Optional.empty();
            }
            boolean exports = !revision.getDeclaredCapabilities(BundleRevision.PACKAGE_NAMESPACE).isEmpty();
            return Optional.of(new Installed(bundle.getBundleId(), name, bundle.getVersion(), bundle.getLocation(), exports));
        }

        /** The location as a file path when it is a file URL, else as recorded. */
        String where() {
            String url = location.startsWith("reference:") ? location.substring("reference:".length()) : location;
            if (url.startsWith("file:")) {
                try {
                    return Path.of(URI.create(url)).toString();
                } catch (IllegalArgumentException | FileSystemNotFoundException e) {
                    return location;
                }
            }
            return location;
        }

        private String describe() {
            return "bundle " + id + ", " + where();
        }
    }

    /**
     * An older version and the highest version of the same bundle, which runs instead.
     *
     * @param older the version that is kept stopped
     * @param newer the version that runs
     */
    record Superseded(Installed older, Installed newer) {

        /** The warning logged once when both are found installed. */
        String warning() {
            return "Bundle " + older.symbolicName() + " is installed in two versions: " + newer.version() + " runs ("
                    + newer.describe() + "); " + older.version() + " is kept stopped (" + older.describe() + "). To remove "
                    + older.version() + ", delete its jar from plugins/ or run alphaclip:uninstall " + older.id();
        }

        /** Why the older version does not run, for {@code alphaclip:tasks}. */
        String reason() {
            return "kept stopped: " + newer.symbolicName() + " " + newer.version() + " runs instead (" + newer.describe()
                    + "); to remove this one, delete its jar from plugins/ or run alphaclip:uninstall " + older.id();
        }
    }

    /** Every installed bundle that a higher version of itself supersedes, with the highest such version. */
    static List<Superseded> find(Collection<Installed> bundles) {
        List<Superseded> found = new ArrayList<>();
        for (Installed bundle : bundles) {
            bundles.stream()
                    .filter(other -> other.symbolicName().equals(bundle.symbolicName())
                            && other.version().compareTo(bundle.version()) > 0
                            && (other.version().getMajor() == bundle.version().getMajor() || !bundle.exportsPackages()))
                    .max(Comparator.comparing(Installed::version))
                    .ifPresent(newest -> found.add(new Superseded(bundle, newest)));
        }
        found.sort(Comparator.comparingLong(s -> s.older().id()));
        return found;
    }
}
