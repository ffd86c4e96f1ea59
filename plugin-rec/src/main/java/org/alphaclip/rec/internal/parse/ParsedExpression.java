package org.alphaclip.rec.internal.parse;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

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

    /** The texts resolving the expression asks the encoder about: the whole expression, then every entity's text. */
    public List<String> texts() {
        Set<String> texts = new LinkedHashSet<>();
        texts.add(text);
        subject.addTexts(texts);
        return List.copyOf(texts);
    }

    @Override
    public String toString() {
        return subject.toString();
    }
}
