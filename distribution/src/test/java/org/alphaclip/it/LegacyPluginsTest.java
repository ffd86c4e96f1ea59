package org.alphaclip.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Plugins built against the 1.0 API, one of them with its private copy of the old {@code command-support}
 * package (jars in {@code src/test/resources/legacy-plugins}), dropped into {@code plugins/} of this release
 * instead of its own task bundles: they resolve, start and answer their commands unchanged.
 */
class LegacyPluginsTest {

    @TempDir
    static Path home;

    @BeforeAll
    static void setUp() throws Exception {
        AppProcess.copyApp(home);
        try (Stream<Path> plugins = Files.list(home.resolve("plugins"))) {
            for (Path jar : plugins.toList()) {
                Files.delete(jar);
            }
        }
        for (String jar : new String[] {"similar-region-1.0.0-api-1.0.jar", "org.alphaclip.plugin.ovd-api-1.0.jar"}) {
            try (InputStream in = LegacyPluginsTest.class.getResourceAsStream("/legacy-plugins/" + jar)) {
                Files.copy(in, home.resolve("plugins").resolve(jar));
            }
        }
        Path images = Files.createDirectories(home.resolve("images"));
        picture(Color.RED, images.resolve("red.png"));
        picture(Color.BLUE, images.resolve("blue.png"));
    }

    private static void picture(Color colour, Path file) throws Exception {
        BufferedImage image = new BufferedImage(128, 96, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.GRAY);
        g.fillRect(0, 0, 128, 96);
        g.setColor(colour);
        g.fillOval(30, 20, 50, 50);
        g.dispose();
        ImageIO.write(image, "png", file.toFile());
    }

    @Test
    void bothLegacyPluginsAreListedAndActive() throws Exception {
        AppProcess.Outcome tasks = AppProcess.run(home, "-c", "alphaclip:tasks");
        assertEquals(0, tasks.exitCode(), tasks.stderr());
        assertTrue(tasks.stdout().lines().anyMatch(l -> l.startsWith("similar-region") && l.contains("ACTIVE")), tasks.stdout());
        assertTrue(tasks.stdout().lines().anyMatch(l -> l.startsWith("ovd") && l.contains("ACTIVE")), tasks.stdout());
    }

    @Test
    void theApi10ExampleRunsItsCommand() throws Exception {
        Path images = home.resolve("images");
        AppProcess.Outcome run = AppProcess.run(home, "-c", "similar:search --image " + images.resolve("red.png")
                + " --box 30,20,80,70 --folder " + images);
        assertEquals(0, run.exitCode(), run.stderr());
        assertTrue(run.stdout().startsWith("similar-region 1.0.0"), run.stdout());
        String best = run.stdout().lines().skip(1).findFirst().orElseThrow();
        assertTrue(best.endsWith("red.png"), "the query image ranks first: " + run.stdout());
    }

    @Test
    void theLegacyOvdBundleWithItsPrivateCommandSupportExportsAClassifier() throws Exception {
        Path vocabulary = Files.writeString(home.resolve("vocabulary.txt"), "red circle\nblue circle\n");
        Path out = home.resolve("classifier.npy");
        AppProcess.Outcome run = AppProcess.run(home, "-c", "ovd:classifier --vocabulary " + vocabulary + " --out " + out);
        assertEquals(0, run.exitCode(), run.stderr());
        assertEquals(2, Npy.read(out).shape()[0]);
        AppProcess.Outcome refused = AppProcess.run(home, "-c", "ovd:classifier --vocabulary " + vocabulary + " --modle x");
        assertEquals(1, refused.exitCode());
        assertTrue(refused.stderr().contains("Unknown option '--modle'"), refused.stderr());
    }
}
