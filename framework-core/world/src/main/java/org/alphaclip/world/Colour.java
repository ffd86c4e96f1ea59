package org.alphaclip.world;

/** The label colours of the world, named by the word the texts use. */
public enum Colour {
    /** Red. */
    RED("red"),
    /** Green. */
    GREEN("green"),
    /** Blue. */
    BLUE("blue"),
    /** Yellow. */
    YELLOW("yellow"),
    /** Purple. */
    PURPLE("purple");

    private final String word;

    Colour(String word) {
        this.word = word;
    }

    /** The word for this colour in phrases and labels, e.g. {@code red}. */
    public String word() {
        return word;
    }
}
