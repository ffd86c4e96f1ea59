package org.alphaclip.mllm.internal.decode;

import org.alphaclip.api.session.SessionException;
import org.alphaclip.api.tensor.FloatTensor;
import org.alphaclip.mllm.DecodingSettings;
import org.alphaclip.mllm.TokenListener;

/** A decoding algorithm: runs the token loop over a decoder state until the stop rules end it. */
public interface Search {

    /**
     * Decodes the answer to a prompt.
     *
     * @param state a fresh decoder state
     * @param prompt the prompt's embeddings {@code [1, positions, hidden]}
     * @param listener told about each chosen token
     */
    SearchResult run(DecoderState state, FloatTensor prompt, TokenListener listener) throws SessionException;

    /** The search the settings ask for: beam search for several beams, sampling above temperature 0, else greedy. */
    static Search of(DecodingSettings settings, StopRules rules) {
        if (settings.beams() > 1) {
            return new BeamSearch(settings.beams(), rules);
        }
        TokenPicker picker = settings.temperature() > 0
                ? new NucleusSampler(settings.temperature(), settings.topP(), settings.seed()) : new Argmax();
        return new SingleSequenceSearch(picker, rules);
    }
}
