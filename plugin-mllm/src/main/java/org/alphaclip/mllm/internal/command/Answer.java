package org.alphaclip.mllm.internal.command;

import java.util.List;
import java.util.Locale;

import org.alphaclip.mllm.Generation;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

/**
 * What {@code mllm:ask} and {@code mllm:caption} return. With {@code --json} it reads as one JSON object
 * {@code {"text":..., "tokens":[ids in order], "time_to_first_token_ms":..., "tokens_per_s":...}}; otherwise the answer
 * was streamed as it was generated, and it reads as one line about the run, then any encoder warnings.
 *
 * @param generation the answer
 * @param warnings what the encoder adapted on the way
 * @param json whether it reads as the JSON object
 */
public record Answer(Generation generation, List<String> warnings, boolean json) {

    /** Copies the warnings. */
    public Answer {
        warnings = List.copyOf(warnings);
    }

    /** The JSON object. */
    public String toJson() {
        JsonObject object = new JsonObject();
        object.addProperty("text", generation.text());
        JsonArray tokens = new JsonArray();
        for (int id : generation.tokens()) {
            tokens.add(id);
        }
        object.add("tokens", tokens);
        object.addProperty("time_to_first_token_ms", generation.timeToFirstTokenNanos() / 1e6);
        object.addProperty("tokens_per_s", generation.tokensPerSecond());
        return object.toString();
    }

    @Override
    public String toString() {
        if (json) {
            return toJson();
        }
        StringBuilder text = new StringBuilder(String.format(Locale.ROOT, "[%d tokens, %s; first token after %.0f ms, %.1f tokens/s]",
                generation.tokens().length, ending(generation), generation.timeToFirstTokenNanos() / 1e6,
                generation.tokensPerSecond()));
        for (String warning : warnings) {
            text.append(System.lineSeparator()).append("warning: ").append(warning);
        }
        return text.toString();
    }

    /** Why an answer ended, in words. */
    static String ending(Generation generation) {
        return switch (generation.stopReason()) {
            case END_OF_SEQUENCE -> "end of sequence";
            case STOP_STRING -> "stop string";
            case MAX_TOKENS -> "--max-tokens reached";
        };
    }
}
