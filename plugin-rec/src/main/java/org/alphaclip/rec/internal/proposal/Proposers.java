package org.alphaclip.rec.internal.proposal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import org.alphaclip.api.image.RgbImage;
import org.alphaclip.api.proposal.MaskProposal;
import org.alphaclip.api.proposal.MaskProposer;
import org.alphaclip.api.proposal.ProposalException;
import org.alphaclip.api.proposal.ProposalRequest;
import org.alphaclip.api.region.Region;
import org.osgi.framework.Constants;

/**
 * The mask proposer services known right now, best first (highest {@code service.ranking}), and the
 * rule for using them: the named proposer first (else the best), and when it is missing or fails, the
 * next one, saying so. The {@code world} proposer (true masks of synthetic scenes) is only used when named.
 */
public final class Proposers {

    /** The name of the proposer that knows the synthetic world's true masks; never a fallback. */
    public static final String WORLD = "world";

    private record Registered(MaskProposer proposer, String name, int ranking, long serviceId) {
    }

    private volatile List<Registered> registered = List.of();

    /** Adds a proposer service with its service properties. */
    public synchronized void add(MaskProposer proposer, Map<String, ?> properties) {
        Object name = properties.get(MaskProposer.PROPERTY_NAME);
        Object ranking = properties.get(Constants.SERVICE_RANKING);
        Object id = properties.get(Constants.SERVICE_ID);
        List<Registered> next = new ArrayList<>(registered);
        next.add(new Registered(proposer, name == null ? proposer.name() : name.toString(),
                ranking instanceof Integer r ? r : 0, id instanceof Long l ? l : Long.MAX_VALUE));
        next.sort(Comparator.comparingInt(Registered::ranking).reversed().thenComparingLong(Registered::serviceId));
        registered = List.copyOf(next);
    }

    /** Removes a proposer service. */
    public synchronized void remove(MaskProposer proposer) {
        registered = registered.stream().filter(r -> r.proposer() != proposer).toList();
    }

    /** The names of the known proposers, best first. */
    public List<String> names() {
        return registered.stream().map(Registered::name).toList();
    }

    /**
     * One mask per box, from box prompts.
     *
     * @param preferred the proposer to try first; empty for the best
     * @throws ProposalException when no proposer is installed or every one failed
     */
    public ProposalSet forBoxes(RgbImage image, List<Region.Box> boxes, String preferred) throws ProposalException {
        List<String> notes = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        for (Registered candidate : candidates(preferred, notes)) {
            try {
                List<MaskProposal> masks = candidate.proposer().propose(image, ProposalRequest.forBoxes(boxes));
                if (masks.size() != boxes.size()) {
                    throw new ProposalException("returned " + masks.size() + " masks for " + boxes.size() + " boxes");
                }
                List<Proposal> proposals = new ArrayList<>();
                for (int i = 0; i < boxes.size(); i++) {
                    proposals.add(new Proposal(boxes.get(i), checkSize(masks.get(i), image)));
                }
                notes.addAll(failures);
                return new ProposalSet(proposals, candidate.name(), notes);
            } catch (ProposalException | RuntimeException e) {
                failures.add("mask proposer '" + candidate.name() + "' failed (" + e.getMessage() + "), falling back");
            }
        }
        throw new ProposalException(String.join("; ", failures));
    }

    /**
     * Automatic proposals (no prompts).
     *
     * @param preferred the proposer to try first; empty for the best
     * @param maxProposals the most proposals (0: the proposer's default)
     * @throws ProposalException when no proposer is installed or every one failed
     */
    public ProposalSet automatic(RgbImage image, String preferred, int maxProposals) throws ProposalException {
        List<String> notes = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        for (Registered candidate : candidates(preferred, notes)) {
            try {
                List<Proposal> proposals = new ArrayList<>();
                for (MaskProposal mask : candidate.proposer().propose(image,
                        new ProposalRequest(List.of(), List.of(), maxProposals))) {
                    proposals.add(new Proposal(mask.box(), checkSize(mask, image)));
                }
                notes.addAll(failures);
                return new ProposalSet(proposals, candidate.name(), notes);
            } catch (ProposalException | RuntimeException e) {
                failures.add("mask proposer '" + candidate.name() + "' failed (" + e.getMessage() + "), falling back");
            }
        }
        throw new ProposalException(String.join("; ", failures));
    }

    private List<Registered> candidates(String preferred, List<String> notes) throws ProposalException {
        List<Registered> all = registered;
        if (all.isEmpty()) {
            throw new ProposalException("No mask proposer is installed (the org.alphaclip.proposals bundle provides them)");
        }
        List<Registered> ordered = new ArrayList<>();
        if (!preferred.isEmpty()) {
            all.stream().filter(r -> r.name().equals(preferred)).findFirst().ifPresentOrElse(ordered::add,
                    () -> notes.add("mask proposer '" + preferred + "' is not installed (installed: "
                            + String.join(", ", names()) + "), falling back"));
        }
        all.stream().filter(r -> !r.name().equals(preferred) && !r.name().equals(WORLD)).forEach(ordered::add);
        if (ordered.isEmpty()) {
            throw new ProposalException("No mask proposer other than '" + WORLD + "' is installed; name it with --proposer "
                    + WORLD + " for synthetic scenes");
        }
        return ordered;
    }

    private static org.alphaclip.api.image.GrayImage checkSize(MaskProposal mask, RgbImage image) throws ProposalException {
        if (mask.mask().width() != image.width() || mask.mask().height() != image.height()) {
            throw new ProposalException("made a " + mask.mask().width() + "x" + mask.mask().height() + " mask for a "
                    + image.width() + "x" + image.height() + " image");
        }
        return mask.mask();
    }
}
