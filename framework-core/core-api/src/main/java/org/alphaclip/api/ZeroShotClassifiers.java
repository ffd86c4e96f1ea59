package org.alphaclip.api;

import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Builds {@link ZeroShotClassifier}s: the label prompts of a model encoded once and cached per model and
 * label set, so that commands and jobs that classify many regions against the same labels encode the
 * prompts once.
 *
 * <p>Prompts are made by putting each label into each template where the template says {@code {}}. A
 * prompt longer than the model's context is cut to the context length, ending with the end-of-text
 * token, as the official {@code clip.tokenize(texts, truncate=True)} does; the labels so cut are listed
 * in {@link ZeroShotClassifier#truncatedLabels()} so that a command can warn about them.
 */
@ProviderType
public interface ZeroShotClassifiers {

    /**
     * A classifier over {@code labels}.
     *
     * @param encoder the model whose text tower encodes the prompts
     * @param labels the labels, at least one, none blank
     * @param templates prompt templates, each containing {@code {}}; empty for the model's own
     *        {@link org.alphaclip.api.model.ModelInfo#promptTemplates() prompt templates}
     * @throws EncoderException when the text tower fails
     * @throws IllegalArgumentException when there is no label, a label is blank or a template lacks {@code {}}
     */
    ZeroShotClassifier classifier(AlphaClipEncoder encoder, List<String> labels, List<String> templates)
            throws EncoderException;
}
