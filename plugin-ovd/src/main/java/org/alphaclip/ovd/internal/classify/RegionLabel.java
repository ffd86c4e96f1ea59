package org.alphaclip.ovd.internal.classify;

import java.util.List;

/**
 * The labels of one region, best first.
 *
 * @param index the region's number, from 1
 * @param query the region
 * @param labels the most probable classes with their probabilities, best first
 */
public record RegionLabel(int index, RegionQuery query, List<Scored> labels) {

    /** Copies the list. */
    public RegionLabel {
        labels = List.copyOf(labels);
    }

    /**
     * A class with its probability.
     *
     * @param label the class name
     * @param probability its probability among the vocabulary
     */
    public record Scored(String label, double probability) {
    }

    /** The best label. */
    public Scored best() {
        return labels.get(0);
    }
}
