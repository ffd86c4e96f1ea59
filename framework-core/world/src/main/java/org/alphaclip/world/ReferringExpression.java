package org.alphaclip.world;

import java.util.Objects;

/**
 * A text that singles out one object of its scene, e.g. {@code the blue square left of the red circle}.
 *
 * @param text the expression
 * @param target index of the object it refers to in {@link Scene#objects()}
 */
public record ReferringExpression(String text, int target) {

    /** Checks the text and the index. */
    public ReferringExpression {
        Objects.requireNonNull(text, "text");
        if (target < 0) {
            throw new IllegalArgumentException("Target index must not be negative, got " + target);
        }
    }
}
