package org.alphaclip.core.internal.text;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.IntBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.alphaclip.sdk.testing.FixtureSets;

/** The official Alpha-CLIP reference set under the fixture root: tokenizer strings, prompts and their token ids. */
final class ReferenceFixtures {

    /** One tokenizer string of facts.json with what the official tokenizer made of it. */
    record TokenizerString(String text, String cleaned, List<String> bpe, int bpeCount, String truncateFalse) {
        boolean tooLong() {
            return !"ok".equals(truncateFalse);
        }
    }

    static final Path DIR = FixtureSets.set("alphaclip-reference");

    /** The BPE tokenizer.json that Maven's generate-test-resources writes from the CLIP merges file. */
    static final Path CLIP_TOKENIZER_JSON = Path.of("target/test-models/clip-bpe/tokenizer.json");

    private static final JsonObject FACTS = parse(DIR.resolve("facts.json"));

    private ReferenceFixtures() {
    }

    static List<TokenizerString> tokenizerStrings() {
        List<TokenizerString> strings = new ArrayList<>();
        for (JsonElement e : FACTS.getAsJsonArray("tokenizer_strings")) {
            JsonObject o = e.getAsJsonObject();
            List<String> bpe = new ArrayList<>();
            o.getAsJsonArray("bpe").forEach(p -> bpe.add(p.getAsString()));
            strings.add(new TokenizerString(o.get("text").getAsString(), o.get("cleaned").getAsString(), bpe,
                    o.get("n_bpe_tokens").getAsInt(), o.get("truncate_false").getAsString()));
        }
        return strings;
    }

    static List<String> prompts() {
        List<String> prompts = new ArrayList<>();
        JsonArray array = FACTS.getAsJsonArray("prompts");
        array.forEach(p -> prompts.add(p.getAsString()));
        return prompts;
    }

    /** An int32 [rows, columns] array from arrays/, shape checked against index.json. */
    static int[][] intArray(String name) {
        JsonObject entry = parse(DIR.resolve("index.json")).getAsJsonObject(name);
        JsonArray shape = entry.getAsJsonArray("shape");
        int rows = shape.get(0).getAsInt();
        int columns = shape.get(1).getAsInt();
        try {
            byte[] bytes = Files.readAllBytes(DIR.resolve(entry.get("file").getAsString()));
            IntBuffer values = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asIntBuffer();
            int[][] out = new int[rows][columns];
            for (int[] row : out) {
                values.get(row);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonObject parse(Path file) {
        try {
            return JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8)).getAsJsonObject();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read fixture " + file, e);
        }
    }
}
