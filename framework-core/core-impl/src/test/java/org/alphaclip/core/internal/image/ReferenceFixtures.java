package org.alphaclip.core.internal.image;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import org.alphaclip.api.model.Preprocessing;
import org.alphaclip.sdk.io.FileDigests;
import org.alphaclip.sdk.testing.FixtureSets;

/** The official Alpha-CLIP reference set under the fixture root: facts.json, index.json arrays and input files. */
final class ReferenceFixtures {

    private static final Path DIR = FixtureSets.set("alphaclip-reference");

    private ReferenceFixtures() {
    }

    static Path file(String relative) {
        return DIR.resolve(relative);
    }

    static JsonObject facts() {
        return readJson("facts.json");
    }

    static List<JsonObject> images() {
        return objects(facts().getAsJsonArray("images"));
    }

    static List<JsonObject> masks() {
        return objects(facts().getAsJsonArray("masks"));
    }

    static JsonObject image(String name) {
        return images().stream().filter(i -> i.get("name").getAsString().equals(name)).findFirst().orElseThrow();
    }

    /** The float32 array of index.json under this name, little-endian. */
    static float[] floatArray(String name) {
        JsonObject entry = readJson("index.json").getAsJsonObject(name);
        try {
            ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(DIR.resolve(entry.get("file").getAsString())))
                    .order(ByteOrder.LITTLE_ENDIAN);
            float[] values = new float[bytes.remaining() / 4];
            bytes.asFloatBuffer().get(values);
            return values;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The preprocessing the fixtures were made with (config.json). */
    static Preprocessing preprocessing() {
        JsonObject config = readJson("config.json");
        return new Preprocessing(config.get("image_resolution").getAsInt(), "shortest-side", "bicubic", "center",
                floats(config.getAsJsonArray("image_mean")), floats(config.getAsJsonArray("image_std")),
                (float) config.get("alpha_mean").getAsDouble(), (float) config.get("alpha_std").getAsDouble());
    }

    static String sha256(byte[] bytes) {
        return FileDigests.sha256(bytes);
    }

    /** sha256 of the little-endian float32 bytes, as numpy's {@code tobytes()} gives them. */
    static String sha256(float[] values) {
        ByteBuffer bytes = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(values);
        return sha256(bytes.array());
    }

    private static float[] floats(JsonArray array) {
        float[] values = new float[array.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) array.get(i).getAsDouble();
        }
        return values;
    }

    private static List<JsonObject> objects(JsonArray array) {
        List<JsonObject> objects = new ArrayList<>();
        for (JsonElement element : array) {
            objects.add(element.getAsJsonObject());
        }
        return objects;
    }

    private static JsonObject readJson(String name) {
        try {
            return JsonParser.parseString(Files.readString(DIR.resolve(name))).getAsJsonObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
