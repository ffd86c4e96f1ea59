package org.alphaclip.it;

import static org.alphaclip.it.Tmux.awaitScreen;
import static org.alphaclip.it.Tmux.sessionExists;
import static org.alphaclip.it.Tmux.tmux;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * The mllm task bundle from {@code plugins/} through the real launcher, on the LLaVA and BLIP-2 packages plugin-mllm's
 * build exported from the fixture checkpoints and the encoder package they were exported on, all in {@code models/}
 * (random weights: the interface is checked, not the words). {@code -c} runs print one JSON object and one-line errors; in the
 * interactive shell a bad command leaves the shell running, the same question gives the same tokens, and
 * {@code mllm:chat} answers typed lines until {@code /exit}; a {@code -c} chat reads its lines from standard input.
 */
class MllmCommandsTest {

    private static final String PACKAGE = "llava-tiny-visible";
    private static final String BLIP2 = "blip2-t5-tiny-visible";
    private static final Set<String> JSON_KEYS = Set.of("text", "tokens", "time_to_first_token_ms", "tokens_per_s");

    @TempDir
    static Path home;
    private static Path image;
    private static Path mask;

    @BeforeAll
    static void setUp() throws Exception {
        AppProcess.copyApp(home);
        Path exported = Path.of(System.getProperty("mllm.test.packages", "../plugin-mllm/target/test-models")).toAbsolutePath();
        TestModels.copyPackage(exported.resolve("encoder"), home.resolve("models/encoder"));
        TestModels.copyPackage(exported.resolve(PACKAGE), home.resolve("models").resolve(PACKAGE));
        TestModels.copyPackage(exported.resolve(BLIP2), home.resolve("models").resolve(BLIP2));
        BufferedImage picture = new BufferedImage(80, 60, BufferedImage.TYPE_INT_RGB);
        BufferedImage region = new BufferedImage(80, 60, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = picture.createGraphics();
        g.setColor(Color.RED);
        g.fillOval(10, 10, 30, 30);
        g.setColor(Color.BLUE);
        g.fillRect(45, 20, 25, 25);
        g.dispose();
        Graphics2D m = region.createGraphics();
        m.setColor(Color.WHITE);
        m.fillOval(10, 10, 30, 30);
        m.dispose();
        image = home.resolve("scene.png");
        mask = home.resolve("mask.png");
        ImageIO.write(picture, "png", image.toFile());
        ImageIO.write(region, "png", mask.toFile());
    }

    private static JsonObject jsonLine(String stdout) {
        List<String> objects = stdout.lines().filter(l -> l.startsWith("{")).toList();
        assertEquals(1, objects.size(), stdout);
        JsonObject answer = JsonParser.parseString(objects.get(0)).getAsJsonObject();
        assertEquals(JSON_KEYS, answer.keySet(), objects.get(0));
        return answer;
    }

    @Test
    void askAndCaptionOfBothFamiliesPrintOneJsonObjectAndAWrongPackageIsOneLine() throws Exception {
        AppProcess.Outcome ask = AppProcess.run(home, "-c", "mllm:ask --model " + PACKAGE + " --image " + image + " --mask " + mask
                + " --official-geometry --max-tokens 6 --json 'What is in the highlighted region?'");
        assertEquals(0, ask.exitCode(), ask.stdout() + ask.stderr());
        JsonObject answer = jsonLine(ask.stdout());
        JsonArray tokens = answer.getAsJsonArray("tokens");
        assertTrue(tokens.size() >= 1 && tokens.size() <= 6, answer.toString());
        tokens.forEach(id -> assertTrue(id.getAsInt() >= 0 && id.getAsInt() < 487, answer.toString()));
        assertTrue(answer.get("text").isJsonPrimitive() && answer.get("time_to_first_token_ms").getAsDouble() > 0);

        AppProcess.Outcome caption = AppProcess.run(home, "-c", "mllm:caption --model " + home.resolve("models").resolve(PACKAGE)
                + " --image " + image + " --box 45,20,70,45 --max-tokens 3 --json");
        assertEquals(0, caption.exitCode(), caption.stdout() + caption.stderr());
        assertTrue(jsonLine(caption.stdout()).getAsJsonArray("tokens").size() <= 3);
        AppProcess.Outcome blip2 = AppProcess.run(home, "-c", "mllm:caption --model " + BLIP2 + " --image " + image
                + " --stroke 10,10/40,40 --prompt 'a photo of' --max-tokens 4 --json");
        assertEquals(0, blip2.exitCode(), blip2.stdout() + blip2.stderr());
        assertTrue(jsonLine(blip2.stdout()).getAsJsonArray("tokens").size() <= 4);

        AppProcess.Outcome chat = AppProcess.runWithInput(home, "What is it?\nAnd its colour?\n\n", "-c", "mllm:chat --model "
                + PACKAGE + " --image " + image + " --max-tokens 2");
        assertEquals(0, chat.exitCode(), chat.stdout() + chat.stderr());
        assertTrue(chat.stdout().contains("Chat ended after 2 turns; the conversation held "), chat.stdout());

        AppProcess.Outcome encoder = AppProcess.run(home, "-c", "mllm:ask --model encoder --image " + image + " 'What is it?'");
        assertEquals(1, encoder.exitCode());
        assertEquals(1, encoder.stderr().strip().lines().count(), encoder.stderr());
        assertTrue(encoder.stderr().startsWith("Error: Multimodal package ") && encoder.stderr().contains(
                "it is an Alpha-CLIP encoder package (format 'alphaclip-model-package'), not a multimodal one"), encoder.stderr());

        AppProcess.Outcome bench = AppProcess.run(home, "-c", "mllm:bench --model " + BLIP2);
        assertEquals(1, bench.exitCode(), bench.stdout() + bench.stderr());
        assertEquals("Error: mllm:bench times LLaVA packages; " + BLIP2 + " is a blip2 package", bench.stderr().strip());

        String log = Files.readString(home.resolve("log/alphaclip.log"));
        assertFalse(log.contains("alphaclip-mllm-package"), "the encoder catalogue passes over the MLLM package: " + log);
    }

    @Test
    void theShellKeepsRunningAfterAnErrorAndChatsUntilExit() throws Exception {
        String session = "alphaclip-mllm-" + ProcessHandle.current().pid();
        tmux("new-session", "-d", "-s", session, "-x", "250", "-y", "50", home.resolve("bin/alphaclip").toString());
        try {
            awaitScreen(session, "alphaclip>", Duration.ofSeconds(30));
            String ask = "mllm:ask --model " + PACKAGE + " --image " + image + " --points 25,25 --max-tokens 5";
            tmux("send-keys", "-t", session, ask + " --temperature -1 'What is it?'", "Enter");
            awaitScreen(session, "Error: --temperature must be 0 (greedy) or a positive number, got -1.0", Duration.ofSeconds(30));
            tmux("send-keys", "-t", session, ask + " --json 'What is it?'", "Enter");
            awaitScreen(session, "one JSON answer", screen -> jsonLines(screen).size() == 1, Duration.ofSeconds(60));
            tmux("send-keys", "-t", session, ask + " --json 'What is it?'", "Enter");
            List<String> answers = jsonLines(awaitScreen(session, "two JSON answers", screen -> jsonLines(screen).size() == 2,
                    Duration.ofSeconds(60)));
            JsonObject first = JsonParser.parseString(answers.get(0)).getAsJsonObject();
            JsonObject second = JsonParser.parseString(answers.get(1)).getAsJsonObject();
            assertEquals(first.get("tokens"), second.get("tokens"), "greedy decoding: the same tokens");
            assertEquals(first.get("text"), second.get("text"));

            tmux("send-keys", "-t", session, "mllm:chat --model " + PACKAGE + " --image " + image + " --mask " + mask
                    + " --max-tokens 3", "Enter");
            awaitScreen(session, "chat prompt", screen -> screen.stripTrailing().endsWith(">"), Duration.ofSeconds(60));
            tmux("send-keys", "-t", session, "What colour is it?", "Enter");
            awaitScreen(session, "second chat prompt", screen -> screen.lines().filter(l -> l.startsWith("> ")).count() >= 2,
                    Duration.ofSeconds(60));
            tmux("send-keys", "-t", session, "/exit", "Enter");
            awaitScreen(session, "Chat ended after 1 turn; the conversation held ", Duration.ofSeconds(30));
            tmux("send-keys", "-t", session, "exit", "Enter");
            OsgiFramework.await("the shell to exit", Duration.ofSeconds(20), () -> !sessionExists(session));
        } finally {
            try {
                tmux("kill-session", "-t", session);
            } catch (AssertionError alreadyGone) {
                // the shell exited and tmux closed the session
            }
        }
    }

    private static List<String> jsonLines(String screen) {
        return screen.lines().filter(l -> l.startsWith("{\"text\"")).toList();
    }
}
