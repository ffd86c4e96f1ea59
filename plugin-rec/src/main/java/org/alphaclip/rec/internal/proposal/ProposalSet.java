package org.alphaclip.rec.internal.proposal;

import java.util.List;

/**
 * The proposals of one image and how they were made.
 *
 * @param proposals the candidates
 * @param proposer the name of the mask proposer that made the masks
 * @param notes what happened on the way, e.g. a proposer that failed and was replaced
 */
public record ProposalSet(List<Proposal> proposals, String proposer, List<String> notes) {

    /** Copies the lists. */
    public ProposalSet {
        proposals = List.copyOf(proposals);
        notes = List.copyOf(notes);
    }
}
