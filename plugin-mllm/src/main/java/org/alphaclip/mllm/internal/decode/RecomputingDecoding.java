package org.alphaclip.mllm.internal.decode;

import org.alphaclip.api.session.SessionException;
import org.alphaclip.api.tensor.FloatTensor;
import org.alphaclip.mllm.internal.graph.CachingDecoder;
import org.alphaclip.mllm.internal.graph.KvCache;
import org.alphaclip.mllm.internal.graph.SequenceTensors;
import org.alphaclip.mllm.internal.graph.TokenEmbedder;

/**
 * Decoding without a cache: every step runs each row's whole sequence (prompt and tokens so far) from scratch,
 * the way the reference decodes, for checks and for measuring what the cache saves.
 */
public final class RecomputingDecoding implements DecoderState {

    private final TokenEmbedder embedder;
    private final CachingDecoder decoder;
    private FloatTensor sequences;

    /** A state over these graphs, empty until {@link #start}. */
    public RecomputingDecoding(TokenEmbedder embedder, CachingDecoder decoder) {
        this.embedder = embedder;
        this.decoder = decoder;
    }

    @Override
    public float[][] start(FloatTensor prompt) throws SessionException {
        sequences = prompt;
        return decoder.run(prompt, KvCache.empty(decoder.cacheLayout(), 1)).logits();
    }

    @Override
    public float[][] extend(int[] parents, int[] tokens) throws SessionException {
        FloatTensor kept = CachedDecoding.isIdentity(parents, (int) sequences.shape()[0]) ? sequences
                : SequenceTensors.selectRows(sequences, parents);
        sequences = SequenceTensors.concat(kept, embedder.embed(CachedDecoding.column(tokens)));
        return decoder.run(sequences, KvCache.empty(decoder.cacheLayout(), tokens.length)).logits();
    }
}
