package org.alphaclip.shell.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.wiring.FrameworkWiring;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;

/**
 * Waits until the application has started: the framework has reached its start level, every jar in
 * {@code plugins/} (that another run has not deleted meanwhile) has been installed and started by FileInstall
 * (or cannot resolve), no bundle is
 * starting, every component configured by a file in {@code etc/} runs with that configuration, and
 * Declarative Services has activated every immediate component it can. A command issued earlier could
 * meet a component that is being re-activated with its configuration and find no service.
 */
final class StartupBarrier {

    private static final long TIMEOUT_MILLIS = 120_000;
    /** How long a resolved plugin bundle may stay unstarted before its start is taken to have failed. */
    private static final long START_GRACE_MILLIS = 5_000;
    /** How long components wait for their {@code etc/} configuration (a broken file never delivers one). */
    private static final long CONFIGURATION_GRACE_MILLIS = 10_000;

    private final BundleContext context;
    private final Map<Long, Long> resolvedSince = new HashMap<>();
    private final Set<Long> unresolvable = new HashSet<>();

    StartupBarrier(BundleContext context) {
        this.context = context;
    }

    void await() {
        long start = System.currentTimeMillis();
        long deadline = start + TIMEOUT_MILLIS;
        List<String> jars = pluginJars();
        List<String> configuredPids = configurationFilePids();
        while (System.currentTimeMillis() < deadline && !started(jars,
                System.currentTimeMillis() - start < CONFIGURATION_GRACE_MILLIS ? configuredPids : List.of())) {
            try {
                Thread.sleep(25);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private boolean started(List<String> listedJars, List<String> configuredPids) {
        if (context.getBundle(0).getState() != Bundle.ACTIVE) {
            return false;
        }
        // another run of the application may uninstall a plugin (delete its jar) while this one starts
        List<String> jars = listedJars.stream().filter(jar -> pluginsDir().map(dir -> Files.exists(dir.resolve(jar))).orElse(false))
                .toList();
        List<Bundle> bundles = Arrays.asList(context.getBundles());
        if (bundles.stream().anyMatch(b -> b.getState() == Bundle.STARTING
                && !"lazy".equals(b.getHeaders().get(Constants.BUNDLE_ACTIVATIONPOLICY)))) {
            return false;
        }
        if (!jars.stream().allMatch(jar -> bundles.stream().anyMatch(b -> b.getLocation().endsWith("/" + jar)))) {
            return false;
        }
        return bundles.stream().filter(b -> jars.stream().anyMatch(jar -> b.getLocation().endsWith("/" + jar)))
                .allMatch(this::pluginSettled) && componentsSettled(configuredPids);
    }

    /**
     * A plugin bundle is settled when it is active, when it cannot resolve (it stays installed and
     * {@code alphaclip:tasks} says why), or when it has stayed resolved for a while (its start failed).
     */
    private boolean pluginSettled(Bundle bundle) {
        switch (bundle.getState()) {
            case Bundle.ACTIVE:
                return true;
            case Bundle.INSTALLED:
                if (!unresolvable.contains(bundle.getBundleId())
                        && !context.getBundle(0).adapt(FrameworkWiring.class).resolveBundles(List.of(bundle))) {
                    unresolvable.add(bundle.getBundleId());
                }
                return unresolvable.contains(bundle.getBundleId());
            case Bundle.RESOLVED:
                long now = System.currentTimeMillis();
                return now - resolvedSince.computeIfAbsent(bundle.getBundleId(), id -> now) > START_GRACE_MILLIS;
            default:
                return false;
        }
    }

    /**
     * Whether Declarative Services has finished activating: no immediate component is satisfied but not
     * yet active (a slow activation, such as loading native libraries, would otherwise hide its commands),
     * and every component whose PID is one of {@code configuredPids} (files in {@code etc/}) runs with
     * that configuration (SCR re-activates a component when its configuration arrives).
     */
    private boolean componentsSettled(List<String> configuredPids) {
        ServiceReference<ServiceComponentRuntime> ref = context.getServiceReference(ServiceComponentRuntime.class);
        if (ref == null) {
            return false;
        }
        ServiceComponentRuntime runtime = context.getService(ref);
        try {
            for (ComponentDescriptionDTO description : runtime.getComponentDescriptionDTOs()) {
                if (!runtime.isComponentEnabled(description)) {
                    continue;
                }
                List<String> pids = Arrays.stream(description.configurationPid).filter(configuredPids::contains).toList();
                for (ComponentConfigurationDTO configuration : runtime.getComponentConfigurationDTOs(description)) {
                    if (description.immediate && configuration.state == ComponentConfigurationDTO.SATISFIED) {
                        return false;
                    }
                    if (!pids.isEmpty() && !holdsAll(configuration.properties.get(Constants.SERVICE_PID), pids)) {
                        return false;
                    }
                }
            }
            return true;
        } finally {
            context.ungetService(ref);
        }
    }

    /** Whether a component's {@code service.pid} property (a string, or a list for several PIDs) holds them all. */
    private static boolean holdsAll(Object servicePid, List<String> pids) {
        if (servicePid instanceof String single) {
            return pids.size() == 1 && pids.get(0).equals(single);
        }
        if (servicePid instanceof Collection<?> list) {
            return list.stream().map(String::valueOf).toList().containsAll(pids);
        }
        if (servicePid instanceof String[] array) {
            return Arrays.asList(array).containsAll(pids);
        }
        return false;
    }

    /** The PIDs of the single (not factory) configurations in {@code etc/}: FileInstall's {@code <pid>.cfg}/{@code .config}. */
    private List<String> configurationFilePids() {
        String home = context.getProperty("alphaclip.home");
        if (home == null || !Files.isDirectory(Path.of(home, "etc"))) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(Path.of(home, "etc"))) {
            return files.map(p -> p.getFileName().toString()).filter(name -> name.endsWith(".cfg") || name.endsWith(".config"))
                    .map(name -> name.substring(0, name.lastIndexOf('.')))
                    .filter(pid -> !pid.contains("-")).toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    private Optional<Path> pluginsDir() {
        String home = context.getProperty("alphaclip.home");
        return home == null ? Optional.empty() : Optional.of(Path.of(home, "plugins"));
    }

    private List<String> pluginJars() {
        Path plugins = pluginsDir().orElse(null);
        if (plugins == null || !Files.isDirectory(plugins)) {
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
