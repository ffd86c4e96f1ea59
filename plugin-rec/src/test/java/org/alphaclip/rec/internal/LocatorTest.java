package org.alphaclip.rec.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import org.alphaclip.api.image.RgbImage;
import org.alphaclip.api.proposal.ProposalException;
import org.alphaclip.api.region.Region;
import org.alphaclip.core.internal.encoder.ZeroShotClassifierCache;
import org.alphaclip.rec.internal.image.Overlay;
import org.alphaclip.rec.internal.parse.ExpressionParser;
import org.alphaclip.rec.internal.parse.PosTagger;
import org.alphaclip.rec.internal.score.AlphaMode;
import org.alphaclip.rec.internal.score.ProposalScorer;
import org.alphaclip.rec.internal.score.Representation;
import org.alphaclip.rec.internal.score.ScoringSettings;
import org.alphaclip.rec.internal.testing.BoxProposer;
import org.alphaclip.rec.internal.testing.ColourEncoder;
import org.alphaclip.rec.internal.testing.FileImages;
import org.alphaclip.rec.internal.testing.Scenes.Thing;
import org.alphaclip.rec.internal.testing.Scenes;
import org.alphaclip.sdk.testing.StandInProposers;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocatorTest {

    private static final Region.Box RED_RIGHT = new Region.Box(100, 30, 120, 50);
    private static final Region.Box BLUE = new Region.Box(60, 30, 80, 50);
    private static final Region.Box RED_LEFT = new Region.Box(20, 30, 40, 50);
    private static final RgbImage IMAGE = Scenes.draw(160, 80, List.of(new Thing(RED_RIGHT, Scenes.RED),
            new Thing(BLUE, Scenes.BLUE), new Thing(RED_LEFT, Scenes.RED)));

    private static ExpressionParser parser;

    @TempDir
    Path dir;

    private final ProposalScorer scorer = new ProposalScorer(List.of(new ColourEncoder("colours")), new ZeroShotClassifierCache(),
            new ScoringSettings(List.of(Representation.FULL, Representation.BLUR), AlphaMode.MASK, 100, true, "{}", 8, 1));

    @BeforeAll
    static void loadTagger() throws IOException {
        parser = new ExpressionParser(PosTagger.english());
    }

    @Test
    void boxesAreAnsweredByTheirIndexWithAProbability() throws Exception {
        Locator locator = new Locator(new StandInProposers(BoxProposer.named("segmentation", List.of())), parser);
        List<Region.Box> boxes = List.of(RED_RIGHT, BLUE, RED_LEFT);
        Locator.Location left = locator.locate(IMAGE, "the red shape left of the blue shape", boxes, "", scorer, true);
        assertEquals(2, left.index());
        assertEquals(RED_LEFT, left.proposal().box());
        assertEquals(1.0, Arrays.stream(left.probabilities()).sum(), 1e-9);
        assertTrue(left.score() > 0.5, "score " + left.score());
        assertEquals("segmentation (box prompts)", left.masks());
        assertEquals(0, locator.locate(IMAGE, "the red shape right of the blue shape", boxes, "", scorer, true).index());
        assertEquals(1, locator.locate(IMAGE, "the blue one", boxes, "", scorer, false).index());
    }

    @Test
    void automaticProposalsComeFromTheBestProposer() throws Exception {
        Locator locator = new Locator(new StandInProposers(BoxProposer.named("segmentation", List.of(BLUE, RED_LEFT))), parser);
        Locator.Location found = locator.locate(IMAGE, "the red shape", null, "", scorer, true);
        assertEquals(1, found.index());
        assertEquals("segmentation (automatic)", found.masks());

        Locator empty = new Locator(new StandInProposers(BoxProposer.named("segmentation", List.of())), parser);
        ProposalException none = assertThrows(ProposalException.class, () -> empty.locate(IMAGE, "the red shape", null, "", scorer, true));
        assertTrue(none.getMessage().contains("found no objects in the image"), none.getMessage());
    }

    @Test
    void theProposersNotesReachTheAnswer() throws Exception {
        String fellBack = "mask proposer 'sam' failed (model files are missing); used 'boxes' instead";
        StandInProposers proposers = new StandInProposers(List.of(fellBack), BoxProposer.named("boxes", List.of()));
        Locator.Location found = new Locator(proposers, parser).locate(IMAGE, "the blue shape", List.of(RED_RIGHT, BLUE), "",
                scorer, true);
        assertEquals(1, found.index());
        assertEquals("boxes (box prompts)", found.masks());
        assertEquals(List.of(""), proposers.asked(), "no proposer named: the platform chooses");
        assertTrue(found.notes().contains(fellBack), found.notes().toString());
        assertTrue(found.notes().contains("masks are the boxes themselves (coarser than object masks)"), found.notes().toString());
    }

    @Test
    void aNamedProposerIsUsedAloneWithoutFallback() throws Exception {
        StandInProposers proposers = new StandInProposers(BoxProposer.named("segmentation", List.of()), BoxProposer.broken("sam"));
        Locator locator = new Locator(proposers, parser);
        Locator.Location named = locator.locate(IMAGE, "the blue shape", List.of(BLUE), "segmentation", scorer, true);
        assertEquals("segmentation (box prompts)", named.masks());
        ProposalException broken = assertThrows(ProposalException.class,
                () -> locator.locate(IMAGE, "the blue shape", List.of(BLUE), "sam", scorer, true));
        assertEquals("model files are missing", broken.getMessage());
        ProposalException missing = assertThrows(ProposalException.class,
                () -> locator.locate(IMAGE, "the blue shape", null, "world", scorer, true));
        assertTrue(missing.getMessage().contains("'world' is not installed"), missing.getMessage());
        assertEquals(List.of("segmentation", "sam", "world"), proposers.asked());
    }

    @Test
    void givenBoxesNeedNoMasksWhenAlphaIsTheWholeImage() throws Exception {
        ProposalScorer reclip = new ProposalScorer(List.of(new ColourEncoder("colours")), new ZeroShotClassifierCache(),
                new ScoringSettings(List.of(Representation.CROP, Representation.BLUR), AlphaMode.WHOLE, 100, true, "{}", 8, 1));
        Locator.Location found = new Locator(new StandInProposers(), parser).locate(IMAGE, "the blue shape",
                List.of(RED_RIGHT, BLUE, RED_LEFT), "", reclip, true);
        assertEquals(1, found.index());
        assertEquals("not used (alpha whole)", found.masks());
    }

    @Test
    void badInputGetsASentence() {
        Locator locator = new Locator(new StandInProposers(BoxProposer.named("boxes", List.of())), parser);
        IllegalArgumentException outside = assertThrows(IllegalArgumentException.class,
                () -> locator.locate(IMAGE, "the blue shape", List.of(BLUE, new Region.Box(200, 0, 250, 40)), "", scorer, true));
        assertEquals("Box 1 box[200,0,250,40] lies outside the 160x80 image", outside.getMessage());
        IllegalArgumentException empty = assertThrows(IllegalArgumentException.class,
                () -> locator.locate(IMAGE, " ", List.of(BLUE), "", scorer, true));
        assertTrue(empty.getMessage().startsWith("The expression is empty"));
    }

    @Test
    void boxesReachingOutOfTheImageAreClippedWithANote() throws Exception {
        Locator locator = new Locator(new StandInProposers(BoxProposer.named("boxes", List.of())), parser);
        Locator.Location found = locator.locate(IMAGE, "the blue shape", List.of(new Region.Box(150, 70, 170, 90), BLUE), "",
                scorer, true);
        assertEquals(1, found.index());
        assertTrue(found.notes().get(0).startsWith("box 0 box[150,70,170,90] was clipped to the image: box[150,70,160,80]"),
                found.notes().toString());
    }

    @Test
    void resultsPrintAsJsonAndThePictureShowsTheAnswer() throws Exception {
        Locator locator = new Locator(new StandInProposers(BoxProposer.named("boxes", List.of())), parser);
        Locator.Location found = locator.locate(IMAGE, "the red shape left of the blue shape", List.of(RED_RIGHT, BLUE, RED_LEFT), "",
                scorer, true);
        Path png = dir.resolve("answer.png");
        Overlay.writePng(Overlay.draw(IMAGE, found.proposal().mask(), found.proposal().box()), png);
        RgbImage drawn = new FileImages().readImage(png);
        int edge = (30 * 160 + 20) * 3;
        assertEquals(255, drawn.rgb()[edge] & 0xFF);
        assertEquals(90, drawn.rgb()[edge + 1] & 0xFF);
        LocateResult result = new LocateResult(found.index(), found.proposal().box(), found.score(), 3, found.masks(),
                found.expression().toString(), List.of("colours"), "full,blur", png, List.of(), true);
        String json = result.toString();
        assertTrue(json.startsWith("{\"index\":2,\"box\":[20,30,40,50],\"score\":"), json);
        assertTrue(json.contains("\"parse\":\"\\\"the red shape\\\" left of(\\\"the blue shape\\\")\""), json);
        String text = result.printedAs(false).toString();
        assertTrue(text.startsWith("proposal 2 of 3  box [20,30,40,50]  score "), text);
    }
}
