package org.alphaclip.ovd.internal.classify;

import java.util.List;

import org.alphaclip.api.LabelScore;

/**
 * The labels of one region, best first.
 *
 * @param index the region's number, from 1
 * @param query the region
 * @param labels the most probable classes with their cosines and probabilities, best first
 */
public record RegionLabel(int index, RegionQuery query, List<LabelScore> labels) {

    /** Copies the list. */
    public RegionLabel {
        labels = List.copyOf(labels);
    }

    /** The best label. */
    public LabelScore best() {
        return labels.get(0);
    }
}
