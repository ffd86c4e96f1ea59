package org.alphaclip.proposals.internal.segment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Locale;

import org.alphaclip.api.proposal.MaskProposal;
import org.alphaclip.api.proposal.ProposalException;
import org.alphaclip.api.proposal.ProposalRequest;
import org.alphaclip.api.region.Region;
import org.alphaclip.proposals.internal.mask.BinaryMask;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

/** The classical proposer on simple drawn scenes: every shape must be found with mask IoU of at least 0.8. */
class SegmentationProposerTest {

    private static final double REQUIRED_IOU = 0.8;

    private final SegmentationProposer proposer = new SegmentationProposer(Segmenter.Settings.DEFAULTS, 50, 0.85);

    @ParameterizedTest
    @EnumSource(SimpleScenes.Background.class)
    void automaticProposalsCoverEveryShape(SimpleScenes.Background background) throws Exception {
        for (long seed = 1; seed <= 3; seed++) {
            SimpleScenes.Scene scene = SimpleScenes.draw(background, seed);
            List<MaskProposal> proposals = proposer.propose(scene.image(), ProposalRequest.automatic());
            assertFalse(proposals.isEmpty());
            assertTrue(proposals.size() <= 50);
            for (int s = 0; s < scene.masks().size(); s++) {
                double best = 0;
                int rank = -1;
                for (int i = 0; i < proposals.size(); i++) {
                    double iou = BinaryMask.of(proposals.get(i).mask(), 128).iou(scene.masks().get(s));
                    if (iou > best) {
                        best = iou;
                        rank = i;
                    }
                }
                System.out.printf(Locale.ROOT, "[segmentation] %s seed %d shape %d: best IoU %.3f (rank %d of %d)%n", background,
                        seed, s, best, rank, proposals.size());
                assertTrue(best >= REQUIRED_IOU, background + " seed " + seed + " shape " + s + ": best IoU " + best);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(SimpleScenes.Background.class)
    void boxAndPointPromptsGiveTheShape(SimpleScenes.Background background) throws Exception {
        SimpleScenes.Scene scene = SimpleScenes.draw(background, 7);
        for (int s = 0; s < scene.masks().size(); s++) {
            BinaryMask truth = scene.masks().get(s);
            Region.Box tight = truth.box();
            Region.Box loose = new Region.Box(Math.max(0, tight.x0() - 8), Math.max(0, tight.y0() - 8), tight.x1() + 8, tight.y1() + 8);
            int[] inside = centre(truth);
            List<MaskProposal> out = proposer.propose(scene.image(), new ProposalRequest(List.of(tight, loose),
                    List.of(new Region.Point(inside[0] + 0.5, inside[1] + 0.5)), 0));
            assertEquals(3, out.size());
            for (MaskProposal p : out) {
                double iou = BinaryMask.of(p.mask(), 128).iou(truth);
                System.out.printf(Locale.ROOT, "[segmentation] %s shape %d %s: IoU %.3f%n", background, s, p.source(), iou);
                assertTrue(iou >= REQUIRED_IOU, background + " shape " + s + " " + p.source() + ": IoU " + iou);
            }
        }
    }

    @Test
    void boxWithoutSegmentFallsBackToTheBoxAndSaysSo() throws Exception {
        SimpleScenes.Scene scene = SimpleScenes.draw(SimpleScenes.Background.PLAIN, 3);
        List<MaskProposal> out = proposer.propose(scene.image(), ProposalRequest.forBoxes(List.of(new Region.Box(240, 5, 250, 12))));
        assertEquals(1, out.size());
        assertTrue(out.get(0).source().contains("the box itself"), out.get(0).source());
        assertEquals(new Region.Box(240, 5, 250, 12), out.get(0).box());
    }

    @Test
    void promptsOutsideTheImageAreRejected() {
        SimpleScenes.Scene scene = SimpleScenes.draw(SimpleScenes.Background.PLAIN, 1);
        ProposalException box = assertThrows(ProposalException.class, () -> proposer.propose(scene.image(),
                ProposalRequest.forBoxes(List.of(new Region.Box(300, 10, 400, 50)))));
        assertTrue(box.getMessage().contains("outside the 256x256 image"), box.getMessage());
        ProposalException point = assertThrows(ProposalException.class, () -> proposer.propose(scene.image(),
                new ProposalRequest(List.of(), List.of(new Region.Point(-1, 10)), 0)));
        assertTrue(point.getMessage().contains("Point 1"), point.getMessage());
    }

    @Test
    void limitIsRespected() throws Exception {
        SimpleScenes.Scene scene = SimpleScenes.draw(SimpleScenes.Background.NOISE, 2);
        assertEquals(2, proposer.propose(scene.image(), new ProposalRequest(List.of(), List.of(), 2)).size());
    }

    private static int[] centre(BinaryMask mask) {
        long sx = 0;
        long sy = 0;
        int n = 0;
        for (int y = 0; y < mask.height(); y++) {
            for (int x = 0; x < mask.width(); x++) {
                if (mask.get(x, y)) {
                    sx += x;
                    sy += y;
                    n++;
                }
            }
        }
        return new int[] {(int) (sx / n), (int) (sy / n)};
    }
}
