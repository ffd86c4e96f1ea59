package org.alphaclip.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * The diffusion task bundle from {@code plugins/} through the real launcher, on the tiny image-variation package
 * plugin-diffusion's build exported on the Alpha-CLIP fixture package, both in {@code models/} beside the shipped
 * default (so {@code --model} names it; random weights: the interface is checked, not the pictures):
 * {@code diffusion:vary} writes each variation and the contact sheet, {@code diffusion:eval} and
 * {@code diffusion:bench} print their tables; {@code diffusion:subject} runs the tiny BLIP-Diffusion package exported on
 * the same encoder (its tokenizers on DJL's native library inside the framework); bad options, a package of the wrong
 * kind and an output path that is a file are one-line errors.
 */
class DiffusionCommandsTest {

    private static final String PACKAGE = "tiny-imgvar-encoder";
    private static final String SUBJECT_PACKAGE = "tiny-blipdiffusion";

    @TempDir
    static Path home;
    private static Path image;

    @BeforeAll
    static void setUp() throws Exception {
        image = TaskHome.prepare(home, "diffusion.test.packages", "../plugin-diffusion/target/test-models", PACKAGE, SUBJECT_PACKAGE);
    }

    @Test
    void varyWritesTheVariationsAndTheContactSheet() throws Exception {
        Path out = home.resolve("variations");
        AppProcess.Outcome run = AppProcess.run(home, "-c", "diffusion:vary --model " + PACKAGE + " --image " + image
                + " --box 45,20,70,45 --steps 3 --count 2 --seed 4 --scheduler ddim --out " + out);
        assertEquals(0, run.exitCode(), run.stdout() + run.stderr());
        assertTrue(run.stdout().contains(PACKAGE + ": 2 variations in "), run.stdout());
        for (String file : new String[] {"variation-1.png", "variation-2.png", "contact-sheet.png"}) {
            BufferedImage written = ImageIO.read(out.resolve(file).toFile());
            assertTrue(written != null && written.getWidth() >= 16, file);
        }
        BufferedImage sheet = ImageIO.read(out.resolve("contact-sheet.png").toFile());
        assertEquals(3 * 128 + 4 * 8, sheet.getWidth(), "the source and two variations in 128-pixel tiles");
    }

    @Test
    void subjectWritesTheImagesAndTheContactSheet() throws Exception {
        Path out = home.resolve("subject");
        AppProcess.Outcome run = AppProcess.run(home, "-c", "diffusion:subject --model " + SUBJECT_PACKAGE + " --image "
                + image + " --stroke 12,20/35,28 --subject dog --prompt 'on the beach' --negative 'blurry' --steps 2"
                + " --count 2 --out " + out);
        assertEquals(0, run.exitCode(), run.stdout() + run.stderr());
        assertTrue(run.stdout().contains(SUBJECT_PACKAGE + ": 2 images in "), run.stdout());
        for (String file : new String[] {"subject-1.png", "subject-2.png", "contact-sheet.png"}) {
            BufferedImage written = ImageIO.read(out.resolve(file).toFile());
            assertTrue(written != null && written.getWidth() >= 16, file);
        }
        AppProcess.Outcome bench = AppProcess.run(home, "-c", "diffusion:bench --model " + SUBJECT_PACKAGE + " --runs 2");
        assertEquals(0, bench.exitCode(), bench.stdout() + bench.stderr());
        assertTrue(bench.stdout().contains("| guidance pair, one batch of 2 | 2 |"), bench.stdout());

        String subject = "diffusion:subject --image " + image + " --points 20,20 --out " + home.resolve("bad");
        assertError(subject + " --model " + SUBJECT_PACKAGE + " --prompt 'on the beach'", "Error: Missing --subject <value>");
        assertError(subject + " --model " + PACKAGE + " --subject dog --prompt x", "Error: " + PACKAGE + " is an"
                + " image-variation package; diffusion:subject needs a subject-driven (BLIP-Diffusion) one, diffusion:vary"
                + " runs this one");
        assertError("diffusion:vary --model " + SUBJECT_PACKAGE + " --image " + image + " --out " + home.resolve("bad"),
                "Error: " + SUBJECT_PACKAGE + " is a subject-driven package (BLIP-Diffusion): it generates from a subject"
                        + " and a prompt (diffusion:subject), not from an embedding");
        assertError(subject + " --model " + SUBJECT_PACKAGE + " --subject '" + "dog ".repeat(15) + "' --prompt x",
                "Error: the subject '" + "dog ".repeat(15) + "' has 15 tokens; the Q-Former takes at most 14");
    }

    @Test
    void evalAndBenchPrintTheirTables() throws Exception {
        AppProcess.Outcome eval = AppProcess.run(home, "-c", "diffusion:eval --model " + PACKAGE
                + " --renderer vector --scenes 2 --variations 2 --steps 2 --json");
        assertEquals(0, eval.exitCode(), eval.stdout() + eval.stderr());
        JsonObject vector = JsonParser.parseString(eval.stdout().strip()).getAsJsonObject().getAsJsonObject("results")
                .getAsJsonObject("vector");
        assertEquals(2, vector.get("scenes").getAsInt());
        assertEquals(4, vector.get("regions").getAsInt(), "two-object scenes");
        assertEquals(2 * (2 + 1) * 2, vector.get("variations").getAsInt(), "per scene: each object and the whole image, twice");
        for (String rate : new String[] {"label named, with the region", "label named, with alpha all ones",
            "label named, true cut-outs", "diversity (mean |pixel difference|), with the region"}) {
            double value = vector.getAsJsonObject("rates").get(rate).getAsDouble();
            assertTrue(value >= 0 && value <= 1, rate + " = " + value);
        }

        AppProcess.Outcome bench = AppProcess.run(home, "-c", "diffusion:bench --model " + PACKAGE + " --runs 2");
        assertEquals(0, bench.exitCode(), bench.stdout() + bench.stderr());
        assertTrue(bench.stdout().contains("| guidance pair, one batch of 2 | 2 |"), bench.stdout());
        assertTrue(bench.stdout().contains("ONNX Runtime MatMul 1024 x 1024"), bench.stdout());
    }

    @Test
    void badOptionsArePlainOneLineErrors() throws Exception {
        String vary = "diffusion:vary --model " + PACKAGE + " --image " + image + " --points 20,20 --out " + home.resolve("bad");
        assertError(vary + " --scheduler heun", "Error: Unknown scheduler 'heun': choose pndm, ddim, euler (or a class"
                + " name: PNDMScheduler, DDIMScheduler, EulerDiscreteScheduler)");
        assertError(vary + " --steps 0", "Error: --steps must be at least 1, got 0");
        assertError(vary + " --guidance NaN", "Error: --guidance must be a finite number, got NaN");
        Path file = Files.writeString(home.resolve("a-file"), "x");
        assertError("diffusion:vary --image " + image + " --out " + file, "Error: --out " + file + " is a file; give a folder");
        AppProcess.Outcome encoder = AppProcess.run(home, "-c", "diffusion:vary --model encoder --image " + image + " --out "
                + home.resolve("never"));
        assertEquals(1, encoder.exitCode());
        assertEquals(1, encoder.stderr().strip().lines().count(), encoder.stderr());
        assertTrue(encoder.stderr().contains("it is an Alpha-CLIP encoder package (format 'alphaclip-model-package'), not a"
                + " diffusion one"), encoder.stderr());
        assertFalse(Files.exists(home.resolve("never")), "nothing written for a refused package");
    }

    private static void assertError(String command, String expected) throws Exception {
        AppProcess.Outcome run = AppProcess.run(home, "-c", command);
        assertEquals(1, run.exitCode(), run.stdout() + run.stderr());
        assertEquals(expected, run.stderr().strip());
    }
}
