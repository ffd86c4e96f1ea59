package org.alphaclip.mllm.internal.decode;

import org.alphaclip.api.session.SessionException;
import org.alphaclip.api.tensor.FloatTensor;
import org.alphaclip.mllm.internal.graph.CachingDecoder;
import org.alphaclip.mllm.internal.graph.KvCache;
import org.alphaclip.mllm.internal.graph.TokenEmbedder;

/** Decoding with a key/value cache: the prompt runs once, then each step runs one new position per row. */
public final class CachedDecoding implements DecoderState {

    private final TokenEmbedder embedder;
    private final CachingDecoder decoder;
    private KvCache cache;

    /** A state over these graphs, empty until {@link #start}. */
    public CachedDecoding(TokenEmbedder embedder, CachingDecoder decoder) {
        this.embedder = embedder;
        this.decoder = decoder;
    }

    @Override
    public float[][] start(FloatTensor prompt) throws SessionException {
        CachingDecoder.Step step = decoder.run(prompt, KvCache.empty(decoder.cacheLayout(), 1));
        cache = step.cache();
        return step.logits();
    }

    @Override
    public float[][] extend(int[] parents, int[] tokens) throws SessionException {
        KvCache past = isIdentity(parents, cache.rows()) ? cache : cache.select(parents);
        CachingDecoder.Step step = decoder.run(embedder.embed(column(tokens)), past);
        cache = step.cache();
        return step.logits();
    }

    static boolean isIdentity(int[] parents, int rows) {
        if (parents.length != rows) {
            return false;
        }
        for (int i = 0; i < rows; i++) {
            if (parents[i] != i) {
                return false;
            }
        }
        return true;
    }

    /** One id per row. */
    static int[][] column(int[] tokens) {
        int[][] ids = new int[tokens.length][];
        for (int i = 0; i < tokens.length; i++) {
            ids[i] = new int[] {tokens[i]};
        }
        return ids;
    }
}
