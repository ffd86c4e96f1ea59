package org.alphaclip.world.internal.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.alphaclip.core.internal.text.ClipTokenizer;
import org.alphaclip.core.internal.text.TextCleaning;
import org.junit.jupiter.api.Test;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

/**
 * The trainer's Python tokenization (tools/train/world_tokenizer.py, which wrote
 * {@code tokenizer-parity.json}) gives the same ids as the core's tokenizer on the shipped package's
 * tokenizer.json, and the encoder frames them the same way.
 */
class TokenizerParityTest {

    @Test
    void pythonAndJavaTokenizeAlike() throws Exception {
        JsonObject parity = ShippedModel.trainerReference("tokenizer-parity.json");
        List<String> texts = parity.getAsJsonArray("texts").asList().stream().map(JsonElement::getAsString).toList();
        JsonArray ids = parity.getAsJsonArray("ids");
        ClipTokenizer.Settings settings = new ClipTokenizer.Settings(parity.get("contextLength").getAsInt(),
                parity.get("startToken").getAsString(), parity.get("endToken").getAsString(),
                TextCleaning.fromName(parity.get("cleaning").getAsString()));
        try (ClipTokenizer tokenizer = ClipTokenizer.open(ShippedModel.folder(ShippedModel.ALPHA).resolve("tokenizer.json"),
                settings); ShippedModel model = ShippedModel.open(ShippedModel.ALPHA)) {
            int[][] fromEncoder = model.encoder().tokenize(texts, false);
            for (int i = 0; i < texts.size(); i++) {
                int[] expected = ids.get(i).getAsJsonArray().asList().stream().mapToInt(JsonElement::getAsInt).toArray();
                assertArrayEquals(expected, tokenizer.encode(texts.get(i), false), "'" + texts.get(i) + "'");
                assertArrayEquals(expected, fromEncoder[i], "encoder, '" + texts.get(i) + "'");
            }
            assertEquals(settings.contextLength(), model.encoder().model().text().contextLength());
        }
    }
}
