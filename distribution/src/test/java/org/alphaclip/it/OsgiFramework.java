package org.alphaclip.it;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;

/**
 * A real Equinox framework for integration tests, started in-process with the application's bundles
 * from {@code target/alphaclip/bundles}.
 */
public final class OsgiFramework implements AutoCloseable {

    /** The framework property naming bundles installed but not started (as the launcher reads it). */
    static final String INSTALL_ONLY = "alphaclip.bundles.installOnly";

    private final Framework framework;

    private OsgiFramework(Framework framework) {
        this.framework = framework;
    }

    /** The assembled application folder. */
    public static Path appDir() {
        return Path.of(System.getProperty("alphaclip.app.dir", "target/alphaclip")).toAbsolutePath();
    }

    /** Starts a framework with every bundle of the application and the given extra properties. */
    public static OsgiFramework start(Path storage, Map<String, String> extraProperties) throws Exception {
        Map<String, String> properties = new HashMap<>();
        properties.put(Constants.FRAMEWORK_STORAGE, storage.toString());
        properties.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
        properties.put("felix.fileinstall.dir", storage.resolve("no-etc").toString());
        // as the application's etc/framework.properties: the web page's HTTP server is started by the page when enabled
        properties.put(INSTALL_ONLY, "org.apache.felix.http.jetty");
        properties.put("org.apache.felix.http.host", "127.0.0.1");
        properties.putAll(extraProperties);
        Framework framework = ServiceLoader.load(FrameworkFactory.class).findFirst().orElseThrow().newFramework(properties);
        framework.init();
        List<Bundle> bundles = new ArrayList<>();
        try (Stream<Path> jars = Files.list(appDir().resolve("bundles"))) {
            for (Path jar : jars.filter(p -> p.toString().endsWith(".jar")).sorted().toList()) {
                bundles.add(framework.getBundleContext().installBundle(jar.toUri().toString()));
            }
        }
        List<String> installOnly = List.of(properties.get(INSTALL_ONLY).split(","));
        for (Bundle bundle : bundles) {
            if (bundle.getHeaders().get(Constants.FRAGMENT_HOST) == null && !installOnly.contains(bundle.getSymbolicName())) {
                bundle.start();
            }
        }
        framework.start();
        return new OsgiFramework(framework);
    }

    /**
     * Starts a framework configured as {@code bin/alphaclip} configures it for the application folder {@code home}:
     * {@code alphaclip.home}, FileInstall watching {@code etc/} (polled every 200 ms here) and, through the application's
     * {@code etc/org.apache.felix.fileinstall-plugins.cfg} copied there, {@code plugins/}. The storage is {@code home/fw}.
     */
    public static OsgiFramework startLikeTheApplication(Path home, Map<String, String> extraProperties) throws Exception {
        Path etc = Files.createDirectories(home.resolve("etc"));
        Files.createDirectories(home.resolve("plugins"));
        Path pluginsWatcher = etc.resolve("org.apache.felix.fileinstall-plugins.cfg");
        if (!Files.exists(pluginsWatcher)) {
            Files.copy(appDir().resolve("etc").resolve(pluginsWatcher.getFileName()), pluginsWatcher);
        }
        Map<String, String> properties = new HashMap<>(Map.of(
                "alphaclip.home", home.toString(),
                "felix.fileinstall.dir", etc.toString(),
                "felix.fileinstall.filter", ".*\\.(cfg|config)",
                "felix.fileinstall.noInitialDelay", "true",
                "felix.fileinstall.poll", "200",
                "felix.fileinstall.log.level", "2",
                "felix.fileinstall.enableConfigSave", "false"));
        properties.putAll(extraProperties);
        return start(home.resolve("fw"), properties);
    }

    /** The system bundle's context. */
    public BundleContext context() {
        return framework.getBundleContext();
    }

    /** The bundle with this symbolic name, or null. */
    public Bundle bundle(String symbolicName) {
        for (Bundle bundle : context().getBundles()) {
            if (symbolicName.equals(bundle.getSymbolicName())) {
                return bundle;
            }
        }
        return null;
    }

    /** Waits for a service by class name and optional filter; returns its reference. */
    public ServiceReference<?> awaitService(String className, String filter, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            ServiceReference<?>[] refs = context().getAllServiceReferences(className, filter);
            if (refs != null && refs.length > 0) {
                return refs[0];
            }
            Thread.sleep(20);
        }
        throw new AssertionError("No service " + className + (filter == null ? "" : " " + filter) + " within " + timeout);
    }

    /** Waits until a condition holds. */
    public static void await(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Timed out after " + timeout + " waiting for " + what);
            }
            Thread.sleep(20);
        }
    }

    /** Runs a Gogo command line through the framework's CommandProcessor and returns its formatted result. */
    public String execute(String commandLine) throws Exception {
        ServiceReference<?> ref = awaitService("org.apache.felix.service.command.CommandProcessor", null, Duration.ofSeconds(10));
        Object processor = context().getService(ref);
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        PrintStream print = new PrintStream(output, true, StandardCharsets.UTF_8);
        Object session = processor.getClass().getMethod("createSession", InputStream.class, OutputStream.class, OutputStream.class)
                .invoke(processor, InputStream.nullInputStream(), print, print);
        try {
            Object result = invoke(session, "execute", new Class<?>[] {CharSequence.class}, commandLine);
            if (result != null) {
                Object formatted = invoke(session, "format", new Class<?>[] {Object.class, int.class}, result, 0);
                print.print(formatted);
            }
            return output.toString(StandardCharsets.UTF_8);
        } finally {
            invoke(session, "close", new Class<?>[0]);
            context().ungetService(ref);
        }
    }

    private static Object invoke(Object target, String method, Class<?>[] types, Object... args) throws Exception {
        java.lang.reflect.Method m = target.getClass().getMethod(method, types);
        m.setAccessible(true);
        try {
            return m.invoke(target, args);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof Exception cause) {
                throw cause;
            }
            throw e;
        }
    }

    @Override
    public void close() throws Exception {
        framework.stop();
        framework.waitForStop(20_000);
    }

    /** Copies a file into a folder atomically (FileInstall would otherwise see a half-written jar). */
    public static void dropAtomically(Path jar, Path folder) throws IOException {
        Path staging = Files.createTempFile(folder.getParent(), "staging", ".part");
        Files.copy(jar, staging, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.move(staging, folder.resolve(jar.getFileName()), java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
}
