package org.alphaclip.mllm.internal.llava;

import static org.alphaclip.mllm.internal.Parity.assertClose;
import static org.alphaclip.mllm.internal.Parity.top5;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.alphaclip.api.tensor.FloatTensor;
import org.alphaclip.core.internal.session.StandaloneSessions;
import org.alphaclip.mllm.DecodingSettings;
import org.alphaclip.mllm.Generation;
import org.alphaclip.mllm.StopReason;
import org.alphaclip.mllm.internal.decode.Argmax;
import org.alphaclip.mllm.internal.decode.DecoderState;
import org.alphaclip.mllm.internal.pkg.LlavaPackage;
import org.alphaclip.mllm.internal.pkg.PackageReader;
import org.alphaclip.mllm.internal.text.LlavaPrompt;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import com.google.gson.JsonObject;

/**
 * Parity of the LLaVA path with Hugging Face transformers on every {@code mllm-reference/llava-tiny-*} set of the
 * fixture root: the package the build exported from the set's checkpoint, run on ONNX Runtime through the shared
 * sessions, reproduces the prompt's ids, the projected image features, the spliced input embeddings, the first-step
 * logits, and the greedy ids with their top-5 ids and logits, with the key/value cache and recomputing the sequence.
 * Relative error = max |Java − reference| / max |reference|.
 */
class LlavaParityTest {

    /** Relative error allowed on the reference's arrays. */
    static final double TOLERANCE = 1e-4;

    /**
     * Relative error allowed on the prefill's logits ({@code first_step_logits} and the top-5 logits of step 0). The
     * visible set's prefill logits differ by 1.9e-4 from this architecture evaluated in float64 (PyTorch, the
     * exporter's modules), while its later steps agree with that evaluation to 2.3e-6: the reference itself carries
     * that deviation in its first step, and ONNX Runtime lands where float64 does (1.87e-4 from the reference).
     */
    static final double PREFILL_TOLERANCE = 3e-4;

    private static StandaloneSessions sessions;

    @BeforeAll
    static void openSessions() {
        sessions = StandaloneSessions.cpu(2);
    }

    @AfterAll
    static void closeSessions() {
        sessions.close();
    }

    @TestFactory
    Stream<DynamicContainer> everyLlavaSet() throws Exception {
        List<DynamicContainer> sets = new ArrayList<>();
        for (LlavaReference set : LlavaReference.all()) {
            sets.add(DynamicContainer.dynamicContainer(set.name(), Stream.of(
                    DynamicTest.dynamicTest("prompt ids", () -> prompt(set)),
                    DynamicTest.dynamicTest("projector and spliced embeddings", () -> embeddings(set)),
                    DynamicTest.dynamicTest("greedy steps with the cache", () -> greedySteps(set, true)),
                    DynamicTest.dynamicTest("greedy steps recomputing the sequence", () -> greedySteps(set, false)),
                    DynamicTest.dynamicTest("generate, cache on and off", () -> generate(set)),
                    DynamicTest.dynamicTest("external data package", () -> externalData(set)))));
        }
        return sets.stream();
    }

    private static LlavaModel open(LlavaReference set, String suffix) throws Exception {
        return LlavaModel.open((LlavaPackage) PackageReader.read(set.exportedPackage(suffix)), sessions);
    }

    private static void prompt(LlavaReference set) throws Exception {
        try (LlavaModel model = open(set, "")) {
            LlavaPrompt prompt = model.prompt(set.string("question"));
            assertEquals(set.string("prompt"), prompt.text());
            int[] ids = set.ints(set.reference(), "input_ids_with_placeholder");
            int at = IntStream.range(0, ids.length).filter(i -> ids[i] == set.integer("image_placeholder_id")).findFirst()
                    .orElseThrow();
            assertArrayEquals(java.util.Arrays.copyOf(ids, at), prompt.before(), "[BOS] + ids before the image");
            assertArrayEquals(java.util.Arrays.copyOfRange(ids, at + 1, ids.length), prompt.after(), "ids after the image");
            assertEquals(set.integer("bos_id"), prompt.before()[0]);
            assertArrayEquals(set.ints(set.reference(), "ids_after_image"), prompt.after());
        }
    }

    private static void embeddings(LlavaReference set) throws Exception {
        try (LlavaModel model = open(set, "")) {
            FloatTensor projected = model.project(set.imageTokens());
            assertClose(set.name() + " projected_image_features", set.array("projected_image_features"), projected, TOLERANCE);
            FloatTensor embeds = model.promptEmbeddings(model.prompt(set.string("question")), projected);
            assertClose(set.name() + " inputs_embeds", set.array("inputs_embeds"), embeds, TOLERANCE);
        }
    }

