package org.alphaclip.rec.internal.score;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.alphaclip.api.region.Region;
import org.alphaclip.core.internal.encoder.ZeroShotClassifierCache;
import org.alphaclip.rec.internal.image.Pixels;
import org.alphaclip.rec.internal.proposal.Proposal;
import org.alphaclip.rec.internal.testing.ColourEncoder;
import org.alphaclip.rec.internal.testing.Scenes;
import org.junit.jupiter.api.Test;

class ScoringSettingsTest {

    @Test
    void representationListsAreParsedAndChecked() {
        assertEquals(List.of(Representation.FULL, Representation.BLUR), Representation.parseList("full, blur"));
        assertEquals(List.of(Representation.CROP, Representation.GRAY, Representation.CIRCLE),
                Representation.parseList("CROP,gray,,circle"));
        assertEquals("Unknown representation 'shade'; choose from full, blur, crop, gray, circle",
                assertThrows(IllegalArgumentException.class, () -> Representation.parseList("full,shade")).getMessage());
        assertEquals("Representation 'blur' is listed twice",
                assertThrows(IllegalArgumentException.class, () -> Representation.parseList("blur,blur")).getMessage());
        assertThrows(IllegalArgumentException.class, () -> Representation.parseList(" , "));
    }

    @Test
    void alphaModesAndSettingsAreChecked() {
        assertEquals(AlphaMode.WHOLE, AlphaMode.parse(" Whole "));
        assertEquals("Unknown alpha mode 'all'; choose mask, box or whole",
                assertThrows(IllegalArgumentException.class, () -> AlphaMode.parse("all")).getMessage());
        List<Representation> full = List.of(Representation.FULL);
        assertThrows(IllegalArgumentException.class, () -> new ScoringSettings(full, AlphaMode.MASK, -1, true, "{}", 8, 1));
        assertThrows(IllegalArgumentException.class, () -> new ScoringSettings(full, AlphaMode.MASK, 100, true, "no slot", 8, 1));
        assertThrows(IllegalArgumentException.class, () -> new ScoringSettings(full, AlphaMode.MASK, 100, true, "{}", 0, 1));
        assertThrows(IllegalArgumentException.class, () -> new ScoringSettings(List.of(), AlphaMode.MASK, 100, true, "{}", 8, 1));
        assertThrows(IllegalArgumentException.class, () -> new ScoringSettings(full, AlphaMode.MASK, 100, true, "{}", 8, -0.5));
    }

    @Test
    void theTemplateFramesEveryTextTheEncoderGets() throws Exception {
        ColourEncoder encoder = new ColourEncoder("colours");
        Region.Box box = new Region.Box(2, 2, 6, 6);
        ScoringSettings settings = new ScoringSettings(List.of(Representation.FULL), AlphaMode.MASK, 100, true, "a photo of {}.", 8, 1);
        new ProposalScorer(List.of(encoder), new ZeroShotClassifierCache(), settings)
                .encode(Scenes.draw(8, 8, List.of()), List.of(new Proposal(box, Pixels.boxMask(8, 8, box))))
                .score(List.of("the red circle", "the blue one"));
        assertEquals(List.of("a photo of the red circle.", "a photo of the blue one."), encoder.seen);
    }
}
