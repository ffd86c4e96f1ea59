package org.alphaclip.rec.internal.score;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** How a proposal is shown to the encoder. */
public enum Representation {
    /** The original image; the region is given by the alpha channel only. */
    FULL,
    /** Everything outside the region Gaussian-blurred (ReCLIP's blur). */
    BLUR,
    /** The image cropped to the proposal's box. */
    CROP,
    /** Everything outside the region turned grey. */
    GRAY,
    /** A red ellipse drawn around the proposal's box (the red-circle visual prompt). */
    CIRCLE;

    /** The lower-case name used in options, e.g. {@code blur}. */
    public String optionName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses a comma-separated list such as {@code full,blur}.
     *
     * @throws IllegalArgumentException for an empty list, an unknown name or a repeated name
     */
    public static List<Representation> parseList(String text) {
        List<Representation> out = new ArrayList<>();
        for (String part : text.split(",")) {
            String name = part.strip();
            if (name.isEmpty()) {
                continue;
            }
            Representation r;
            try {
                r = valueOf(name.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("Unknown representation '" + name + "'; choose from full, blur, crop, gray, circle");
            }
            if (out.contains(r)) {
                throw new IllegalArgumentException("Representation '" + name + "' is listed twice");
            }
            out.add(r);
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("Give at least one representation, e.g. full,blur");
        }
        return List.copyOf(out);
    }
}
