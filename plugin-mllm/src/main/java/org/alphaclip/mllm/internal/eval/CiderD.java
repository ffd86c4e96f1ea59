package org.alphaclip.mllm.internal.eval;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * CIDEr-D as coco-caption defines it: n-grams of order 1 to 4 weighted by term frequency times
 * log(items / document frequency), where the document frequencies come from the references of the
 * evaluated items; per order, the cosine between candidate and reference vectors with the candidate's
 * counts clipped to the reference's, times a Gaussian penalty on the length difference (sigma 6);
 * averaged over orders and references, times 10, then averaged over items.
 */
public final class CiderD {

    private static final int MAX_ORDER = 4;
    private static final double SIGMA = 6.0;

    private CiderD() {
    }

    /** The mean CIDEr-D of the candidates against their references, by item id. */
    public static double score(Map<String, String> candidates, Map<String, List<String>> references) {
        Map<String, List<NGrams>> cookedReferences = new HashMap<>();
        Map<List<String>, Integer> documentFrequency = new HashMap<>();
        for (String id : candidates.keySet()) {
            List<NGrams> refs = new ArrayList<>();
            Set<List<String>> seen = new HashSet<>();
            for (String ref : Scoring.referencesOf(id, references)) {
                NGrams grams = NGrams.of(CaptionTokens.of(ref), MAX_ORDER);
                refs.add(grams);
                seen.addAll(grams.counts().keySet());
            }
            seen.forEach(gram -> documentFrequency.merge(gram, 1, Integer::sum));
            cookedReferences.put(id, refs);
        }
        double logItems = Math.log(candidates.size());
        double total = 0;
        for (Map.Entry<String, String> item : candidates.entrySet()) {
            Weighted candidate = Weighted.of(NGrams.of(CaptionTokens.of(item.getValue()), MAX_ORDER),
                    documentFrequency, logItems);
            List<NGrams> refs = cookedReferences.get(item.getKey());
            double sum = 0;
            for (NGrams ref : refs) {
                sum += candidate.similarity(Weighted.of(ref, documentFrequency, logItems));
            }
            total += sum / MAX_ORDER / refs.size() * 10.0;
        }
        return candidates.isEmpty() ? 0 : total / candidates.size();
    }

    /** TF-IDF vectors of one caption per n-gram order, their norms, and the caption's bigram count as its length. */
    private record Weighted(List<Map<List<String>, Double>> vectors, double[] norms, double length) {

        static Weighted of(NGrams grams, Map<List<String>, Integer> documentFrequency, double logItems) {
            List<Map<List<String>, Double>> vectors = new ArrayList<>();
            for (int n = 0; n < MAX_ORDER; n++) {
                vectors.add(new HashMap<>());
            }
            double[] norms = new double[MAX_ORDER];
            double length = 0;
            for (Map.Entry<List<String>, Integer> entry : grams.counts().entrySet()) {
                int order = entry.getKey().size() - 1;
                double df = Math.log(Math.max(1.0, documentFrequency.getOrDefault(entry.getKey(), 0)));
                double value = entry.getValue() * (logItems - df);
                vectors.get(order).put(entry.getKey(), value);
                norms[order] += value * value;
                if (order == 1) {
                    length += entry.getValue();
                }
            }
            for (int n = 0; n < MAX_ORDER; n++) {
                norms[n] = Math.sqrt(norms[n]);
            }
            return new Weighted(vectors, norms, length);
        }

        /** The sum over orders of the clipped, length-penalised cosine with a reference. */
        double similarity(Weighted reference) {
            double delta = length - reference.length;
            double penalty = Math.exp(-(delta * delta) / (2 * SIGMA * SIGMA));
            double sum = 0;
            for (int n = 0; n < MAX_ORDER; n++) {
                double dot = 0;
                for (Map.Entry<List<String>, Double> entry : vectors.get(n).entrySet()) {
                    double referenceValue = reference.vectors.get(n).getOrDefault(entry.getKey(), 0.0);
                    dot += Math.min(entry.getValue(), referenceValue) * referenceValue;
                }
                if (norms[n] != 0 && reference.norms[n] != 0) {
                    dot /= norms[n] * reference.norms[n];
                }
                sum += dot * penalty;
            }
            return sum;
        }
    }
}
