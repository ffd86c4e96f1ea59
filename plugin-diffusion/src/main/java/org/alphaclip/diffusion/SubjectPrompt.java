package org.alphaclip.diffusion;

import org.alphaclip.api.tensor.FloatTensor;

/**
 * What BLIP-Diffusion generates from: the subject as the encoder sees it, what it is called, and the scene to put it in.
 * The text the model reads is diffusers' {@code "a <target> <prompt>"}, repeated {@code repetitions} times, joined
 * with {@code ", "} (and cut to the text encoder's length).
 *
 * @param imageTokens the encoder's hidden states {@code [1, tokens, width]} at the package's
 *        {@link SubjectInputs#imageLayer() layer}, class token first, under the region
 * @param sourceSubject what the subject in the image is, for the Q-Former (e.g. {@code dog})
 * @param targetSubject what to call it in the generated image (usually the same)
 * @param prompt where or how to show it (e.g. {@code on the beach})
 * @param negativePrompt what the unconditional half of classifier-free guidance reads (often empty)
 * @param repetitions how many times the prompt is repeated (diffusers' {@code prompt_strength * prompt_reps})
 */
public record SubjectPrompt(FloatTensor imageTokens, String sourceSubject, String targetSubject, String prompt,
        String negativePrompt, int repetitions) {

    /** Checks the values; each problem names the field. */
    public SubjectPrompt {
        if (imageTokens == null || imageTokens.shape().length != 3 || imageTokens.shape()[0] != 1) {
            throw new IllegalArgumentException("imageTokens must be [1, tokens, width]");
        }
        if (sourceSubject == null || sourceSubject.isBlank()) {
            throw new IllegalArgumentException("the subject must not be empty");
        }
        if (targetSubject == null || targetSubject.isBlank()) {
            throw new IllegalArgumentException("the target subject must not be empty");
        }
        if (prompt == null || negativePrompt == null) {
            throw new IllegalArgumentException("the prompt and the negative prompt must be text (empty is allowed)");
        }
        if (repetitions < 1) {
            throw new IllegalArgumentException("repetitions must be at least 1, got " + repetitions);
        }
    }
}
