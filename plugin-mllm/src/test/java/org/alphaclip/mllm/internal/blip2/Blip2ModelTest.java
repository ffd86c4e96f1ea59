package org.alphaclip.mllm.internal.blip2;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.alphaclip.api.model.InvalidModelException;
import org.alphaclip.api.tensor.FloatTensor;
import org.alphaclip.core.internal.session.StandaloneSessions;
import org.alphaclip.mllm.DecodingSettings;
import org.alphaclip.mllm.Generation;
import org.alphaclip.mllm.GenerationException;
import org.alphaclip.mllm.MultimodalModel;
import org.alphaclip.mllm.TokenListener;
import org.alphaclip.mllm.internal.MultimodalModelsComponent;
import org.alphaclip.mllm.internal.llava.PackageCopies;
import org.alphaclip.mllm.internal.pkg.Blip2Package;
import org.alphaclip.mllm.internal.pkg.PackageReader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The BLIP-2 model on the first exported fixture package (random weights: the text means nothing, the mechanics
 * must hold): sampling and beam search with and without the cache, opening by family through the service, and one
 * sentence for each bad input.
 */
class Blip2ModelTest {

    private static StandaloneSessions sessions;
    private static Blip2Reference set;
    private static Blip2Model model;

    @TempDir
    Path dir;

    @BeforeAll
    static void open() throws Exception {
        sessions = StandaloneSessions.cpu(2);
        set = Blip2Reference.all().get(0);
        model = Blip2Model.open((Blip2Package) PackageReader.read(set.exportedPackage()), sessions);
    }

    @AfterAll
    static void close() {
        model.close();
        sessions.close();
    }

    private static Generation generate(DecodingSettings settings) throws GenerationException {
        return model.generate(set.imageTokens(), set.prompt(), settings, TokenListener.NONE);
    }

    @Test
    void samplingRepeatsWithItsSeedWithAndWithoutCache() throws Exception {
        DecodingSettings sampling = DecodingSettings.greedy(10).withSampling(1.0, 0.95, 7);
        assertArrayEquals(generate(sampling).tokens(), generate(sampling).tokens(), "same seed, same tokens");
        assertArrayEquals(generate(sampling).tokens(), generate(sampling.withKvCache(false)).tokens(), "cache on and off");
        assertNotEquals(List.of(generate(sampling).tokens()), List.of(generate(sampling.withSampling(1.0, 0.95, 8)).tokens()));
        assertArrayEquals(generate(DecodingSettings.greedy(10)).tokens(),
                generate(DecodingSettings.greedy(10).withSampling(1.0, 1e-6, 3)).tokens(),
                "top-p near 0 keeps only the most likely token");
    }

    @Test
    void beamSearchOfOneBeamIsGreedyAndWiderBeamsAgreeWithAndWithoutCache() throws Exception {
        assertArrayEquals(generate(DecodingSettings.greedy(8)).tokens(), generate(DecodingSettings.greedy(8).withBeams(1)).tokens());
        Generation cached = generate(DecodingSettings.greedy(8).withBeams(3));
        Generation recomputed = generate(DecodingSettings.greedy(8).withBeams(3).withKvCache(false));
        assertArrayEquals(cached.tokens(), recomputed.tokens(), "beams reorder the cache and repeat the encoder memory");
        assertEquals(cached.text(), recomputed.text());
        assertTrue(cached.tokens().length <= 8);
    }

    @Test
    void anEmptyPromptCaptions() throws Exception {
        Generation caption = model.generate(set.imageTokens(), "", DecodingSettings.greedy(4), TokenListener.NONE);
        assertEquals(set.queryTokens() + 1, caption.promptTokens(), "the queries and </s>");
        assertTrue(caption.tokens().length >= 1);
    }

