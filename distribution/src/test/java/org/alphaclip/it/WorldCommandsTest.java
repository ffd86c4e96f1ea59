package org.alphaclip.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The world commands on the shipped default model through the real launcher: the README's main command
 * ({@code world:demo}) prints both rankings and writes its picture; {@code world:evaluate} prints the
 * region and whole-image tables with the requested scene counts and refuses a bad count in one line.
 */
class WorldCommandsTest {

    @TempDir
    static Path home;

    @BeforeAll
    static void setUp() throws Exception {
        AppProcess.copyApp(home);
    }

    @Test
    void demoPrintsBothRankingsAndWritesThePicture() throws Exception {
        Path picture = home.resolve("world-demo.png");
        AppProcess.Outcome run = AppProcess.run(home, "-c", "world:demo --out " + picture);
        assertEquals(0, run.exitCode(), run.stdout() + run.stderr());
        assertTrue(run.stdout().contains("With the region") && run.stdout().contains("Whole image (no region)"), run.stdout());
        assertTrue(run.stdout().contains("Picture: " + picture), run.stdout());
        assertTrue(Files.size(picture) > 1000);
    }

    @Test
    void evaluatePrintsTheTablesForTheRequestedCounts() throws Exception {
        AppProcess.Outcome run = AppProcess.run(home, "-c",
                "world:evaluate --base shapes-clip-base --count 2 --singles 3 --renderer raster");
        assertEquals(0, run.exitCode(), run.stdout() + run.stderr());
        assertTrue(run.stdout().contains("raster renderer, seed 7: 2 scenes"), run.stdout());
        assertTrue(run.stdout().contains("raster renderer, seed 7: 3 single-object scenes"), run.stdout());
        assertTrue(run.stdout().contains("| (a) mask as alpha | mask |"), run.stdout());
        assertTrue(run.stdout().contains("| shapes-clip-base | (ignored) |"), run.stdout());

        AppProcess.Outcome refused = AppProcess.run(home, "-c", "world:evaluate --singles 0");
        assertEquals(1, refused.exitCode(), refused.stdout() + refused.stderr());
        assertEquals("Error: --singles must be at least 1 (or left out: as many as --count)", refused.stderr().strip());
    }
}
