package org.alphaclip.ovd.internal.classify;

import java.util.ArrayList;
import java.util.List;

import org.alphaclip.api.AlphaClipEncoder;
import org.alphaclip.api.EncoderException;

/**
 * CLIP's zero-shot classifier over a list of class names: one unit-length text embedding per class of the
 * prompt made from a template (e.g. {@code a {}}), and the softmax of the scaled cosines as probabilities.
 * The rows are also what Detic loads as its zero-shot classifier weights.
 *
 * <pre>{@code
 * TextClassifier classifier = TextClassifier.build(encoder, List.of("cat", "dog"), "a {}");
 * double[] p = classifier.probabilities(imageEmbedding);
 * }</pre>
 *
 * @param names the class names, in row order
 * @param template the prompt template, with {@code {}} where the name goes
 * @param rows the unit-length prompt embeddings {@code [classes][embedDim]}
 * @param logitScale the factor on cosines before the softmax (the model's, 100 for CLIP)
 */
public record TextClassifier(List<String> names, String template, float[][] rows, double logitScale) {

    /** Prompts encoded per encoder call. */
    private static final int TEXT_BATCH = 256;

    /** Copies the names and checks the shapes. */
    public TextClassifier {
        names = List.copyOf(names);
        if (rows.length != names.size()) {
            throw new IllegalArgumentException(rows.length + " rows for " + names.size() + " class names");
        }
    }

    /** Checks that a prompt template has the {@code {}} where the class name goes. */
    public static void checkTemplate(String template) {
        if (!template.contains("{}")) {
            throw new IllegalArgumentException("--template needs {} where the class name goes, e.g. 'a {}', got '"
                    + template + "'");
        }
    }

    /** Encodes the prompts of all names with the encoder's text tower. */
    public static TextClassifier build(AlphaClipEncoder encoder, List<String> names, String template)
            throws EncoderException {
        checkTemplate(template);
        List<float[]> rows = new ArrayList<>(names.size());
        for (int start = 0; start < names.size(); start += TEXT_BATCH) {
            List<String> prompts = names.subList(start, Math.min(names.size(), start + TEXT_BATCH)).stream()
                    .map(name -> template.replace("{}", name)).toList();
            for (float[] embedding : encoder.encodeTexts(prompts, true)) {
                rows.add(unit(embedding));
            }
        }
        return new TextClassifier(names, template, rows.toArray(float[][]::new), encoder.model().logitScale());
    }

    /** The number of classes. */
    public int size() {
        return rows.length;
    }

    /** The cosine of each class prompt with an image embedding (normalised here). */
    public double[] cosines(float[] imageEmbedding) {
        float[] image = unit(imageEmbedding);
        double[] cosines = new double[rows.length];
        for (int k = 0; k < rows.length; k++) {
            double dot = 0;
            for (int i = 0; i < image.length; i++) {
                dot += (double) image[i] * rows[k][i];
            }
            cosines[k] = dot;
        }
        return cosines;
    }

    /** The softmax over classes of {@code logitScale * cosine}. */
    public double[] probabilities(double[] cosines) {
        double max = Double.NEGATIVE_INFINITY;
        for (double c : cosines) {
            max = Math.max(max, c);
        }
        double[] p = new double[cosines.length];
        double sum = 0;
        for (int k = 0; k < p.length; k++) {
            p[k] = Math.exp(logitScale * (cosines[k] - max));
            sum += p[k];
        }
        for (int k = 0; k < p.length; k++) {
            p[k] /= sum;
        }
        return p;
    }

    /** The vector scaled to unit length (unchanged when zero). */
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
}
