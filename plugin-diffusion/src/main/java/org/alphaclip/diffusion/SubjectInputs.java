package org.alphaclip.diffusion;

/**
 * What a subject-driven (BLIP-Diffusion) package reads and its prompt defaults.
 *
 * @param imageLayer the encoder hidden layer, counted from the end ({@code -1}: after the last block), whose tokens
 *        (class token first) the Q-Former reads
 * @param promptRepetitions how many times the prompt is repeated when the caller does not say
 * @param negativePrompt the negative prompt used when the caller does not give one (often empty)
 */
public record SubjectInputs(int imageLayer, int promptRepetitions, String negativePrompt) {
}
