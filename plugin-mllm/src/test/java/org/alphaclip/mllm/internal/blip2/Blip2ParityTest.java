package org.alphaclip.mllm.internal.blip2;

import static org.alphaclip.mllm.internal.Parity.assertClose;
import static org.alphaclip.mllm.internal.Parity.top5;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.alphaclip.api.tensor.FloatTensor;
import org.alphaclip.core.internal.session.StandaloneSessions;
import org.alphaclip.mllm.DecodingSettings;
import org.alphaclip.mllm.Generation;
import org.alphaclip.mllm.StopReason;
import org.alphaclip.mllm.internal.ReferenceFiles;
import org.alphaclip.mllm.internal.decode.Argmax;
import org.alphaclip.mllm.internal.decode.DecoderState;
import org.alphaclip.mllm.internal.pkg.Blip2Package;
import org.alphaclip.mllm.internal.pkg.PackageReader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import com.google.gson.JsonObject;

/**
 * Parity of the BLIP-2 path with Hugging Face transformers on every {@code mllm-reference/blip2-t5-tiny-*} set of
 * the fixture root: the package the build exported from the set's checkpoint, run on ONNX Runtime through the shared
 * sessions, reproduces the prompt's ids, every array the set lists ({@code ln_vision_output}, {@code qformer_output},
 * {@code language_model_inputs}, {@code encoder_last_hidden_state}), and the greedy decoder ids with their top-5 ids
 * and logits, with the key/value cache and recomputing the sequence. Relative error = max |Java − reference| / max
 * |reference|.
 */
class Blip2ParityTest {

    /** Relative error allowed on every compared quantity. */
    static final double TOLERANCE = 1e-4;

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
    Stream<DynamicContainer> everyBlip2Set() throws Exception {
        List<Blip2Reference> all = Blip2Reference.all();
        assertFalse(all.isEmpty(), "no mllm-reference/blip2-t5-tiny-* set under the fixture root");
        List<DynamicContainer> sets = new ArrayList<>();
        for (Blip2Reference set : all) {
            sets.add(DynamicContainer.dynamicContainer(set.name(), Stream.of(
                    DynamicTest.dynamicTest("prompt ids", () -> prompt(set)),
                    DynamicTest.dynamicTest("ln_vision, Q-Former, projection and T5 encoder", () -> arrays(set)),
                    DynamicTest.dynamicTest("greedy steps with the cache", () -> greedySteps(set, true)),
                    DynamicTest.dynamicTest("greedy steps recomputing the sequence", () -> greedySteps(set, false)),
                    DynamicTest.dynamicTest("generate, cache on and off", () -> generate(set)))));
        }
        return sets.stream();
    }

    static Blip2Model open(Blip2Reference set) throws Exception {
        return Blip2Model.open((Blip2Package) PackageReader.read(set.exportedPackage()), sessions);
    }

    private static void prompt(Blip2Reference set) throws Exception {
        try (Blip2Model model = open(set)) {
            assertArrayEquals(set.promptIds(), model.promptIds(set.prompt()), set.name() + " prompt ids with </s>");
        }
    }

    private static void arrays(Blip2Reference set) throws Exception {
        try (Blip2Model model = open(set)) {
            QueryTransformer.Stages image = model.image(set.imageTokens());
            Map<String, FloatTensor> computed = new HashMap<>();
            computed.put("ln_vision_output", image.lnVision());
            computed.put("qformer_output", image.queries());
            computed.put("language_model_inputs", image.languageModelInputs());
            computed.put("encoder_last_hidden_state",
                    model.encode(image.languageModelInputs(), model.promptIds(set.prompt())));
            for (String name : set.arrayNames()) {
                FloatTensor actual = computed.get(name);
                if (actual == null) {
                    throw new AssertionError(set.name() + " lists an array " + name + " that this test does not compute");
                }
                assertArrayEquals(set.array(name).shape(), actual.shape(), set.name() + " " + name + " shape");
                assertClose(set.name() + " " + name, set.array(name), actual, TOLERANCE);
            }
        }
    }

    private static void greedySteps(Blip2Reference set, boolean kvCache) throws Exception {
        String mode = kvCache ? "cache" : "no cache";
        JsonObject greedy = set.greedy();
        int[] expected = ReferenceFiles.ints(greedy, "decoder_ids");
        try (Blip2Model model = open(set)) {
            assertEquals(greedy.get("decoder_start").getAsInt(), expected[0]);
            FloatTensor queries = model.image(set.imageTokens()).languageModelInputs();
            DecoderState state = model.newState(kvCache, model.encode(queries, model.promptIds(set.prompt())));
            float[][] logits = state.start(model.decoderStart());
            List<JsonObject> steps = set.steps();
            float[] gotTop = new float[steps.size() * 5];
            float[] wantTop = new float[steps.size() * 5];
            for (int step = 0; step < steps.size(); step++) {
                JsonObject reference = steps.get(step);
                int[] top = ReferenceFiles.ints(reference, "top5_ids");
                assertArrayEquals(top, top5(logits[0]), set.name() + " top-5 ids of step " + step + " (" + mode + ")");
                float[] topLogits = ReferenceFiles.floatArray(reference, "top5_logits");
                for (int k = 0; k < 5; k++) {
                    gotTop[step * 5 + k] = logits[0][top[k]];
                    wantTop[step * 5 + k] = topLogits[k];
                }
                int id = new Argmax().pick(logits[0]);
                assertEquals(reference.get("argmax").getAsInt(), id, set.name() + " argmax of step " + step + " (" + mode + ")");
                assertEquals(expected[step + 1], id, set.name() + " decoder id " + (step + 1) + " (" + mode + ")");
                if (step + 1 < steps.size()) {
                    logits = state.extend(new int[] {0}, new int[] {id});
                }
            }
            long[] shape = {steps.size(), 5};
            assertClose(set.name() + " top-5 logits of " + steps.size() + " steps (" + mode + ")",
                    new FloatTensor(shape, wantTop), new FloatTensor(shape, gotTop), TOLERANCE);
        }
    }

    private static void generate(Blip2Reference set) throws Exception {
        int[] decoderIds = ReferenceFiles.ints(set.greedy(), "decoder_ids");
        int[] expected = Arrays.copyOfRange(decoderIds, 1, decoderIds.length);
        int eos = set.greedy().get("eos").getAsInt();
        try (Blip2Model model = open(set)) {
            for (boolean kvCache : new boolean[] {true, false}) {
                List<Integer> streamed = new ArrayList<>();
                StringBuilder text = new StringBuilder();
                Generation g = model.generate(set.imageTokens(), set.prompt(),
                        DecodingSettings.greedy(expected.length).withKvCache(kvCache), (id, piece) -> {
                            streamed.add(id);
                            text.append(piece);
                        });
                assertArrayEquals(expected, g.tokens(), set.name() + " generated ids, cache " + kvCache);
                assertEquals(IntStream.of(expected).boxed().toList(), streamed, "streamed ids in order");
                assertEquals(g.text(), text.toString(), "the streamed pieces make the text");
                assertEquals(expected[expected.length - 1] == eos ? StopReason.END_OF_SEQUENCE : StopReason.MAX_TOKENS,
                        g.stopReason());
                if (g.stopReason() == StopReason.MAX_TOKENS) {
                    assertEquals(set.greedy().get("decoded").getAsString(), g.text(), "decoded text");
                }
                assertEquals(set.queryTokens() + set.promptIds().length, g.promptTokens());
            }
        }
    }
}
