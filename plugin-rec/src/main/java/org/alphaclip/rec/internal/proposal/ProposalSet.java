package org.alphaclip.rec.internal.proposal;

import java.util.ArrayList;
import java.util.List;

import org.alphaclip.api.image.RgbImage;
import org.alphaclip.api.proposal.MaskProposal;
import org.alphaclip.api.proposal.MaskProposers;
import org.alphaclip.api.proposal.ProposalException;
import org.alphaclip.api.proposal.ProposalRequest;
import org.alphaclip.api.proposal.ProposalResult;
import org.alphaclip.api.region.Region;

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

    /**
     * One mask per box, from box prompts; each proposal keeps its box.
     *
     * @param proposer the mask proposer to use (only that one); empty for the platform's choice with fallback
     * @throws ProposalException when the named proposer is missing or fails, or every proposer failed
     */
    public static ProposalSet forBoxes(MaskProposers proposers, String proposer, RgbImage image, List<Region.Box> boxes)
            throws ProposalException {
        ProposalResult result = proposers.propose(proposer, image, ProposalRequest.forBoxes(boxes));
        List<Proposal> proposals = new ArrayList<>();
        for (int i = 0; i < boxes.size(); i++) {
            proposals.add(new Proposal(boxes.get(i), result.proposals().get(i).mask()));
        }
        return new ProposalSet(proposals, result.proposer(), result.notes());
    }

    /**
     * The proposer's automatic proposals (no prompts), each with the mask's own box.
     *
     * @param proposer the mask proposer to use (only that one); empty for the platform's choice with fallback
     * @throws ProposalException when the named proposer is missing or fails, or every proposer failed
     */
    public static ProposalSet automatic(MaskProposers proposers, String proposer, RgbImage image) throws ProposalException {
        ProposalResult result = proposers.propose(proposer, image, ProposalRequest.automatic());
        List<Proposal> proposals = new ArrayList<>();
        for (MaskProposal mask : result.proposals()) {
            proposals.add(new Proposal(mask.box(), mask.mask()));
        }
        return new ProposalSet(proposals, result.proposer(), result.notes());
    }
}
