package org.alphaclip.mllm;

import org.alphaclip.api.tensor.FloatTensor;
import org.osgi.annotation.versioning.ProviderType;

/**
 * One opened multimodal package: answers a question about an image from the image's encoder tokens. Holds
 * inference sessions and a native tokenizer until closed; every call after {@link #close()} fails with
 * {@link IllegalStateException}. Calls may run concurrently.
 */
@ProviderType
public interface MultimodalModel extends AutoCloseable {

    /** What the package is and which encoder features it takes. */
    MultimodalPackageInfo info();

    /**
     * Generates the answer to one question about one image.
     *
     * @param imageTokens the encoder's hidden states as {@link ImageFeatures} of {@link #info()} describe them,
     *        {@code [1, tokens, width]}
     * @param question the user's text: a LLaVA package puts it into its conversation template; a BLIP-2 package takes
     *        it as the whole prompt, followed by its end token (empty for a plain caption)
     * @param settings how tokens are chosen and when generation stops
     * @param listener told about each token as it is chosen (for beam search: the best beam's, at the end)
     * @throws GenerationException when an argument is invalid (empty question, image tokens of the wrong shape, a
     *         prompt longer than the context) or inference fails; the message names the argument
     */
    Generation generate(FloatTensor imageTokens, String question, DecodingSettings settings, TokenListener listener)
            throws GenerationException;

    /**
     * Starts a multi-turn conversation about one image that keeps its key/value cache between turns.
     *
     * @param imageTokens the encoder's hidden states, as for {@link #generate}
     * @throws GenerationException when the image tokens have the wrong shape, or this kind of package holds no
     *         conversation (the default)
     * @since 1.1
     */
    default Chat startChat(FloatTensor imageTokens) throws GenerationException {
        throw new GenerationException("Multimodal package " + info().name() + " (" + info().family()
                + ") does not hold a conversation; ask one question at a time");
    }

    /** Releases the sessions and the tokenizer. Idempotent. */
    @Override
    void close();
}
