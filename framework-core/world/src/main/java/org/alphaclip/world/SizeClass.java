package org.alphaclip.world;

/** How big an object is drawn relative to the image side. */
public enum SizeClass {
    /** Roughly a seventh of the image side across. */
    SMALL("small"),
    /** Roughly a third of the image side across. */
    LARGE("large");

    private final String word;

    SizeClass(String word) {
        this.word = word;
    }

    /** The word for this size in phrases, e.g. {@code small}. */
    public String word() {
        return word;
    }
}
