package org.alphaclip.mllm.internal.graph;

import org.alphaclip.api.session.SessionException;
import org.alphaclip.api.tensor.FloatTensor;

/**
 * A decoder with a key/value cache, as the decoding strategies drive it: one call takes the embeddings of the new
 * positions of some rows, {@code [rows, T, width]}, with each row's past, and gives the next-token logits of each
 * row's last position with the present keys and values (past and new). An empty past recomputes whole sequences.
 */
public interface CachingDecoder {

    /**
     * The result of one call.
     *
     * @param logits {@code [rows][vocab]}: next-token logits of each row's last position
     * @param cache past and new keys and values of each row
     */
    record Step(float[][] logits, KvCache cache) {

        /** The step of a logits output {@code [rows, vocab]} and the present cache. */
        public static Step of(FloatTensor logits, KvCache cache) {
            float[][] rows = new float[cache.rows()][];
            for (int row = 0; row < rows.length; row++) {
                rows[row] = logits.row(row);
            }
            return new Step(rows, cache);
        }
    }

    /** The shape of this decoder's cache, for {@link KvCache#empty}. */
    CacheLayout cacheLayout();

    /**
     * Runs the new positions of every row after its past.
     *
     * @param embeddings {@code [rows, T, width]}
     * @param past the rows' past, {@link KvCache#empty} for none
     */
    Step run(FloatTensor embeddings, KvCache past) throws SessionException;
}
