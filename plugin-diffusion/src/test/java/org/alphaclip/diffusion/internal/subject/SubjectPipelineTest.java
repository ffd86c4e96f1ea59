package org.alphaclip.diffusion.internal.subject;

import static org.alphaclip.diffusion.internal.testing.ReferenceTensors.assertClose;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.alphaclip.api.image.RgbImage;
import org.alphaclip.api.tensor.FloatTensor;
import org.alphaclip.core.internal.session.StandaloneSessions;
import org.alphaclip.diffusion.DiffusionException;
import org.alphaclip.diffusion.DiffusionModel;
import org.alphaclip.diffusion.DiffusionPackageInfo;
import org.alphaclip.diffusion.SubjectPrompt;
import org.alphaclip.diffusion.VariationSettings;
import org.alphaclip.diffusion.internal.DiffusionModelsComponent;
import org.alphaclip.diffusion.internal.pkg.DiffusionPackage;
import org.alphaclip.diffusion.internal.pkg.PackageReader;
import org.alphaclip.diffusion.internal.pkg.SubjectParts;
import org.alphaclip.diffusion.internal.testing.ReferenceTensors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * BLIP-Diffusion's conditioning in Java against the exporter's PyTorch modules, on the tiny package
 * {@code target/test-models/tiny-blipdiffusion} and its reference {@code tiny-blipdiffusion-reference}
 * (tools/export/test_export_blip_diffusion.py): the subject's WordPiece ids, the prompt built and framed as diffusers
 * does, the query embeddings, the text encoder's hidden states with the queries spliced in at position 2 and the
 * negative prompt's without; then the whole subject pipeline through the service (random weights: behaviour, not
 * pictures).
 */
class SubjectPipelineTest {

    private static final double TOLERANCE = 1e-4;

    private static StandaloneSessions sessions;
    private static Path packages;
    private static DiffusionPackage pkg;
    private static ReferenceTensors reference;
    private static JsonObject texts;

    @BeforeAll
    static void open() throws Exception {
        sessions = StandaloneSessions.cpu(2);
        packages = Path.of(System.getProperty("diffusion.test.packages", "target/test-models"));
        pkg = PackageReader.read(packages.resolve("tiny-blipdiffusion"));
        Path ref = packages.resolve("tiny-blipdiffusion-reference");
        reference = ReferenceTensors.in(ref);
        texts = JsonParser.parseString(Files.readString(ref.resolve("manifest.json"))).getAsJsonObject();
    }

    @AfterAll
    static void close() {
        sessions.close();
    }

