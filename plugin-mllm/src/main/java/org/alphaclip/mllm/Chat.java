package org.alphaclip.mllm;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A conversation about one image that keeps the decoder's key/value cache between turns: each reply runs only the
 * new turn's positions after what the cache holds (the image, the earlier questions and answers), instead of the
 * whole conversation again. Turns follow one another; a chat is not for concurrent use. Its cache lives in the Java
 * heap and goes with the chat; a reply fails with {@link IllegalStateException} once the model is closed.
 *
 * <pre>{@code
 * Chat chat = model.startChat(imageTokens);
 * chat.reply("What colour is the highlighted object?", DecodingSettings.greedy(32), TokenListener.NONE);
 * chat.reply("And its shape?", DecodingSettings.greedy(32), TokenListener.NONE);
 * }</pre>
 */
@ProviderType
public interface Chat {

    /**
     * Answers the next message of the conversation.
     *
     * @param message the user's text; the package's conversation template puts it into the next turn
     * @param settings how tokens are chosen and when the answer stops; the key/value cache is always used
     *        ({@code kvCache} false is refused)
     * @param listener told about each token as it is chosen
     * @return the answer; its {@link Generation#promptTokens()} counts every position before it, earlier turns included
     * @throws GenerationException when the message is empty, the conversation and the answer would not fit the
     *         context (the message says how many positions are left), or inference fails
     */
    Generation reply(String message, DecodingSettings settings, TokenListener listener) throws GenerationException;

    /** The positions the conversation holds so far (image, earlier turns and answers), against the context length. */
    int positions();
}
