package org.alphaclip.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * The OVD task bundle from {@code plugins/} through the real launcher: the classifier export, and a
 * mining run killed with SIGKILL and restarted, which resumes without redoing finished images and never
 * leaves a half-written output.
 */
class OvdCommandsTest {

    @TempDir
    static Path home;

    @BeforeAll
    static void setUp() throws Exception {
        AppProcess.copyApp(home);
        TestModels.install("fixture-full", home);
        Files.writeString(home.resolve("etc/org.alphaclip.models.cfg"), "defaultModel = fixture-full\n");
    }

    @Test
    void taskIsListedAndTheClassifierIsExported() throws Exception {
        AppProcess.Outcome tasks = AppProcess.run(home, "-c", "alphaclip:tasks");
        assertEquals(0, tasks.exitCode(), tasks.stderr());
        assertTrue(tasks.stdout().contains("ovd") && tasks.stdout().contains("ACTIVE"), tasks.stdout());
        Path vocabulary = Files.writeString(home.resolve("vocabulary.txt"), "red circle\nblue square\ngreen triangle\n");
        Path out = home.resolve("classifier.npy");
        AppProcess.Outcome run = AppProcess.run(home, "-c", "ovd:classifier --vocabulary " + vocabulary + " --out " + out);
        assertEquals(0, run.exitCode(), run.stderr());
        Npy npy = Npy.read(out);
        assertEquals(3, npy.shape()[0]);
        for (int row = 0; row < 3; row++) {
            double norm = 0;
            for (int k = 0; k < npy.shape()[1]; k++) {
                float v = npy.data()[row * (int) npy.shape()[1] + k];
                norm += v * v;
            }
            assertEquals(1.0, norm, 1e-4, "unit rows");
        }
    }

    @Test
    void killedMiningResumesWithoutRedoingFinishedImages() throws Exception {
        Path images = classFolders(home.resolve("images"), 30);
        Files.write(images.resolve("circle").resolve("broken.png"), new byte[] {1, 2, 3});
        Path out = home.resolve("mined.json");
        Path state = home.resolve("mined.json.state");
        String command = "ovd:mine --images " + images + " --out " + out;

        Process first = new ProcessBuilder(home.resolve("bin/alphaclip").toString(), "-c", command)
                .redirectErrorStream(true).redirectOutput(home.resolve("first.log").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (lines(state) < 8 && first.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        first.destroyForcibly().waitFor();
        int finishedBeforeKill = lines(state);
        assertTrue(finishedBeforeKill >= 2, "the first run got going: " + Files.readString(home.resolve("first.log")));
        if (Files.exists(out)) {
            JsonParser.parseString(Files.readString(out));
        }

        AppProcess.Outcome second = AppProcess.run(home, "-c", command);
        assertEquals(0, second.exitCode(), second.stdout() + second.stderr());
        Matcher mined = Pattern.compile("this run mined (\\d+) images").matcher(second.stdout());
        int total = 61;
        if (mined.find()) {
            int minedNow = Integer.parseInt(mined.group(1));
            assertTrue(minedNow <= total - (finishedBeforeKill - 2), "redid finished images: " + second.stdout());
        } else {
            assertTrue(second.stdout().contains("nothing left to mine"), second.stdout());
        }
        assertTrue(second.stdout().contains("1 unreadable"), second.stdout());
        JsonObject lvis = JsonParser.parseString(Files.readString(out)).getAsJsonObject();
        assertTrue(lvis.getAsJsonArray("images").size() > 0 && lvis.has("annotations") && lvis.has("categories"));

        AppProcess.Outcome third = AppProcess.run(home, "-c", command);
        assertEquals(0, third.exitCode(), third.stderr());
        assertTrue(third.stdout().contains("nothing left to mine") && third.stdout().contains("already up to date"), third.stdout());
    }

    private static int lines(Path file) throws java.io.IOException {
        return Files.exists(file) ? (int) Files.readAllLines(file).stream().filter(l -> !l.isBlank()).count() : 0;
    }

    /** Two class folders of simple drawn scenes: a circle or a square on a plain background. */
    private static Path classFolders(Path root, int perClass) throws Exception {
        List<Path> folders = new ArrayList<>();
        for (String name : new String[] {"circle", "square"}) {
            folders.add(Files.createDirectories(root.resolve(name)));
        }
        java.util.Random random = new java.util.Random(5);
        for (int i = 0; i < perClass; i++) {
            for (int c = 0; c < 2; c++) {
                BufferedImage image = new BufferedImage(96, 96, BufferedImage.TYPE_INT_RGB);
                Graphics2D g = image.createGraphics();
                g.setColor(new Color(200 + random.nextInt(40), 200 + random.nextInt(40), 200 + random.nextInt(40)));
                g.fillRect(0, 0, 96, 96);
                g.setColor(new Color(random.nextInt(200), random.nextInt(200), random.nextInt(200)));
                int size = 30 + random.nextInt(30);
                int x = random.nextInt(96 - size);
                int y = random.nextInt(96 - size);
                if (c == 0) {
                    g.fillOval(x, y, size, size);
                } else {
                    g.fillRect(x, y, size, size);
                }
                g.dispose();
                ImageIO.write(image, "png", folders.get(c).resolve(String.format("img_%03d.png", i)).toFile());
            }
        }
        return root;
    }
}
