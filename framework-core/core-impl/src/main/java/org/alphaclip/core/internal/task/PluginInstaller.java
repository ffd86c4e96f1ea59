package org.alphaclip.core.internal.task;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.wiring.FrameworkWiring;

/**
 * Installs and uninstalls task bundles through the {@link PluginFolder plugins/ folder}, so that they last: an install
 * puts the jar into the folder atomically and waits for FileInstall to install (or update) and start it in this
 * framework, as it will at every later start; an uninstall deletes the jar and waits for FileInstall to uninstall
 * the bundle. FileInstall does the work in every process, so concurrent runs of the application only ever share
 * the folder, changed one rename or delete at a time, and never a framework storage.
 */
final class PluginInstaller {

    /** How long a resolved bundle may stay unstarted before its start is tried here, to learn why it fails. */
    private static final long START_GRACE_MILLIS = 2_000;
    private static final long POLL_MILLIS = 25;

    private final BundleContext context;
    private final PluginFolder plugins;
    private final Duration fileInstallWait;

    /**
     * @param plugins the application's folder, or null in a framework started without one ({@code alphaclip.home}):
     *        then bundles are only uninstalled, and installing is refused
     * @param fileInstallWait how long FileInstall may take to act on a change of the folder (its poll interval and
     *        a scan, with room for a busy machine)
     */
    PluginInstaller(BundleContext context, PluginFolder plugins, Duration fileInstallWait) {
        this.context = context;
        this.plugins = plugins;
        this.fileInstallWait = fileInstallWait;
    }

    /**
     * What an install did.
     *
     * @param bundle the bundle now installed from the folder
     * @param before the version it replaced, or null for a new install
     * @param jar the folder's jar holding it
     * @param unchanged whether the folder already held this very jar (nothing was done)
     * @param startProblem why it does not start, or null
     */
    record Outcome(Bundle bundle, String before, Path jar, boolean unchanged, String startProblem) {
    }

    /**
     * Installs a bundle jar: as {@code plugins/<symbolic name>.jar}, or over the jar in the folder that holds the
     * installed bundle of the same symbolic name (its highest version), which FileInstall then updates in place.
     */
    Outcome install(BundleJar source) throws IOException, BundleException, InterruptedException {
        if (plugins == null) {
            throw new IllegalStateException("Task bundles are installed into the application's plugins/ folder, but this"
                    + " framework was started without alphaclip.home; start it with bin/alphaclip");
        }
        List<Bundle> sameName = Arrays.stream(context.getBundles())
                .filter(b -> source.symbolicName().equals(b.getSymbolicName())).toList();
        Bundle current = sameName.stream().filter(b -> plugins.jarOf(b).isPresent())
                .max(Comparator.comparing(Bundle::getVersion)).orElse(null);
        Path target = current != null ? plugins.jarOf(current).orElseThrow()
                : plugins.dir().equals(source.jar().getParent()) ? source.jar()
                : plugins.dir().resolve(source.symbolicName() + ".jar");
        boolean inPlace = source.jar().equals(target);
        if (current == null && !inPlace && Files.exists(target)) {
            BundleJar there = readOrNull(target);
            if (there == null || !there.symbolicName().equals(source.symbolicName())) {
                throw new IllegalArgumentException(target + " already holds " + (there == null ? "a file that is no bundle"
                        : "another bundle (" + there.symbolicName() + ")") + "; move it away, then install again");
            }
        }
        if (current != null && Files.exists(target) && Files.mismatch(source.jar(), target) == -1L) {
            return new Outcome(current, null, target, true, null);
        }
        for (Bundle runOnly : sameName) {
            if (plugins.jarOf(runOnly).isEmpty() && !PlatformBundles.contains(runOnly)) {
                // installed by hand for this run only (e.g. Gogo's install): the folder's copy takes its place
                runOnly.uninstall();
            }
        }
        String before = current == null ? null : current.getVersion().toString();
        long modifiedBefore = current == null ? Long.MIN_VALUE : current.getLastModified();
        if (!inPlace) {
            plugins.place(source.jar(), target);
        }

        Bundle installed = await(() -> {
            Bundle there = bundleAt(target);
            if (there != null && there == current) {
                return current.getLastModified() != modifiedBefore ? current : null; // FileInstall updated it in place
            }
            return there; // installed anew (also after another run deleted and rewrote the jar meanwhile)
        }, target);
        String startProblem = settle(installed, source.fragment());
        if (installed.getState() == Bundle.UNINSTALLED) {
            throw new IllegalStateException(target + " was removed by another run of the application while this one installed"
                    + " it, so " + source.symbolicName() + " is not installed; run alphaclip:install again to install it");
        }
        return new Outcome(installed, before, target, false, startProblem);
    }

