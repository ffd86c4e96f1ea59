package org.alphaclip.mllm.internal.llava;

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
 * One {@code mllm-reference/llava-tiny-*} set (README of the set: Hugging Face transformers on a tiny random LLaVA)
 * with the Alpha-CLIP hidden states it starts from, and the package the build exported from its checkpoint
 * ({@code target/test-models/<set>}, system property {@code mllm.test.packages}). Every number is read from the
 * set's {@code reference.json} and {@code config.json}.
 */
record LlavaReference(Path set, JsonObject reference, JsonObject config, FloatTensor hiddenStates) {

    /** Every llava set under the fixture root. */
    static List<LlavaReference> all() throws IOException {
        Path encoderSet = FixtureSets.set("alphaclip-reference");
        JsonObject hidden = json(encoderSet.resolve("index.json")).getAsJsonObject("hidden_penultimate");
        FloatTensor hiddenStates = floats(encoderSet.resolve(hidden.get("file").getAsString()), shape(hidden.getAsJsonArray("shape")));
        List<LlavaReference> sets = new ArrayList<>();
        for (Path set : FixtureSets.sets("mllm-reference", "llava-tiny-*")) {
            sets.add(new LlavaReference(set, json(set.resolve("reference.json")), json(set.resolve("config.json")), hiddenStates));
        }
        return sets;
    }

    /** The set's name, e.g. {@code llava-tiny-visible}. */
    String name() {
        return set.getFileName().toString();
    }

    /** The package exported from this set's checkpoint, or its external-data variant. */
    Path exportedPackage(String suffix) {
        String root = System.getProperty("mllm.test.packages");
        if (root == null) {
            throw new IllegalStateException("System property mllm.test.packages is not set: run the tests through Maven");
        }
        return Path.of(root).resolve(name() + suffix);
    }

    /** The image tokens as the encoder gives them to the projector: CLS dropped for the "patch" feature. */
    FloatTensor imageTokens() {
        boolean keepClass = config.has("mm_vision_select_feature")
                && "cls_patch".equals(config.get("mm_vision_select_feature").getAsString());
        long[] shape = hiddenStates.shape();
        int width = (int) shape[2];
        int from = keepClass ? 0 : 1;
        float[] data = new float[(int) (shape[1] - from) * width];
        System.arraycopy(hiddenStates.data(), from * width, data, 0, data.length);
        return new FloatTensor(new long[] {1, shape[1] - from, width}, data);
    }

    /** An array the reference names, e.g. {@code inputs_embeds}. */
    FloatTensor array(String key) throws IOException {
        JsonObject spec = reference.getAsJsonObject(key);
        return floats(set.resolve(spec.get("file").getAsString()), shape(spec.getAsJsonArray("shape")));
    }

    String string(String key) {
        return reference.get(key).getAsString();
    }

    int integer(String key) {
        return reference.get(key).getAsInt();
    }

    int[] ints(JsonObject object, String key) {
        JsonArray array = object.getAsJsonArray(key);
        int[] out = new int[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = array.get(i).getAsInt();
        }
        return out;
    }

    JsonObject greedy() {
        return reference.getAsJsonObject("greedy");
    }

    List<JsonObject> steps() {
        List<JsonObject> steps = new ArrayList<>();
        for (JsonElement step : greedy().getAsJsonArray("steps")) {
            steps.add(step.getAsJsonObject());
        }
        return steps;
    }

    static float[] floatArray(JsonObject object, String key) {
        JsonArray array = object.getAsJsonArray(key);
        float[] out = new float[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = array.get(i).getAsFloat();
        }
        return out;
    }

    private static long[] shape(JsonArray dims) {
        long[] shape = new long[dims.size()];
        for (int i = 0; i < shape.length; i++) {
            shape[i] = dims.get(i).getAsLong();
        }
        return shape;
    }

    private static FloatTensor floats(Path file, long[] shape) throws IOException {
        ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        float[] data = new float[bytes.remaining() / Float.BYTES];
        bytes.asFloatBuffer().get(data);
        return new FloatTensor(shape, data);
    }

    private static JsonObject json(Path file) throws IOException {
        return JsonParser.parseString(Files.readString(file)).getAsJsonObject();
    }
}
