package org.alphaclip.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * The shipped default captioner ({@code models/llava-shapes} on {@code models/alphaclip-shapes}) out of the box,
 * through the real launcher: the README's caption command names the highlighted object of a held-out scene written by
 * {@code world:generate}, and {@code mllm:eval} shows the paper's claim on held-out scenes of the unseen vector
 * renderer: with the mask the caption names the object far more often than with alpha all ones. The floors sit well
 * below the README's 500-scene figures (caption names the object 87.9 % vs 19.1 %, colour 99.4 %). {@code mllm:bench}
 * prints its table for both modes.
 */
class DefaultCaptionerTest {

    @TempDir
    static Path home;

    @BeforeAll
    static void setUp() throws Exception {
        AppProcess.copyApp(home);
    }

    @Test
    void theCaptionOfAHighlightedObjectNamesIt() throws Exception {
        HeldOutScene scene = HeldOutScene.generate(home, 3);
        int named = 0;
        StringBuilder captions = new StringBuilder();
        for (int k = 0; k < scene.objects(); k++) {
            JsonObject object = scene.object(k);
            AppProcess.Outcome run = AppProcess.run(home, "-c", "mllm:caption --image " + scene.image() + " --mask "
                    + scene.mask(k) + " --json");
            assertEquals(0, run.exitCode(), run.stdout() + run.stderr());
            String text = JsonParser.parseString(run.stdout().strip()).getAsJsonObject().get("text").getAsString();
            captions.append(object.get("phrase").getAsString()).append(" -> ").append(text).append('\n');
            if (text.contains(object.get("colour").getAsString() + " " + object.get("shape").getAsString())) {
                named++;
            }
        }
        assertTrue(named >= 2, "captions of the three objects:\n" + captions);
    }

    @Test
    void evaluationShowsTheRegionSteeringTheCaption() throws Exception {
        AppProcess.Outcome run = AppProcess.run(home, "-c", "mllm:eval --renderer vector --scenes 24 --json");
        assertEquals(0, run.exitCode(), run.stdout() + run.stderr());
        JsonObject vector = JsonParser.parseString(run.stdout().strip()).getAsJsonObject()
                .getAsJsonObject("results").getAsJsonObject("vector");
        assertEquals(24, vector.get("scenes").getAsInt());
        JsonObject rates = vector.getAsJsonObject("rates");
        double withMask = rates.get("caption names colour+shape, mask").getAsDouble();
        double allOnes = rates.get("caption names colour+shape, alpha all ones").getAsDouble();
        assertTrue(withMask >= 0.7 && withMask - allOnes >= 0.4, rates.toString());
        assertTrue(rates.get("colour exact").getAsDouble() >= 0.9, rates.toString());
        JsonObject scores = vector.getAsJsonObject("caption_scores");
        assertTrue(scores.get("CIDEr-D, mask").getAsDouble() > 2 * scores.get("CIDEr-D, alpha all ones").getAsDouble(),
                scores.toString());

        AppProcess.Outcome refused = AppProcess.run(home, "-c", "mllm:eval --renderer bogus");
        assertEquals(1, refused.exitCode(), refused.stdout() + refused.stderr());
        assertEquals("Error: Unknown --renderer 'bogus': choose painted, raster, vector or all", refused.stderr().strip());
    }

    @Test
    void benchPrintsBothModesAgainstTheBound() throws Exception {
        AppProcess.Outcome run = AppProcess.run(home, "-c", "mllm:bench --new-tokens 4 --runs 1");
        assertEquals(0, run.exitCode(), run.stdout() + run.stderr());
        assertTrue(run.stdout().contains("mllm:bench llava-shapes: decoder"), run.stdout());
        assertTrue(run.stdout().matches("(?s).*\\| KV cache \\| [0-9.]+ \\| [0-9.]+ \\| [0-9]+ % \\|.*"), run.stdout());
        assertTrue(run.stdout().matches("(?s).*\\| recompute prefix \\| [0-9.]+ \\| [0-9.]+ \\| [0-9]+ % \\|.*"), run.stdout());
        assertTrue(run.stdout().contains("bandwidth bound: read bandwidth"), run.stdout());

        AppProcess.Outcome refused = AppProcess.run(home, "-c", "mllm:bench --new-tokens 1");
        assertEquals(1, refused.exitCode(), refused.stdout() + refused.stderr());
        assertEquals("Error: --new-tokens must be at least 2 (one prefill, then decoding), got 1", refused.stderr().strip());
    }
}
