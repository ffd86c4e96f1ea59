package org.alphaclip.ovd.internal.mine;

import org.alphaclip.api.proposal.MaskProposal;
import org.alphaclip.ovd.internal.rle.Rle;

/**
 * A usable proposal of one image: its mask, run-length encoded, and the mask's box.
 *
 * @param proposal what the proposer returned
 * @param rle the mask's foreground (values at least {@link Representation#THRESHOLD})
 * @param bbox the foreground's box {@code [x, y, width, height]}
 */
public record Candidate(MaskProposal proposal, Rle rle, int[] bbox) {

    /** Encodes a proposal's mask. */
    public static Candidate of(MaskProposal proposal) {
        Rle rle = Rle.of(proposal.mask(), Representation.THRESHOLD);
        return new Candidate(proposal, rle, rle.bbox());
    }

    /** Copies the box. */
    public Candidate {
        bbox = bbox.clone();
    }

    @Override
    public int[] bbox() {
        return bbox.clone();
    }
}
