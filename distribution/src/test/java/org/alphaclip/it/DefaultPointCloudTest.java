package org.alphaclip.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;

import javax.imageio.ImageIO;

import org.alphaclip.pointe.internal.solids.SolidObject;
import org.alphaclip.pointe.internal.solids.SolidScene;
import org.alphaclip.pointe.internal.solids.SolidSceneGenerator;
import org.alphaclip.world.SceneSplit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * The shipped default Point-E model ({@code models/pointe-shapes} on {@code models/alphaclip-shapes}) out of the box,
 * through the real launcher: {@code pointe:generate} without {@code --model} turns a highlighted solid of a held-out
 * two-solid scene into a cloud, and {@code pointe:eval} shows the paper's claim: with the solid's mask as alpha the
 * geometric classifier names the highlighted solid's colour and label far more often than with alpha all ones. The
 * floors sit well below the README's figures.
 */
class DefaultPointCloudTest {

    /** README, 100 scenes: the colour named 80.0 % with the region vs 45.5 % with alpha all ones. */
    private static final double COLOUR_FLOOR = 0.6;
    private static final double COLOUR_MARGIN = 0.2;
    /** README: the label named 41.0 % vs 13.5 %. */
    private static final double LABEL_MARGIN = 0.1;

    @TempDir
    static Path home;

    @BeforeAll
    static void setUp() throws Exception {
        AppProcess.copyApp(home);
    }

    @Test
    void generateMakesACloudOfTheHighlightedSolid() throws Exception {
        SolidScene scene = new SolidSceneGenerator(128).generate(new SceneSplit(99, "test").sceneSeed(0), 2);
        Path image = home.resolve("solids.png");
        BufferedImage picture = new BufferedImage(128, 128, BufferedImage.TYPE_INT_RGB);
        for (int p = 0; p < 128 * 128; p++) {
            byte[] rgb = scene.image().rgb();
            picture.setRGB(p % 128, p / 128, (rgb[3 * p] & 0xff) << 16 | (rgb[3 * p + 1] & 0xff) << 8 | rgb[3 * p + 2] & 0xff);
        }
        ImageIO.write(picture, "png", image.toFile());
        SolidObject first = scene.objects().get(0);
        int[] b = first.box();
        Path out = home.resolve("cloud");
        AppProcess.Outcome run = AppProcess.run(home, "-c", "pointe:generate --image " + image + " --box " + b[0] + ","
                + b[1] + "," + b[2] + "," + b[3] + " --steps 32 --out " + out);
        assertEquals(0, run.exitCode(), run.stdout() + run.stderr());
        assertTrue(run.stdout().contains("pointe-shapes: 256 points in "), run.stdout());
        assertTrue(Files.size(out.resolve("cloud.ply")) > 256 * 15);
        assertTrue(Files.size(out.resolve("sheet.png")) > 1000);
    }

    @Test
    void theRegionSteersTheCloud() throws Exception {
        AppProcess.Outcome run = AppProcess.run(home, "-c", "pointe:eval --scenes 12 --steps 32 --json");
        assertEquals(0, run.exitCode(), run.stdout() + run.stderr());
        JsonObject report = JsonParser.parseString(run.stdout().strip()).getAsJsonObject();
        assertEquals(1.0, report.get("classifierOnTrueClouds").getAsDouble(), "the classifier names every true cloud");
        JsonObject rates = report.getAsJsonObject("rates");
        double colourRegion = rates.get("colour named, with the region").getAsDouble();
        double colourWhole = rates.get("colour named, with alpha all ones").getAsDouble();
        double labelRegion = rates.get("label named, with the region").getAsDouble();
        double labelWhole = rates.get("label named, with alpha all ones").getAsDouble();
        assertTrue(colourRegion >= COLOUR_FLOOR && colourRegion - colourWhole >= COLOUR_MARGIN, rates.toString());
        assertTrue(labelRegion - labelWhole >= LABEL_MARGIN, rates.toString());
    }
}