    /**
     * Uninstalls a bundle; when it came from the folder its jar is deleted, so it does not come back at the next start.
     *
     * @return what was done, in one sentence
     */
    String uninstall(Bundle bundle) throws BundleException, InterruptedException {
        String name = bundle.getSymbolicName() + " " + bundle.getVersion() + " (bundle " + bundle.getBundleId() + ")";
        Optional<Path> jar = plugins == null ? Optional.empty() : plugins.jarOf(bundle);
        if (jar.isEmpty()) {
            bundle.uninstall();
            refresh(bundle);
            return "Uninstalled " + name;
        }
        try {
            Files.deleteIfExists(jar.get());
        } catch (IOException e) {
            bundle.uninstall();
            refresh(bundle);
            return "Uninstalled " + name + " for this run only: its jar " + jar.get() + " cannot be deleted (" + e
                    + "), so it is installed again at the next start; delete that file to remove it for good";
        }
        long deadline = System.nanoTime() + fileInstallWait.toNanos();
        while (bundle.getState() != Bundle.UNINSTALLED && System.nanoTime() < deadline) {
            Thread.sleep(POLL_MILLIS);
        }
        if (bundle.getState() != Bundle.UNINSTALLED) {
            // FileInstall does not watch the folder in this framework: nothing of it tracks the deleted file
            bundle.uninstall();
            refresh(bundle);
        }
        return "Uninstalled " + name + " and deleted " + jar.get();
    }

    /** The bundle installed from a jar of the folder, or null. */
    private Bundle bundleAt(Path jar) {
        for (Bundle bundle : context.getBundles()) {
            if (plugins.jarOf(bundle).filter(jar::equals).isPresent()) {
                return bundle;
            }
        }
        return null;
    }

    /** Waits for FileInstall to act on the changed jar. */
    private Bundle await(Supplier<Bundle> done, Path jar) throws InterruptedException {
        long deadline = System.nanoTime() + fileInstallWait.toNanos();
        while (System.nanoTime() < deadline) {
            Bundle bundle = done.get();
            if (bundle != null) {
                return bundle;
            }
            if (!Files.exists(jar)) {
                throw new IllegalStateException(jar + " was removed by another run of the application before FileInstall"
                        + " had installed it here; run alphaclip:install again");
            }
            Thread.sleep(POLL_MILLIS);
        }
        throw new IllegalStateException(jar + " is in place, but FileInstall did not install it within "
                + fileInstallWait.toSeconds() + " s; it watches plugins/ as etc/org.apache.felix.fileinstall-plugins.cfg"
                + " says (is that file there?). The jar is installed at the next start");
    }

    /**
     * Waits until FileInstall has started the bundle; returns why it does not start (it cannot resolve, or its start
     * fails), or null. Fragments are not started.
     */
    private String settle(Bundle bundle, boolean fragment) throws InterruptedException {
        if (fragment) {
            return null;
        }
        FrameworkWiring wiring = context.getBundle(0).adapt(FrameworkWiring.class);
        long deadline = System.nanoTime() + fileInstallWait.toNanos();
        long resolvedSince = 0;
        while (System.nanoTime() < deadline) {
            switch (bundle.getState()) {
                case Bundle.ACTIVE, Bundle.UNINSTALLED:
                    return null;
                case Bundle.STARTING:
                    if ("lazy".equals(bundle.getHeaders().get(Constants.BUNDLE_ACTIVATIONPOLICY))) {
                        return null;
                    }
                    break;
                case Bundle.INSTALLED:
                    if (!wiring.resolveBundles(List.of(bundle))) {
                        return "it does not resolve";
                    }
                    break;
                case Bundle.RESOLVED:
                    long now = System.nanoTime();
                    resolvedSince = resolvedSince == 0 ? now : resolvedSince;
                    if (now - resolvedSince > TimeUnit.MILLISECONDS.toNanos(START_GRACE_MILLIS)) {
                        return startProblem(bundle);
                    }
                    break;
                default:
                    break;
            }
            Thread.sleep(POLL_MILLIS);
        }
        return startProblem(bundle);
    }

    private static String startProblem(Bundle bundle) {
        try {
            bundle.start();
            return null;
        } catch (BundleException | IllegalStateException e) {
            return e.getMessage();
        }
    }

    private static BundleJar readOrNull(Path jar) {
        try {
            return BundleJar.read(jar);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** Refreshes the packages of a changed bundle and waits for the refresh (at most 30 s). */
    private void refresh(Bundle bundle) throws InterruptedException {
        CountDownLatch done = new CountDownLatch(1);
        context.getBundle(0).adapt(FrameworkWiring.class).refreshBundles(List.of(bundle), event -> {
            if (event.getType() == FrameworkEvent.PACKAGES_REFRESHED || event.getType() == FrameworkEvent.ERROR) {
                done.countDown();
            }
        });
        done.await(30, TimeUnit.SECONDS);
    }
}
