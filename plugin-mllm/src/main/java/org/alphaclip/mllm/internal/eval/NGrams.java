package org.alphaclip.mllm.internal.eval;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Counts of the word n-grams of one caption, n from 1 to a maximum order. */
record NGrams(Map<List<String>, Integer> counts, int length) {

    static NGrams of(List<String> words, int maxOrder) {
        Map<List<String>, Integer> counts = new HashMap<>();
        for (int n = 1; n <= maxOrder; n++) {
            for (int start = 0; start + n <= words.size(); start++) {
                counts.merge(List.copyOf(words.subList(start, start + n)), 1, Integer::sum);
            }
        }
        return new NGrams(counts, words.size());
    }
}
