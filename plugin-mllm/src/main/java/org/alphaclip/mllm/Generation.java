package org.alphaclip.mllm;

import java.util.Arrays;

/**
 * A generated answer.
 *
 * @param tokens the generated token ids in order, an end-of-sequence token included when one ended it
 * @param text the answer's text (special tokens left out, cut before a stop string)
 * @param stopReason why generation ended
 * @param promptTokens the prompt's length in tokens, image tokens included
 * @param timeToFirstTokenNanos from the call to the first chosen token (prompt, projector and prefill)
 * @param totalNanos from the call to the end
 */
public record Generation(int[] tokens, String text, StopReason stopReason, int promptTokens, long timeToFirstTokenNanos,
        long totalNanos) {

    /** Copies the tokens. */
    public Generation {
        tokens = tokens.clone();
    }

    @Override
    public int[] tokens() {
        return tokens.clone();
    }

    /** Tokens per second after the first one (decoding speed); 0 when only one token was generated. */
    public double tokensPerSecond() {
        long decodeNanos = totalNanos - timeToFirstTokenNanos;
        return tokens.length < 2 || decodeNanos <= 0 ? 0 : (tokens.length - 1) * 1e9 / decodeNanos;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Generation g && Arrays.equals(tokens, g.tokens) && text.equals(g.text)
                && stopReason == g.stopReason && promptTokens == g.promptTokens
                && timeToFirstTokenNanos == g.timeToFirstTokenNanos && totalNanos == g.totalNanos;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(tokens) * 31 + text.hashCode();
    }

    @Override
    public String toString() {
        return text + " [" + tokens.length + " tokens, " + stopReason + "]";
    }
}
