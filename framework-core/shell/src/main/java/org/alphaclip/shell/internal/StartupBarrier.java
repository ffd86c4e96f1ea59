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
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;

/**
 * Waits until the application has started: the framework has reached its start level, every jar in
 * {@code plugins/} has been installed by FileInstall, no bundle is starting, and Declarative Services has
 * activated every immediate component it can.
 */
final class StartupBarrier {

    private static final long TIMEOUT_MILLIS = 120_000;

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
        return pluginJars().stream().allMatch(jar -> bundles.stream().anyMatch(b -> b.getLocation().endsWith(jar)))
                && componentsSettled();
    }

    /**
     * Whether Declarative Services has finished activating: no immediate component is satisfied but not
     * yet active (a slow activation, such as loading native libraries, would otherwise hide its commands).
     */
    private boolean componentsSettled() {
        ServiceReference<ServiceComponentRuntime> ref = context.getServiceReference(ServiceComponentRuntime.class);
        if (ref == null) {
            return false;
        }
        ServiceComponentRuntime runtime = context.getService(ref);
        try {
            for (ComponentDescriptionDTO description : runtime.getComponentDescriptionDTOs()) {
                if (!description.immediate || !runtime.isComponentEnabled(description)) {
                    continue;
                }
                for (ComponentConfigurationDTO configuration : runtime.getComponentConfigurationDTOs(description)) {
                    if (configuration.state == ComponentConfigurationDTO.SATISFIED) {
                        return false;
                    }
                }
            }
            return true;
        } finally {
            context.ungetService(ref);
        }
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
