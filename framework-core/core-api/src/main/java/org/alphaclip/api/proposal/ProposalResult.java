package org.alphaclip.api.proposal;

import java.util.List;

/**
 * What {@link MaskProposers#propose} returned.
 *
 * @param proposer the name of the proposer that answered
 * @param proposals its proposals: one per box prompt and then one per point prompt, in prompt order, or
 *        the automatic proposals (best first) when the request had no prompt; every mask has the image's size
 * @param notes sentences about the choice, e.g. a proposer that failed before this one answered
 */
public record ProposalResult(String proposer, List<MaskProposal> proposals, List<String> notes) {

    /** Copies the lists. */
    public ProposalResult {
        proposals = List.copyOf(proposals);
        notes = List.copyOf(notes);
    }
}
