package org.alphaclip.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.wiring.FrameworkWiring;

/**
 * The shared session layer inside the real framework: two bundles on the same model hold one session,
 * and consumer bundles are stopped, updated and uninstalled while other threads keep encoding.
 */
class SharedSessionsTest {

    @Test
    void twoBundlesShareOneSessionAndUpdatesDoNotDisturbEncoding(@TempDir Path home) throws Exception {
        Path model = TestModels.install("fixture-full", home).resolve("visual.onnx");
        Path userA = userBundle(home, "org.alphaclip.it.user.a", "1.0.0");
        Path userB1 = userBundle(home, "org.alphaclip.it.user.b", "1.0.0");
        Path userB2 = userBundle(home, "org.alphaclip.it.user.b", "2.0.0");
        Path load = TestBundles.build(home.resolve("build"), "load.jar", "org.alphaclip.it.load", Map.of(
                "Bundle-SymbolicName", "org.alphaclip.it.load", "Bundle-Version", "1.0.0",
                "Bundle-Activator", "org.alphaclip.it.load.EncodingLoadActivator"));

        try (OsgiFramework osgi = OsgiFramework.start(home.resolve("fw"), Map.of("alphaclip.home", home.toString(),
                "probe.model", model.toString()))) {
            Bundle a = install(osgi, userA);
            Bundle b = install(osgi, userB1);
            String report = report(osgi, "(&(probe=session-user)(name=org.alphaclip.it.user.a))");
            assertTrue(report.startsWith("sessions=1 handles=2"), report);
            assertTrue(report.contains("org.alphaclip.it.user.a") && report.contains("org.alphaclip.it.user.b"), report);

            Bundle loadBundle = install(osgi, load);
            OsgiFramework.await("encoding under way", Duration.ofSeconds(30),
                    () -> report(osgi, "(probe=load)").matches("ok=[1-9].*"));
            for (int round = 0; round < 3; round++) {
                a.stop();
                b.update(Files.newInputStream(round % 2 == 0 ? userB2 : userB1));
                refresh(osgi, b);
                a.start();
            }
            report = report(osgi, "(&(probe=session-user)(name=org.alphaclip.it.user.b))");
            assertTrue(report.startsWith("sessions=1 handles=3"), "encoder, a and b share the session: " + report);
            a.uninstall();
            b.uninstall();
            refresh(osgi, a);
            String work = report(osgi, "(probe=load)");
            loadBundle.stop();
            assertTrue(work.contains(" failed=0 "), "only clean rejections allowed: " + work);
            assertTrue(osgi.execute("alphaclip:sessions").contains("visual.onnx"));
        }
    }

    private static Path userBundle(Path home, String symbolicName, String version) throws Exception {
        return TestBundles.build(home.resolve("build"), symbolicName + "-" + version + ".jar", "org.alphaclip.it.sessionuser",
                Map.of("Bundle-SymbolicName", symbolicName, "Bundle-Version", version,
                        "Bundle-Activator", "org.alphaclip.it.sessionuser.SessionUserActivator"));
    }

    private static Bundle install(OsgiFramework osgi, Path jar) throws Exception {
        Bundle bundle = osgi.context().installBundle(jar.toUri().toString());
        osgi.awaitService("org.alphaclip.api.session.InferenceSessions", null, Duration.ofSeconds(20));
        bundle.start();
        return bundle;
    }

    static String report(OsgiFramework osgi, String filter) {
        try {
            ServiceReference<?> ref = osgi.awaitService(Supplier.class.getName(), filter, Duration.ofSeconds(20));
            try {
                return String.valueOf(((Supplier<?>) osgi.context().getService(ref)).get());
            } finally {
                osgi.context().ungetService(ref);
            }
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    static void refresh(OsgiFramework osgi, Bundle bundle) throws InterruptedException {
        CountDownLatch done = new CountDownLatch(1);
        osgi.context().getBundle(0).adapt(FrameworkWiring.class).refreshBundles(List.of(bundle), event -> {
            if (event.getType() == FrameworkEvent.PACKAGES_REFRESHED) {
                done.countDown();
            }
        });
        assertTrue(done.await(20, TimeUnit.SECONDS), "refresh did not finish");
    }
}
