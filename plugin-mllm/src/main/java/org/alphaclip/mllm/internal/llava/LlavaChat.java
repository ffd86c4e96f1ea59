package org.alphaclip.mllm.internal.llava;

import org.alphaclip.api.tensor.FloatTensor;
import org.alphaclip.mllm.Chat;
import org.alphaclip.mllm.DecodingSettings;
import org.alphaclip.mllm.Generation;
import org.alphaclip.mllm.GenerationException;
import org.alphaclip.mllm.TokenListener;
import org.alphaclip.mllm.internal.graph.KvCache;

/**
 * A LLaVA conversation about one image. The first turn is the v1 prompt with the image; every later turn runs, after
 * the cache, the previous answer (whose last token the cache does not hold yet), the turn separator {@code </s>} and
 * {@code USER: <question> ASSISTANT:}, each later turn tokenized on its own. The cache kept is the one up to the
 * answer, so the answer's tokens run once more at the start of the next turn, which suits every search alike (a beam
 * search's best beam has no cache of its own).
 */
final class LlavaChat implements Chat {

    /**
     * One answered turn.
     *
     * @param answer the answer
     * @param cache the conversation's cache up to the answer
     */
    record Turn(Generation answer, KvCache cache) {
    }

    private final LlavaModel model;
    private final FloatTensor imageTokens;
    private KvCache cache;
    private Generation previous;

    LlavaChat(LlavaModel model, FloatTensor imageTokens) {
        this.model = model;
        this.imageTokens = imageTokens;
    }

    @Override
    public Generation reply(String message, DecodingSettings settings, TokenListener listener) throws GenerationException {
        Turn turn = model.chatTurn(cache, imageTokens, previous, message, settings, listener);
        cache = turn.cache();
        previous = turn.answer();
        return previous;
    }

    @Override
    public int positions() {
        return previous == null ? 0 : previous.promptTokens() + previous.tokens().length;
    }
}
