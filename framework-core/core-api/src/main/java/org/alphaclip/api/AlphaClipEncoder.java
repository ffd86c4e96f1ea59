package org.alphaclip.api;

import java.util.List;

import org.alphaclip.api.model.ModelInfo;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Encodes (image, region) pairs and texts with one Alpha-CLIP model package.
 *
 * <p>One service is registered per live model package, with {@link #PROPERTY_MODEL} naming it;
 * the configured default also carries {@link #PROPERTY_DEFAULT}{@code =true}. Select one with a
 * target filter, e.g. {@code (alphaclip.model=my-model)}. Calls are thread safe; concurrent single
 * requests may be batched together by the shared session layer.
 */
@ProviderType
public interface AlphaClipEncoder {

    /** Service property holding the model package name. */
    String PROPERTY_MODEL = "alphaclip.model";

    /** Service property set to {@code true} on the configured default model. */
    String PROPERTY_DEFAULT = "alphaclip.default";

    /** The model package behind this encoder: architecture, preprocessing, prompts. */
    ModelInfo model();

    /**
     * Encodes a batch of images, each with its own region.
     *
     * @throws EncoderException when an input is invalid or inference fails; the message names the input
     */
    ImageEncoding encodeImages(List<RegionImage> inputs, EncodeOptions options) throws EncoderException;

    /** Encodes texts to projected text embeddings, one row per text (not normalised). */
    float[][] encodeTexts(List<String> texts, boolean truncate) throws EncoderException;

    /** Token ids of the model's context length for each text, as the model's tokenizer makes them. */
    int[][] tokenize(List<String> texts, boolean truncate) throws EncoderException;
}
