package org.alphaclip.api;

/**
 * One label's score for one image embedding.
 *
 * @param label the label
 * @param cosine the cosine between the image embedding and the label's classifier row
 * @param probability the label's share of the softmax over all labels of {@code logitScale * cosine}
 */
public record LabelScore(String label, double cosine, double probability) {
}
