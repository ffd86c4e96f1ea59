package org.alphaclip.rec.internal.data;

import java.util.List;
import java.util.Objects;

import org.alphaclip.api.region.Region;

/**
 * One referring expression to resolve, with the boxes that count as a right answer.
 *
 * @param key unique within its split; results are recorded under it
 * @param text the expression
 * @param gold the ground-truth boxes: a prediction overlapping one of them with IoU >= 0.5 is right
 */
public record EvalExpression(String key, String text, List<Region.Box> gold) {

    /** Checks the parts and copies the list. */
    public EvalExpression {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(text, "text");
        gold = List.copyOf(gold);
        if (gold.isEmpty()) {
            throw new IllegalArgumentException("Expression " + key + " has no ground-truth box");
        }
    }
}
