package org.alphaclip.ovd.internal.classify;

import java.util.Arrays;
import java.util.Objects;

import org.alphaclip.api.image.GrayImage;
import org.alphaclip.api.region.Region;

/**
 * One region of an image to label.
 *
 * @param region what the encoder focuses on
 * @param box the region's box {@code [x0, y0, x1, y1)} in pixels, for drawing
 * @param mask the region's mask at the image's size, or {@code null} for a box
 * @param source where the region came from, e.g. {@code boxes.json #2} or a proposer's description
 */
public record RegionQuery(Region region, int[] box, GrayImage mask, String source) {

    /** Checks the parts and copies the box. */
    public RegionQuery {
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(source, "source");
        if (box.length != 4) {
            throw new IllegalArgumentException("A box needs 4 numbers, got " + box.length);
        }
        box = box.clone();
    }

    @Override
    public int[] box() {
        return box.clone();
    }

    @Override
    public String toString() {
        return "RegionQuery[" + region.describe() + ", box " + Arrays.toString(box) + ", " + source + "]";
    }
}
