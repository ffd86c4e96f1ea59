package org.alphaclip.rec.internal.score;

import java.util.List;

import org.alphaclip.api.EncoderException;

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
     * The summed logits of a text for every proposal.
     *
     * @throws EncoderException when the text cannot be encoded
     */
    public double[] logits(String text) throws EncoderException {
        double[] out = new double[size()];
        for (int e = 0; e < embeddings.length; e++) {
            float[] t = scorer.textEmbedding(e, text);
            double scale = scorer.logitScale(e);
            for (float[][] representation : embeddings[e]) {
                for (int p = 0; p < out.length; p++) {
                    double dot = 0;
                    float[] v = representation[p];
                    for (int k = 0; k < v.length; k++) {
                        dot += v[k] * t[k];
                    }
                    out[p] += scale * dot;
                }
            }
        }
        return out;
    }
}