    @Test
    void theServiceOpensAPackageByItsFamily() throws Exception {
        MultimodalModelsComponent models = new MultimodalModelsComponent(sessions);
        assertEquals("blip2", models.inspect(set.exportedPackage()).family());
        try (MultimodalModel opened = models.open(set.exportedPackage())) {
            assertInstanceOf(Blip2Model.class, opened);
            assertArrayEquals(generate(DecodingSettings.greedy(3)).tokens(),
                    opened.generate(set.imageTokens(), set.prompt(), DecodingSettings.greedy(3), TokenListener.NONE).tokens());
        }
    }

    @Test
    void refusesAPromptLongerThanTheContext() throws Exception {
        String prompt = "what is in the region? ".repeat(100);
        int length = set.queryTokens() + model.promptIds(prompt).length;
        int context = model.info().contextLength();
        assertTrue(length > context);
        GenerationException e = assertThrows(GenerationException.class,
                () -> model.generate(set.imageTokens(), prompt, DecodingSettings.greedy(4), TokenListener.NONE));
        assertEquals("The prompt takes " + length + " tokens (" + set.queryTokens() + " of them the image queries), but the T5 "
                + "encoder of " + set.name() + " takes at most " + context + ": shorten the prompt by " + (length - context)
                + " tokens", e.getMessage());
        GenerationException tooMany = assertThrows(GenerationException.class,
                () -> generate(DecodingSettings.greedy(context + 1)));
        assertEquals((context + 1) + " new tokens were asked for, but the T5 decoder of " + set.name() + " decodes at most "
                + context, tooMany.getMessage());
    }

    @Test
    void refusesAMissingPromptAndImageTokensWithoutTheClassToken() {
        GenerationException missing = assertThrows(GenerationException.class,
                () -> model.generate(set.imageTokens(), null, DecodingSettings.greedy(4), TokenListener.NONE));
        assertEquals("The prompt is missing; give an empty prompt for a plain caption", missing.getMessage());
        long[] shape = set.imageTokens().shape();
        float[] patches = java.util.Arrays.copyOfRange(set.imageTokens().data(), (int) shape[2], set.imageTokens().data().length);
        FloatTensor withoutClass = new FloatTensor(new long[] {1, shape[1] - 1, shape[2]}, patches);
        GenerationException e = assertThrows(GenerationException.class,
                () -> model.generate(withoutClass, "a photo of", DecodingSettings.greedy(4), TokenListener.NONE));
        assertTrue(e.getMessage().contains("takes [1, " + shape[1] + ", " + shape[2] + "]: hidden states of layer -2 with the "
                + "class token"), e.getMessage());
    }

    @Test
    void refusesADecoderWithoutCacheInputs() throws Exception {
        Path copy = PackageCopies.copy(set.exportedPackage(), dir.resolve("no-cache"));
        PackageCopies.replace(copy, "decoder.onnx", copy.resolve("encoder.onnx"));
        InvalidModelException e = assertThrows(InvalidModelException.class,
                () -> Blip2Model.open((Blip2Package) PackageReader.read(copy), sessions));
        assertTrue(e.getMessage().endsWith("decoder.onnx has no past key/value inputs (past_key_values.N.key and .value): "
                + "this runtime needs a decoder with a cache; export the package with tools/export/export_blip2.py"),
                e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }

    @Test
    void namesAMissingGraph() throws Exception {
        Path copy = PackageCopies.copy(set.exportedPackage(), dir.resolve("no-cross-key-values"));
        Files.delete(copy.resolve("cross_key_values.onnx"));
        InvalidModelException e = assertThrows(InvalidModelException.class, () -> PackageReader.read(copy));
        assertTrue(e.getMessage().contains("file cross_key_values.onnx is missing"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }

    @Test
    void aClosedModelFailsFast() throws Exception {
        MultimodalModel other = new MultimodalModelsComponent(sessions).open(set.exportedPackage());
        other.close();
        other.close();
        FloatTensor tokens = set.imageTokens();
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> other.generate(tokens, "a photo of", DecodingSettings.greedy(2), TokenListener.NONE));
        assertEquals("The multimodal model " + set.name() + " is closed", e.getMessage());
    }
}
