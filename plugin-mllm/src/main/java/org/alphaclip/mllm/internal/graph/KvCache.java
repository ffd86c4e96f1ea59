package org.alphaclip.mllm.internal.graph;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.alphaclip.api.tensor.FloatTensor;
import org.alphaclip.api.tensor.Tensor;

/**
 * The past keys and values of every layer for some rows (sequences) of equal length: per layer
 * {@code [rows, heads, length, headDim]}, as the decoder graph returns them (for Llama the keys after the rotary
 * embedding, for T5 the decoder's self-attention). A decoder graph takes them as {@code past_key_values.{i}.key} and
 * {@code .value} and gives the next ones as {@code present.{i}.key} and {@code .value}.
 *
 * @param rows the sequences
 * @param length the past positions of each
 * @param keys per layer
 * @param values per layer
 */
public record KvCache(int rows, int length, FloatTensor[] keys, FloatTensor[] values) {

    /** The prefix of a decoder's past key and value inputs. */
    public static final String PAST = "past_key_values.";
    /** The prefix of a decoder's present key and value outputs. */
    public static final String PRESENT = "present.";

    /** Copies the arrays of tensors. */
    public KvCache {
        keys = keys.clone();
        values = values.clone();
    }

    /** No past positions, for {@code rows} sequences. */
    public static KvCache empty(CacheLayout layout, int rows) {
        FloatTensor nothing = new FloatTensor(new long[] {rows, layout.heads(), 0, layout.headDim()}, new float[0]);
        FloatTensor[] layers = new FloatTensor[layout.layers()];
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

    /** The names {@code prefix + i + ".key"} and {@code ".value"} of {@code layers} layers after {@code first}. */
    public static List<String> layerNames(List<String> first, String prefix, int layers) {
        List<String> names = new ArrayList<>(first);
        for (int i = 0; i < layers; i++) {
            names.add(prefix + i + ".key");
            names.add(prefix + i + ".value");
        }
        return names;
    }

    /** Adds this cache to a decoder's inputs as {@code past_key_values.*}. */
    public void putAsPast(Map<String, Tensor> inputs) {
        for (int layer = 0; layer < keys.length; layer++) {
            inputs.put(PAST + layer + ".key", keys[layer]);
            inputs.put(PAST + layer + ".value", values[layer]);
        }
    }

    /** The {@code present.*} outputs of a decoder call as the cache of {@code rows} sequences of {@code length}. */
    public static KvCache fromPresent(Map<String, Tensor> outputs, int layers, int rows, int length) {
        FloatTensor[] k = new FloatTensor[layers];
        FloatTensor[] v = new FloatTensor[layers];
        for (int layer = 0; layer < layers; layer++) {
            k[layer] = (FloatTensor) outputs.get(PRESENT + layer + ".key");
            v[layer] = (FloatTensor) outputs.get(PRESENT + layer + ".value");
        }
        return new KvCache(rows, length, k, v);
    }
}
