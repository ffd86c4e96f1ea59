package org.alphaclip.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * The text-to-3D bundle from {@code plugins/} through the real launcher on the shipped default encoder (its
 * TorchScript image tower on the PyTorch platform bundle inside the framework): {@code nerf:create} writes the
 * turntable, the GIF, both meshes, the summary and the checkpoint, a second run of the same command resumes from the
 * finished checkpoint, {@code nerf:render} renders it again, {@code alphaclip:sessions} lists the TorchScript module;
 * bad prompts, options, memory requests, a corrupt checkpoint and a package without the TorchScript tower are
 * one-line errors.
 */
class NerfCommandsTest {

    private static final String SMALL = " --iterations 6 --resolution 24 --grid 16 --checkpoint-every 2";

    @TempDir
    static Path home;

    @BeforeAll
    static void setUp() throws Exception {
        AppProcess.copyApp(home);
    }

    @Test
    void createWritesTheObjectResumesAndRendersAgain() throws Exception {
        Path out = home.resolve("red-star");
        AppProcess.Outcome run = AppProcess.run(home, "-c", "nerf:create 'a red star'" + SMALL + " --out " + out
                + " ; alphaclip:sessions");
        assertEquals(0, run.exitCode(), run.stdout() + run.stderr());
        assertTrue(run.stdout().lines().anyMatch(l -> l.contains("visual.pt") && l.contains("cpu (PyTorch, TorchScript)")
                && l.contains("(idle)")), "alphaclip:sessions lists the TorchScript module: " + run.stdout());
        for (int view = 0; view < 8; view++) {
            assertEquals(128, ImageIO.read(out.resolve("view-0" + view + ".png").toFile()).getWidth());
        }
        assertEquals(8, gifFrames(out.resolve("turntable.gif")));
        String ply = new String(Files.readAllBytes(out.resolve("mesh.ply")), 0, 60, StandardCharsets.US_ASCII);
        assertTrue(ply.startsWith("ply\nformat binary_little_endian 1.0\n"), ply);
        assertTrue(Files.readString(out.resolve("mesh.obj")).startsWith("# Alpha-CLIP text-to-3D"));
        assertTrue(Files.size(out.resolve("density.npy")) > 16 * 4 && Files.size(out.resolve("colour.npy")) > 48 * 4,
                "both grids as NumPy files");
        JsonObject summary = JsonParser.parseString(Files.readString(out.resolve("summary.json"))).getAsJsonObject();
        assertEquals(6, summary.get("steps").getAsInt());
        assertEquals("a red star", summary.get("prompt").getAsString());
        byte[] checkpoint = Files.readAllBytes(out.resolve("checkpoint.nerf"));

        AppProcess.Outcome again = AppProcess.run(home, "-c", "nerf:create 'a red star'" + SMALL + " --out " + out);
        assertEquals(0, again.exitCode(), again.stdout() + again.stderr());
        assertTrue(again.stdout().contains("'a red star': 6 steps (resumed from 6) in "), again.stdout());
        assertTrue(again.stdout().contains(out.resolve("mesh.ply").toString()), again.stdout());
        assertArrayEquals(checkpoint, Files.readAllBytes(out.resolve("checkpoint.nerf")), "nothing left to do");

        AppProcess.Outcome render = AppProcess.run(home, "-c", "nerf:render " + out + " --views 3 --size 40");
        assertEquals(0, render.exitCode(), render.stdout() + render.stderr());
        for (int view = 0; view < 3; view++) {
            assertEquals(40, ImageIO.read(out.resolve("render-40/view-0" + view + ".png").toFile()).getWidth());
        }
        assertEquals(3, gifFrames(out.resolve("render-40/turntable.gif")));
    }

    @Test
    void badInputIsAOneLineError() throws Exception {
        Path out = home.resolve("bad");
        assertError("nerf:create --out " + out, "Error: The prompt is empty; say what to make, e.g. nerf:create"
                + " 'a red star' --out DIR");
        assertError("nerf:create 'a red star' --iterations 0 --out " + out,
                "Error: --iterations must be positive, got 0");
        assertError("nerf:create 'a red star' --colour red --out " + out,
                "Error: Unknown option '--colour' for nerf:create; type 'help nerf:create' for its options");
        AppProcess.Outcome huge = AppProcess.run(home, "-c", "nerf:create 'a red star' --resolution 1024 --grid 512"
                + " --out " + out);
        assertEquals(1, huge.exitCode(), huge.stdout() + huge.stderr());
        assertTrue(huge.stderr().strip().matches("Error: A 512³ grid rendered at 1024 px needs about [0-9.]+ GB; [0-9.]+"
                + " GB of heap is free: lower --resolution or --grid, or give the JVM more memory \\(-Xmx\\)"),
                huge.stderr());
        AppProcess.Outcome noTower = AppProcess.run(home, "-c", "nerf:create 'a red star' --model shapes-clip-base"
                + SMALL + " --out " + home.resolve("base"));
        assertEquals(1, noTower.exitCode(), noTower.stdout() + noTower.stderr());
        assertTrue(noTower.stderr().contains("Model package 'shapes-clip-base' has no TorchScript image tower"),
                noTower.stderr());

        Path corrupt = Files.createDirectories(home.resolve("corrupt"));
        Files.writeString(corrupt.resolve("checkpoint.nerf"), "not a checkpoint");
        AppProcess.Outcome broken = AppProcess.run(home, "-c", "nerf:create 'a red star'" + SMALL + " --out " + corrupt);
        assertEquals(1, broken.exitCode(), broken.stdout() + broken.stderr());
        assertTrue(broken.stderr().contains("checkpoint.nerf is corrupt (its checksum does not match"), broken.stderr());
        assertEquals("not a checkpoint", Files.readString(corrupt.resolve("checkpoint.nerf")), "left as it was");
        assertError("nerf:render " + home.resolve("nothing-here"), "Error: No object in "
                + home.resolve("nothing-here") + ": it has no checkpoint.nerf (make one with nerf:create)");
    }

    private static int gifFrames(Path gif) throws Exception {
        try (ImageInputStream in = ImageIO.createImageInputStream(gif.toFile())) {
            ImageReader reader = ImageIO.getImageReaders(in).next();
            reader.setInput(in);
            return reader.getNumImages(true);
        }
    }

    private static void assertError(String command, String expected) throws Exception {
        AppProcess.Outcome run = AppProcess.run(home, "-c", command);
        assertEquals(1, run.exitCode(), run.stdout() + run.stderr());
        assertEquals(expected, run.stderr().strip());
    }
}
