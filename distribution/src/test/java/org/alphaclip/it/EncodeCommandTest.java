package org.alphaclip.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The commands scripts rely on, through the real launcher, on the package the exporter made from the
 * official fixture weights: results equal the official ones, bad input gets one clear line.
 */
class EncodeCommandTest {

    @TempDir
    static Path home;
    static Path model;
    static Path fixture;

    @BeforeAll
    static void setUp() throws Exception {
        AppProcess.copyApp(home);
        model = TestModels.install("fixture-full", home);
        fixture = OsgiFramework.sharedDir().resolve("fixtures/alphaclip-reference");
    }

    @Test
    void encodeWithAMaskEqualsTheOfficialEmbedding() throws Exception {
        float[] official = officialRow(0);
        Path out = home.resolve("official.npy");
        AppProcess.Outcome run = alphaclip("alphaclip:encode --model " + model + " --image " + image("woman_flowers.png")
                + " --mask " + mask("woman_flowers__dress.png") + " --threshold 255 --official-geometry --out " + out);
        assertEquals(0, run.exitCode(), run.stderr());
        Npy npy = Npy.read(out);
        assertArrayEquals(new long[] {1, 32}, npy.shape());
        assertClose(official, npy.data());
        System.out.println("alphaclip:encode via launcher: " + run.millis() + " ms");

        Path aligned = home.resolve("aligned.npy");
        run = alphaclip("alphaclip:encode --model " + model + " --image " + image("woman_flowers.png") + " --mask "
                + mask("woman_flowers__dress.png") + " --threshold 255 --out " + aligned);
        assertEquals(0, run.exitCode(), run.stderr());
        assertClose(officialRow(1), Npy.read(aligned).data());
        assertTrue(run.stdout().contains("warning: mask 640x815"), run.stdout());
    }

    @Test
    void everyRegionKindAndTheHiddenStateTapWork() throws Exception {
        String base = "alphaclip:encode --model fixture-full --image " + image("extreme_ironing.jpg");
        float[] whole = encode(base, "whole");
        for (String region : new String[] {"--box 100,50,300,250", "--points 150,120/200,160 --radius 20",
                "--stroke 20,20/200,100/300,300 --width 12"}) {
            float[] e = encode(base + " " + region, region.substring(2, 6));
            assertEquals(32, e.length);
            assertFalse(Arrays.equals(whole, e), region + " must change the embedding");
        }
        Path tokens = home.resolve("tokens.npy");
        AppProcess.Outcome run = alphaclip(base + " --box 100,50,300,250 --layer -2 --no-cls --out " + tokens);
        assertEquals(0, run.exitCode(), run.stderr());
        assertArrayEquals(new long[] {1, 196, 128}, Npy.read(tokens).shape());
    }

    @Test
    void classifyPrintsOneJsonObjectAndTokenizePrintsIds() throws Exception {
        AppProcess.Outcome run = alphaclip("alphaclip:classify --model fixture-full --image " + image("woman_flowers.png")
                + " --mask " + mask("woman_flowers__flower.png") + " --json 'red circle' 'blue square' 'a dress'");
        assertEquals(0, run.exitCode(), run.stderr());
        String json = run.stdout().strip();
        assertTrue(json.startsWith("{\"results\":[{\"label\":") && json.endsWith("}]}"), json);
        assertEquals(3, json.split("\"probability\"").length - 1);

        run = alphaclip("alphaclip:tokenize --model fixture-full --json 'a photo of a cat'");
        assertEquals(0, run.exitCode(), run.stderr());
        assertTrue(run.stdout().strip().startsWith("[49406,320,1125,539,320,2368,49407,0,"), run.stdout());
        assertEquals(77, run.stdout().strip().split(",").length);

        run = alphaclip("alphaclip:tokenize --model fixture-full --json '" + "many words ".repeat(60) + "'");
        assertEquals(1, run.exitCode());
        assertTrue(run.stderr().contains("more than the context length 77"), run.stderr());
    }

