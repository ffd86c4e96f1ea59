package org.alphaclip.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;

/** Boots the application's bundles in a real Equinox and checks that everything resolves and registers. */
class FrameworkTest {

    @TempDir
    static Path storage;

    private static OsgiFramework osgi;

    @BeforeAll
    static void boot() throws Exception {
        osgi = OsgiFramework.start(storage.resolve("fw"), Map.of());
    }

    @AfterAll
    static void stop() throws Exception {
        osgi.close();
    }

    @Test
    void everyBundleIsActive() throws Exception {
        OsgiFramework.await("all bundles active", Duration.ofSeconds(10), () -> Arrays.stream(osgi.context().getBundles())
                .filter(b -> b.getHeaders().get(Constants.FRAGMENT_HOST) == null)
                .filter(b -> !"org.apache.felix.http.jetty".equals(b.getSymbolicName()))
                .allMatch(b -> b.getState() == Bundle.ACTIVE));
        assertTrue((osgi.bundle("org.apache.felix.http.jetty").getState() & (Bundle.INSTALLED | Bundle.RESOLVED)) != 0,
                "the web page's HTTP server is installed and not started while the page is off");
        List<String> names = Arrays.stream(osgi.context().getBundles()).map(Bundle::getSymbolicName).toList();
        assertTrue(names.containsAll(List.of("org.alphaclip.core.api", "org.alphaclip.core", "org.alphaclip.shell",
                "org.alphaclip.platform.onnxruntime", "org.alphaclip.platform.djl", "org.alphaclip.platform.imageio",
                "org.apache.felix.scr", "org.alphaclip.web", "org.apache.felix.http.servlet-api",
                "org.apache.felix.gogo.runtime", "org.apache.felix.fileinstall", "org.apache.felix.configadmin")), names.toString());
    }

    @Test
    void gogoCommandsAreRegistered() throws Exception {
        osgi.awaitService(null, "(&(osgi.command.scope=felix)(osgi.command.function=lb))", Duration.ofSeconds(10));
        String listing = osgi.execute("lb -s");
        assertTrue(listing.contains("org.alphaclip.core"), listing);
        for (String function : List.of("models", "encode", "classify", "tokenize", "overlay", "sessions")) {
            osgi.awaitService(null, "(&(osgi.command.scope=alphaclip)(osgi.command.function=" + function + "))", Duration.ofSeconds(10));
        }
        assertTrue(osgi.execute("alphaclip:sessions").contains("cpu"));
    }

    @Test
    void djlEnginesAreFoundThroughOsgiServices() throws Exception {
        Path probe = TestBundles.build(storage, "djl-probe.jar", "org.alphaclip.it.djlprobe", Map.of(
                "Bundle-SymbolicName", "org.alphaclip.it.djlprobe", "Bundle-Version", "1.0.0",
                "Bundle-Activator", "org.alphaclip.it.djlprobe.DjlProbeActivator"));
        Bundle bundle = osgi.context().installBundle(probe.toUri().toString());
        bundle.start();
        ServiceReference<?> ref = osgi.awaitService(Supplier.class.getName(), "(probe=djl)", Duration.ofSeconds(10));
        assertEquals("[PyTorch, Rust]", ((Supplier<?>) osgi.context().getService(ref)).get());
        ServiceReference<?> torch = osgi.awaitService(Supplier.class.getName(), "(probe=torch)", Duration.ofSeconds(10));
        assertEquals("5.0", ((Supplier<?>) osgi.context().getService(torch)).get(), "libtorch runs inside the framework");
        bundle.uninstall();
    }
}
