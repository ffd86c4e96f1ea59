package org.alphaclip.rec.internal.parse;

import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

import org.alphaclip.rec.internal.relation.Spatial;

/**
 * Something an expression talks about: the text that describes it to the encoder (relation and
 * superlative words removed, attributes such as {@code in a white shirt} kept), its relations to other
 * entities, and the superlatives that pick among its candidates.
 *
 * @param text what the encoder is asked about; empty when only geometry describes it
 * @param relations relations to other entities, in the order they were written
 * @param superlatives superlatives, e.g. {@link Spatial#LEFT} for {@code leftmost}
 */
public record Entity(String text, List<Relation> relations, List<Spatial> superlatives) {

    /** Copies the lists. */
    public Entity {
        Objects.requireNonNull(text, "text");
        relations = List.copyOf(relations);
        superlatives = List.copyOf(superlatives);
    }

    /** Whether this entity or one it relates to uses a relation or a superlative. */
    public boolean usesGeometry() {
        return !superlatives.isEmpty() || !relations.isEmpty();
    }

    /** Adds the texts of this entity and of the entities it relates to, leaving out empty ones. */
    void addTexts(Set<String> texts) {
        if (!text.isBlank()) {
            texts.add(text);
        }
        for (Relation relation : relations) {
            relation.object().addTexts(texts);
            if (relation.second() != null) {
                relation.second().addTexts(texts);
            }
        }
    }

    /** A compact description, e.g. {@code "the circle" left of("the red square") [biggest]}. */
    @Override
    public String toString() {
        StringBuilder out = new StringBuilder("\"").append(text).append('"');
        for (Relation r : relations) {
            out.append(' ').append(r);
        }
        if (!superlatives.isEmpty()) {
            out.append(superlatives.stream().map(Spatial::superlative).collect(Collectors.joining(", ", " [", "]")));
        }
        return out.toString();
    }

    /**
     * A relation to other entities.
     *
     * @param kind which relation
     * @param object the entity related to
     * @param second the other end of a ternary relation ({@code between}); the object again when the
     *        expression names one group ({@code between the two dogs}); {@code null} for binary relations
     */
    public record Relation(Spatial kind, Entity object, Entity second) {

        /** Checks that ternary relations have a second entity and binary ones none. */
        public Relation {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(object, "object");
            if (kind.isTernary() != (second != null)) {
                throw new IllegalArgumentException(kind + (kind.isTernary() ? " needs" : " takes no") + " second entity");
            }
        }

        @Override
        public String toString() {
            return kind.phrase() + "(" + object + (second == null ? "" : ", " + second) + ")";
        }
    }
}
