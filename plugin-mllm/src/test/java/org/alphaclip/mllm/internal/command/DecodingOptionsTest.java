package org.alphaclip.mllm.internal.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.alphaclip.mllm.DecodingSettings;
import org.junit.jupiter.api.Test;

/** The decoding options: greedy by default, sampling and beam search when asked, each bad value named. */
class DecodingOptionsTest {

    private static final double ABSENT = Double.NaN;

    @Test
    void greedyUnlessTemperatureOrBeamsSayOtherwise() {
        assertEquals(DecodingSettings.greedy(16), DecodingOptions.settings(16, 0, ABSENT, 1, 0));
        assertEquals(DecodingSettings.greedy(16).withSampling(0.7, 1, 5), DecodingOptions.settings(16, 0.7, ABSENT, 1, 5));
        assertEquals(DecodingSettings.greedy(16).withSampling(0.7, 0.9, 5), DecodingOptions.settings(16, 0.7, 0.9, 1, 5));
        assertEquals(DecodingSettings.greedy(8).withBeams(3), DecodingOptions.settings(8, 0, ABSENT, 3, 0));
    }

    @Test
    void badValuesNameTheirOption() {
        assertEquals("--max-tokens must be at least 1, got 0", message(0, 0, ABSENT, 1));
        assertEquals("--temperature must be 0 (greedy) or a positive number, got -1.0", message(4, -1, ABSENT, 1));
        assertEquals("--temperature must be 0 (greedy) or a positive number, got NaN", message(4, Double.NaN, ABSENT, 1));
        assertEquals("--temperature must be 0 (greedy) or a positive number, got Infinity",
                message(4, Double.POSITIVE_INFINITY, ABSENT, 1));
        assertEquals("--top-p must lie in (0, 1], got 0.0", message(4, 1, 0, 1));
        assertEquals("--top-p must lie in (0, 1], got 1.01", message(4, 1, 1.01, 1));
        assertEquals("--top-p must lie in (0, 1], got -0.5", message(4, 1, -0.5, 1));
        assertEquals("--top-p applies to sampling: give a --temperature above 0 as well", message(4, 0, 0.9, 1));
        assertEquals("--beams must be at least 1, got 0", message(4, 0, ABSENT, 0));
        assertEquals("Give --beams or --temperature, not both: beam search does not sample", message(4, 0.5, ABSENT, 2));
    }

    private static String message(int maxTokens, double temperature, double topP, int beams) {
        return assertThrows(IllegalArgumentException.class,
                () -> DecodingOptions.settings(maxTokens, temperature, topP, beams, 0)).getMessage();
    }
}
