package org.alphaclip.mllm.internal.eval;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Corpus BLEU-1 to BLEU-4 as coco-caption computes them: clipped n-gram matches and candidate n-gram
 * counts summed over the corpus, the reference length of each candidate the one closest to the
 * candidate's length (the shorter on a tie), one brevity penalty on the corpus totals.
 */
public final class Bleu {

    /** The highest n-gram order. */
    public static final int MAX_ORDER = 4;
    private static final double TINY = 1e-15;
    private static final double SMALL = 1e-9;

    private Bleu() {
    }

    /**
     * BLEU-1 to BLEU-4 of the candidates against their references, by item id.
     *
     * @param candidates the generated caption of each item
     * @param references the reference captions of each item (at least one for every candidate)
     * @return four scores in [0, 1], index 0 for BLEU-1
     */
    public static double[] score(Map<String, String> candidates, Map<String, List<String>> references) {
        long candidateLength = 0;
        long referenceLength = 0;
        long[] guessed = new long[MAX_ORDER];
        long[] correct = new long[MAX_ORDER];
        for (Map.Entry<String, String> item : candidates.entrySet()) {
            List<String> refs = Scoring.referencesOf(item.getKey(), references);
            NGrams candidate = NGrams.of(CaptionTokens.of(item.getValue()), MAX_ORDER);
            Map<List<String>, Integer> maxReferenceCounts = new HashMap<>();
            int closest = -1;
            for (String ref : refs) {
                NGrams reference = NGrams.of(CaptionTokens.of(ref), MAX_ORDER);
                reference.counts().forEach((gram, count) -> maxReferenceCounts.merge(gram, count, Math::max));
                int length = reference.length();
                int distance = Math.abs(length - candidate.length());
                int best = Math.abs(closest - candidate.length());
                if (closest < 0 || distance < best || (distance == best && length < closest)) {
                    closest = length;
                }
            }
            candidateLength += candidate.length();
            referenceLength += closest;
            for (int n = 1; n <= MAX_ORDER; n++) {
                guessed[n - 1] += Math.max(0, candidate.length() - n + 1);
            }
            candidate.counts().forEach((gram, count) ->
                    correct[gram.size() - 1] += Math.min(count, maxReferenceCounts.getOrDefault(gram, 0)));
        }
        double[] scores = new double[MAX_ORDER];
        double logProduct = 0;
        double ratio = (candidateLength + TINY) / (referenceLength + SMALL);
        for (int k = 1; k <= MAX_ORDER; k++) {
            logProduct += Math.log((correct[k - 1] + TINY) / (guessed[k - 1] + SMALL));
            double bleu = Math.exp(logProduct / k);
            scores[k - 1] = ratio < 1 ? bleu * Math.exp(1 - 1 / ratio) : bleu;
        }
        return scores;
    }
}
