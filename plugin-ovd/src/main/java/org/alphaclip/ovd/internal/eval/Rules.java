package org.alphaclip.ovd.internal.eval;

import java.util.Locale;

/** Which evaluation's rules scored a result file: COCO's or LVIS's, decided by the ground truth file. */
public enum Rules {
    /** {@link CocoEvaluator}: COCO files. */
    COCO("COCO rules without crowd regions and area ranges"),
    /** {@link LvisEvaluator}: LVIS files. */
    LVIS("LVIS rules as lvis-api: negative and not-exhaustive categories per image, at most 300 detections per"
            + " image, area ranges, frequency groups r/c/f");

    private final String description;

    Rules(String description) {
        this.description = description;
    }

    /** The rules for a ground truth file: LVIS's when it is an LVIS file, else COCO's. */
    public static Rules of(AnnotationFile truth) {
        return truth.lvis() ? LVIS : COCO;
    }

    /** One line that says what the rules are. */
    public String description() {
        return description;
    }

    /** The lower-case name JSON output uses: {@code coco} or {@code lvis}. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }
}
