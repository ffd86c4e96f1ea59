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
import java.util.Random;
import java.util.concurrent.TimeUnit;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * The REC task bundle from {@code plugins/} through the real launcher: {@code rec:locate} with a boxes
 * file prints the chosen index, box and probability and draws a PNG; {@code rec:eval} on ReCLIP-format
 * data is killed with SIGKILL and continues where it stopped; a corrupt state is refused and kept.
 */
class RecCommandsTest {

    @TempDir
    static Path home;

    @BeforeAll
    static void setUp() throws Exception {
        AppProcess.copyApp(home);
        TestModels.install("fixture-full", home);
        Files.writeString(home.resolve("etc/org.alphaclip.models.cfg"), "defaultModel = fixture-full\n");
    }

    @Test
    void locatePrintsTheChosenBoxAndDrawsIt() throws Exception {
        Path image = home.resolve("scene.png");
        ImageIO.write(scene(new Random(1), new ArrayList<>()), "png", image.toFile());
        Path boxes = Files.writeString(home.resolve("boxes.json"), "[[10,10,60,60],[70,20,120,90],[20,80,100,120]]");
        Path png = home.resolve("located.png");
        AppProcess.Outcome run = AppProcess.run(home, "-c", "rec:locate --image " + image
                + " --expression 'the red circle left of the blue square' --boxes " + boxes + " --json --out " + png);
        assertEquals(0, run.exitCode(), run.stdout() + run.stderr());
        JsonObject answer = JsonParser.parseString(run.stdout().strip().lines().filter(l -> l.startsWith("{")).findFirst()
                .orElseThrow()).getAsJsonObject();
        int index = answer.get("index").getAsInt();
        assertTrue(index >= 0 && index < 3, run.stdout());
        assertEquals(4, answer.getAsJsonArray("box").size());
        double score = answer.get("score").getAsDouble();
        assertTrue(score > 0 && score <= 1, run.stdout());
        assertTrue(Files.size(png) > 0);

        AppProcess.Outcome empty = AppProcess.run(home, "-c", "rec:locate --image " + image + " --expression '' --boxes " + boxes);
        assertEquals(1, empty.exitCode());
        assertTrue(empty.stderr().startsWith("Error: "), empty.stderr());
        AppProcess.Outcome outside = AppProcess.run(home, "-c", "rec:locate --image " + image
                + " --expression 'the circle' --boxes " + Files.writeString(home.resolve("far.json"), "[[500,500,600,600]]"));
        assertEquals(1, outside.exitCode());
        assertTrue(outside.stderr().startsWith("Error: "), outside.stderr());
    }

    @Test
    void killedEvaluationContinuesAndACorruptStateIsKept() throws Exception {
        Path images = Files.createDirectories(home.resolve("coco"));
        StringBuilder jsonl = new StringBuilder();
        Random random = new Random(7);
        for (int i = 1; i <= 150; i++) {
            List<int[]> objects = new ArrayList<>();
            String name = String.format("COCO_train2014_%012d", i);
            ImageIO.write(scene(random, objects), "png", images.resolve(name + ".jpg").toFile());
            StringBuilder anns = new StringBuilder();
            for (int k = 0; k < objects.size(); k++) {
                int[] b = objects.get(k);
                anns.append(k == 0 ? "" : ",").append("{\"id\":").append(i * 10 + k).append(",\"bbox\":[").append(b[0]).append(',')
                        .append(b[1]).append(',').append(b[2] - b[0]).append(',').append(b[3] - b[1]).append("]}");
            }
            jsonl.append("{\"file_name\":\"").append(name).append("_1.jpg\",\"image_id\":").append(i).append(",\"anns\":[")
                    .append(anns).append("],\"ann_id\":").append(i * 10).append(",\"sentences\":[{\"raw\":\"the red circle\"},")
                    .append("{\"raw\":\"the shape on the left\"}]}\n");
        }
        Path data = Files.writeString(home.resolve("tiny_val.jsonl"), jsonl);
        Path report = home.resolve("report.json");
        Path state = home.resolve("report.json.state.jsonl");
        String command = "rec:eval --data " + data + " --images " + images + " --out " + report;

        Process first = new ProcessBuilder(home.resolve("bin/alphaclip").toString(), "-c", command).redirectErrorStream(true)
                .redirectOutput(home.resolve("eval.log").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (lines(state) < 30 && first.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        first.destroyForcibly().waitFor();
        int recorded = lines(state);
        assertTrue(recorded >= 2, "the first run got going: " + Files.readString(home.resolve("eval.log")));

        AppProcess.Outcome second = AppProcess.run(home, "-c", command);
        assertEquals(0, second.exitCode(), second.stdout() + second.stderr());
        assertTrue(lines(state) <= 301 + 1, "nothing recorded twice: " + lines(state));
        JsonParser.parseString(Files.readString(report));

        Path corrupt = home.resolve("corrupt.json.state.jsonl");
        Files.writeString(corrupt, "this is not a state file\n");
        AppProcess.Outcome refused = AppProcess.run(home, "-c", "rec:eval --data " + data + " --images " + images
                + " --out " + home.resolve("corrupt.json"));
        assertEquals(1, refused.exitCode(), refused.stdout());
        assertTrue(refused.stderr().startsWith("Error: "), refused.stderr());
        assertEquals("this is not a state file\n", Files.readString(corrupt), "a corrupt state is left as it is");
    }

    private static int lines(Path file) throws java.io.IOException {
        return Files.exists(file) ? (int) Files.readAllLines(file).stream().filter(l -> !l.isBlank()).count() : 0;
    }

    /** A 128x128 scene with a red circle and a blue square (and sometimes a green one), boxes into {@code objects}. */
    private static BufferedImage scene(Random random, List<int[]> objects) {
        BufferedImage image = new BufferedImage(128, 128, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(new Color(230, 230, 225));
        g.fillRect(0, 0, 128, 128);
        int x = 5 + random.nextInt(20);
        int y = 10 + random.nextInt(60);
        g.setColor(Color.RED);
        g.fillOval(x, y, 40, 40);
        objects.add(new int[] {x, y, x + 40, y + 40});
        int sx = 70 + random.nextInt(15);
        int sy = 10 + random.nextInt(60);
        g.setColor(Color.BLUE);
        g.fillRect(sx, sy, 40, 40);
        objects.add(new int[] {sx, sy, sx + 40, sy + 40});
        g.dispose();
        return image;
    }
}
