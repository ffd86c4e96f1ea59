package org.alphaclip.mllm;

/**
 * The encoder hidden states a multimodal package takes, in the terms of
 * {@link org.alphaclip.api.EncodeOptions}: encode with {@code withHiddenLayers(layer).withClassToken(classToken)}
 * on the encoder package named here.
 *
 * @param encoder the name of the Alpha-CLIP model package the model was exported for
 * @param encoderManifestSha256 the SHA-256 of that package's {@code manifest.json} at export time
 * @param layer the block whose output is taken: 1-based, or negative from the last ({@code -2} for LLaVA-1.5 and
 *        BLIP-2)
 * @param classToken whether the class token is kept
 * @param tokens the number of image tokens the model takes
 * @param width the width of each token
 * @param aspectRatio how the model's training prepared non-square images: {@code pad} (LLaVA-1.5: padded to a
 *        square with the mean colour before the encoder's preprocessing) or {@code square} (BLIP-2: the encoder's own
 *        preprocessing)
 */
public record ImageFeatures(String encoder, String encoderManifestSha256, int layer, boolean classToken, int tokens,
        int width, String aspectRatio) {
}
