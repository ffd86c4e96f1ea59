package org.alphaclip.mllm.internal.llama;

import org.alphaclip.mllm.internal.graph.CacheLayout;

/**
 * The numbers of a Llama decoder graph that its inputs and outputs depend on.
 *
 * @param vocabSize logits per position
 * @param hiddenSize width of {@code inputs_embeds}
 * @param layers layers, each with one past key and value
 * @param kvHeads key/value heads per layer
 * @param headDim width of each head
 * @param contextLength the most positions a sequence may have
 */
public record DecoderShape(int vocabSize, int hiddenSize, int layers, int kvHeads, int headDim, int contextLength) {

    /** The shape of the decoder's key/value cache. */
    public CacheLayout cacheLayout() {
        return new CacheLayout(layers, kvHeads, headDim);
    }
}