    @Test
    void badInputGetsOneClearLine() throws Exception {
        Path garbage = Files.write(home.resolve("garbage.png"), new byte[] {1, 2, 3, 4, 5});
        Path tampered = home.resolve("tampered");
        Files.createDirectories(tampered);
        try (var files = Files.list(model)) {
            for (Path f : files.toList()) {
                Files.copy(f, tampered.resolve(f.getFileName()));
            }
        }
        byte[] text = Files.readAllBytes(tampered.resolve("text.onnx"));
        text[text.length - 10] ^= 1;
        Files.write(tampered.resolve("text.onnx"), text);
        Files.writeString(tampered.resolve("manifest.json"), Files.readString(tampered.resolve("manifest.json"))
                .replace("\"name\": \"fixture-full\"", "\"name\": \"tampered\""));

        String[][] cases = {
            {"alphaclip:encode --model fixture-full --image /no/such.png --out x.npy", "/no/such.png"},
            {"alphaclip:encode --model fixture-full --image " + garbage + " --out x.npy", "garbage.png"},
            {"alphaclip:encode --model fixture-full --image " + image("woman_flowers.png") + " --box 10,10 --out x.npy", "--box expects x0,y0,x1,y1"},
            {"alphaclip:encode --model fixture-full --image " + image("woman_flowers.png") + " --box 900,900,950,950 --out x.npy", "outside"},
            {"alphaclip:encode --model fixture-full --image " + image("woman_flowers.png") + " --frobnicate --out x.npy", "Unknown option '--frobnicate'"},
            {"alphaclip:encode --model fixture-full --image " + image("woman_flowers.png") + " --layer 7 --out x.npy", "Layer 7 does not exist"},
            {"alphaclip:encode --model /no/such/model --image " + image("woman_flowers.png") + " --out x.npy", "No model package named '/no/such/model'"},
            {"alphaclip:classify --model " + tampered + " --image " + image("woman_flowers.png") + " 'a' 'b'", "text.onnx has SHA-256"},
        };
        for (String[] c : cases) {
            AppProcess.Outcome run = alphaclip(c[0]);
            assertEquals(1, run.exitCode(), c[0] + "\n" + run.stdout() + run.stderr());
            assertTrue(run.stderr().startsWith("Error: ") && run.stderr().contains(c[1]), c[0] + " -> " + run.stderr());
            assertFalse(run.stderr().contains("\tat "), "no stack trace: " + run.stderr());
        }
    }

    private float[] encode(String command, String name) throws Exception {
        Path out = home.resolve(name.replaceAll("\\W", "") + ".npy");
        AppProcess.Outcome run = alphaclip(command + " --out " + out);
        assertEquals(0, run.exitCode(), command + ": " + run.stderr());
        return Npy.read(out).data();
    }

    private static AppProcess.Outcome alphaclip(String commandLine) throws Exception {
        return AppProcess.run(home, "-c", commandLine);
    }

    private static String image(String name) {
        return fixture.resolve("inputs/images").resolve(name).toString();
    }

    private static String mask(String name) {
        return fixture.resolve("inputs/masks").resolve(name).toString();
    }

    private static float[] officialRow(int row) throws Exception {
        ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(fixture.resolve("arrays/image_embeddings.bin"))).order(ByteOrder.LITTLE_ENDIAN);
        float[] all = new float[bytes.remaining() / 4];
        bytes.asFloatBuffer().get(all);
        return Arrays.copyOfRange(all, row * 32, row * 32 + 32);
    }

    private static void assertClose(float[] reference, float[] actual) {
        double maxRef = 0;
        double maxDiff = 0;
        for (int i = 0; i < reference.length; i++) {
            maxRef = Math.max(maxRef, Math.abs(reference[i]));
            maxDiff = Math.max(maxDiff, Math.abs(reference[i] - actual[i]));
        }
        assertTrue(maxDiff <= 1e-4 * maxRef, "max|Δ| " + maxDiff + " vs max|ref| " + maxRef);
    }
}
