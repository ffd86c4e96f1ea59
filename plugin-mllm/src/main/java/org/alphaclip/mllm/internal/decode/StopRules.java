package org.alphaclip.mllm.internal.decode;

import java.util.List;

import org.alphaclip.mllm.internal.text.PackageTokenizer;
import org.alphaclip.mllm.internal.text.SpecialTokens;

/**
 * When an answer ends: at an end-of-sequence token, when its text reaches a stop string, or after
 * {@code maxNewTokens} tokens.
 *
 * @param maxNewTokens the most tokens generated
 * @param special the end-of-sequence ids
 * @param stopStrings texts that end the answer (cut before them)
 * @param tokenizer the tokenizer that turns ids into the answer's text
 */
public record StopRules(int maxNewTokens, SpecialTokens special, List<String> stopStrings, PackageTokenizer tokenizer) {

    /** Copies the stop strings. */
    public StopRules {
        stopStrings = List.copyOf(stopStrings);
    }

    /** An empty answer under these rules. */
    AnswerText newAnswer() {
        return new AnswerText(tokenizer, stopStrings);
    }
}
