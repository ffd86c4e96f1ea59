package org.alphaclip.rec.internal.parse;

import java.util.Objects;

/**
 * A referring expression and the entity tree parsed from it.
 *
 * @param text the expression as given
 * @param subject the entity the expression refers to
 */
public record ParsedExpression(String text, Entity subject) {

    /** Checks both parts are present. */
    public ParsedExpression {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(subject, "subject");
    }

    /** Whether resolving the expression needs box geometry (a relation or superlative was found). */
    public boolean usesGeometry() {
        return subject.usesGeometry();
    }

    @Override
    public String toString() {
        return subject.toString();
    }
}
