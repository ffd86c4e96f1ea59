package org.alphaclip.shell.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;

/**
 * Waits until the application has started: the framework has reached its start level and every jar
 * in {@code plugins/} has been installed by FileInstall and has left the starting state.
 */
final class StartupBarrier {

    private static final long TIMEOUT_MILLIS = 30_000;

    private final BundleContext context;

    StartupBarrier(BundleContext context) {
        this.context = context;
    }

    void await() {
        long deadline = System.currentTimeMillis() + TIMEOUT_MILLIS;
        while (System.currentTimeMillis() < deadline && !started()) {
            try {
                Thread.sleep(25);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private boolean started() {
        if (context.getBundle(0).getState() != Bundle.ACTIVE) {
            return false;
        }
        List<Bundle> bundles = Arrays.asList(context.getBundles());
        if (bundles.stream().anyMatch(b -> b.getState() == Bundle.STARTING
                && !"lazy".equals(b.getHeaders().get(Constants.BUNDLE_ACTIVATIONPOLICY)))) {
            return false;
        }
        return pluginJars().stream().allMatch(jar -> bundles.stream().anyMatch(b -> b.getLocation().endsWith(jar)));
    }

    private List<String> pluginJars() {
        String home = context.getProperty("alphaclip.home");
        if (home == null) {
            return List.of();
        }
        Path plugins = Path.of(home, "plugins");
        if (!Files.isDirectory(plugins)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(plugins)) {
            return files.map(p -> p.getFileName().toString()).filter(name -> name.endsWith(".jar"))
                    .filter(name -> isBundle(plugins.resolve(name))).toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    /** Jars that are not bundles (or are corrupt) are never installed, so they are not waited for. */
    private static boolean isBundle(Path jar) {
        try (java.util.jar.JarFile file = new java.util.jar.JarFile(jar.toFile())) {
            return file.getManifest() != null
                    && file.getManifest().getMainAttributes().getValue(Constants.BUNDLE_SYMBOLICNAME) != null;
        } catch (IOException e) {
            return false;
        }
    }
}
