package org.alphaclip.mllm.internal.decode;

import java.util.List;

import org.alphaclip.sdk.text.PackageTokenizer;

/**
 * When an answer ends: at an end-of-sequence token, when its text reaches a stop string, or after
 * {@code maxNewTokens} tokens.
 *
 * @param maxNewTokens the most tokens generated
 * @param endIds the end-of-sequence ids
 * @param stopStrings texts that end the answer (cut before them)
 * @param tokenizer the tokenizer that turns ids into the answer's text
 */
public record StopRules(int maxNewTokens, List<Integer> endIds, List<String> stopStrings, PackageTokenizer tokenizer) {

    /** Copies the lists. */
    public StopRules {
        endIds = List.copyOf(endIds);
        stopStrings = List.copyOf(stopStrings);
    }

    /** Whether {@code id} ends a sequence. */
    boolean isEnd(int id) {
        return endIds.contains(id);
    }

    /** An empty answer under these rules. */
    AnswerText newAnswer() {
        return new AnswerText(tokenizer, stopStrings);
    }
}
