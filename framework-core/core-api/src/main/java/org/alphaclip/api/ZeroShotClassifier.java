package org.alphaclip.api;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * CLIP's zero-shot classifier over a label set, made by {@link ZeroShotClassifiers}.
 *
 * <p>How embeddings become probabilities (the official CLIP recipe): each prompt's text embedding is
 * scaled to unit length; a label's row is the mean of its prompts' unit embeddings over the templates,
 * scaled to unit length again. An image embedding (as the encoder returns it, not normalised) is scaled to
 * unit length; its {@link #cosines cosine} with each row, times {@link #logitScale()}, is the label's
 * logit, and the probabilities are the softmax of the logits over the labels.
 *
 * @param model the model package whose text tower made the rows
 * @param labels the labels, in row order
 * @param templates the prompt templates used, each with {@code {}} where the label goes
 * @param rows the unit-length classifier rows, one per label, {@code [labels][embedDim]}; not copied
 * @param logitScale the model's factor on cosines before the softmax (100 for CLIP)
 * @param truncatedLabels the labels with a prompt longer than the model's context, which was cut
 */
public record ZeroShotClassifier(String model, List<String> labels, List<String> templates, float[][] rows,
        double logitScale, List<String> truncatedLabels) {

    /** Copies the lists and checks that there is one row per label. */
    public ZeroShotClassifier {
        labels = List.copyOf(labels);
        templates = List.copyOf(templates);
        truncatedLabels = List.copyOf(truncatedLabels);
        if (rows.length != labels.size()) {
            throw new IllegalArgumentException(rows.length + " classifier rows for " + labels.size() + " labels");
        }
    }

    /** The cosine of the (normalised) image embedding with each label's row, in label order. */
    public double[] cosines(float[] imageEmbedding) {
        float[] unit = unit(imageEmbedding);
        double[] cosines = new double[rows.length];
        for (int label = 0; label < rows.length; label++) {
            float[] row = rows[label];
            if (row.length != unit.length) {
                throw new IllegalArgumentException("Image embedding of width " + unit.length
                        + " does not fit classifier rows of width " + row.length + " (model " + model + ")");
            }
            double dot = 0;
            for (int i = 0; i < row.length; i++) {
                dot += (double) unit[i] * row[i];
            }
            cosines[label] = dot;
        }
        return cosines;
    }

    /** {@code logitScale * cosine} per label, in label order. */
    public double[] logits(float[] imageEmbedding) {
        double[] logits = cosines(imageEmbedding);
        for (int i = 0; i < logits.length; i++) {
            logits[i] *= logitScale;
        }
        return logits;
    }

    /** The softmax of the logits, in label order. */
    public double[] probabilities(float[] imageEmbedding) {
        double[] logits = logits(imageEmbedding);
        double max = Double.NEGATIVE_INFINITY;
        for (double logit : logits) {
            max = Math.max(max, logit);
        }
        double sum = 0;
        double[] probabilities = new double[logits.length];
        for (int i = 0; i < logits.length; i++) {
            probabilities[i] = Math.exp(logits[i] - max);
            sum += probabilities[i];
        }
        for (int i = 0; i < logits.length; i++) {
            probabilities[i] /= sum;
        }
        return probabilities;
    }

    /** Every label with its cosine and probability, most probable first (ties keep label order). */
    public List<LabelScore> ranking(float[] imageEmbedding) {
        double[] cosines = cosines(imageEmbedding);
        double[] probabilities = probabilities(imageEmbedding);
        List<LabelScore> ranking = new ArrayList<>(labels.size());
        for (int i = 0; i < labels.size(); i++) {
            ranking.add(new LabelScore(labels.get(i), cosines[i], probabilities[i]));
        }
        ranking.sort(Comparator.comparingDouble(LabelScore::probability).reversed());
        return ranking;
    }

    /** The vector scaled to unit length in double precision, each element rounded to float (unchanged if zero). */
    public static float[] unit(float[] vector) {
        double norm = 0;
        for (float v : vector) {
            norm += (double) v * v;
        }
        norm = Math.sqrt(norm);
        float[] out = vector.clone();
        if (norm > 0) {
            for (int i = 0; i < out.length; i++) {
                out[i] = (float) (out[i] / norm);
            }
        }
        return out;
    }

    /** The index of the most probable label (the first on ties). */
    public int best(float[] imageEmbedding) {
        double[] cosines = cosines(imageEmbedding);
        int best = 0;
        for (int i = 1; i < cosines.length; i++) {
            if (cosines[i] > cosines[best]) {
                best = i;
            }
        }
        return best;
    }
}
