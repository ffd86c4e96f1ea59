package org.alphaclip.mllm.internal.decode;

import org.alphaclip.api.session.SessionException;
import org.alphaclip.api.tensor.FloatTensor;
import org.alphaclip.mllm.internal.graph.CachingDecoder;
import org.alphaclip.mllm.internal.graph.KvCache;
import org.alphaclip.mllm.internal.graph.TokenEmbedder;

/**
 * Decoding with a key/value cache: the prompt runs once, then each step runs one new position per row. A chat's
 * later turns start after the cache of the earlier ones ({@link #after}) and keep the cache of their own prompt
 * ({@link #promptCache}) for the next turn.
 */
public final class CachedDecoding implements DecoderState {

    private final TokenEmbedder embedder;
    private final CachingDecoder decoder;
    private final KvCache past;
    private KvCache promptCache;
    private KvCache cache;

    /** A state over these graphs, empty until {@link #start}. */
    public CachedDecoding(TokenEmbedder embedder, CachingDecoder decoder) {
        this(embedder, decoder, KvCache.empty(decoder.cacheLayout(), 1));
    }

    private CachedDecoding(TokenEmbedder embedder, CachingDecoder decoder, KvCache past) {
        this.embedder = embedder;
        this.decoder = decoder;
        this.past = past;
    }

    /** A state whose prompt continues one sequence already in {@code past} (one row). */
    public static CachedDecoding after(KvCache past, TokenEmbedder embedder, CachingDecoder decoder) {
        if (past.rows() != 1) {
            throw new IllegalArgumentException("a prompt continues one sequence, not " + past.rows());
        }
        return new CachedDecoding(embedder, decoder, past);
    }

    @Override
    public float[][] start(FloatTensor prompt) throws SessionException {
        CachingDecoder.Step step = decoder.run(prompt, past);
        promptCache = step.cache();
        cache = promptCache;
        return step.logits();
    }

    /** The cache of the past and the prompt, before any generated token: where a next turn continues. */
    public KvCache promptCache() {
        if (promptCache == null) {
            throw new IllegalStateException("the prompt has not run yet");
        }
        return promptCache;
    }

    @Override
    public float[][] extend(int[] parents, int[] tokens) throws SessionException {
        KvCache rows = isIdentity(parents, cache.rows()) ? cache : cache.select(parents);
        CachingDecoder.Step step = decoder.run(embedder.embed(column(tokens)), rows);
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
