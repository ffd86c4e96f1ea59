package org.alphaclip.api.proposal;

import java.util.Objects;

import org.alphaclip.api.image.GrayImage;
import org.alphaclip.api.region.Region;

/**
 * One candidate mask.
 *
 * @param mask the mask at the image's size: 255 inside, 0 outside
 * @param box the mask's bounding box {@code [x0, y0, x1, y1)} (for box prompts: the mask's own box)
 * @param score the proposer's confidence in [0, 1] (e.g. SAM's predicted IoU)
 * @param source which proposer and prompt made it, e.g. {@code sam:box 3}
 */
public record MaskProposal(GrayImage mask, Region.Box box, double score, String source) {

    /** Checks the parts. */
    public MaskProposal {
        Objects.requireNonNull(mask, "mask");
        Objects.requireNonNull(box, "box");
        Objects.requireNonNull(source, "source");
    }
}
