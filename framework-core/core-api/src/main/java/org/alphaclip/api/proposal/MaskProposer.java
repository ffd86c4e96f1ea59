package org.alphaclip.api.proposal;

import java.util.List;

import org.alphaclip.api.image.RgbImage;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Finds candidate object masks in an image: the service a proposer bundle implements. Register it with
 * {@link #PROPERTY_NAME} (a short unique name) and an {@code Integer} {@code service.ranking}; users and
 * task bundles go through {@link MaskProposers}, which tries the highest ranking first unless a proposer is
 * named. The built-in rankings are {@code sam} 300 (when its model package is installed),
 * {@code segmentation} 200, {@code boxes} 100, {@code world} -100 (used only when named).
 *
 * <p>What to return for a {@link ProposalRequest}:
 * <ul>
 * <li>box and/or point prompts: exactly one proposal per prompt, box prompts first, each in prompt
 * order (a prompt that finds nothing still gets one: an empty mask, the prompt's box or a 1-pixel box at the point,
 * score 0);</li>
 * <li>no prompt: automatic proposals, best first, at most {@link ProposalRequest#maxProposals()} of
 * them (0 means the proposer's own default limit).</li>
 * </ul>
 * Each {@link MaskProposal} has a mask of the image's size (255 inside, 0 outside), the mask's bounding box
 * in pixel edges, a score in [0, 1] (1 when the proposer has no confidence measure), and a {@code source}
 * naming the proposer and the prompt, e.g. {@code sam:box 2} or {@code segmentation:auto 5}.
 */
@ConsumerType
public interface MaskProposer {

    /** Service property: the proposer's name, e.g. {@code sam}, {@code segmentation}, {@code boxes}. */
    String PROPERTY_NAME = "alphaclip.proposer";

    /** The proposer's name (equal to its {@link #PROPERTY_NAME}). */
    String name();

    /**
     * Proposes masks: one per box prompt, one per point prompt, or automatic proposals when the request
     * has no prompts.
     *
     * @throws ProposalException when the image cannot be processed or a prompt is invalid
     */
    List<MaskProposal> propose(RgbImage image, ProposalRequest request) throws ProposalException;
}
