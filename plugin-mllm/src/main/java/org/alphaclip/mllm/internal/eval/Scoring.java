package org.alphaclip.mllm.internal.eval;

import java.util.List;
import java.util.Map;

/** Checks shared by the caption scorers. */
final class Scoring {

    private Scoring() {
    }

    static List<String> referencesOf(String id, Map<String, List<String>> references) {
        List<String> refs = references.get(id);
        if (refs == null || refs.isEmpty()) {
            throw new IllegalArgumentException("item " + id + " has a candidate caption but no reference caption");
        }
        return refs;
    }
}
