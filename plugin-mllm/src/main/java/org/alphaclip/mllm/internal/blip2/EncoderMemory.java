package org.alphaclip.mllm.internal.blip2;

import org.alphaclip.api.tensor.FloatTensor;
import org.alphaclip.mllm.internal.graph.SequenceTensors;

/**
 * What every decoder step attends to across: each decoder layer's cross-attention keys and values of one encoder
 * output, {@code [1, heads, S, d_kv]}, computed once per image and prompt.
 *
 * @param keys per decoder layer
 * @param values per decoder layer
 * @param length S, the encoder positions
 */
public record EncoderMemory(FloatTensor[] keys, FloatTensor[] values, int length) {

    /** Copies the arrays of tensors. */
    public EncoderMemory {
        keys = keys.clone();
        values = values.clone();
    }

    @Override
    public FloatTensor[] keys() {
        return keys.clone();
    }

    @Override
    public FloatTensor[] values() {
        return values.clone();
    }

    /** The same memory for {@code rows} decoder rows (beams) that all decode the one encoder output. */
    public EncoderMemory repeat(int rows) {
        int[] first = new int[rows];
        FloatTensor[] k = new FloatTensor[keys.length];
        FloatTensor[] v = new FloatTensor[values.length];
        for (int layer = 0; layer < keys.length; layer++) {
            k[layer] = SequenceTensors.selectRows(keys[layer], first);
            v[layer] = SequenceTensors.selectRows(values[layer], first);
        }
        return new EncoderMemory(k, v, length);
    }
}
