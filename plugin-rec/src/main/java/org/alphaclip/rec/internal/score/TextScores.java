package org.alphaclip.rec.internal.score;

import java.util.List;
import java.util.Map;

/**
 * The summed logits of some texts for every proposal of one image.
 *
 * @param byText each text's logits, one per proposal
 * @param truncated the texts longer than a model's context, which were cut to fit it
 */
public record TextScores(Map<String, double[]> byText, List<String> truncated) implements ExpressionResolver.TextLogits {

    /** Copies the map and the list. */
    public TextScores {
        byText = Map.copyOf(byText);
        truncated = List.copyOf(truncated);
    }

    /** The logits of one of the texts scored. */
    @Override
    public double[] logits(String text) {
        double[] logits = byText.get(text);
        if (logits == null) {
            throw new IllegalArgumentException("The text '" + text + "' was not scored");
        }
        return logits.clone();
    }
}
