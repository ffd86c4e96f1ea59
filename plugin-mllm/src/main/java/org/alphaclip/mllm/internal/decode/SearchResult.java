package org.alphaclip.mllm.internal.decode;

import org.alphaclip.mllm.Generation;
import org.alphaclip.mllm.StopReason;

/**
 * What a search found.
 *
 * @param tokens the generated ids, an end token included when one ended the answer
 * @param text the answer's text
 * @param stopReason why the search ended
 * @param firstTokenNanos {@link System#nanoTime()} when the first token was chosen
 */
public record SearchResult(int[] tokens, String text, StopReason stopReason, long firstTokenNanos) {

    /** Copies the tokens. */
    public SearchResult {
        tokens = tokens.clone();
    }

    @Override
    public int[] tokens() {
        return tokens.clone();
    }

    /**
     * The generation this search made.
     *
     * @param promptTokens the prompt's length in tokens, image tokens included
     * @param startNanos {@link System#nanoTime()} when the generation was asked for
     */
    public Generation generation(int promptTokens, long startNanos) {
        return new Generation(tokens, text, stopReason, promptTokens, firstTokenNanos - startNanos,
                System.nanoTime() - startNanos);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SearchResult r && java.util.Arrays.equals(tokens, r.tokens) && text.equals(r.text)
                && stopReason == r.stopReason && firstTokenNanos == r.firstTokenNanos;
    }

    @Override
    public int hashCode() {
        return java.util.Arrays.hashCode(tokens) * 31 + text.hashCode();
    }
}
