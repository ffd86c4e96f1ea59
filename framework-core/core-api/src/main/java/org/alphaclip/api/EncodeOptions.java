package org.alphaclip.api;

import java.util.Arrays;

/**
 * What an image encoding returns besides the pooled embedding, and how the region is rasterised.
 *
 * @param hiddenLayers layers whose token hidden states to return (before {@code ln_post}); 1-based
 *        block numbers, or negative numbers counting from the last block ({@code -1} = last,
 *        {@code -2} = penultimate)
 * @param includeClassToken whether hidden states keep token 0 (the class token)
 * @param clsAttention whether to return the last block's class-token attention map
 * @param alphaGeometry how the region is mapped onto the model input
 */
public record EncodeOptions(int[] hiddenLayers, boolean includeClassToken, boolean clsAttention,
        AlphaGeometry alphaGeometry) {

    /** Pooled embedding only, region aligned with the image. */
    public static final EncodeOptions DEFAULT = new EncodeOptions(new int[0], true, false, AlphaGeometry.ALIGNED);

    /** Copies the layer array. */
    public EncodeOptions {
        hiddenLayers = hiddenLayers == null ? new int[0] : hiddenLayers.clone();
        if (alphaGeometry == null) {
            alphaGeometry = AlphaGeometry.ALIGNED;
        }
    }

    @Override
    public int[] hiddenLayers() {
        return hiddenLayers.clone();
    }

    /** The same options, returning hidden states of the given layers too. */
    public EncodeOptions withHiddenLayers(int... layers) {
        return new EncodeOptions(layers, includeClassToken, clsAttention, alphaGeometry);
    }

    /** The same options, with or without the class token in hidden states. */
    public EncodeOptions withClassToken(boolean include) {
        return new EncodeOptions(hiddenLayers, include, clsAttention, alphaGeometry);
    }

    /** The same options, returning the last block's class-token attention too. */
    public EncodeOptions withClsAttention(boolean attention) {
        return new EncodeOptions(hiddenLayers, includeClassToken, attention, alphaGeometry);
    }

    /** The same options with another alpha geometry. */
    public EncodeOptions withAlphaGeometry(AlphaGeometry geometry) {
        return new EncodeOptions(hiddenLayers, includeClassToken, clsAttention, geometry);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof EncodeOptions o && Arrays.equals(hiddenLayers, o.hiddenLayers)
                && includeClassToken == o.includeClassToken && clsAttention == o.clsAttention
                && alphaGeometry == o.alphaGeometry;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(hiddenLayers) * 31 + Boolean.hashCode(includeClassToken) * 7
                + Boolean.hashCode(clsAttention) * 3 + alphaGeometry.hashCode();
    }

    @Override
    public String toString() {
        return "EncodeOptions[hiddenLayers=" + Arrays.toString(hiddenLayers) + ", includeClassToken="
                + includeClassToken + ", clsAttention=" + clsAttention + ", alphaGeometry=" + alphaGeometry + "]";
    }
}
