package org.alphaclip.core.internal.text;

/**
 * How a tokenizer prepares text, named in a model package as {@code clip} or {@code basic}.
 *
 * <pre>{@code
 * TextCleaning.fromName("clip").apply("A  CAFÃ©")   // "a café"
 * }</pre>
 */
public enum TextCleaning {
    /** CLIP's cleaning ({@link TextCleaner#clean}); the tokenizer also splits words with CLIP's pattern. */
    CLIP,
    /** NFC, whitespace collapsed, lower case ({@link TextCleaner#basic}); for small word-level vocabularies. */
    BASIC;

    /** The mode for a name as model packages write it ({@code clip}, {@code basic}), ignoring case. */
    public static TextCleaning fromName(String name) {
        for (TextCleaning mode : values()) {
            if (mode.name().equalsIgnoreCase(name)) {
                return mode;
            }
        }
        throw new IllegalArgumentException("Unknown text cleaning '" + name + "', expected clip or basic");
    }

    /** The cleaned text. */
    public String apply(String text) {
        return this == CLIP ? TextCleaner.clean(text) : TextCleaner.basic(text);
    }
}
