package org.alphaclip.mllm.internal.llama;

import org.alphaclip.api.tensor.FloatTensor;

/**
 * The past keys and values of every layer for some rows (sequences) of equal length: per layer
 * {@code [rows, kvHeads, length, headDim]}, keys after the rotary embedding, as the decoder graph returns them.
 *
 * @param rows the sequences
 * @param length the past positions of each
 * @param keys per layer
 * @param values per layer
 */
public record KvCache(int rows, int length, FloatTensor[] keys, FloatTensor[] values) {

    /** Copies the arrays of tensors. */
    public KvCache {
        keys = keys.clone();
        values = values.clone();
    }

    /** No past positions, for {@code rows} sequences. */
    public static KvCache empty(DecoderShape shape, int rows) {
        FloatTensor nothing = new FloatTensor(new long[] {rows, shape.kvHeads(), 0, shape.headDim()}, new float[0]);
        FloatTensor[] layers = new FloatTensor[shape.layers()];
        java.util.Arrays.fill(layers, nothing);
        return new KvCache(rows, 0, layers, layers);
    }

    /** The cache of the rows {@code parents[i]}, in that order (a row may be taken several times). */
    public KvCache select(int[] parents) {
        FloatTensor[] k = new FloatTensor[keys.length];
        FloatTensor[] v = new FloatTensor[values.length];
        for (int layer = 0; layer < keys.length; layer++) {
            k[layer] = SequenceTensors.selectRows(keys[layer], parents);
            v[layer] = SequenceTensors.selectRows(values[layer], parents);
        }
        return new KvCache(parents.length, length, k, v);
    }
}
