package org.alphaclip.rec.internal.score;

import java.util.Locale;

/**
 * What the alpha channel tells the encoder, and which pixels the blur, grey and crop representations keep.
 */
public enum AlphaMode {
    /** Alpha is the proposal's mask; blur and grey keep the mask (Alpha-CLIP with SAM masks). */
    MASK,
    /** Alpha is the proposal's box; blur and grey keep the box. */
    BOX,
    /** Alpha is the whole image, so the encoder behaves like plain CLIP; blur and grey keep the box (ReCLIP). */
    WHOLE;

    /** The lower-case name used in options. */
    public String optionName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@code mask}, {@code box} or {@code whole}. */
    public static AlphaMode parse(String text) {
        try {
            return valueOf(text.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Unknown alpha mode '" + text + "'; choose mask, box or whole");
        }
    }
}
