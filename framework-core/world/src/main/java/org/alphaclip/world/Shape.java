package org.alphaclip.world;

/** The shapes of the world, named by the word the texts use. */
public enum Shape {
    /** A disc. */
    CIRCLE("circle"),
    /** A square, possibly rotated. */
    SQUARE("square"),
    /** A triangle, possibly rotated. */
    TRIANGLE("triangle"),
    /** A five-pointed star. */
    STAR("star");

    private final String word;

    Shape(String word) {
        this.word = word;
    }

    /** The word for this shape in phrases and labels, e.g. {@code circle}. */
    public String word() {
        return word;
    }
}
