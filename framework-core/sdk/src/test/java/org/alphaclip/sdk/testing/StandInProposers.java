package org.alphaclip.sdk.testing;

import java.util.ArrayList;
import java.util.List;

import org.alphaclip.api.image.RgbImage;
import org.alphaclip.api.proposal.MaskProposer;
import org.alphaclip.api.proposal.MaskProposers;
import org.alphaclip.api.proposal.ProposalException;
import org.alphaclip.api.proposal.ProposalRequest;
import org.alphaclip.api.proposal.ProposalResult;

/**
 * {@link MaskProposers} for tests outside OSGi, over proposers in their fallback order, with the platform's
 * rule: a named one answers alone; with no name each is tried in turn, and those that failed before the one
 * that answered become notes. Remembers the names it was asked for.
 */
public final class StandInProposers implements MaskProposers {

    private final List<String> extraNotes;
    private final List<MaskProposer> proposers;
    private final List<String> asked = new ArrayList<>();

    /** The proposers, best first; every answer also carries {@code extraNotes}. */
    public StandInProposers(List<String> extraNotes, MaskProposer... proposers) {
        this.extraNotes = List.copyOf(extraNotes);
        this.proposers = List.of(proposers);
    }

    /** The proposers, best first. */
    public StandInProposers(MaskProposer... proposers) {
        this(List.of(), proposers);
    }

    /** The proposer names asked for, in order ("" for none). */
    public synchronized List<String> asked() {
        return List.copyOf(asked);
    }

    @Override
    public List<String> names() {
        return proposers.stream().map(MaskProposer::name).toList();
    }

    @Override
    public List<String> fallbackNames() {
        return names();
    }

    @Override
    public ProposalResult propose(String proposer, RgbImage image, ProposalRequest request) throws ProposalException {
        synchronized (this) {
            asked.add(proposer);
        }
        List<String> notes = new ArrayList<>();
        for (MaskProposer candidate : proposers) {
            if (!proposer.isEmpty() && !proposer.equals(candidate.name())) {
                continue;
            }
            try {
                notes.addAll(extraNotes);
                return new ProposalResult(candidate.name(), candidate.propose(image, request), notes);
            } catch (ProposalException e) {
                if (!proposer.isEmpty()) {
                    throw e;
                }
                notes.add("mask proposer '" + candidate.name() + "' failed (" + e.getMessage() + ")");
            }
        }
        throw new ProposalException(proposer.isEmpty() ? String.join("; ", notes) : "Mask proposer '" + proposer + "' is not installed");
    }
}
