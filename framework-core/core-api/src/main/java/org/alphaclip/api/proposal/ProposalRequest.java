package org.alphaclip.api.proposal;

import java.util.List;

import org.alphaclip.api.region.Region;

/**
 * What to propose masks for.
 *
 * @param boxes box prompts, one mask each
 * @param points point prompts, one mask each (foreground points)
 * @param maxProposals the most automatic proposals to return (0 = the proposer's default)
 */
public record ProposalRequest(List<Region.Box> boxes, List<Region.Point> points, int maxProposals) {

    /** Copies the lists and checks the limit. */
    public ProposalRequest {
        boxes = List.copyOf(boxes);
        points = List.copyOf(points);
        if (maxProposals < 0) {
            throw new IllegalArgumentException("maxProposals must be 0 or positive, got " + maxProposals);
        }
    }

    /** Automatic proposals with the proposer's default limit. */
    public static ProposalRequest automatic() {
        return new ProposalRequest(List.of(), List.of(), 0);
    }

    /** One mask per box. */
    public static ProposalRequest forBoxes(List<Region.Box> boxes) {
        return new ProposalRequest(boxes, List.of(), 0);
    }

    /** Whether no prompt was given. */
    public boolean isAutomatic() {
        return boxes.isEmpty() && points.isEmpty();
    }
}
