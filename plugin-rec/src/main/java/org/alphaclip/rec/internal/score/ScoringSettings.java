package org.alphaclip.rec.internal.score;

import java.util.List;
import java.util.Objects;

/**
 * How proposals are turned into encoder inputs, and how the whole expression counts against its parse.
 *
 * @param representations the representations whose logits are summed
 * @param alpha what the alpha channel shows
 * @param blurRadius standard deviation of the blur, in pixels of the original image (ReCLIP: 100)
 * @param square whether each encoder input is stretched to a square first, as ReCLIP and Alpha-CLIP's REC
 *        evaluation do, so that the model's centre crop loses nothing of a wide or tall image
 * @param template the text sent to the encoder, with {@code {}} where the expression goes (the zero-shot
 *        classifier's one template)
 * @param batchSize images per encoder call
 * @param expressionWeight when relations are used, the exponent of the whole expression's distribution in
 *        the product with the parsed entities' (1: ReCLIP's product; 0: the parse and geometry alone, for
 *        models that do not ground spatial words themselves)
 */
public record ScoringSettings(List<Representation> representations, AlphaMode alpha, double blurRadius, boolean square,
        String template, int batchSize, double expressionWeight) {

    /** Checks the values and copies the list. */
    public ScoringSettings {
        representations = List.copyOf(representations);
        Objects.requireNonNull(alpha, "alpha");
        Objects.requireNonNull(template, "template");
        if (representations.isEmpty()) {
            throw new IllegalArgumentException("Give at least one representation");
        }
        if (!(blurRadius >= 0) || !Double.isFinite(blurRadius)) {
            throw new IllegalArgumentException("Blur radius must be a number >= 0, got " + blurRadius);
        }
        if (!template.contains("{}")) {
            throw new IllegalArgumentException("The text template needs {} where the expression goes, got '" + template + "'");
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("Batch size must be at least 1, got " + batchSize);
        }
        if (!(expressionWeight >= 0) || !Double.isFinite(expressionWeight)) {
            throw new IllegalArgumentException("Expression weight must be a number >= 0, got " + expressionWeight);
        }
    }
}
