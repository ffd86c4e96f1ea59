package org.alphaclip.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;

/**
 * The running Equinox framework of one launch: a private storage folder, the bundles of
 * {@code bundles/} installed and started, FileInstall watching {@code etc/} (and through its
 * configuration {@code plugins/}), and the shell told what to run.
 */
final class ApplicationFramework implements AutoCloseable {

    /** Framework property: how the shell runs ({@code interactive}, {@code command}, {@code script}). */
    static final String SHELL_MODE = "alphaclip.shell.mode";
    /** Framework property: symbolic names of bundles installed but not started by the launcher. */
    static final String INSTALL_ONLY = "alphaclip.bundles.installOnly";
    /** Framework property: the command line or script path. */
    static final String SHELL_COMMAND = "alphaclip.shell.command";
    /** System property the shell sets to the exit status before it stops the framework. */
    static final String EXIT_STATUS = "alphaclip.exit.status";

    /** Framework property: the application folder. */
    static final String HOME = "alphaclip.home";
    /** The file of framework properties in {@code etc/}. */
    static final String PROPERTIES_FILE = "framework.properties";

    private static final Logger LOG = Logger.getLogger("org.alphaclip.launcher");

    private final Framework framework;
    private final Path storage;
    private final Thread shutdownHook;

    private ApplicationFramework(Framework framework, Path storage) {
        this.framework = framework;
        this.storage = storage;
        this.shutdownHook = new Thread(this::stopQuietly, "alphaclip-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** Boots the framework for a launch. */
    static ApplicationFramework boot(Path home, LaunchArguments launch) throws BundleException, IOException {
        Path dataDir = home.resolve("data");
        removeStaleStorage(dataDir);
        Path storage = dataDir.resolve("framework-" + ProcessHandle.current().pid());
        Map<String, String> properties = frameworkProperties(home, storage);
        properties.put(SHELL_MODE, launch.mode().name().toLowerCase(java.util.Locale.ROOT));
        if (launch.command() != null) {
            properties.put(SHELL_COMMAND, launch.command());
        }
        System.clearProperty(EXIT_STATUS);
        FrameworkFactory factory = ServiceLoader.load(FrameworkFactory.class).findFirst()
                .orElseThrow(() -> new IllegalStateException("No OSGi framework on the class path (lib/org.eclipse.osgi-*.jar)"));
        Framework framework = factory.newFramework(properties);
        framework.init();
        ApplicationFramework app = new ApplicationFramework(framework, storage);
        app.installBundles(home.resolve("bundles"), installOnly(properties));
        framework.start();
        return app;
    }

    /**
     * The framework properties: the launcher's defaults, then {@code etc/framework.properties} (where
     * {@code ${alphaclip.home}} and {@code ${user.home}} are replaced), then system properties named {@code alphaclip.*},
     * {@code felix.*}, {@code osgi.*}, {@code org.osgi.*} or {@code maven.repo.local}.
     *
     * @throws IllegalArgumentException when they move the framework storage, which the launcher keeps private to the run
     */
    static Map<String, String> frameworkProperties(Path home, Path storage) throws IOException {
        Map<String, String> properties = new HashMap<>();
        properties.put(Constants.FRAMEWORK_STORAGE, storage.toString());
        properties.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
        properties.put(HOME, home.toString());
        properties.put("felix.fileinstall.dir", home.resolve("etc").toString());
        properties.put("felix.fileinstall.filter", ".*\\.(cfg|config)");
        properties.put("felix.fileinstall.noInitialDelay", "true");
        properties.put("felix.fileinstall.poll", "1000");
        properties.put("felix.fileinstall.log.level", "2");
        // FileInstall would otherwise write every configuration it reads back into its etc/ file at each start:
        // a run starting meanwhile could read half a file
        properties.put("felix.fileinstall.enableConfigSave", "false");
        Path custom = home.resolve("etc").resolve(PROPERTIES_FILE);
        if (Files.isRegularFile(custom)) {
            Properties file = new Properties();
            try (InputStream in = Files.newInputStream(custom)) {
                file.load(in);
            }
            file.stringPropertyNames().forEach(name -> properties.put(name, file.getProperty(name).strip()
                    .replace("${" + HOME + "}", home.toString()).replace("${user.home}", System.getProperty("user.home"))));
        }
        System.getProperties().stringPropertyNames().stream().filter(name -> name.startsWith("alphaclip.")
                || name.startsWith("felix.") || name.startsWith("org.osgi.") || name.startsWith("osgi.")
                || name.equals("maven.repo.local"))
                .forEach(name -> properties.put(name, System.getProperty(name)));
        for (String managed : List.of(Constants.FRAMEWORK_STORAGE, Constants.FRAMEWORK_STORAGE_CLEAN, "osgi.configuration.area")) {
            String expected = managed.equals(Constants.FRAMEWORK_STORAGE) ? storage.toString()
                    : managed.equals(Constants.FRAMEWORK_STORAGE_CLEAN) ? Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT : null;
            if (!java.util.Objects.equals(expected, properties.get(managed))) {
                throw new IllegalArgumentException(managed + " is set (in etc/" + PROPERTIES_FILE + " or as a system property),"
                        + " but the launcher gives every run a private framework storage under data/, deleted when it ends,"
                        + " so that runs at the same time never share one; installed task bundles live in plugins/."
                        + " Remove the setting");
            }
        }
        return properties;
    }

    /**
     * The bundles installed but not started ({@value #INSTALL_ONLY}, comma separated symbolic names): the web page's
     * HTTP server, which its component starts when the page is enabled.
     */
    static Set<String> installOnly(Map<String, String> properties) {
        String names = properties.getOrDefault(INSTALL_ONLY, "");
        return Arrays.stream(names.split(",")).map(String::strip).filter(n -> !n.isEmpty())
                .collect(Collectors.toSet());
    }

    private void installBundles(Path bundleDir, Set<String> installOnly) throws IOException {
        List<Path> jars;
        try (Stream<Path> files = Files.list(bundleDir)) {
            jars = files.filter(p -> p.getFileName().toString().endsWith(".jar")).sorted().toList();
        }
        List<Bundle> installed = new ArrayList<>();
        for (Path jar : jars) {
            try {
                installed.add(framework.getBundleContext().installBundle(jar.toUri().toString()));
            } catch (BundleException e) {
                LOG.log(Level.SEVERE, "Bundle " + jar.getFileName() + " could not be installed: " + e.getMessage(), e);
            }
        }
        for (Bundle bundle : installed) {
            if (bundle.getHeaders().get(Constants.FRAGMENT_HOST) == null && !installOnly.contains(bundle.getSymbolicName())) {
                try {
                    bundle.start();
                } catch (BundleException e) {
                    LOG.log(Level.SEVERE, "Bundle " + bundle.getSymbolicName() + " could not be started: " + e.getMessage(), e);
                }
            }
        }
    }

    /** Waits until the shell stops the framework and returns the status it left. */
    int awaitExitStatus() throws InterruptedException {
        FrameworkEvent event = framework.waitForStop(0);
        if (event.getType() == FrameworkEvent.ERROR) {
            LOG.log(Level.SEVERE, "The framework stopped with an error", event.getThrowable());
            return 1;
        }
        String status = System.getProperty(EXIT_STATUS);
        return status == null ? 0 : Integer.parseInt(status);
    }

    private void stopQuietly() {
        try {
            if ((framework.getState() & (Bundle.ACTIVE | Bundle.STARTING)) != 0) {
                framework.stop();
                framework.waitForStop(20_000);
            }
        } catch (BundleException | InterruptedException e) {
            LOG.log(Level.WARNING, "The framework did not stop cleanly: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        stopQuietly();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // the JVM is already exiting through the hook
        }
        deleteTree(storage);
    }

    /** Deletes framework storage folders left by launches whose process no longer runs. */
    private static void removeStaleStorage(Path dataDir) throws IOException {
        if (!Files.isDirectory(dataDir)) {
            return;
        }
        try (Stream<Path> entries = Files.list(dataDir)) {
            entries.filter(p -> p.getFileName().toString().matches("framework-\\d+"))
                    .filter(p -> ProcessHandle.of(Long.parseLong(p.getFileName().toString().substring(10)))
                            .map(h -> !h.isAlive()).orElse(true))
                    .forEach(ApplicationFramework::deleteTree);
        }
    }

    /**
     * Deletes a folder tree. Files that vanish meanwhile are fine: two runs starting at once may both remove the
     * storage a third run left behind.
     */
    private static void deleteTree(Path root) {
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                    if (e instanceof NoSuchFileException) {
                        return FileVisitResult.CONTINUE;
                    }
                    throw e;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                    if (e != null && !(e instanceof NoSuchFileException)) {
                        throw e;
                    }
                    Files.deleteIfExists(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (NoSuchFileException gone) {
            // removed by another run meanwhile
        } catch (IOException e) {
            LOG.log(Level.WARNING, "Could not delete " + root + ": " + e.getMessage());
        }
    }
}
