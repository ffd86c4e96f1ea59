package org.alphaclip.rec.internal.proposal;

import java.util.List;
import java.util.Objects;

import org.alphaclip.api.image.GrayImage;
import org.alphaclip.api.region.Region;
import org.alphaclip.rec.internal.image.Pixels;

/**
 * One candidate object: its box (the detection or prompt box when there was one, else the mask's own
 * box) and its mask at the image's size (255 inside, 0 outside).
 *
 * @param box the box the answer is judged by
 * @param mask the object's pixels
 */
public record Proposal(Region.Box box, GrayImage mask) {

    /** Checks both parts are present. */
    public Proposal {
        Objects.requireNonNull(box, "box");
        Objects.requireNonNull(mask, "mask");
    }

    /** The name under which proposals whose masks are their boxes are reported. */
    public static final String BOX_MASKS = "boxes as masks";

    /** Proposals whose masks are their boxes, for scoring that does not look at masks. */
    public static ProposalSet boxMasks(List<Region.Box> boxes, int width, int height) {
        return new ProposalSet(boxes.stream().map(b -> new Proposal(b, Pixels.boxMask(width, height, b))).toList(), BOX_MASKS,
                List.of());
    }
}