    private static long[] ids(String name) throws Exception {
        float[] values = reference.floats(name).data();
        long[] ids = new long[values.length];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = (long) values[i];
        }
        return ids;
    }

    private static SubjectPrompt referencePrompt() throws Exception {
        return new SubjectPrompt(reference.floats("image_tokens"), texts.get("subject").getAsString(),
                texts.get("subject").getAsString(), texts.get("prompt").getAsString(),
                texts.get("negativePrompt").getAsString(), texts.get("repetitions").getAsInt());
    }

    @Test
    void readsTheSubjectSectionsOfTheManifest() {
        SubjectParts parts = pkg.subject();
        assertEquals("subject-driven", pkg.info().pipeline());
        assertEquals(-2, pkg.info().subject().imageLayer());
        assertEquals(20, pkg.info().subject().promptRepetitions());
        assertEquals("", pkg.info().subject().negativePrompt());
        assertEquals(4, parts.queryTokens());
        assertEquals(73, parts.promptLength());
        assertEquals(2, parts.contextPosition());
        assertEquals(77, pkg.contextLength());
        assertEquals(32, pkg.contextWidth());
    }

    @Test
    void tokenizesTheSubjectAndFramesThePromptsAsDiffusers() throws Exception {
        SubjectPrompt prompt = referencePrompt();
        try (SubjectPrompts prompts = SubjectPrompts.open(pkg.subject())) {
            assertArrayEquals(ids("subject_ids"), prompts.subjectIds(prompt.sourceSubject()));
            assertArrayEquals(prompts.subjectIds("dog"), prompts.subjectIds("  DOG "), "BERT lower-cases");
            String built = SubjectPrompts.build(prompt.targetSubject(), prompt.prompt(), prompt.repetitions());
            assertEquals("a dog on the beach, a dog on the beach, a dog on the beach", built);
            assertArrayEquals(ids("prompt_ids"), prompts.promptIds(built, pkg.subject().promptLength()));
            assertArrayEquals(ids("prompt_ids"), prompts.promptIds("A  Dog on the beach,\ta dog on the BEACH, a dog on the beach",
                    pkg.subject().promptLength()), "cleaned as CLIP cleans");
            assertArrayEquals(ids("negative_ids"), prompts.promptIds(prompt.negativePrompt(), pkg.subject().maxPositions()));
            long[] cut = prompts.promptIds(SubjectPrompts.build("dog", "on the beach", 20), 73);
            assertEquals(73, cut.length);
            assertEquals(pkg.subject().eos(), cut[72], "a prompt too long is cut and still ends with the end token");
            assertEquals(16, prompts.subjectIds("dog ".repeat(14)).length, "14 words and [CLS], [SEP] fill 16 positions");
            IllegalArgumentException tooLong = assertThrows(IllegalArgumentException.class,
                    () -> prompts.subjectIds("dog ".repeat(15)));
            assertEquals("the subject '" + "dog ".repeat(15) + "' has 15 tokens; the Q-Former takes at most 14",
                    tooLong.getMessage());
        }
    }

    @Test
    void queriesAndTextEncoderMatchPyTorch() throws Exception {
        SubjectParts parts = pkg.subject();
        try (SubjectQFormer qformer = SubjectQFormer.open(sessions, parts.qformer());
                ContextTextEncoder text = ContextTextEncoder.open(sessions, parts.tokenEmbedding(), parts.textEncoder());
                SubjectPrompts prompts = SubjectPrompts.open(parts)) {
            FloatTensor queries = qformer.queries(reference.floats("image_tokens"), ids("subject_ids"));
            assertClose(reference.floats("query_embeddings"), queries, TOLERANCE, "query embeddings");
            FloatTensor conditional = text.encode(ids("prompt_ids"), reference.floats("query_embeddings"),
                    parts.contextPosition());
            assertClose(reference.floats("conditional_hidden_states"), conditional, TOLERANCE, "prompt with the queries");
            FloatTensor unconditional = text.encode(ids("negative_ids"));
            assertClose(reference.floats("unconditional_hidden_states"), unconditional, TOLERANCE, "negative prompt");

            SubjectConditioning conditioning = new SubjectConditioning(parts, qformer, text, prompts);
            FloatTensor pair = conditioning.context(referencePrompt(), true);
            assertArrayEquals(new long[] {2, 77, 32}, pair.shape());
            float[] first = Arrays.copyOf(pair.data(), unconditional.data().length);
            float[] second = Arrays.copyOfRange(pair.data(), unconditional.data().length, pair.data().length);
            assertClose(reference.floats("unconditional_hidden_states"), new FloatTensor(unconditional.shape(), first),
                    TOLERANCE, "guided: the negative prompt first");
            assertClose(reference.floats("conditional_hidden_states"), new FloatTensor(conditional.shape(), second),
                    TOLERANCE, "guided: the prompt second");
            assertArrayEquals(new long[] {1, 77, 32}, conditioning.context(referencePrompt(), false).shape());
        }
    }

    @Test
    void generatesReproduciblyAndRefusesWhatDoesNotFit() throws Exception {
        DiffusionModelsComponent models = new DiffusionModelsComponent(sessions);
        try (DiffusionModel model = models.open(packages.resolve("tiny-blipdiffusion"));
                DiffusionModel variation = models.open(packages.resolve("tiny-imgvar"))) {
            DiffusionPackageInfo info = model.info();
            assertEquals(16, info.imageSize());
            assertEquals("pndm", info.scheduler());
            SubjectPrompt prompt = referencePrompt();
            List<Integer> progress = new ArrayList<>();
            VariationSettings settings = new VariationSettings(3, 7.5, 5, "");
            RgbImage first = model.subject(prompt, settings, (done, total) -> progress.add(done * 10 + total));
            assertEquals(List.of(14, 24, 34, 44), progress, "PNDM: 3 steps are 4 UNet evaluations");
            assertEquals(16, first.width());
            assertArrayEquals(first.rgb(), model.subject(prompt, settings, (d, t) -> { }).rgb());
            assertFalse(Arrays.equals(first.rgb(), model.subject(prompt, settings.withSeed(6), (d, t) -> { }).rgb()));
            SubjectPrompt cat = new SubjectPrompt(prompt.imageTokens(), "cat", "cat", "on the beach", "", 3);
            assertFalse(Arrays.equals(first.rgb(), model.subject(cat, settings, (d, t) -> { }).rgb()),
                    "the subject's name reaches the Q-Former and the prompt");
            model.subject(prompt, new VariationSettings(2, 1.0, 5, "ddim"), (d, t) -> { });

            DiffusionException embedding = assertThrows(DiffusionException.class,
                    () -> model.vary(new float[32], settings, (d, t) -> { }));
            assertTrue(embedding.getMessage().contains("is a subject-driven package"), embedding.getMessage());
            DiffusionException notSubject = assertThrows(DiffusionException.class,
                    () -> variation.subject(prompt, settings, (d, t) -> { }));
            assertTrue(notSubject.getMessage().contains("is an image-variation package"), notSubject.getMessage());
            FloatTensor narrow = new FloatTensor(new long[] {1, 5, 64}, new float[5 * 64]);
            DiffusionException width = assertThrows(DiffusionException.class, () -> model.subject(
                    new SubjectPrompt(narrow, "dog", "dog", "", "", 1), settings, (d, t) -> { }));
            assertEquals("The image tokens are 64 wide; tiny-blipdiffusion reads 128-wide tokens (of the encoder package"
                    + " encoder)", width.getMessage());
            float[] nan = prompt.imageTokens().data().clone();
            nan[3] = Float.NaN;
            DiffusionException notFinite = assertThrows(DiffusionException.class, () -> model.subject(new SubjectPrompt(
                    new FloatTensor(prompt.imageTokens().shape(), nan), "dog", "dog", "", "", 1), settings, (d, t) -> { }));
            assertEquals("The image tokens hold a value that is not finite (NaN)", notFinite.getMessage());
            DiffusionException longSubject = assertThrows(DiffusionException.class, () -> model.subject(new SubjectPrompt(
                    prompt.imageTokens(), "dog ".repeat(20), "dog", "", "", 1), settings, (d, t) -> { }));
            assertTrue(longSubject.getMessage().contains("the Q-Former takes at most 14"), longSubject.getMessage());
        }
    }
}
