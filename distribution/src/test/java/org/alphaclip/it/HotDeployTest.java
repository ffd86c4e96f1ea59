package org.alphaclip.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;

/**
 * FileInstall, configured like the application (a watcher on {@code etc/} whose configuration adds
 * one on {@code plugins/}), installs and starts a bundle dropped into {@code plugins/} and
 * uninstalls it when the file is deleted; a corrupt jar does not disturb the runtime.
 */
class HotDeployTest {

    @Test
    void pluginFolderInstallsStartsAndRemovesBundles(@TempDir Path home) throws Exception {
        Path plugins = home.resolve("plugins");
        Path jar = TestBundles.build(home.resolve("build"), "hello-plugin.jar", "org.alphaclip.it.hello",
                Map.of("Bundle-SymbolicName", "org.alphaclip.it.hello", "Bundle-Version", "1.0.0"));
        Path corrupt = Files.write(home.resolve("build").resolve("corrupt.jar"), new byte[] {'P', 'K', 3, 4, 1, 2, 3});

        try (OsgiFramework osgi = OsgiFramework.startLikeTheApplication(home, Map.of())) {
            OsgiFramework.dropAtomically(corrupt, plugins);
            OsgiFramework.dropAtomically(jar, plugins);
            OsgiFramework.await("plugin active", Duration.ofSeconds(20), () -> {
                Bundle b = osgi.bundle("org.alphaclip.it.hello");
                return b != null && b.getState() == Bundle.ACTIVE;
            });
            osgi.awaitService(null, "(osgi.command.function=greet)", Duration.ofSeconds(10));
            assertTrue(osgi.execute("hello:greet").contains("hello from the plugin"));

            Files.delete(plugins.resolve("hello-plugin.jar"));
            OsgiFramework.await("plugin removed", Duration.ofSeconds(20), () -> osgi.bundle("org.alphaclip.it.hello") == null);
            assertNull(osgi.context().getServiceReference("org.alphaclip.it.hello.HelloCommand"));
            assertEquals(Bundle.ACTIVE, osgi.bundle("org.apache.felix.fileinstall").getState(), "runtime keeps running");
            assertTrue(osgi.execute("lb -s").contains("org.alphaclip.core"));
        }
    }

    @Test
    void twoVersionsOfOnePluginRunTheNewerAndSaySo(@TempDir Path home) throws Exception {
        Path plugins = home.resolve("plugins");
        Path older = TestBundles.build(home.resolve("build-1"), "hello-1.0.0.jar", "org.alphaclip.it.hello", Map.of(
                "Bundle-SymbolicName", "org.alphaclip.it.hello", "Bundle-Version", "1.0.0", "AlphaClip-Task", "hello"));
        Path newer = TestBundles.build(home.resolve("build-2"), "hello-1.1.0.jar", "org.alphaclip.it.hello", Map.of(
                "Bundle-SymbolicName", "org.alphaclip.it.hello", "Bundle-Version", "1.1.0", "AlphaClip-Task", "hello"));

        try (OsgiFramework osgi = OsgiFramework.startLikeTheApplication(home, Map.of())) {
            OsgiFramework.dropAtomically(older, plugins);
            OsgiFramework.await("1.0.0 active", Duration.ofSeconds(20), () -> state("1.0.0", osgi) == Bundle.ACTIVE);
            OsgiFramework.dropAtomically(newer, plugins);
            OsgiFramework.await("1.1.0 active and 1.0.0 stopped", Duration.ofSeconds(20),
                    () -> state("1.1.0", osgi) == Bundle.ACTIVE && state("1.0.0", osgi) == Bundle.RESOLVED);

            String tasks = osgi.execute("alphaclip:tasks");
            assertTrue(tasks.contains("kept stopped: org.alphaclip.it.hello 1.1.0 runs instead"), tasks);
            assertTrue(tasks.contains("delete its jar from plugins/ or run alphaclip:uninstall"), tasks);

            Files.delete(plugins.resolve("hello-1.1.0.jar"));
            OsgiFramework.await("1.0.0 runs again", Duration.ofSeconds(20),
                    () -> state("1.1.0", osgi) == -1 && state("1.0.0", osgi) == Bundle.ACTIVE);
        }
    }

    @Test
    void uninstallingAPluginDeletesItsJarSoItStaysGoneAndNothingWarns(@TempDir Path home) throws Exception {
        Path plugins = home.resolve("plugins");
        Path jar = TestBundles.build(home.resolve("build"), "hello-plugin.jar", "org.alphaclip.it.hello", Map.of(
                "Bundle-SymbolicName", "org.alphaclip.it.hello", "Bundle-Version", "1.0.0", "AlphaClip-Task", "hello"));
        List<String> warnings = new CopyOnWriteArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
                    warnings.add(record.getLoggerName() + ": " + record.getMessage());
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger.getLogger("").addHandler(capture);
        try (OsgiFramework osgi = OsgiFramework.startLikeTheApplication(home, Map.of())) {
            osgi.awaitService(null, "(osgi.command.function=uninstall)", Duration.ofSeconds(20));
            OsgiFramework.dropAtomically(jar, Files.createDirectories(plugins));
            OsgiFramework.await("plugin active", Duration.ofSeconds(20), () -> {
                Bundle b = osgi.bundle("org.alphaclip.it.hello");
                return b != null && b.getState() == Bundle.ACTIVE;
            });

            String uninstalled = osgi.execute("alphaclip:uninstall org.alphaclip.it.hello");
            assertTrue(uninstalled.startsWith("Uninstalled org.alphaclip.it.hello 1.0.0 (bundle ")
                    && uninstalled.contains("and deleted " + plugins.resolve("hello-plugin.jar")), uninstalled);
            assertFalse(Files.exists(plugins.resolve("hello-plugin.jar")), "its jar is gone, so it does not come back");
            assertNull(osgi.bundle("org.alphaclip.it.hello"));
            // FileInstall's next scans see the jar gone: it must not warn about a bundle already uninstalled
            Thread.sleep(2_500);
            assertNull(osgi.bundle("org.alphaclip.it.hello"));
        } finally {
            Logger.getLogger("").removeHandler(capture);
        }
        assertEquals(List.of(), warnings);
    }

    private static int state(String version, OsgiFramework osgi) {
        for (Bundle bundle : osgi.context().getBundles()) {
            if ("org.alphaclip.it.hello".equals(bundle.getSymbolicName()) && bundle.getVersion().toString().equals(version)) {
                return bundle.getState();
            }
        }
        return -1;
    }
}
