package org.alphaclip.mllm.internal.llava;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.alphaclip.api.model.InvalidModelException;
import org.alphaclip.api.tensor.FloatTensor;
import org.alphaclip.core.internal.session.StandaloneSessions;
import org.alphaclip.mllm.DecodingSettings;
import org.alphaclip.mllm.Generation;
import org.alphaclip.mllm.GenerationException;
import org.alphaclip.mllm.MultimodalModel;
import org.alphaclip.mllm.StopReason;
import org.alphaclip.mllm.TokenListener;
import org.alphaclip.mllm.internal.MultimodalModelsComponent;
import org.alphaclip.mllm.internal.pkg.LlavaPackage;
import org.alphaclip.mllm.internal.pkg.PackageReader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The LLaVA model on the first exported fixture package (random weights: the text means nothing, the mechanics
 * must hold): sampling, beam search and stop strings with and without the cache, and one sentence for each bad
 * input.
 */
class LlavaModelTest {

    private static StandaloneSessions sessions;
    private static LlavaReference set;
    private static LlavaModel model;

    @TempDir
    Path dir;

    @BeforeAll
    static void open() throws Exception {
        sessions = StandaloneSessions.cpu(2);
        set = LlavaReference.all().get(0);
        model = LlavaModel.open((LlavaPackage) PackageReader.read(set.exportedPackage("")), sessions);
    }

    @AfterAll
    static void close() {
        model.close();
        sessions.close();
    }

    private static Generation generate(DecodingSettings settings) throws GenerationException {
        return model.generate(set.imageTokens(), set.string("question"), settings, TokenListener.NONE);
    }

    @Test
    void samplingRepeatsWithItsSeedAndNarrowsToGreedy() throws Exception {
        DecodingSettings sampling = DecodingSettings.greedy(10).withSampling(1.0, 0.95, 7);
        assertArrayEquals(generate(sampling).tokens(), generate(sampling).tokens(), "same seed, same tokens");
        assertArrayEquals(generate(sampling).tokens(), generate(sampling.withKvCache(false)).tokens(), "cache on and off");
        assertNotEquals(List.of(generate(sampling).tokens()), List.of(generate(sampling.withSampling(1.0, 0.95, 8)).tokens()));
        int[] greedy = generate(DecodingSettings.greedy(10)).tokens();
        assertArrayEquals(greedy, generate(DecodingSettings.greedy(10).withSampling(1.0, 1e-6, 3)).tokens(),
                "top-p near 0 keeps only the most likely token");
    }

    @Test
    void beamSearchOfOneBeamIsGreedyAndWiderBeamsAgreeWithAndWithoutCache() throws Exception {
        int[] greedy = generate(DecodingSettings.greedy(8)).tokens();
        assertArrayEquals(greedy, generate(DecodingSettings.greedy(8).withBeams(1)).tokens());
        Generation cached = generate(DecodingSettings.greedy(8).withBeams(3));
        Generation recomputed = generate(DecodingSettings.greedy(8).withBeams(3).withKvCache(false));
        assertArrayEquals(cached.tokens(), recomputed.tokens(), "beams reorder the cache like the sequences");
        assertEquals(cached.text(), recomputed.text());
        assertTrue(cached.tokens().length <= 8);
    }

    @Test
    void stopStringsCutTheAnswer() throws Exception {
        Generation full = generate(DecodingSettings.greedy(12));
        String stop = full.text().substring(4, 7);
        Generation stopped = generate(DecodingSettings.greedy(12).withStopStrings(List.of(stop)));
        assertEquals(StopReason.STOP_STRING, stopped.stopReason());
        assertEquals(full.text().substring(0, full.text().indexOf(stop)), stopped.text());
        assertTrue(stopped.tokens().length < full.tokens().length);
        assertEquals(StopReason.MAX_TOKENS, full.stopReason());
        assertTrue(full.timeToFirstTokenNanos() > 0 && full.totalNanos() >= full.timeToFirstTokenNanos());
    }

    @Test
    void refusesAPromptLongerThanTheContext() {
        GenerationException e = assertThrows(GenerationException.class,
                () -> generate(DecodingSettings.greedy(model.info().contextLength())));
        assertTrue(e.getMessage().startsWith("The prompt takes 240 tokens (196 of them the image) and up to 1024 new tokens"),
                e.getMessage());
        assertTrue(e.getMessage().endsWith("ask for at most 784 new tokens or a shorter question"), e.getMessage());
    }

    @Test
    void refusesAnEmptyQuestionAndImageTokensOfTheWrongShape() {
        GenerationException empty = assertThrows(GenerationException.class,
                () -> model.generate(set.imageTokens(), "  ", DecodingSettings.greedy(4), TokenListener.NONE));
        assertEquals("The question is empty", empty.getMessage());
        GenerationException withClass = assertThrows(GenerationException.class, () -> model.generate(set.hiddenStates(),
                "What?", DecodingSettings.greedy(4), TokenListener.NONE));
        assertTrue(withClass.getMessage().contains("have shape [1, 197, 128]; llava-tiny-visible takes [1, 196, 128]: hidden "
                + "states of layer -2 without the class token, from the encoder package 'encoder'"), withClass.getMessage());
    }

    @Test
    void refusesADecoderWithoutCacheInputs() throws Exception {
        Path copy = PackageCopies.copy(set.exportedPackage(""), dir.resolve("no-cache"));
        PackageCopies.replace(copy, "decoder.onnx", copy.resolve("embed_tokens.onnx"));
        InvalidModelException e = assertThrows(InvalidModelException.class,
                () -> LlavaModel.open((LlavaPackage) PackageReader.read(copy), sessions));
        assertTrue(e.getMessage().endsWith("decoder.onnx has no past key/value inputs (past_key_values.N.key and .value): "
                + "this runtime needs a decoder with a cache; export the package with tools/export/export_llava.py"),
                e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }

    @Test
    void aClosedModelFailsFast() throws Exception {
        MultimodalModel other = new MultimodalModelsComponent(sessions).open(set.exportedPackage(""));
        assertEquals(set.name(), other.info().name());
        other.close();
        other.close();
        FloatTensor tokens = set.imageTokens();
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> other.generate(tokens, "What?", DecodingSettings.greedy(2), TokenListener.NONE));
        assertEquals("The multimodal model llava-tiny-visible is closed", e.getMessage());
    }
}
