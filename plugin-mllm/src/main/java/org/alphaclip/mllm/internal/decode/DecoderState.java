package org.alphaclip.mllm.internal.decode;

import org.alphaclip.api.session.SessionException;
import org.alphaclip.api.tensor.FloatTensor;

/**
 * The sequences a search extends, one row each: what the decoder has seen so far, either as a key/value cache
 * ({@link CachedDecoding}) or as the whole sequence recomputed every step ({@link RecomputingDecoding}).
 */
public interface DecoderState {

    /** Runs the prompt {@code [1, positions, hidden]} as the only row; gives its next-token logits. */
    float[][] start(FloatTensor prompt) throws SessionException;

    /**
     * Continues the sequences: new row {@code i} is old row {@code parents[i]} followed by {@code tokens[i]}.
     *
     * @return the next-token logits of every new row
     */
    float[][] extend(int[] parents, int[] tokens) throws SessionException;
}
