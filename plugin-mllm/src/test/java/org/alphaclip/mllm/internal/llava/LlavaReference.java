package org.alphaclip.mllm.internal.llava;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.alphaclip.api.tensor.FloatTensor;
import org.alphaclip.mllm.internal.ReferenceFiles;
import org.alphaclip.sdk.testing.FixtureSets;

import com.google.gson.JsonObject;

/**
 * One {@code mllm-reference/llava-tiny-*} set (README of the set: Hugging Face transformers on a tiny random LLaVA)
 * with the Alpha-CLIP hidden states it starts from, and the package the build exported from its checkpoint
 * ({@code target/test-models/<set>}, system property {@code mllm.test.packages}). Every number is read from the
 * set's {@code reference.json} and {@code config.json}. Public for the command tests, which reproduce its answer.
 */
public record LlavaReference(Path set, JsonObject reference, JsonObject config, FloatTensor hiddenStates) {

    /** Every llava set under the fixture root. */
    public static List<LlavaReference> all() throws IOException {
        FloatTensor hiddenStates = ReferenceFiles.hiddenPenultimate();
        List<LlavaReference> sets = new ArrayList<>();
        for (Path set : FixtureSets.sets("mllm-reference", "llava-tiny-*")) {
            sets.add(new LlavaReference(set, ReferenceFiles.json(set.resolve("reference.json")),
                    ReferenceFiles.json(set.resolve("config.json")), hiddenStates));
        }
        return sets;
    }

    /** The set's name, e.g. {@code llava-tiny-visible}. */
    public String name() {
        return set.getFileName().toString();
    }

    /** The package exported from this set's checkpoint, or its external-data variant. */
    public Path exportedPackage(String suffix) {
        return ReferenceFiles.exportedPackage(name(), suffix);
    }

    /** The image tokens as the encoder gives them to the projector: CLS dropped for the "patch" feature. */
    public FloatTensor imageTokens() {
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
        return ReferenceFiles.floats(set.resolve(spec.get("file").getAsString()), ReferenceFiles.shape(spec.getAsJsonArray("shape")));
    }

    public String string(String key) {
        return reference.get(key).getAsString();
    }

    int integer(String key) {
        return reference.get(key).getAsInt();
    }

    public int[] ints(JsonObject object, String key) {
        return ReferenceFiles.ints(object, key);
    }

    public JsonObject greedy() {
        return reference.getAsJsonObject("greedy");
    }

    List<JsonObject> steps() {
        return ReferenceFiles.objects(greedy(), "steps");
    }

    static float[] floatArray(JsonObject object, String key) {
        return ReferenceFiles.floatArray(object, key);
    }
}
