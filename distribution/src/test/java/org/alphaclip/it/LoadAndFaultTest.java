package org.alphaclip.it;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceReference;

/**
 * Eight clients encode through the shared sessions while a consumer bundle is updated and uninstalled
 * and the default model package is replaced on disk: only clean rejections, no crash, handles released.
 */
class LoadAndFaultTest {

    @Test
    void eightClientsSurviveBundleUpdatesAndAModelReplacement(@TempDir Path home) throws Exception {
        Path modelDir = TestModels.install("fixture-full", home);
        Path load = TestBundles.build(home.resolve("build"), "load.jar", "org.alphaclip.it.load", Map.of(
                "Bundle-SymbolicName", "org.alphaclip.it.load", "Bundle-Version", "1.0.0",
                "Bundle-Activator", "org.alphaclip.it.load.EncodingLoadActivator"));
        Path user1 = TestBundles.build(home.resolve("build"), "user-1.jar", "org.alphaclip.it.sessionuser", Map.of(
                "Bundle-SymbolicName", "org.alphaclip.it.user", "Bundle-Version", "1.0.0",
                "Bundle-Activator", "org.alphaclip.it.sessionuser.SessionUserActivator"));
        Path user2 = TestBundles.build(home.resolve("build"), "user-2.jar", "org.alphaclip.it.sessionuser", Map.of(
                "Bundle-SymbolicName", "org.alphaclip.it.user", "Bundle-Version", "2.0.0",
                "Bundle-Activator", "org.alphaclip.it.sessionuser.SessionUserActivator"));

        try (OsgiFramework osgi = OsgiFramework.start(home.resolve("fw"), Map.of("alphaclip.home", home.toString(),
                "probe.model", modelDir.resolve("visual.onnx").toString(), "probe.threads", "8"))) {
            ServiceReference<?> encoderBefore = osgi.awaitService("org.alphaclip.api.AlphaClipEncoder",
                    "(alphaclip.default=true)", Duration.ofSeconds(20));
            Bundle loadBundle = osgi.context().installBundle(load.toUri().toString());
            loadBundle.start();
            OsgiFramework.await("encoding under way", Duration.ofSeconds(30),
                    () -> SharedSessionsTest.report(osgi, "(probe=load)").matches("ok=[1-9].*"));

            Bundle user = osgi.context().installBundle(user1.toUri().toString());
            user.start();
            user.update(Files.newInputStream(user2));
            SharedSessionsTest.refresh(osgi, user);

            Path manifest = modelDir.resolve("manifest.json");
            Files.writeString(manifest, Files.readString(manifest).replaceFirst("\"description\": \"[^\"]*\"",
                    "\"description\": \"replaced while serving\""));
            OsgiFramework.await("the replaced package to be served", Duration.ofSeconds(30), () -> {
                try {
                    ServiceReference<?> now = osgi.awaitService("org.alphaclip.api.AlphaClipEncoder",
                            "(alphaclip.default=true)", Duration.ofSeconds(5));
                    return !now.getProperty("service.id").equals(encoderBefore.getProperty("service.id"));
                } catch (Exception e) {
                    return false;
                }
            });
            String before = SharedSessionsTest.report(osgi, "(probe=load)");
            OsgiFramework.await("encoding on the new package", Duration.ofSeconds(30),
                    () -> okCount(SharedSessionsTest.report(osgi, "(probe=load)")) > okCount(before) + 8);

            user.uninstall();
            SharedSessionsTest.refresh(osgi, user);
            String work = SharedSessionsTest.report(osgi, "(probe=load)");
            loadBundle.stop();
            assertTrue(work.contains(" failed=0 "), "only clean rejections: " + work);
            String sessions = osgi.execute("alphaclip:sessions");
            assertFalse(sessions.contains("org.alphaclip.it.user"), "the uninstalled bundle's handles are released:\n" + sessions);
            assertNotEquals(Bundle.UNINSTALLED, osgi.bundle("org.alphaclip.core").getState());
        }
    }

    private static int okCount(String report) {
        return Integer.parseInt(report.substring(3, report.indexOf(' ')));
    }
}
