package org.alphaclip.rec.internal.score;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.alphaclip.api.EncoderException;
import org.alphaclip.api.ZeroShotClassifier;

/** The encoded proposals of one image, ready to be scored against any number of texts. */
public final class ImageScores {

    private final ProposalScorer scorer;
    private final float[][][][] embeddings;
    private final List<String> warnings;

    ImageScores(ProposalScorer scorer, float[][][][] embeddings, List<String> warnings) {
        this.scorer = scorer;
        this.embeddings = embeddings;
        this.warnings = warnings;
    }

    /** The number of proposals. */
    public int size() {
        return embeddings[0][0].length;
    }

    /** What the encoders adapted on the way, e.g. an empty mask. */
    public List<String> warnings() {
        return warnings;
    }

    /**
     * The summed logits of each text for every proposal: each model's zero-shot classifier over the texts
     * scores every encoded proposal, and the logits are summed over models and representations.
     *
     * @param texts the texts, none blank
     * @throws EncoderException when the texts cannot be encoded
     */
    public TextScores score(Collection<String> texts) throws EncoderException {
        List<String> labels = List.copyOf(new LinkedHashSet<>(texts));
        double[][] sums = new double[labels.size()][size()];
        Set<String> truncated = new LinkedHashSet<>();
        for (int e = 0; e < embeddings.length; e++) {
            ZeroShotClassifier classifier = scorer.classifier(e, labels);
            truncated.addAll(classifier.truncatedLabels());
            for (float[][] representation : embeddings[e]) {
                for (int p = 0; p < size(); p++) {
                    double[] logits = classifier.logits(representation[p]);
                    for (int t = 0; t < labels.size(); t++) {
                        sums[t][p] += logits[t];
                    }
                }
            }
        }
        Map<String, double[]> byText = new LinkedHashMap<>();
        for (int t = 0; t < labels.size(); t++) {
            byText.put(labels.get(t), sums[t]);
        }
        return new TextScores(byText, List.copyOf(truncated));
    }
}
