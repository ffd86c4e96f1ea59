package org.alphaclip.api.gradient;

/**
 * Cosine similarities of a batch to a target and the gradient of their mean.
 *
 * @param similarities one cosine per image
 * @param pixelGradient d mean(cos) / d pixels, laid out as the batch's pixels
 * @param alphaGradient d mean(cos) / d alpha, laid out as the batch's alpha
 */
public record SimilarityGradient(float[] similarities, float[] pixelGradient, float[] alphaGradient) {

    /** The mean of the similarities. */
    public double meanSimilarity() {
        double sum = 0;
        for (float similarity : similarities) {
            sum += similarity;
        }
        return sum / similarities.length;
    }
}
