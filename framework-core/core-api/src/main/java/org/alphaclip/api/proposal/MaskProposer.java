package org.alphaclip.api.proposal;

import java.util.List;

import org.alphaclip.api.image.RgbImage;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Finds candidate object masks in an image. Registered as an OSGi service with
 * {@link #PROPERTY_NAME}; among several, users take the one with the highest {@code service.ranking}
 * unless they name one.
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
