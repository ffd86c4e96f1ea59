package org.alphaclip.mllm.internal.text;

import org.alphaclip.sdk.text.PackageTokenizer;

/**
 * The token layout of a LLaVA prompt, as LLaVA's {@code tokenizer_image_token} makes it: the conversation's text is
 * split at the image placeholder, each side is tokenized on its own without special tokens, and the sequence is
 * {@code [BOS] + ids(before) + [image tokens] + ids(after)}.
 *
 * <pre>{@code
 * LlavaPrompt prompt = LlavaPrompt.build(template, tokenizer, specialTokens, "What is in the highlighted region?");
 * prompt.before();   // BOS and the ids before the image
 * }</pre>
 *
 * @param text the whole prompt with the image placeholder
 * @param before the ids before the image, the BOS first when the tokenizer asks for it
 * @param after the ids after the image
 */
public record LlavaPrompt(String text, int[] before, int[] after) {

    /** Copies the ids. */
    public LlavaPrompt {
        before = before.clone();
        after = after.clone();
    }

    @Override
    public int[] before() {
        return before.clone();
    }

    @Override
    public int[] after() {
        return after.clone();
    }

    /** The sequence length with {@code imageTokens} image tokens. */
    public int length(int imageTokens) {
        return before.length + imageTokens + after.length;
    }

    /**
     * The prompt of the first question about an image.
     *
     * @throws IllegalArgumentException when the question is empty or holds the image placeholder itself
     */
    public static LlavaPrompt build(ConversationTemplate template, PackageTokenizer tokenizer, SpecialTokens special,
            String question) {
        checkQuestion(template, question);
        String text = template.firstTurn(question);
        int at = text.indexOf(template.imageToken());
        int[] textBefore = tokenizer.encode(text.substring(0, at));
        int[] after = tokenizer.encode(text.substring(at + template.imageToken().length()));
        int[] before = textBefore;
        if (special.addBos()) {
            before = new int[textBefore.length + 1];
            before[0] = special.bos();
            System.arraycopy(textBefore, 0, before, 1, textBefore.length);
        }
        return new LlavaPrompt(text, before, after);
    }

    /**
     * The ids of a later turn of a conversation, tokenized on their own: the text of
     * {@link ConversationTemplate#nextTurn}, to follow the previous answer and its turn separator.
     *
     * @throws IllegalArgumentException when the question is empty or holds the image placeholder
     */
    public static int[] nextTurn(ConversationTemplate template, PackageTokenizer tokenizer, String question) {
        checkQuestion(template, question);
        return tokenizer.encode(template.nextTurn(question));
    }

    private static void checkQuestion(ConversationTemplate template, String question) {
        if (question == null || question.isBlank()) {
            throw new IllegalArgumentException("The question is empty");
        }
        if (question.contains(template.imageToken())) {
            throw new IllegalArgumentException("The question contains the image placeholder " + template.imageToken()
                    + "; the image has its place in the prompt already");
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof LlavaPrompt p && text.equals(p.text) && java.util.Arrays.equals(before, p.before)
                && java.util.Arrays.equals(after, p.after);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }
}
