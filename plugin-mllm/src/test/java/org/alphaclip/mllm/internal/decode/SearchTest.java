package org.alphaclip.mllm.internal.decode;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.alphaclip.api.tensor.FloatTensor;
import org.alphaclip.mllm.DecodingSettings;
import org.alphaclip.mllm.StopReason;
import org.alphaclip.sdk.testing.FixtureSets;
import org.alphaclip.sdk.text.PackageTokenizer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The searches over scripted decoder states: which token each picks, when each stops, what each streams. The
 * vocabulary is the first llava set's tokenizer (ids 0..2 are {@code <unk> <s> </s>}).
 */
class SearchTest {

    private static final int VOCAB = 8;
    private static final int EOS = 2;
    private static final FloatTensor PROMPT = new FloatTensor(new long[] {1, 1, 1}, new float[1]);

    private static PackageTokenizer tokenizer;

    @BeforeAll
    static void openTokenizer() throws Exception {
        Path set = FixtureSets.sets("mllm-reference", "llava-tiny-*").get(0);
        tokenizer = PackageTokenizer.open(set.resolve("tokenizer.json"));
    }

    @AfterAll
    static void closeTokenizer() {
        tokenizer.close();
    }

    /** A state whose logits depend only on each row's last token: {@code table[last token]}, the prompt as token 0. */
    private static final class Scripted implements DecoderState {
        private final float[][] table;
        final List<int[]> extensions = new ArrayList<>();

        Scripted(float[][] table) {
            this.table = table;
        }

        @Override
        public float[][] start(FloatTensor prompt) {
            return new float[][] {table[0].clone()};
        }

        @Override
        public float[][] extend(int[] parents, int[] tokens) {
            extensions.add(parents.clone());
            float[][] out = new float[tokens.length][];
            for (int i = 0; i < tokens.length; i++) {
                out[i] = table[tokens[i]].clone();
            }
            return out;
        }
    }

    /** Logits with the given log-probabilities at the given ids, -30 elsewhere. */
    private static float[] logits(int... idAndTenths) {
        float[] row = new float[VOCAB];
        java.util.Arrays.fill(row, -30);
        for (int i = 0; i < idAndTenths.length; i += 2) {
            row[idAndTenths[i]] = (float) Math.log(idAndTenths[i + 1] / 10.0);
        }
        return row;
    }

    private static StopRules rules(int max, String... stops) {
        return new StopRules(max, List.of(EOS), List.of(stops), tokenizer);
    }

    @Test
    void greedyStopsAtTheEndToken() throws Exception {
        float[][] table = new float[VOCAB][];
        java.util.Arrays.fill(table, logits(EOS, 10));
        table[0] = logits(5, 10);
        table[5] = logits(6, 10);
        List<Integer> streamed = new ArrayList<>();
        SearchResult r = new SingleSequenceSearch(new Argmax(), rules(10)).run(new Scripted(table), PROMPT,
                (id, text) -> streamed.add(id));
        assertArrayEquals(new int[] {5, 6, EOS}, r.tokens());
        assertEquals(StopReason.END_OF_SEQUENCE, r.stopReason());
        assertEquals(tokenizer.decode(new int[] {5, 6}), r.text());
        assertEquals(List.of(5, 6, EOS), streamed);
    }

    @Test
    void greedyStopsAtTheLimit() throws Exception {
        float[][] table = new float[VOCAB][];
        java.util.Arrays.fill(table, logits(4, 10));
        SearchResult r = new SingleSequenceSearch(new Argmax(), rules(3)).run(new Scripted(table), PROMPT, (id, text) -> { });
        assertArrayEquals(new int[] {4, 4, 4}, r.tokens());
        assertEquals(StopReason.MAX_TOKENS, r.stopReason());
    }

    @Test
    void beamSearchFindsTheLikelierSequenceGreedyMisses() throws Exception {
        // greedy takes 3 (0.6) then is unsure (0.3 at best); 4 (0.4) leads to a sure end: 0.4 x 1.0 > 0.6 x 0.3
        float[][] table = new float[VOCAB][];
        java.util.Arrays.fill(table, logits(EOS, 10));
        table[0] = logits(3, 6, 4, 4);
        table[3] = logits(5, 3, 6, 3, 7, 3, EOS, 1);
        table[4] = logits(EOS, 10);
        SearchResult greedy = new SingleSequenceSearch(new Argmax(), rules(5)).run(new Scripted(table), PROMPT, (i, t) -> { });
        assertEquals(3, greedy.tokens()[0]);
        Scripted state = new Scripted(table);
        List<Integer> streamed = new ArrayList<>();
        SearchResult beams = new BeamSearch(2, rules(5)).run(state, PROMPT, (id, text) -> streamed.add(id));
        assertArrayEquals(new int[] {4, EOS}, beams.tokens());
        assertEquals(StopReason.END_OF_SEQUENCE, beams.stopReason());
        assertArrayEquals(new int[] {0, 0}, state.extensions.get(0), "both beams continue the prompt");
        assertEquals(List.of(4, EOS), streamed, "the best beam is streamed at the end");
    }

    @Test
    void stopStringsEndEverySearch() throws Exception {
        float[][] table = new float[VOCAB][];
        java.util.Arrays.fill(table, logits(6, 10));
        String once = tokenizer.decode(new int[] {6});
        for (Search search : List.of(new SingleSequenceSearch(new Argmax(), rules(6, once + once)),
                new BeamSearch(2, rules(6, once + once)))) {
            SearchResult r = search.run(new Scripted(table), PROMPT, (id, text) -> { });
            assertEquals(StopReason.STOP_STRING, r.stopReason(), search.getClass().getSimpleName());
            assertEquals("", r.text());
            assertEquals(2, r.tokens().length);
        }
    }

    @Test
    void samplingKeepsTheNucleus() {
        float[] row = logits(3, 5, 4, 3, 5, 2);
        NucleusSampler narrow = new NucleusSampler(1.0, 0.5, 1);
        for (int i = 0; i < 50; i++) {
            assertEquals(3, narrow.pick(row), "top-p 0.5 keeps only the 0.5 token");
        }
        NucleusSampler wide = new NucleusSampler(1.0, 0.8, 1);
        int[] counts = new int[VOCAB];
        for (int i = 0; i < 2000; i++) {
            counts[wide.pick(row)]++;
        }
        assertEquals(0, counts[5], "top-p 0.8 leaves out the 0.2 token");
        assertEquals(5 / 8.0, counts[3] / 2000.0, 0.05);
    }

    @Test
    void settingsAreCheckedWithTheirNames() {
        IllegalArgumentException both = assertThrows(IllegalArgumentException.class,
                () -> DecodingSettings.greedy(4).withSampling(0.7, 0.9, 1).withBeams(2));
        assertEquals("beam search does not sample: give beams or a temperature, not both", both.getMessage());
        assertEquals("top-p must lie in (0, 1], got 0.0",
                assertThrows(IllegalArgumentException.class, () -> DecodingSettings.greedy(4).withSampling(1, 0, 1)).getMessage());
        assertEquals("max new tokens must be at least 1, got 0",
                assertThrows(IllegalArgumentException.class, () -> DecodingSettings.greedy(0)).getMessage());
    }
}
