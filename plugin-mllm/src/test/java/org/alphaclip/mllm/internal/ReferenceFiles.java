package org.alphaclip.mllm.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.alphaclip.api.tensor.FloatTensor;
import org.alphaclip.sdk.testing.FixtureSets;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * Reading the {@code mllm-reference} sets: their JSON, raw little-endian float32 arrays, the Alpha-CLIP hidden states
 * they start from, and the packages the build exported from them ({@code target/test-models/<set>}, system property
 * {@code mllm.test.packages}).
 */
public final class ReferenceFiles {

    private ReferenceFiles() {
    }

    /** The Alpha-CLIP fixture's penultimate hidden states {@code [1, 1 + G², width]}, class token first. */
    public static FloatTensor hiddenPenultimate() throws IOException {
        Path encoderSet = FixtureSets.set("alphaclip-reference");
        JsonObject hidden = json(encoderSet.resolve("index.json")).getAsJsonObject("hidden_penultimate");
        return floats(encoderSet.resolve(hidden.get("file").getAsString()), shape(hidden.getAsJsonArray("shape")));
    }

    /** The package the build exported from a set's checkpoint, or one of its variants ({@code suffix}). */
    public static Path exportedPackage(String set, String suffix) {
        String root = System.getProperty("mllm.test.packages");
        if (root == null) {
            throw new IllegalStateException("System property mllm.test.packages is not set: run the tests through Maven");
        }
        return Path.of(root).resolve(set + suffix);
    }

    /** A JSON file's object. */
    public static JsonObject json(Path file) throws IOException {
        return JsonParser.parseString(Files.readString(file)).getAsJsonObject();
    }

    /** A raw little-endian float32 file as a tensor of this shape. */
    public static FloatTensor floats(Path file, long[] shape) throws IOException {
        ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        float[] data = new float[bytes.remaining() / Float.BYTES];
        bytes.asFloatBuffer().get(data);
        return new FloatTensor(shape, data);
    }

    /** A JSON array of whole numbers as a shape. */
    public static long[] shape(JsonArray dims) {
        long[] shape = new long[dims.size()];
        for (int i = 0; i < shape.length; i++) {
            shape[i] = dims.get(i).getAsLong();
        }
        return shape;
    }

    /** The whole numbers of a JSON array member. */
    public static int[] ints(JsonObject object, String key) {
        JsonArray array = object.getAsJsonArray(key);
        int[] out = new int[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = array.get(i).getAsInt();
        }
        return out;
    }

    /** The numbers of a JSON array member as floats. */
    public static float[] floatArray(JsonObject object, String key) {
        JsonArray array = object.getAsJsonArray(key);
        float[] out = new float[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = array.get(i).getAsFloat();
        }
        return out;
    }

    /** The objects of a JSON array member, e.g. a greedy decode's {@code steps}. */
    public static List<JsonObject> objects(JsonObject object, String key) {
        List<JsonObject> out = new ArrayList<>();
        for (JsonElement element : object.getAsJsonArray(key)) {
            out.add(element.getAsJsonObject());
        }
        return out;
    }
}
