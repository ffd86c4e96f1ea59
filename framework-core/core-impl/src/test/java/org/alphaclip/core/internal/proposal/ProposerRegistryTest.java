package org.alphaclip.core.internal.proposal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.alphaclip.api.image.GrayImage;
import org.alphaclip.api.image.RgbImage;
import org.alphaclip.api.proposal.MaskProposal;
import org.alphaclip.api.proposal.MaskProposer;
import org.alphaclip.api.proposal.MaskProposers;
import org.alphaclip.api.proposal.ProposalException;
import org.alphaclip.api.proposal.ProposalRequest;
import org.alphaclip.api.proposal.ProposalResult;
import org.alphaclip.api.region.Region;
import org.junit.jupiter.api.Test;

/** The one proposer rule: ranking order, a named proposer alone, fallback with notes, contract checks. */
class ProposerRegistryTest {

    private static final RgbImage IMAGE = new RgbImage(8, 6, new byte[8 * 6 * 3], null);
    private static final ProposalRequest ONE_BOX = ProposalRequest.forBoxes(List.of(new Region.Box(1, 1, 4, 4)));

    private final ProposerRegistry registry = new ProposerRegistry();
    private final List<String> called = new ArrayList<>();

    /** A proposer answering each prompt (or automatically once) with a mask of the given size, or failing. */
    private MaskProposer proposer(String name, int width, int height, String failure) {
        return new MaskProposer() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public List<MaskProposal> propose(RgbImage image, ProposalRequest request) throws ProposalException {
                called.add(name);
                if (failure != null) {
                    throw new ProposalException(failure);
                }
                int count = request.isAutomatic() ? 1 : request.boxes().size() + request.points().size();
                List<MaskProposal> out = new ArrayList<>();
                for (int i = 0; i < count; i++) {
                    out.add(new MaskProposal(new GrayImage(width, height, new byte[width * height]), new Region.Box(0, 0, 1, 1), 1,
                            name + ":" + i));
                }
                return out;
            }
        };
    }

    private void add(MaskProposer proposer, int ranking, long id, Object fallback) {
        Map<String, Object> properties = new java.util.HashMap<>(Map.of(MaskProposer.PROPERTY_NAME, proposer.name(),
                "service.ranking", ranking, "service.id", id));
        if (fallback != null) {
            properties.put(MaskProposers.PROPERTY_FALLBACK, fallback);
        }
        registry.addProposer(proposer, properties);
    }

    @Test
    void theBestRankedAnswersAndNamesFollowTheRanking() throws Exception {
        add(proposer("boxes", 8, 6, null), 100, 3, null);
        add(proposer("sam", 8, 6, null), 300, 9, null);
        add(proposer("world", 8, 6, null), -100, 1, Boolean.FALSE);
        add(proposer("segmentation", 8, 6, null), 200, 4, "true");

        assertEquals(List.of("sam", "segmentation", "boxes", "world"), registry.names());
        assertEquals(List.of("sam", "segmentation", "boxes"), registry.fallbackNames());
        ProposalResult result = registry.propose("", IMAGE, ONE_BOX);
        assertEquals("sam", result.proposer());
        assertEquals(List.of(), result.notes());
        assertEquals(1, result.proposals().size());
    }

    @Test
    void equalRankingsGoToTheOlderService() throws Exception {
        add(proposer("newer", 8, 6, null), 5, 20, null);
        add(proposer("older", 8, 6, null), 5, 10, null);
        assertEquals("older", registry.propose("", IMAGE, ProposalRequest.automatic()).proposer());
    }

    @Test
    void withoutANameFailuresAndBrokenAnswersFallBackWithNotes() throws Exception {
        add(proposer("sam", 8, 6, "the SAM graphs are missing"), 300, 1, null);
        add(proposer("segmentation", 4, 4, null), 200, 2, null);
        add(proposer("boxes", 8, 6, null), 100, 3, null);

        ProposalResult result = registry.propose("", IMAGE, ONE_BOX);

        assertEquals("boxes", result.proposer());
        assertEquals(List.of("mask proposer 'sam' failed (the SAM graphs are missing); used 'boxes' instead",
                "mask proposer 'segmentation' failed ('segmentation' made a 4x4 mask for a 8x6 image); used 'boxes' instead"),
                result.notes());
    }

    @Test
    void aNamedProposerIsUsedAloneAndItsFailureIsTheAnswer() throws Exception {
        add(proposer("sam", 8, 6, "the SAM graphs are missing"), 300, 1, null);
        add(proposer("boxes", 8, 6, null), 100, 2, null);
        add(proposer("world", 8, 6, null), -100, 3, "false");

        assertEquals("world", registry.propose("world", IMAGE, ONE_BOX).proposer());
        assertEquals("Mask proposer 'sam' failed: the SAM graphs are missing",
                assertThrows(ProposalException.class, () -> registry.propose("sam", IMAGE, ONE_BOX)).getMessage());
        assertEquals("Mask proposer 'segmentation' is not installed; installed: sam, boxes, world",
                assertThrows(ProposalException.class, () -> registry.propose("segmentation", IMAGE, ONE_BOX)).getMessage());
        assertEquals(List.of("world", "sam"), called);
    }

    @Test
    void aWrongNumberOfMasksForThePromptsIsRefused() {
        registry.addProposer(new MaskProposer() {
            @Override
            public String name() {
                return "greedy";
            }

            @Override
            public List<MaskProposal> propose(RgbImage image, ProposalRequest request) {
                return List.of();
            }
        }, Map.of(MaskProposer.PROPERTY_NAME, "greedy"));
        assertEquals("Mask proposer 'greedy' failed: 'greedy' returned 0 masks for 1 prompts",
                assertThrows(ProposalException.class, () -> registry.propose("greedy", IMAGE, ONE_BOX)).getMessage());
    }

    @Test
    void nothingInstalledOrOnlyNamedOnesSaySo() {
        assertEquals("No mask proposer is installed (the org.alphaclip.proposals bundle provides them)",
                assertThrows(ProposalException.class, () -> registry.propose("", IMAGE, ONE_BOX)).getMessage());
        MaskProposer world = proposer("world", 8, 6, null);
        add(world, -100, 1, false);
        assertEquals("Only proposers that must be named are installed (world); name one, e.g. --proposer world",
                assertThrows(ProposalException.class, () -> registry.propose("", IMAGE, ONE_BOX)).getMessage());
        registry.removeProposer(world);
        assertEquals(List.of(), registry.names());
    }
}
