package org.alphaclip.mllm.internal.text;

/**
 * A LLaVA conversation template (LLaVA's {@code v1}: {@code "<system> USER: <image>\n<question> ASSISTANT:"}).
 *
 * @param system the system prompt the conversation starts with
 * @param userRole the user's role name ({@code USER})
 * @param assistantRole the assistant's role name ({@code ASSISTANT})
 * @param separator what follows the system prompt and each user turn ({@code " "})
 * @param turnSeparator what follows each assistant turn ({@code "</s>"})
 * @param imageToken the placeholder the image's tokens replace ({@code <image>})
 */
public record ConversationTemplate(String system, String userRole, String assistantRole, String separator,
        String turnSeparator, String imageToken) {

    /** The prompt of a first question about an image: the answer follows it. */
    public String firstTurn(String question) {
        return system + separator + userRole + ": " + imageToken + "\n" + question + separator + assistantRole + ":";
    }

    /**
     * The text of a later question, after the previous answer and its {@link #turnSeparator}: {@code USER: <question>
     * ASSISTANT:}, as LLaVA's template continues a conversation.
     */
    public String nextTurn(String question) {
        return userRole + ": " + question + separator + assistantRole + ":";
    }
}
