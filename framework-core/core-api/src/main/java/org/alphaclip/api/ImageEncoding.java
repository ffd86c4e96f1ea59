package org.alphaclip.api;

import java.util.List;
import java.util.Map;

import org.alphaclip.api.tensor.FloatTensor;

/**
 * The result of encoding a batch of (image, region) pairs.
 *
 * @param embeddings pooled projected embeddings {@code [B, embedDim]}, not normalised
 * @param hiddenStates requested hidden states by the layer number asked for (as given, e.g. -2),
 *        each {@code [B, tokens, width]}, tokens without the class token when it was dropped
 * @param clsAttention the last block's class-token attention {@code [B, heads, tokens]} (index 0 is
 *        class-to-class), or {@code null} when not requested
 * @param warnings what was adapted on the way (e.g. an empty mask, a mask stretched to the image size)
 */
public record ImageEncoding(FloatTensor embeddings, Map<Integer, FloatTensor> hiddenStates,
        FloatTensor clsAttention, List<String> warnings) {

    /** Makes unmodifiable copies of the collections. */
    public ImageEncoding {
        hiddenStates = Map.copyOf(hiddenStates);
        warnings = List.copyOf(warnings);
    }

    /** The embedding of one batch item. */
    public float[] embedding(int index) {
        return embeddings.row(index);
    }
}
