package org.alphaclip.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;

/**
 * The external example plugin (built on its own against the installed API) is installed into a running
 * application with {@code alphaclip:install}, runs its command, is updated to a second version whose
 * output differs and uninstalled, while another bundle keeps encoding through the shared sessions; the
 * README's install example lasts from one run of {@code bin/alphaclip} to the next.
 */
class PluginRuntimeIT {

    @Test
    void examplePluginInstallsUpdatesAndUninstallsWhileEncodingContinues(@TempDir Path home) throws Exception {
        Path examples = Path.of(System.getProperty("alphaclip.examples.dir", "target/examples"), "similar-region", "target");
        Path v1 = examples.resolve("similar-region-1.0.0.jar");
        Path v2 = examples.resolve("similar-region-2.0.0.jar");
        assertTrue(Files.isRegularFile(v1) && Files.isRegularFile(v2), "example jars missing in " + examples);
        TestModels.install("fixture-full", home);
        Path query = AlphaClipReferenceSet.file(AlphaClipReferenceSet.images().get(0));
        int[] size = AlphaClipReferenceSet.size(AlphaClipReferenceSet.images().get(0));
        Path load = TestBundles.build(home.resolve("build"), "load.jar", "org.alphaclip.it.load", Map.of(
                "Bundle-SymbolicName", "org.alphaclip.it.load", "Bundle-Version", "1.0.0",
                "Bundle-Activator", "org.alphaclip.it.load.EncodingLoadActivator"));

        try (OsgiFramework osgi = OsgiFramework.startLikeTheApplication(home, Map.of())) {
            osgi.awaitService(null, "(osgi.command.function=install)", Duration.ofSeconds(20));
            Bundle loadBundle = osgi.context().installBundle(load.toUri().toString());
            loadBundle.start();
            OsgiFramework.await("encoding under way", Duration.ofSeconds(30),
                    () -> SharedSessionsTest.report(osgi, "(probe=load)").matches("ok=[1-9].*"));

            String installed = osgi.execute("alphaclip:install " + v1);
            assertTrue(installed.contains("Installed org.example.similar 1.0.0"), installed);
            osgi.awaitService(null, "(osgi.command.function=search)", Duration.ofSeconds(20));
            String search = "similar:search --image " + query + " --box " + size[0] / 4 + "," + size[1] / 4 + ","
                    + size[0] * 3 / 4 + "," + size[1] * 3 / 4 + " --folder " + query.getParent();
            String first = osgi.execute(search);
            assertTrue(first.startsWith("similar-region 1.0.0"), first);
            assertTrue(first.contains(query.getFileName().toString()), first);
            assertTrue(osgi.execute("alphaclip:tasks").contains("similar-region"), "task listed");

            Path installedJar = home.resolve("plugins/org.example.similar.jar");
            assertTrue(installed.contains("as " + installedJar), "the jar lives in plugins/: " + installed);
            String updated = osgi.execute("alphaclip:install " + v2);
            assertTrue(updated.contains("Updated org.example.similar from 1.0.0 to 2.0.0"), updated);
            assertEquals(Files.size(v2), Files.size(installedJar), "updated in place, one jar for the bundle");
            OsgiFramework.await("version 2 answering", Duration.ofSeconds(20), () -> {
                try {
                    return osgi.execute(search).startsWith("similar-region 2.0.0");
                } catch (Exception stillRestarting) {
                    return false;
                }
            });

            assertTrue(osgi.execute("alphaclip:uninstall org.example.similar").contains("Uninstalled org.example.similar 2.0.0"));
            assertFalse(Files.exists(installedJar), "its jar is deleted, so it does not come back at the next start");
            OsgiFramework.await("command gone", Duration.ofSeconds(20), () -> {
                try {
                    osgi.awaitService(null, "(osgi.command.function=search)", Duration.ofMillis(1));
                    return false;
                } catch (Exception | AssertionError gone) {
                    return true;
                }
            });
            assertThrows(Exception.class, () -> osgi.execute(search));
            assertFalse(osgi.execute("alphaclip:tasks").contains("similar-region"));

            String work = SharedSessionsTest.report(osgi, "(probe=load)");
            loadBundle.stop();
            assertTrue(work.contains(" failed=0 "), "encoding kept working: " + work);
            assertEquals(Bundle.ACTIVE, osgi.bundle("org.alphaclip.core").getState());
        }
    }

