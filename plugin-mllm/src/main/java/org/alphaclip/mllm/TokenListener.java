package org.alphaclip.mllm;

import org.osgi.annotation.versioning.ConsumerType;

/** Told about each generated token as it is chosen, e.g. to stream an answer to the shell. */
@ConsumerType
@FunctionalInterface
public interface TokenListener {

    /** Ignores every token. */
    TokenListener NONE = (id, text) -> { };

    /**
     * One token.
     *
     * @param id the token id
     * @param text the text it adds to the answer; empty while it is an incomplete UTF-8 sequence (the text
     *        follows with the token that completes it) or when it is an end or stop token
     */
    void onToken(int id, String text);
}
