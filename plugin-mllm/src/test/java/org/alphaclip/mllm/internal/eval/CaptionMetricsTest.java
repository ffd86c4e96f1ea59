package org.alphaclip.mllm.internal.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * BLEU and CIDEr-D on a case computed by hand: item A, "a red circle" against "a red circle" and "the red
 * circle"; item B, "a blue star" against "a green star".
 */
class CaptionMetricsTest {

    private static final Map<String, String> CANDIDATES = new LinkedHashMap<>();
    private static final Map<String, List<String>> REFERENCES = new LinkedHashMap<>();

    static {
        CANDIDATES.put("A", "A red circle.");
        CANDIDATES.put("B", "a blue star");
        REFERENCES.put("A", List.of("a red circle", "The red circle!"));
        REFERENCES.put("B", List.of("a green star"));
    }

    @Test
    void bleuCountsClippedMatchesOverTheCorpus() {
        // matches / candidate n-grams: 1-grams 5/6, 2-grams 2/4, 3-grams 1/2, 4-grams 0/0; lengths 6 and 6
        double p4 = 1e-15 / 1e-9;
        double[] expected = {5.0 / 6, Math.sqrt(5.0 / 6 * 0.5), Math.cbrt(5.0 / 6 * 0.5 * 0.5),
                Math.pow(5.0 / 6 * 0.5 * 0.5 * p4, 0.25)};
        assertArrayEquals(expected, Bleu.score(CANDIDATES, REFERENCES), 1e-9);
    }

    @Test
    void bleuPenalisesShortCandidatesAgainstTheClosestReference() {
        // candidate of 2 words, references of 3 and 6: the closest is 3, penalty exp(1 - 3/2)
        double[] scores = Bleu.score(Map.of("x", "red circle"), Map.of("x", List.of("a red circle",
                "a red circle on the left")));
        assertEquals(Math.exp(1 - 3.0 / 2), scores[0], 1e-9);
        assertEquals(Math.exp(1 - 3.0 / 2), scores[1], 1e-9);
    }

    @Test
    void ciderDWeighsNGramsByTheirRarityAmongTheReferences() {
        // idf = ln 2 - ln df; "a" appears in both items' references, so it weighs 0.
        // A: the first reference matches orders 1-3 fully (3); the second 2/sqrt(6) on words, 1/2 on bigrams.
        // B: only "star" matches: 1/2 on words. Each item: sum / 4 orders / references x 10.
        double itemA = (3 + 2 / Math.sqrt(6) + 0.5) / 4 / 2 * 10;
        double itemB = 0.5 / 4 / 1 * 10;
        assertEquals((itemA + itemB) / 2, CiderD.score(CANDIDATES, REFERENCES), 1e-9);
    }

    @Test
    void ciderDPenalisesALengthDifference() {
        Map<String, List<String>> references = Map.of("x", List.of("a red circle"), "y", List.of("a blue star"));
        double exact = CiderD.score(Map.of("x", "a red circle", "y", "a blue star"), references);
        double longer = CiderD.score(Map.of("x", "a red circle a red circle", "y", "a blue star"), references);
        assertEquals(10.0 * 3 / 4, exact, 1e-9);
        assertEquals(true, longer < exact);
    }

    @Test
    void captionsAreLowerCasedAndLosePunctuation() {
        assertEquals(List.of("the", "red", "circle", "s", "left"), CaptionTokens.of("The red circle's, left!"));
    }

    @Test
    void aCandidateWithoutReferencesIsRefused() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> CiderD.score(Map.of("x", "a red circle"), Map.of()));
        assertEquals("item x has a candidate caption but no reference caption", error.getMessage());
    }
}
