package org.alphaclip.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.gson.JsonObject;

/**
 * The commands scripts rely on, through the real launcher, on the package the exporter made from the
 * official fixture weights: results equal the official ones, bad input gets one clear line.
 */
class EncodeCommandTest {

    @TempDir
    static Path home;
    static Path model;
    /** The first mask of the reference set with rows for both alpha geometries, and its image. */
    static JsonObject mask;
    static JsonObject image;
    static int officialRow;
    static int alignedRow;

    @BeforeAll
    static void setUp() throws Exception {
        AppProcess.copyApp(home);
        model = TestModels.install("fixture-full", home);
        List<JsonObject> rows = AlphaClipReferenceSet.embeddingRows();
        for (int o = 0; o < rows.size() && mask == null; o++) {
            String alpha = rows.get(o).get("alpha").getAsString();
            String name = alpha.substring(alpha.indexOf(':') + 1);
            for (int a = 0; a < rows.size() && alpha.startsWith("official:"); a++) {
                if (rows.get(a).get("alpha").getAsString().equals("cropgeom:" + name)) {
                    officialRow = o;
                    alignedRow = a;
                    mask = AlphaClipReferenceSet.mask(name);
                    image = AlphaClipReferenceSet.image(rows.get(o).get("image").getAsString());
                    break;
                }
            }
        }
        assertTrue(mask != null, "the reference set has no mask with rows for both alpha geometries");
    }

    @Test
    void encodeWithAMaskEqualsTheOfficialEmbedding() throws Exception {
        Path out = home.resolve("official.npy");
        AppProcess.Outcome run = alphaclip("alphaclip:encode --model " + model + " --image " + path(image) + " --mask "
                + path(mask) + " --threshold 255 --official-geometry --out " + out);
        assertEquals(0, run.exitCode(), run.stderr());
        Npy npy = Npy.read(out);
        assertArrayEquals(new long[] {1, AlphaClipReferenceSet.config("embed_dim")}, npy.shape());
        assertClose(officialRow(officialRow), npy.data());
        System.out.println("alphaclip:encode via launcher: " + run.millis() + " ms");

        Path aligned = home.resolve("aligned.npy");
        run = alphaclip("alphaclip:encode --model " + model + " --image " + path(image) + " --mask " + path(mask)
                + " --threshold 255 --out " + aligned);
        assertEquals(0, run.exitCode(), run.stderr());
        assertClose(officialRow(alignedRow), Npy.read(aligned).data());
        int[] maskSize = AlphaClipReferenceSet.size(mask);
        boolean stretched = !Arrays.equals(maskSize, AlphaClipReferenceSet.size(image));
        assertEquals(stretched, run.stdout().contains("warning: mask " + maskSize[0] + "x" + maskSize[1] + " stretched"),
                run.stdout());
    }

    @Test
    void everyRegionKindAndTheHiddenStateTapWork() throws Exception {
        String base = "alphaclip:encode --model fixture-full --image " + path(image);
        int[] size = AlphaClipReferenceSet.size(image);
        String box = "--box " + at(size, 0.1, 0.1) + "," + at(size, 0.6, 0.6);
        float[] whole = encode(base, "whole");
        for (String region : new String[] {box, "--points " + at(size, 0.3, 0.3) + "/" + at(size, 0.4, 0.45) + " --radius 20",
                "--stroke " + at(size, 0.05, 0.05) + "/" + at(size, 0.5, 0.3) + "/" + at(size, 0.8, 0.8) + " --width 12"}) {
            float[] e = encode(base + " " + region, region.substring(2, 6));
            assertEquals(AlphaClipReferenceSet.config("embed_dim"), e.length);
            assertFalse(Arrays.equals(whole, e), region + " must change the embedding");
        }
        Path tokens = home.resolve("tokens.npy");
        AppProcess.Outcome run = alphaclip(base + " " + box + " --layer -2 --no-cls --out " + tokens);
        assertEquals(0, run.exitCode(), run.stderr());
        int grid = AlphaClipReferenceSet.config("grid");
        assertArrayEquals(new long[] {1, grid * grid, AlphaClipReferenceSet.config("vision_width")}, Npy.read(tokens).shape());
    }

    @Test
    void classifyPrintsOneJsonObjectAndTokenizePrintsIds() throws Exception {
        AppProcess.Outcome run = alphaclip("alphaclip:classify --model fixture-full --image " + path(image)
                + " --mask " + path(mask) + " --json 'red circle' 'blue square' 'a dress'");
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

        int[] size = AlphaClipReferenceSet.size(image);
        int beyond = AlphaClipReferenceSet.config("vision_layers") + 5;
        String[][] cases = {
            {"alphaclip:encode --model fixture-full --image /no/such.png --out x.npy", "/no/such.png"},
            {"alphaclip:encode --model fixture-full --image " + garbage + " --out x.npy", "garbage.png"},
            {"alphaclip:encode --model fixture-full --image " + path(image) + " --box 10,10 --out x.npy", "--box expects x0,y0,x1,y1"},
            {"alphaclip:encode --model fixture-full --image " + path(image) + " --box " + at(size, 1.1, 1.1) + ","
                    + at(size, 1.2, 1.2) + " --out x.npy", "outside"},
            {"alphaclip:encode --model fixture-full --image " + path(image) + " --frobnicate --out x.npy", "Unknown option '--frobnicate'"},
            {"alphaclip:encode --model fixture-full --image " + path(image) + " --layer " + beyond + " --out x.npy",
                    "Layer " + beyond + " does not exist"},
            {"alphaclip:encode --model /no/such/model --image " + path(image) + " --out x.npy", "No model package named '/no/such/model'"},
            {"alphaclip:classify --model " + tampered + " --image " + path(image) + " 'a' 'b'", "text.onnx has SHA-256"},
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

    private static String path(JsonObject imageOrMask) {
        return AlphaClipReferenceSet.file(imageOrMask).toString();
    }

    /** The pixel at these fractions of the image's width and height, as {@code x,y}. */
    private static String at(int[] size, double x, double y) {
        return Math.round(size[0] * x) + "," + Math.round(size[1] * y);
    }

    private static float[] officialRow(int row) {
        int dim = AlphaClipReferenceSet.config("embed_dim");
        return Arrays.copyOfRange(AlphaClipReferenceSet.floats("image_embeddings"), row * dim, (row + 1) * dim);
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
