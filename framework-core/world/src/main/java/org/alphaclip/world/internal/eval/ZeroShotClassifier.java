package org.alphaclip.world.internal.eval;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.alphaclip.api.AlphaClipEncoder;
import org.alphaclip.api.EncoderException;

/**
 * CLIP's zero-shot classifier over a label list: each label's weight is the normalised mean of the
 * normalised embeddings of the model's prompt templates filled with it; logits are
 * {@code logitScale * cosine(image, weight)}.
 */
public final class ZeroShotClassifier {

    private final List<String> labels;
    private final float[][] weights;
    private final double scale;

    /** A label with its softmax probability. */
    public record Ranked(String label, double probability) {
    }

    /** Encodes the labels with the encoder's prompt templates. */
    public ZeroShotClassifier(AlphaClipEncoder encoder, List<String> labels) throws EncoderException {
        if (labels.isEmpty()) {
            throw new IllegalArgumentException("At least one label is needed");
        }
        this.labels = List.copyOf(labels);
        this.scale = encoder.model().logitScale();
        List<String> templates = encoder.model().promptTemplates();
        List<String> prompts = new ArrayList<>();
        for (String label : labels) {
            for (String template : templates) {
                prompts.add(template.replace("{}", label));
            }
        }
        float[][] embeddings = encoder.encodeTexts(prompts, false);
        weights = new float[labels.size()][];
        for (int i = 0; i < labels.size(); i++) {
            float[] mean = new float[embeddings[0].length];
            for (int t = 0; t < templates.size(); t++) {
                float[] e = normalized(embeddings[i * templates.size() + t]);
                for (int k = 0; k < mean.length; k++) {
                    mean[k] += e[k] / templates.size();
                }
            }
            weights[i] = normalized(mean);
        }
    }

    /** The labels, in the order of {@link #logits}. */
    public List<String> labels() {
        return labels;
    }

    /** {@code logitScale * cosine} per label. */
    public double[] logits(float[] imageEmbedding) {
        float[] image = normalized(imageEmbedding);
        double[] out = new double[weights.length];
        for (int i = 0; i < out.length; i++) {
            double dot = 0;
            for (int k = 0; k < image.length; k++) {
                dot += (double) image[k] * weights[i][k];
            }
            out[i] = scale * dot;
        }
        return out;
    }

    /** The best label. */
    public String top1(float[] imageEmbedding) {
        double[] logits = logits(imageEmbedding);
        int best = 0;
        for (int i = 1; i < logits.length; i++) {
            if (logits[i] > logits[best]) {
                best = i;
            }
        }
        return labels.get(best);
    }

    /** All labels with softmax probabilities, most probable first. */
    public List<Ranked> ranking(float[] imageEmbedding) {
        double[] logits = logits(imageEmbedding);
        double max = Double.NEGATIVE_INFINITY;
        for (double l : logits) {
            max = Math.max(max, l);
        }
        double sum = 0;
        double[] p = new double[logits.length];
        for (int i = 0; i < p.length; i++) {
            p[i] = Math.exp(logits[i] - max);
            sum += p[i];
        }
        List<Ranked> ranked = new ArrayList<>();
        for (int i = 0; i < p.length; i++) {
            ranked.add(new Ranked(labels.get(i), p[i] / sum));
        }
        ranked.sort(Comparator.comparingDouble(Ranked::probability).reversed());
        return ranked;
    }

    private static float[] normalized(float[] v) {
        double norm = 0;
        for (float x : v) {
            norm += (double) x * x;
        }
        norm = Math.sqrt(norm);
        float[] out = v.clone();
        if (norm > 0) {
            for (int i = 0; i < out.length; i++) {
                out[i] = (float) (out[i] / norm);
            }
        }
        return out;
    }
}
