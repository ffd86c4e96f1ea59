package org.alphaclip.ovd.internal.mine;

import java.util.Arrays;
import java.util.Locale;

/**
 * Which of a mask's two scores decides, both when the best mask of an image is chosen and when the images of
 * a class are ranked; the other one breaks ties.
 */
public enum Ranking {
    /** The class's probability under the softmax over all classes' prompts (the default; see {@link MaskScorer}). */
    PROBABILITY("probability"),
    /** The cosine between the mask's embedding and the class prompt. */
    COSINE("cosine");

    private final String optionName;

    Ranking(String optionName) {
        this.optionName = optionName;
    }

    /** The name used on the command line. */
    public String optionName() {
        return optionName;
    }

    /** The deciding score. */
    public double primary(double probability, double cosine) {
        return this == PROBABILITY ? probability : cosine;
    }

    /** The tie-breaking score. */
    public double secondary(double probability, double cosine) {
        return this == PROBABILITY ? cosine : probability;
    }

    /** The ranking named on the command line. */
    public static Ranking parse(String name) {
        for (Ranking r : values()) {
            if (r.optionName.equals(name.toLowerCase(Locale.ROOT))) {
                return r;
            }
        }
        throw new IllegalArgumentException("Unknown --rank '" + name + "', expected one of "
                + Arrays.stream(values()).map(Ranking::optionName).toList());
    }
}
