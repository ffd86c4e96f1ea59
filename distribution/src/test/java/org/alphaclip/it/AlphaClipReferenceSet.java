package org.alphaclip.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.alphaclip.sdk.testing.FixtureSets;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * The official Alpha-CLIP reference set under the fixture root: its images, masks, arrays and numbers, all
 * read from the set's facts.json, index.json and config.json.
 */
final class AlphaClipReferenceSet {

    private AlphaClipReferenceSet() {
    }

    static Path dir() {
        return FixtureSets.set("alphaclip-reference");
    }

    /** An architecture number of config.json, e.g. {@code embed_dim}. */
    static int config(String key) {
        return json("config.json").get(key).getAsInt();
    }

    static List<JsonObject> images() {
        return objects("images");
    }

    static List<JsonObject> masks() {
        return objects("masks");
    }

    /** The rows of {@code image_embeddings}: {@code image} and {@code alpha} of each. */
    static List<JsonObject> embeddingRows() {
        return objects("image_embedding_rows");
    }

    static JsonObject image(String name) {
        return named(images(), name);
    }

    static JsonObject mask(String name) {
        return named(masks(), name);
    }

    /** The file of an image or mask entry. */
    static Path file(JsonObject entry) {
        return dir().resolve(entry.get("file").getAsString());
    }

    /** Width and height of an image ({@code size_wh}) or mask ({@code mask_size_wh}) entry. */
    static int[] size(JsonObject entry) {
        JsonElement size = entry.has("size_wh") ? entry.get("size_wh") : entry.get("mask_size_wh");
        return new int[] {size.getAsJsonArray().get(0).getAsInt(), size.getAsJsonArray().get(1).getAsInt()};
    }

    /** A float32 array of index.json, little-endian. */
    static float[] floats(String name) {
        String file = json("index.json").getAsJsonObject(name).get("file").getAsString();
        try {
            ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(dir().resolve(file))).order(ByteOrder.LITTLE_ENDIAN);
            float[] values = new float[bytes.remaining() / 4];
            bytes.asFloatBuffer().get(values);
            return values;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonObject named(List<JsonObject> entries, String name) {
        return entries.stream().filter(e -> e.get("name").getAsString().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + name + " in " + dir().resolve("facts.json")));
    }

    private static List<JsonObject> objects(String key) {
        List<JsonObject> out = new ArrayList<>();
        json("facts.json").getAsJsonArray(key).forEach(e -> out.add(e.getAsJsonObject()));
        return out;
    }

    private static JsonObject json(String name) {
        try {
            return JsonParser.parseString(Files.readString(dir().resolve(name))).getAsJsonObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
