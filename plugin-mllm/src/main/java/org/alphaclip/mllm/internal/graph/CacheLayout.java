package org.alphaclip.mllm.internal.graph;

/**
 * The shape of a decoder's key/value cache: per layer one key and one value tensor {@code [rows, heads, length,
 * headDim]}.
 *
 * @param layers layers, each with one past key and value
 * @param heads key/value heads per layer
 * @param headDim width of each head
 */
public record CacheLayout(int layers, int heads, int headDim) {
}
