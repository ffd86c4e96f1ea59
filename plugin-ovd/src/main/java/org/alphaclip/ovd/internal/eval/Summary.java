package org.alphaclip.ovd.internal.eval;

import java.util.Locale;

/** The summary numbers of one evaluation for one overlap type: COCO's ({@link Metrics}) or LVIS's ({@link LvisMetrics}). */
public sealed interface Summary permits Metrics, LvisMetrics {

    /** Box or mask overlap. */
    IouType type();

    /** A number as the text lines show it: three decimals, or {@code n/a} for -1 (nothing to measure). */
    static String shown(double value) {
        return value < 0 ? "n/a" : String.format(Locale.ROOT, "%.3f", value);
    }
}
