package org.alphaclip.rec.internal.testing;

import java.util.ArrayList;
import java.util.List;

import org.alphaclip.api.image.RgbImage;
import org.alphaclip.api.proposal.MaskProposal;
import org.alphaclip.api.proposal.MaskProposer;
import org.alphaclip.api.proposal.ProposalException;
import org.alphaclip.api.proposal.ProposalRequest;
import org.alphaclip.api.region.Region;
import org.alphaclip.rec.internal.image.Pixels;

/**
 * A stand-in mask proposer: box prompts become box masks; automatic requests return the boxes it was
 * given; a failing one throws for every request.
 */
public final class BoxProposer implements MaskProposer {

    private final String name;
    private final List<Region.Box> automatic;
    private final boolean failing;

    private BoxProposer(String name, List<Region.Box> automatic, boolean failing) {
        this.name = name;
        this.automatic = List.copyOf(automatic);
        this.failing = failing;
    }

    /** A proposer answering automatic requests with these boxes. */
    public static BoxProposer named(String name, List<Region.Box> automatic) {
        return new BoxProposer(name, automatic, false);
    }

    /** A proposer that always fails, like a broken SAM package. */
    public static BoxProposer broken(String name) {
        return new BoxProposer(name, List.of(), true);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public List<MaskProposal> propose(RgbImage image, ProposalRequest request) throws ProposalException {
        if (failing) {
            throw new ProposalException("model files are missing");
        }
        List<MaskProposal> out = new ArrayList<>();
        for (Region.Box box : request.isAutomatic() ? automatic : request.boxes()) {
            out.add(new MaskProposal(Pixels.boxMask(image.width(), image.height(), box), box, 1.0, name + ":box"));
        }
        return out;
    }
}
