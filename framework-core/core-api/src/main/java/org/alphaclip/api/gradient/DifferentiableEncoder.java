package org.alphaclip.api.gradient;

import org.alphaclip.api.EncoderException;
import org.alphaclip.api.model.ModelInfo;
import org.osgi.annotation.versioning.ProviderType;

/**
 * One user's handle on a shared differentiable image tower. Thread safe; gradient computations run one at a time
 * per JVM (the autograd engine records one graph at a time). Closing releases the reference; every method fails
 * fast afterwards.
 */
@ProviderType
public interface DifferentiableEncoder extends AutoCloseable {

    /** The model package behind this tower. */
    ModelInfo model();

    /** The device the tower runs on, e.g. {@code cpu}. */
    String device();

    /**
     * Image embeddings (not normalised), one row per image, without gradients.
     *
     * @throws EncoderException when the batch does not fit the model or the module fails
     */
    float[][] embed(ImageBatch images) throws EncoderException;

    /**
     * The cosine similarity of each image's embedding to {@code target}, and the gradient of their mean with
     * respect to the pixels and the alpha.
     *
     * @param target a text embedding of the model's width (need not be normalised)
     * @throws EncoderException when the batch does not fit the model, the target has the wrong width, or the module fails
     */
    SimilarityGradient similarityGradient(ImageBatch images, float[] target) throws EncoderException;

    /** Releases this reference. Idempotent. */
    @Override
    void close();
}
