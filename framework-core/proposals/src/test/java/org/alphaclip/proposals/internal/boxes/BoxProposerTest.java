package org.alphaclip.proposals.internal.boxes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.alphaclip.api.image.RgbImage;
import org.alphaclip.api.proposal.MaskProposal;
import org.alphaclip.api.proposal.ProposalException;
import org.alphaclip.api.proposal.ProposalRequest;
import org.alphaclip.api.region.Region;
import org.alphaclip.proposals.internal.mask.BinaryMask;
import org.junit.jupiter.api.Test;

/** Box masks: the filled box clipped to the image, a warning in the source, refusals for other requests. */
class BoxProposerTest {

    private final BoxProposer proposer = new BoxProposer();
    private final RgbImage image = new RgbImage(40, 30, new byte[40 * 30 * 3], null);

    @Test
    void boxesBecomeFilledMasks() throws Exception {
        List<MaskProposal> out = proposer.propose(image, ProposalRequest.forBoxes(List.of(new Region.Box(5, 6, 15, 10),
                new Region.Box(30.5, 20.2, 55, 45))));
        assertEquals(2, out.size());
        BinaryMask first = BinaryMask.of(out.get(0).mask(), 128);
        assertEquals(10 * 4, first.area());
        assertEquals(new Region.Box(5, 6, 15, 10), out.get(0).box());
        assertEquals(1.0, out.get(0).score());
        assertTrue(out.get(0).source().contains("coarser"), out.get(0).source());
        assertEquals(new Region.Box(30, 20, 40, 30), out.get(1).box(), "clipped to the image, partial pixels included");
    }

    @Test
    void automaticAndPointRequestsAreRefused() {
        ProposalException automatic = assertThrows(ProposalException.class, () -> proposer.propose(image, ProposalRequest.automatic()));
        assertTrue(automatic.getMessage().contains("needs boxes"), automatic.getMessage());
        ProposalException points = assertThrows(ProposalException.class, () -> proposer.propose(image,
                new ProposalRequest(List.of(), List.of(new Region.Point(3, 3)), 0)));
        assertTrue(points.getMessage().contains("not points"), points.getMessage());
        ProposalException outside = assertThrows(ProposalException.class, () -> proposer.propose(image,
                ProposalRequest.forBoxes(List.of(new Region.Box(-20, -20, -1, -1)))));
        assertTrue(outside.getMessage().contains("lies outside the 40x30 image"), outside.getMessage());
    }
}
