package org.alphaclip.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.wiring.FrameworkWiring;

/**
 * A task bundle that runs ONNX Runtime is updated, refreshed, stopped, started and uninstalled while
 * the framework runs: the native library stays in the platform bundle, so nothing is loaded twice.
 */
class OrtBundleUpdateTest {

    @Test
    void updatingAnOrtConsumerKeepsInferenceWorking(@TempDir Path dir) throws Exception {
        Path model = AlphaClipReferenceSet.dir().resolve("onnx/alphaclip_visual.onnx");
        assertTrue(Files.isRegularFile(model), "fixture model missing: " + model);
        Path v1 = probeBundle(dir, "1.0.0");
        Path v2 = probeBundle(dir, "2.0.0");
        try (OsgiFramework osgi = OsgiFramework.start(dir.resolve("fw"), Map.of("probe.model", model.toString()))) {
            Bundle probe = osgi.context().installBundle("probe", Files.newInputStream(v1));
            probe.start();
            String first = probeResult(osgi);
            assertTrue(first.startsWith("1.0.0:"), first);

            probe.update(Files.newInputStream(v2));
            refresh(osgi, probe);
            String second = probeResult(osgi);
            assertTrue(second.startsWith("2.0.0:"), second);
            assertEquals(first.substring(6), second.substring(6), "same model, same input, same embedding");

            probe.stop();
            probe.start();
            assertEquals(second, probeResult(osgi));

            probe.uninstall();
            refresh(osgi, probe);
            assertEquals(Bundle.ACTIVE, osgi.bundle("org.alphaclip.platform.onnxruntime").getState());
        }
    }

    private static Path probeBundle(Path dir, String version) throws Exception {
        return TestBundles.build(dir, "ort-probe-" + version + ".jar", "org.alphaclip.it.probe", Map.of(
                "Bundle-SymbolicName", "org.alphaclip.it.ortprobe", "Bundle-Version", version,
                "Bundle-Activator", "org.alphaclip.it.probe.OrtProbeActivator"));
    }

    private static String probeResult(OsgiFramework osgi) throws Exception {
        ServiceReference<?> ref = osgi.awaitService(Supplier.class.getName(), "(probe=ort)", Duration.ofSeconds(20));
        try {
            return String.valueOf(((Supplier<?>) osgi.context().getService(ref)).get());
        } finally {
            osgi.context().ungetService(ref);
        }
    }

    private static void refresh(OsgiFramework osgi, Bundle bundle) throws InterruptedException {
        CountDownLatch done = new CountDownLatch(1);
        osgi.context().getBundle(0).adapt(FrameworkWiring.class).refreshBundles(java.util.List.of(bundle),
                event -> {
                    if (event.getType() == FrameworkEvent.PACKAGES_REFRESHED) {
                        done.countDown();
                    }
                });
        assertTrue(done.await(20, java.util.concurrent.TimeUnit.SECONDS), "refresh did not finish");
    }
}
