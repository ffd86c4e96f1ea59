package org.alphaclip.api.proposal;

import java.util.List;

import org.alphaclip.api.image.RgbImage;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Every installed {@link MaskProposer}, chosen by name with one fallback rule, so that all task bundles
 * pick proposers alike.
 *
 * <p>The rule: proposers are ordered best first by {@code service.ranking} (highest first), then by
 * {@code service.id} (oldest first). A request that <em>names</em> a proposer goes to that proposer only:
 * when it is not installed, or it fails, the request fails with its reason. A request that names none
 * goes to the best proposer; when that one fails (throws, returns masks of another size than the image,
 * or a number of masks other than the number of prompts), the next one is tried, and so on, and each
 * failure is reported in {@link ProposalResult#notes()}. Proposers registered with
 * {@link #PROPERTY_FALLBACK}{@code =false} (such as {@code world}, the synthetic world's true masks) are
 * used only when named.
 */
@ProviderType
public interface MaskProposers {

    /**
     * Service property of a {@link MaskProposer}: {@code false} (a {@code Boolean} or the string) keeps it
     * out of the fallback order, so it answers only requests that name it.
     */
    String PROPERTY_FALLBACK = "alphaclip.proposer.fallback";

    /** The names of the installed proposers, best first. */
    List<String> names();

    /** The names of the proposers a request that names none may go to, in the order they are tried. */
    List<String> fallbackNames();

    /**
     * Proposes masks with the named proposer, or by the fallback rule when {@code proposer} is empty.
     *
     * @throws ProposalException when no proposer is installed, the named one is not installed or fails, or
     *         every proposer in the fallback order failed; the message names each and why
     */
    ProposalResult propose(String proposer, RgbImage image, ProposalRequest request) throws ProposalException;
}
