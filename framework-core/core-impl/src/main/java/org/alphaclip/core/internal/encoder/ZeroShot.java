package org.alphaclip.core.internal.encoder;

import java.util.ArrayList;
import java.util.List;

import org.alphaclip.api.AlphaClipEncoder;
import org.alphaclip.api.EncoderException;

/**
 * CLIP's zero-shot classifier: each label's text embedding is the normalised mean of its normalised
 * prompt-template embeddings; probabilities are the softmax of {@code logitScale * cosine}.
 */
public final class ZeroShot {

    private ZeroShot() {
    }

    /** Probabilities of the labels for one image embedding, in label order. */
    public static double[] probabilities(AlphaClipEncoder encoder, float[] imageEmbedding, List<String> labels,
            List<String> templates) throws EncoderException {
        float[][] classifier = classifier(encoder, labels, templates);
        float[] image = normalized(imageEmbedding);
        double scale = encoder.model().logitScale();
        double[] logits = new double[labels.size()];
        for (int i = 0; i < logits.length; i++) {
            logits[i] = scale * dot(image, classifier[i]);
        }
        return softmax(logits);
    }

    /** One normalised row per label: the normalised mean over templates. */
    public static float[][] classifier(AlphaClipEncoder encoder, List<String> labels, List<String> templates)
            throws EncoderException {
        List<String> prompts = new ArrayList<>();
        for (String label : labels) {
            for (String template : templates) {
                prompts.add(template.replace("{}", label));
            }
        }
        float[][] embeddings = encoder.encodeTexts(prompts, true);
        float[][] rows = new float[labels.size()][];
        for (int i = 0; i < labels.size(); i++) {
            float[] mean = new float[embeddings[0].length];
            for (int t = 0; t < templates.size(); t++) {
                float[] e = normalized(embeddings[i * templates.size() + t]);
                for (int k = 0; k < mean.length; k++) {
                    mean[k] += e[k] / templates.size();
                }
            }
            rows[i] = normalized(mean);
        }
        return rows;
    }

    /** The vector scaled to unit length (unchanged if zero). */
    public static float[] normalized(float[] vector) {
        double norm = Math.sqrt(dot(vector, vector));
        float[] out = vector.clone();
        if (norm > 0) {
            for (int i = 0; i < out.length; i++) {
                out[i] = (float) (out[i] / norm);
            }
        }
        return out;
    }

    /** The dot product in double precision. */
    public static double dot(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += (double) a[i] * b[i];
        }
        return sum;
    }

    /** A numerically stable softmax. */
    public static double[] softmax(double[] logits) {
        double max = Double.NEGATIVE_INFINITY;
        for (double l : logits) {
            max = Math.max(max, l);
        }
        double[] p = new double[logits.length];
        double sum = 0;
        for (int i = 0; i < p.length; i++) {
            p[i] = Math.exp(logits[i] - max);
            sum += p[i];
        }
        for (int i = 0; i < p.length; i++) {
            p[i] /= sum;
        }
        return p;
    }
}
