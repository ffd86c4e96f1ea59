package org.alphaclip.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Point-E task bundle from {@code plugins/} through the real launcher, on the tiny random base + upsampler
 * plugin-pointe's build exported on the Alpha-CLIP fixture package, both in {@code models/} (random weights: the
 * interface is checked, not the shapes): {@code pointe:generate} writes a PLY of the expected size, the renders and
 * the sheet, with and without the upsampler; bad options, a package of the wrong kind and an output path that is a
 * file are one-line errors.
 */
class PointeCommandsTest {

    private static final String PACKAGE = "tiny-pointe-encoder";

    @TempDir
    static Path home;
    private static Path image;

    @BeforeAll
    static void setUp() throws Exception {
        image = TaskHome.prepare(home, "pointe.test.packages", "../plugin-pointe/target/test-models", PACKAGE);
    }

    private static int vertices(Path ply) throws Exception {
        String header = new String(Files.readAllBytes(ply), 0, 200, StandardCharsets.US_ASCII);
        String line = header.lines().filter(l -> l.startsWith("element vertex ")).findFirst().orElseThrow();
        return Integer.parseInt(line.substring("element vertex ".length()));
    }

    @Test
    void generateWritesThePlyTheRendersAndTheSheet() throws Exception {
        Path out = home.resolve("cloud");
        AppProcess.Outcome run = AppProcess.run(home, "-c", "pointe:generate --model " + PACKAGE + " --image " + image
                + " --box 45,20,70,45 --steps 3 --seed 4 --views 3 --size 96 --out " + out);
        assertEquals(0, run.exitCode(), run.stdout() + run.stderr());
        assertTrue(run.stdout().contains(PACKAGE + ": 4096 points in "), run.stdout());
        assertEquals(4096, vertices(out.resolve("cloud.ply")));
        assertEquals(Files.size(out.resolve("cloud.ply")), 4096L * 15 + Files.readString(out.resolve("cloud.ply"),
                StandardCharsets.ISO_8859_1).indexOf("end_header\n") + "end_header\n".length());
        for (String file : new String[] {"view-1.png", "view-2.png", "view-3.png"}) {
            assertEquals(96, ImageIO.read(out.resolve(file).toFile()).getWidth(), file);
        }
        assertEquals(4 * 128 + 5 * 8, ImageIO.read(out.resolve("sheet.png").toFile()).getWidth(),
                "the source and three views in 128-pixel tiles");

        Path base = home.resolve("base-only");
        AppProcess.Outcome small = AppProcess.run(home, "-c", "pointe:generate --model " + PACKAGE + " --image " + image
                + " --points 20,20 --steps 2 --guidance 1 --no-upsample --out " + base);
        assertEquals(0, small.exitCode(), small.stdout() + small.stderr());
        assertEquals(1024, vertices(base.resolve("cloud.ply")), "--no-upsample keeps the base stage's points");
    }

    @Test
    void badOptionsArePlainOneLineErrors() throws Exception {
        String generate = "pointe:generate --model " + PACKAGE + " --image " + image + " --points 20,20 --out "
                + home.resolve("bad");
        assertError(generate + " --steps 0", "Error: --steps must be at least 1, got 0");
        assertError(generate + " --guidance NaN", "Error: --guidance must be a finite number, got NaN");
        assertError(generate + " --steps many", "Error: --steps must be a whole number, got 'many'");
        Path file = Files.writeString(home.resolve("a-file"), "x");
        assertError("pointe:generate --image " + image + " --out " + file, "Error: --out " + file + " is a file; give a folder");
        AppProcess.Outcome encoder = AppProcess.run(home, "-c", "pointe:generate --model encoder --image " + image
                + " --out " + home.resolve("never"));
        assertEquals(1, encoder.exitCode());
        assertEquals(1, encoder.stderr().strip().lines().count(), encoder.stderr());
        assertTrue(encoder.stderr().contains("it is an Alpha-CLIP encoder package (format 'alphaclip-model-package'), not a"
                + " Point-E one"), encoder.stderr());
        assertFalse(Files.exists(home.resolve("never")), "nothing written for a refused package");
    }

    private static void assertError(String command, String expected) throws Exception {
        AppProcess.Outcome run = AppProcess.run(home, "-c", command);
        assertEquals(1, run.exitCode(), run.stdout() + run.stderr());
        assertEquals(expected, run.stderr().strip());
    }
}
