package org.alphaclip.rec.internal.parse;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.alphaclip.rec.internal.relation.Spatial;

/**
 * The words the parser gives a spatial meaning (ReCLIP's keyword heuristics, grouped by how the word
 * connects to an object), the words naming parts of the picture itself, which are never entities, and
 * the generic nouns that leave an entity to geometry alone.
 */
final class Lexicon {

    /** How a keyword takes its object. */
    enum Form {
        /** A preposition that takes its object directly: {@code above the car}. */
        PREPOSITION,
        /** A location word that takes its object through {@code of}/{@code to}: {@code left of the car}. */
        POSITION,
        /** A comparative that takes its object through {@code than}/{@code to}/{@code from}: {@code bigger than}. */
        COMPARATIVE,
        /** A superlative: never takes an object. */
        SUPERLATIVE
    }

    /** A keyword's relation and form. */
    record Keyword(Spatial relation, Form form) {
    }

    private static final Map<String, Keyword> KEYWORDS = new HashMap<>();
    private static final Set<String> PICTURE_WORDS = Set.of("part", "side", "half", "region", "picture", "image",
            "section", "corner", "photo");
    private static final Set<String> GENERIC_NOUNS = Set.of("one", "ones", "thing", "things", "object", "objects", "item",
            "items", "shape", "shapes");

    static {
        words(Form.PREPOSITION, Spatial.ABOVE, "above", "over", "behind");
        words(Form.PREPOSITION, Spatial.BELOW, "below", "under", "beneath", "underneath");
        words(Form.PREPOSITION, Spatial.INSIDE, "inside", "within");
        words(Form.PREPOSITION, Spatial.BETWEEN, "between");
        words(Form.POSITION, Spatial.LEFT, "left", "west");
        words(Form.POSITION, Spatial.RIGHT, "right", "east");
        words(Form.POSITION, Spatial.ABOVE, "top", "north", "upper", "back");
        words(Form.POSITION, Spatial.BELOW, "bottom", "south", "front");
        words(Form.COMPARATIVE, Spatial.BIGGER, "bigger", "larger", "closer", "nearer");
        words(Form.COMPARATIVE, Spatial.SMALLER, "smaller", "tinier", "further", "farther");
        words(Form.COMPARATIVE, Spatial.ABOVE, "higher");
        words(Form.COMPARATIVE, Spatial.BELOW, "lower");
        words(Form.SUPERLATIVE, Spatial.LEFT, "leftmost", "western");
        words(Form.SUPERLATIVE, Spatial.RIGHT, "rightmost", "eastern");
        words(Form.SUPERLATIVE, Spatial.ABOVE, "topmost", "uppermost", "highest");
        words(Form.SUPERLATIVE, Spatial.BELOW, "bottommost", "lowermost", "lowest");
        words(Form.SUPERLATIVE, Spatial.BIGGER, "biggest", "largest", "closest", "nearest");
        words(Form.SUPERLATIVE, Spatial.SMALLER, "smallest", "tiniest", "furthest", "farthest");
    }

    private Lexicon() {
    }

    /** The keyword meaning of a lower-case word, if it has one. */
    static Optional<Keyword> keyword(String word) {
        return Optional.ofNullable(KEYWORDS.get(word));
    }

    /** Whether a word names the picture or a part of it ({@code side}, {@code half}, {@code image}, ...). */
    static boolean isPictureWord(String word) {
        return PICTURE_WORDS.contains(word);
    }

    /** Whether a noun says nothing about what the object is ({@code one}, {@code thing}, {@code shape}, ...). */
    static boolean isGeneric(String word) {
        return GENERIC_NOUNS.contains(word);
    }

    /** Whether {@code word} connects a keyword of this form to its object ({@code of}, {@code than}, ...). */
    static boolean connects(Form form, String word) {
        return switch (form) {
            case POSITION -> word.equals("of") || word.equals("to");
            case COMPARATIVE -> word.equals("than") || word.equals("to") || word.equals("from");
            case PREPOSITION, SUPERLATIVE -> false;
        };
    }

    private static void words(Form form, Spatial relation, String... words) {
        for (String word : words) {
            KEYWORDS.put(word, new Keyword(relation, form));
        }
    }
}
