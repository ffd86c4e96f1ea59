package org.alphaclip.core.internal.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;

import org.alphaclip.core.internal.task.FakeFramework.FakeBundle;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;
import org.osgi.service.component.runtime.ServiceComponentRuntime;

/**
 * {@code alphaclip:install} and {@code alphaclip:uninstall} through plugins/, with a stand-in for FileInstall that
 * installs the jars appearing in the folder and uninstalls the bundles whose jar is deleted.
 */
class PluginInstallerTest {

    @TempDir
    Path home;
    private final FakeFramework framework = new FakeFramework();
    private final TaskCommands commands = new TaskCommands(framework.context,
            FakeFramework.proxy(ServiceComponentRuntime.class, (p, m, a) -> List.of()), Duration.ofSeconds(2));
    private Thread fileInstall;
    private volatile boolean watching = true;
    private final List<String> seen = new ArrayList<>();

    @BeforeEach
    void standInForFileInstall() throws Exception {
        framework.properties.put("alphaclip.home", home.toString());
        Path plugins = Files.createDirectories(home.resolve("plugins"));
        fileInstall = new Thread(() -> {
            long nextId = 40;
            while (watching) {
                try (Stream<Path> files = Files.list(plugins)) {
                    for (Path jar : files.filter(f -> f.getFileName().toString().endsWith(".jar")).toList()) {
                        String location = jar.toFile().toURI().toString();
                        if (framework.bundles.stream().noneMatch(b -> b.location.equals(location))) {
                            BundleJar manifest = BundleJar.read(jar);
                            framework.install(nextId++, manifest.symbolicName(), manifest.version().toString(), location, false);
                            synchronized (seen) {
                                seen.add(jar.getFileName().toString());
                            }
                        }
                    }
                    for (FakeBundle bundle : framework.bundles) {
                        if (bundle.location.startsWith(plugins.toUri().toString().replace("file:///", "file:/"))
                                && Files.notExists(Path.of(java.net.URI.create(bundle.location)))) {
                            bundle.bundle.uninstall();
                        }
                    }
                    Thread.sleep(20);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
        }, "stand-in FileInstall");
        fileInstall.start();
    }

    @AfterEach
    void stop() throws InterruptedException {
        watching = false;
        fileInstall.join();
    }

    @Test
    void installCopiesTheJarIntoPluginsAndReturnsWhenItRuns() throws Exception {
        Path jar = bundleJar(home.resolve("build/tool-1.0.0.jar"), "org.example.tool", "1.0.0");
        String result = commands.install(jar.toString());
        Path installed = home.resolve("plugins/org.example.tool.jar");
        assertEquals("Installed org.example.tool 1.0.0 (bundle 40) from " + jar + " as " + installed + "; state ACTIVE", result);
        assertEquals(-1L, Files.mismatch(jar, installed));
        assertEquals(List.of("org.example.tool.jar"), seen, "FileInstall never saw the temporary file");
        assertTrue(commands.install(jar.toString()).startsWith("org.example.tool 1.0.0 (bundle 40) is already installed from "
                + installed + ", the same jar"));
    }

    @Test
    void uninstallDeletesThePluginsJarSoTheBundleDoesNotComeBack() throws Exception {
        Path jar = bundleJar(home.resolve("plugins/similar-1.0.0.jar"), "org.example.similar", "1.0.0");
        while (framework.bundles.stream().noneMatch(b -> b.symbolicName.equals("org.example.similar"))) {
            Thread.sleep(10);
        }
        String result = commands.uninstall("org.example.similar");
        assertEquals("Uninstalled org.example.similar 1.0.0 (bundle 40) and deleted " + jar, result);
        assertFalse(Files.exists(jar));
        assertTrue(framework.bundles.stream().noneMatch(b -> b.symbolicName.equals("org.example.similar")));
    }

    @Test
    void aBundleNotFromPluginsIsSimplyUninstalled() throws Exception {
        FakeBundle elsewhere = framework.install(30, "org.example.other", "2.0.0", "file:/somewhere/other.jar", false);
        assertEquals("Uninstalled org.example.other 2.0.0 (bundle 30)", commands.uninstall("30"));
        assertEquals(Bundle.UNINSTALLED, elsewhere.state);
    }

    @Test
    void installRefusesPlatformBundlesForeignFilesAndFrameworksWithoutTheApplicationFolder() throws Exception {
        Path core = bundleJar(home.resolve("build/core.jar"), "org.alphaclip.core", "0.3.0");
        assertEquals("org.alphaclip.core is part of the platform (bundles/): it comes with the application and is not"
                + " installed as a task bundle", assertThrows(IllegalArgumentException.class, () -> commands.install(core.toString()))
                .getMessage());

        watching = false;
        fileInstall.join();
        bundleJar(home.resolve("plugins/org.example.tool.jar"), "org.example.impostor", "1.0.0");
        Path tool = bundleJar(home.resolve("build/tool.jar"), "org.example.tool", "1.0.0");
        assertEquals(home.resolve("plugins/org.example.tool.jar") + " already holds another bundle (org.example.impostor);"
                + " move it away, then install again",
                assertThrows(IllegalArgumentException.class, () -> commands.install(tool.toString())).getMessage());

        Files.delete(home.resolve("plugins/org.example.tool.jar"));
        String noFileInstall = assertThrows(IllegalStateException.class, () -> commands.install(tool.toString())).getMessage();
        assertTrue(noFileInstall.contains("is in place, but FileInstall did not install it within 2 s"), noFileInstall);

        framework.properties.remove("alphaclip.home");
        String noHome = assertThrows(IllegalStateException.class, () -> commands.install(tool.toString())).getMessage();
        assertTrue(noHome.contains("started without alphaclip.home"), noHome);
    }

    /** Writes a jar holding only a bundle manifest (written atomically, as a user should copy into plugins/). */
    static Path bundleJar(Path file, String symbolicName, String version) throws Exception {
        Files.createDirectories(file.getParent());
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().putValue("Bundle-ManifestVersion", "2");
        manifest.getMainAttributes().putValue("Bundle-SymbolicName", symbolicName);
        manifest.getMainAttributes().putValue("Bundle-Version", version);
        Path part = file.resolveSibling(file.getFileName() + ".part");
        try (OutputStream out = Files.newOutputStream(part); JarOutputStream jar = new JarOutputStream(out, manifest)) {
            jar.flush();
        }
        return Files.move(part, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }
}