    private static void greedySteps(LlavaReference set, boolean kvCache) throws Exception {
        String mode = kvCache ? "cache" : "no cache";
        try (LlavaModel model = open(set, "")) {
            FloatTensor embeds = model.promptEmbeddings(model.prompt(set.string("question")), model.project(set.imageTokens()));
            DecoderState state = model.newState(kvCache);
            float[][] logits = state.start(embeds);
            assertClose(set.name() + " first_step_logits (" + mode + ")", set.array("first_step_logits"),
                    new FloatTensor(new long[] {logits[0].length}, logits[0]), PREFILL_TOLERANCE);
            List<JsonObject> steps = set.steps();
            int[] expected = set.ints(set.greedy(), kvCache ? "kv_cache_decode_ids" : "generated_ids");
            float[] gotTop = new float[steps.size() * 5];
            float[] wantTop = new float[steps.size() * 5];
            for (int step = 0; step < steps.size(); step++) {
                int[] top = set.ints(steps.get(step), "top5_ids");
                assertArrayEquals(top, top5(logits[0]), set.name() + " top-5 ids of step " + step + " (" + mode + ")");
                float[] topLogits = LlavaReference.floatArray(steps.get(step), "top5_logits");
                for (int k = 0; k < 5; k++) {
                    gotTop[step * 5 + k] = logits[0][top[k]];
                    wantTop[step * 5 + k] = topLogits[k];
                }
                int id = new Argmax().pick(logits[0]);
                assertEquals(expected[step], id, set.name() + " greedy id of step " + step + " (" + mode + ")");
                if (step + 1 < steps.size()) {
                    logits = state.extend(new int[] {0}, new int[] {id});
                }
            }
            long[] first = {1, 5};
            assertClose(set.name() + " top-5 logits of step 0 (" + mode + ")",
                    new FloatTensor(first, java.util.Arrays.copyOf(wantTop, 5)),
                    new FloatTensor(first, java.util.Arrays.copyOf(gotTop, 5)), PREFILL_TOLERANCE);
            long[] later = {steps.size() - 1, 5};
            assertClose(set.name() + " top-5 logits of steps 1.." + (steps.size() - 1) + " (" + mode + ")",
                    new FloatTensor(later, java.util.Arrays.copyOfRange(wantTop, 5, wantTop.length)),
                    new FloatTensor(later, java.util.Arrays.copyOfRange(gotTop, 5, gotTop.length)), TOLERANCE);
        }
    }

    private static void generate(LlavaReference set) throws Exception {
        int steps = set.greedy().get("max_new_tokens").getAsInt();
        try (LlavaModel model = open(set, "")) {
            for (boolean kvCache : new boolean[] {true, false}) {
                List<Integer> streamed = new ArrayList<>();
                StringBuilder text = new StringBuilder();
                Generation g = model.generate(set.imageTokens(), set.string("question"),
                        DecodingSettings.greedy(steps).withKvCache(kvCache), (id, piece) -> {
                            streamed.add(id);
                            text.append(piece);
                        });
                int[] expected = set.ints(set.greedy(), kvCache ? "kv_cache_decode_ids" : "generated_ids");
                assertArrayEquals(expected, g.tokens(), "generated ids, cache " + kvCache);
                assertEquals(IntStream.of(expected).boxed().toList(), streamed, "streamed ids in order");
                assertEquals(g.text(), text.toString(), "the streamed pieces make the text");
                if (g.stopReason() == StopReason.MAX_TOKENS) {
                    assertEquals(set.greedy().get("decoded").getAsString(), g.text(), "decoded text");
                }
                assertEquals(set.ints(set.reference(), "input_ids_with_placeholder").length - 1
                        + set.integer("image_tokens"), g.promptTokens());
            }
        }
    }

    private static void externalData(LlavaReference set) throws Exception {
        try (LlavaModel inline = open(set, ""); LlavaModel external = open(set, "-external-data")) {
            FloatTensor a = inline.promptEmbeddings(inline.prompt(set.string("question")), inline.project(set.imageTokens()));
            FloatTensor b = external.promptEmbeddings(external.prompt(set.string("question")), external.project(set.imageTokens()));
            assertArrayEquals(a.data(), b.data());
            assertArrayEquals(inline.newState(true).start(a)[0], external.newState(true).start(b)[0]);
        }
    }
}