    /** The README's install example, as written: two runs of bin/alphaclip from the folder that holds examples/. */
    @Test
    void theReadmeInstallExampleWorksAcrossRuns(@TempDir Path home) throws Exception {
        Path examplesParent = Path.of(System.getProperty("alphaclip.examples.dir", "target/examples")).getParent();
        assertTrue(Files.isRegularFile(examplesParent.resolve("examples/similar-region/target/similar-region-1.0.0.jar")));
        AppProcess.copyApp(home);

        AppProcess.Outcome install = AppProcess.runIn(examplesParent, home, "-c",
                "alphaclip:install examples/similar-region/target/similar-region-1.0.0.jar");
        assertEquals(0, install.exitCode(), install.stderr());
        assertTrue(install.stdout().startsWith("Installed org.example.similar 1.0.0"), install.stdout());
        AppProcess.Outcome tasks = AppProcess.runIn(examplesParent, home, "-c", "alphaclip:tasks");
        assertEquals(0, tasks.exitCode(), tasks.stderr());
        assertTrue(tasks.stdout().lines().anyMatch(l -> l.startsWith("similar-region") && l.contains("ACTIVE")), tasks.stdout());
        assertEquals("", install.stderr() + tasks.stderr(), "no warnings");

        AppProcess.Outcome uninstall = AppProcess.run(home, "-c", "alphaclip:uninstall org.example.similar");
        assertEquals(0, uninstall.exitCode(), uninstall.stderr());
        AppProcess.Outcome after = AppProcess.run(home, "-c", "alphaclip:tasks");
        assertFalse(after.stdout().contains("similar-region"), after.stdout());
        assertEquals("", uninstall.stderr() + after.stderr(), "no warnings");
    }

    @Test
    void exampleProposerAnswersProposalRequestsAndGogoBundleCommandsTakeIds(@TempDir Path home) throws Exception {
        Path examples = Path.of(System.getProperty("alphaclip.examples.dir", "target/examples"));
        Path proposer = examples.resolve("colour-proposer/target/colour-proposer-1.0.0.jar");
        Path v1 = examples.resolve("similar-region/target/similar-region-1.0.0.jar");
        Path v2 = examples.resolve("similar-region/target/similar-region-2.0.0.jar");
        assertTrue(Files.isRegularFile(proposer), "example proposer missing: " + proposer);
        BufferedImage picture = new BufferedImage(120, 80, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = picture.createGraphics();
        g.setColor(new Color(200, 200, 200));
        g.fillRect(0, 0, 120, 80);
        g.setColor(Color.RED);
        g.fillRect(10, 10, 30, 20);
        g.setColor(Color.BLUE);
        g.fillOval(60, 30, 40, 40);
        g.dispose();
        Path image = home.resolve("two-things.png");
        ImageIO.write(picture, "png", image.toFile());

        try (OsgiFramework osgi = OsgiFramework.startLikeTheApplication(home, Map.of())) {
            osgi.awaitService(null, "(osgi.command.function=install)", Duration.ofSeconds(20));
            assertTrue(osgi.execute("alphaclip:install " + proposer).contains("Installed org.example.proposer 1.0.0"));
            osgi.awaitService("org.alphaclip.api.proposal.MaskProposer", "(alphaclip.proposer=colour)", Duration.ofSeconds(20));
            assertTrue(osgi.execute("alphaclip:proposers").contains("colour"));

            String automatic = osgi.execute("alphaclip:propose --proposer colour --image " + image);
            assertTrue(automatic.contains("2 proposals from colour"), automatic);
            assertTrue(automatic.contains("[10,10,40,30]  ") && automatic.contains("colour:auto"), automatic);
            String point = osgi.execute("alphaclip:propose --proposer colour --image " + image + " --point 20,15 --point 5,5");
            assertTrue(point.contains("2 proposals from colour"), point);
            assertTrue(point.contains("colour:point 1") && point.contains("colour:point 2 (nothing there)"), point);

            String installed = osgi.execute("alphaclip:install " + v1);
            long id = osgi.bundle("org.example.similar").getBundleId();
            assertTrue(installed.contains("(bundle " + id + ")"), installed);
            osgi.execute("update " + id + " " + v2.toUri());
            OsgiFramework.await("updated by Gogo's own update", Duration.ofSeconds(20),
                    () -> osgi.bundle("org.example.similar").getVersion().toString().equals("2.0.0"));
            osgi.execute("stop org.example.similar");
            assertEquals(Bundle.RESOLVED, osgi.bundle("org.example.similar").getState());
            osgi.execute("uninstall " + id);
            assertEquals(null, osgi.bundle("org.example.similar"), "uninstalled by Gogo's own uninstall with an id");
            assertTrue(osgi.execute("alphaclip:uninstall org.example.proposer").contains("Uninstalled org.example.proposer 1.0.0"));
        }
    }
}
