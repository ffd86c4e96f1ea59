package org.alphaclip.mllm.internal.blip2;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.alphaclip.api.tensor.FloatTensor;
import org.alphaclip.mllm.internal.ReferenceFiles;
import org.alphaclip.sdk.testing.FixtureSets;

import com.google.gson.JsonObject;

/**
 * One {@code mllm-reference/blip2-t5-tiny-*} set (Hugging Face transformers on a tiny random BLIP-2 with a T5) with
 * the Alpha-CLIP hidden states it starts from (all tokens, class token included, as BLIP-2 takes them), and the
 * package the build exported from its checkpoint. Every number is read from the set's {@code reference.json} and
 * {@code config.json}.
 */
record Blip2Reference(Path set, JsonObject reference, JsonObject config, FloatTensor imageTokens) {

    /** Every blip2 set under the fixture root. */
    static List<Blip2Reference> all() throws IOException {
        FloatTensor hiddenStates = ReferenceFiles.hiddenPenultimate();
        List<Blip2Reference> sets = new ArrayList<>();
        for (Path set : FixtureSets.sets("mllm-reference", "blip2-t5-tiny-*")) {
            sets.add(new Blip2Reference(set, ReferenceFiles.json(set.resolve("reference.json")),
                    ReferenceFiles.json(set.resolve("config.json")), hiddenStates));
        }
        return sets;
    }

    /** The set's name, e.g. {@code blip2-t5-tiny-visible}. */
    String name() {
        return set.getFileName().toString();
    }

    /** The package exported from this set's checkpoint. */
    Path exportedPackage() {
        return ReferenceFiles.exportedPackage(name(), "");
    }

    /** An array {@code reference.json} lists under {@code arrays}, from {@code <name>.bin}. */
    FloatTensor array(String name) throws IOException {
        return ReferenceFiles.floats(set.resolve(name + ".bin"),
                ReferenceFiles.shape(reference.getAsJsonObject("arrays").getAsJsonArray(name)));
    }

    /** The names of the arrays {@code reference.json} lists. */
    List<String> arrayNames() {
        return List.copyOf(reference.getAsJsonObject("arrays").keySet());
    }

    String prompt() {
        return reference.get("prompt").getAsString();
    }

    int[] promptIds() {
        return ReferenceFiles.ints(reference, "prompt_ids_with_eos");
    }

    /** The greedy decode: {@code decoder_start}, {@code eos}, {@code decoder_ids} (start id first), {@code steps}. */
    JsonObject greedy() {
        return reference.getAsJsonObject("greedy");
    }

    List<JsonObject> steps() {
        return ReferenceFiles.objects(greedy(), "steps");
    }

    /** Q, the projected queries ahead of the prompt. */
    int queryTokens() {
        return config.get("num_query_tokens").getAsInt();
    }
}
