package org.alphaclip.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleException;

/** Broken task bundles are reported by {@code alphaclip:tasks}; the host keeps working. */
class TaskListingTest {

    @Test
    void brokenAndUnresolvableTasksAreReported(@TempDir Path dir) throws Exception {
        Path throwing = TestBundles.build(dir, "throwing.jar", "org.alphaclip.it.throwing", Map.of(
                "Bundle-SymbolicName", "org.alphaclip.it.throwing", "Bundle-Version", "1.0.0", "AlphaClip-Task", "throwing"));
        Path unresolvable = TestBundles.build(dir, "unresolvable.jar", "org.alphaclip.it.unresolvable", Map.of(
                "Bundle-SymbolicName", "org.alphaclip.it.unresolvable", "Bundle-Version", "1.0.0",
                "AlphaClip-Task", "unresolvable", "Import-Package", "com.example.nowhere;version=\"[1.0,2)\""));
        try (OsgiFramework osgi = OsgiFramework.start(dir.resolve("fw"), Map.of())) {
            osgi.awaitService(null, "(osgi.command.function=tasks)", Duration.ofSeconds(20));
            osgi.context().installBundle(throwing.toUri().toString()).start();
            Bundle broken = osgi.context().installBundle(unresolvable.toUri().toString());
            try {
                broken.start();
            } catch (BundleException expected) {
                // cannot resolve: that is the point
            }
            osgi.awaitService("org.alphaclip.api.task.Task", null, Duration.ofSeconds(10));
            String tasks = osgi.execute("alphaclip:tasks");
            assertTrue(tasks.contains("info() failed") && tasks.contains("broken on purpose"), tasks);
            assertTrue(tasks.contains("unresolvable") && tasks.contains("com.example.nowhere"), tasks);
            assertTrue(osgi.execute("alphaclip:models").length() > 0, "the host keeps working");

            Path notABundle = java.nio.file.Files.write(dir.resolve("plain.jar"), new byte[] {'P', 'K', 5, 6, 0, 0, 0, 0, 0, 0, 0, 0,
                0, 0, 0, 0, 0, 0, 0, 0, 0, 0});
            assertFails(osgi, "alphaclip:install " + dir.resolve("missing.jar"), "No such jar file");
            assertFails(osgi, "alphaclip:install " + notABundle, "is not an OSGi bundle");
            assertFails(osgi, "alphaclip:install org.example:nothing:9.9.9", "is not in the local repository");
            assertFails(osgi, "alphaclip:uninstall org.alphaclip.core", "part of the platform");
        }
    }

    private static void assertFails(OsgiFramework osgi, String command, String message) {
        try {
            osgi.execute(command);
            throw new AssertionError(command + " should fail");
        } catch (Exception e) {
            assertTrue(e.getMessage() != null && e.getMessage().contains(message), command + " -> " + e.getMessage());
        }
    }
}
