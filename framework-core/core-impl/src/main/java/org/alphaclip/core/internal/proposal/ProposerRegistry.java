package org.alphaclip.core.internal.proposal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import org.alphaclip.api.image.RgbImage;
import org.alphaclip.api.proposal.MaskProposal;
import org.alphaclip.api.proposal.MaskProposer;
import org.alphaclip.api.proposal.MaskProposers;
import org.alphaclip.api.proposal.ProposalException;
import org.alphaclip.api.proposal.ProposalRequest;
import org.alphaclip.api.proposal.ProposalResult;
import org.osgi.framework.Constants;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/** {@link MaskProposers}: tracks every {@link MaskProposer} service and applies the documented rule. */
@Component(service = MaskProposers.class)
public final class ProposerRegistry implements MaskProposers {

    private record Registered(MaskProposer proposer, String name, int ranking, long serviceId, boolean fallback) {
    }

    private static final Comparator<Registered> BEST_FIRST =
            Comparator.comparingInt(Registered::ranking).reversed().thenComparingLong(Registered::serviceId);

    private volatile List<Registered> registered = List.of();

    /** An empty registry, filled by Declarative Services. */
    public ProposerRegistry() {
    }

    /**
     * A registry outside a framework (a cluster executor, say): the proposers in order of preference, each
     * under its own name and each a fallback for the ones before it.
     */
    public ProposerRegistry(List<MaskProposer> bestFirst) {
        List<Registered> all = new ArrayList<>();
        for (int i = 0; i < bestFirst.size(); i++) {
            MaskProposer proposer = bestFirst.get(i);
            all.add(new Registered(proposer, proposer.name(), bestFirst.size() - i, i, true));
        }
        registered = List.copyOf(all);
    }

    /** Adds a proposer service with its service properties. */
    @Reference(service = MaskProposer.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    synchronized void addProposer(MaskProposer proposer, Map<String, Object> properties) {
        Object name = properties.get(MaskProposer.PROPERTY_NAME);
        Object ranking = properties.get(Constants.SERVICE_RANKING);
        Object id = properties.get(Constants.SERVICE_ID);
        Object fallback = properties.get(PROPERTY_FALLBACK);
        List<Registered> next = new ArrayList<>(registered);
        next.add(new Registered(proposer, name == null ? proposer.name() : name.toString(),
                ranking instanceof Integer r ? r : 0, id instanceof Long l ? l : Long.MAX_VALUE,
                fallback == null || !"false".equalsIgnoreCase(fallback.toString())));
        next.sort(BEST_FIRST);
        registered = List.copyOf(next);
    }

    /** Removes a proposer service. */
    synchronized void removeProposer(MaskProposer proposer) {
        registered = registered.stream().filter(r -> r.proposer() != proposer).toList();
    }

    @Override
    public List<String> names() {
        return registered.stream().map(Registered::name).toList();
    }

    @Override
    public List<String> fallbackNames() {
        return registered.stream().filter(Registered::fallback).map(Registered::name).toList();
    }

    @Override
    public ProposalResult propose(String proposer, RgbImage image, ProposalRequest request) throws ProposalException {
        List<Registered> all = registered;
        if (all.isEmpty()) {
            throw new ProposalException("No mask proposer is installed (the org.alphaclip.proposals bundle provides them)");
        }
        if (!proposer.isEmpty()) {
            Registered named = all.stream().filter(r -> r.name().equals(proposer)).findFirst().orElseThrow(
                    () -> new ProposalException("Mask proposer '" + proposer + "' is not installed; installed: "
                            + String.join(", ", names())));
            try {
                return new ProposalResult(named.name(), checked(named, image, request), List.of());
            } catch (ProposalException | RuntimeException e) {
                throw new ProposalException("Mask proposer '" + named.name() + "' failed: " + e.getMessage(), e);
            }
        }
        List<String> failures = new ArrayList<>();
        for (Registered candidate : all.stream().filter(Registered::fallback).toList()) {
            try {
                List<MaskProposal> proposals = checked(candidate, image, request);
                List<String> notes = failures.stream().map(f -> f + "; used '" + candidate.name() + "' instead").toList();
                return new ProposalResult(candidate.name(), proposals, notes);
            } catch (ProposalException | RuntimeException e) {
                failures.add("mask proposer '" + candidate.name() + "' failed (" + e.getMessage() + ")");
            }
        }
        if (failures.isEmpty()) {
            throw new ProposalException("Only proposers that must be named are installed (" + String.join(", ", names())
                    + "); name one, e.g. --proposer " + all.get(0).name());
        }
        throw new ProposalException(String.join("; ", failures));
    }

    /** The proposer's answer, refused when it breaks the proposer contract. */
    private static List<MaskProposal> checked(Registered candidate, RgbImage image, ProposalRequest request)
            throws ProposalException {
        List<MaskProposal> proposals = candidate.proposer().propose(image, request);
        int prompts = request.boxes().size() + request.points().size();
        if (!request.isAutomatic() && proposals.size() != prompts) {
            throw new ProposalException("'" + candidate.name() + "' returned " + proposals.size() + " masks for " + prompts
                    + " prompts");
        }
        for (MaskProposal proposal : proposals) {
            if (proposal.mask().width() != image.width() || proposal.mask().height() != image.height()) {
                throw new ProposalException("'" + candidate.name() + "' made a " + proposal.mask().width() + "x"
                        + proposal.mask().height() + " mask for a " + image.width() + "x" + image.height() + " image");
            }
        }
        return proposals;
    }
}
