package org.alphaclip.mllm.internal.command;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.alphaclip.api.AlphaClipEncoders;
import org.alphaclip.api.AlphaGeometry;
import org.alphaclip.api.EncoderLease;
import org.alphaclip.api.model.InvalidModelException;
import org.alphaclip.api.region.Region;
import org.alphaclip.api.task.ProgressReporting;
import org.alphaclip.api.tensor.FloatTensor;
import org.alphaclip.core.internal.session.StandaloneSessions;
import org.alphaclip.mllm.internal.MultimodalModelsComponent;
import org.alphaclip.mllm.internal.llava.LlavaReference;
import org.alphaclip.mllm.internal.llava.PackageCopies;
import org.alphaclip.sdk.testing.CommandFuzzing;
import org.alphaclip.sdk.testing.FixtureSets;
import org.alphaclip.sdk.testing.StandInEncoders;
import org.apache.felix.gogo.runtime.CommandProcessorImpl;
import org.apache.felix.gogo.runtime.Reflective;
import org.apache.felix.service.command.CommandSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.BundleContext;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * The {@code mllm:*} commands through Gogo's own option binding, on the exported fixture package and the real
 * model service; the encoder is a stand-in that gives the fixture's reference hidden states, so {@code mllm:ask} with
 * the fixture's question reproduces the reference's greedy ids. Every bad input is one line.
 */
class MllmCommandsTest {

    private static StandaloneSessions sessions;
    private static LlavaReference set;
    private static Path llava;

    @TempDir
    static Path home;

    private FixtureEncoder encoder;
    private StandInEncoders leases;

    @BeforeAll
    static void open() throws Exception {
        sessions = StandaloneSessions.cpu(2);
        set = LlavaReference.all().get(0);
        llava = set.exportedPackage("");
        PackageCopies.copy(llava, home.resolve("models").resolve("llava-in-models"));
    }

    @AfterAll
    static void close() {
        sessions.close();
    }

    private MllmCommands commands(FloatTensor imageTokens) throws Exception {
        encoder = new FixtureEncoder(llava.resolveSibling("encoder"), imageTokens);
        leases = new StandInEncoders(encoder);
        AlphaClipEncoders onlyTheFixture = new AlphaClipEncoders() {
            @Override
            public EncoderLease lease(String model) throws InvalidModelException {
                if (!model.equals(encoder.model().name())) {
                    throw new InvalidModelException("No model package named '" + model + "'; known: [encoder]");
                }
                return leases.lease(model);
            }

            @Override
            public EncoderLease lease(List<String> models) throws InvalidModelException {
                return lease(models.get(0));
            }
        };
        BundleContext context = (BundleContext) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {BundleContext.class}, (proxy, method, args) -> "getProperty".equals(method.getName())
                        && "alphaclip.home".equals(args[0]) ? home.toString() : null);
        return new MllmCommands(context, CommandFuzzing.defaults(MllmCommands.Config.class),
                new MultimodalModelsComponent(sessions), onlyTheFixture, CommandFuzzing.blankImages(64, 48), List.of(),
                CommandFuzzing.unused(ProgressReporting.class));
    }

    /** One command call and what it printed. */
    private record Run(Object result, String printed) {
    }

    /** A command on a LLaVA package: the encoder gives the LLaVA set's image tokens. */
    private Run run(String function, String keyboard, String... arguments) throws Exception {
        return run(set.imageTokens(), function, keyboard, arguments);
    }

    private Run run(FloatTensor imageTokens, String function, String keyboard, String... arguments) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CommandSession session = new CommandProcessorImpl().createSession(
                new ByteArrayInputStream(keyboard.getBytes(StandardCharsets.UTF_8)), out, out);
        try {
            Object result = Reflective.invoke(session, commands(imageTokens), function, new ArrayList<>(List.of(arguments)));
            return new Run(result, out.toString(StandardCharsets.UTF_8));
        } catch (InvocationTargetException e) {
            throw (Exception) e.getCause();
        }
    }

    private String refusal(String function, String... arguments) {
        Exception e = assertThrows(Exception.class, () -> run(function, "", arguments));
        CommandFuzzing.checkRefusal(e, "mllm:" + function, new ArrayList<>(List.of(arguments)));
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        return e.getMessage();
    }

    @Test
    void askJsonIsOneObjectWithTheReferenceGreedyIds() throws Exception {
        JsonObject greedy = set.greedy();
        Run run = run("ask", "", "--model", llava.toString(), "--image", "scene.png", "--max-tokens",
                greedy.get("max_new_tokens").getAsString(), "--json", set.string("question"));
        assertEquals("", run.printed(), "--json streams nothing");
        JsonObject answer = JsonParser.parseString(run.result().toString()).getAsJsonObject();
        assertEquals(Set.of("text", "tokens", "time_to_first_token_ms", "tokens_per_s"), answer.keySet());
        JsonArray tokens = answer.getAsJsonArray("tokens");
        int[] ids = new int[tokens.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = tokens.get(i).getAsInt();
        }
        assertArrayEquals(set.ints(greedy, "generated_ids"), ids);
        assertTrue(answer.get("time_to_first_token_ms").getAsDouble() > 0);
        assertTrue(answer.get("tokens_per_s").getAsDouble() >= 0);
        assertTrue(answer.get("text").isJsonPrimitive());
        assertEquals(0, leases.open(), "the encoder lease is given back");
    }

    @Test
    void askStreamsTheAnswerAndPadsTheImageToASquareWithTheRegion() throws Exception {
        Run run = run("ask", "", "--model", "llava-in-models", "--image", "scene.png", "--box", "0,0,10,10",
                "--max-tokens", "5", "What", "is", "it?");
        Answer answer = (Answer) run.result();
        assertEquals(answer.generation().text() + System.lineSeparator(), run.printed());
        assertTrue(answer.toString().startsWith("[5 tokens, --max-tokens reached; first token after "), answer.toString());
        // the blank stand-in image is 64x48: centred on a 64x64 square, the box moves down by 8
        assertEquals(64, encoder.inputs.get(0).image().height());
        assertEquals(new Region.Box(0, 8, 10, 18), encoder.inputs.get(0).region());
        assertEquals(AlphaGeometry.ALIGNED, encoder.options.get(0).alphaGeometry());
        assertArrayEquals(new int[] {-2}, encoder.options.get(0).hiddenLayers());
        assertFalse(encoder.options.get(0).includeClassToken());
    }

    @Test
    void captionAsksALlavaPackageForACaptionAndTheOnlyPackageInModelsIsTheDefault() throws Exception {
        Run caption = run("caption", "", "--image", "scene.png", "--official-geometry", "--max-tokens", "4", "--json");
        assertEquals(AlphaGeometry.OFFICIAL_SQUASH, encoder.options.get(0).alphaGeometry());
        Run ask = run("ask", "", "--model", llava.toString(), "--image", "scene.png", "--max-tokens", "4", "--json",
                MllmCommands.CAPTION_QUESTION);
        assertEquals(JsonParser.parseString(ask.result().toString()).getAsJsonObject().get("tokens"),
                JsonParser.parseString(caption.result().toString()).getAsJsonObject().get("tokens"));
    }

    @Test
    void captionContinuesABlip2PromptAsGivenAndABlip2PackageHoldsNoChat() throws Exception {
        Path blip2Set = FixtureSets.sets("mllm-reference", "blip2-t5-tiny-*").get(0);
        JsonObject reference = JsonParser.parseString(Files.readString(blip2Set.resolve("reference.json"))).getAsJsonObject();
        JsonArray decoderIds = reference.getAsJsonObject("greedy").getAsJsonArray("decoder_ids");
        JsonArray generated = new JsonArray();
        decoderIds.asList().subList(1, decoderIds.size()).forEach(generated::add); // the start id is not generated
        String blip2 = llava.resolveSibling(blip2Set.getFileName().toString()).toString();
        Run caption = run(set.hiddenStates(), "caption", "", "--model", blip2, "--image", "scene.png", "--prompt",
                reference.get("prompt").getAsString(), "--max-tokens", Integer.toString(generated.size()), "--json");
        assertEquals(generated, JsonParser.parseString(caption.result().toString()).getAsJsonObject().get("tokens"));
        assertTrue(encoder.options.get(0).includeClassToken(), "BLIP-2 takes the class token too");
        assertEquals(48, encoder.inputs.get(0).image().height(), "no square padding for BLIP-2");

        Exception chat = assertThrows(Exception.class, () -> run(set.hiddenStates(), "chat", "", "--model", blip2, "--image",
                "scene.png"));
        assertTrue(chat.getMessage().endsWith("does not hold a conversation; ask one question at a time"), chat.getMessage());
    }

    @Test
    void chatAnswersEachLineUntilExit() throws Exception {
        Run run = run("chat", "What is it?\nAnd then?\n/exit\nnever read\n", "--model", llava.toString(), "--image",
                "scene.png", "--max-tokens", "3");
        ChatConsole.Summary summary = (ChatConsole.Summary) run.result();
        assertEquals(2, summary.turns());
        assertEquals(1024, summary.context());
        assertTrue(summary.positions() > 196, summary.toString());
        assertEquals(3, run.printed().split("> ", -1).length - 1, run.printed());
        Run empty = run("chat", "\n", "--model", llava.toString(), "--image", "scene.png");
        assertEquals("Chat ended after 0 turns; the conversation held 0 of 1024 positions", empty.result().toString());
    }

    @Test
    void badInputIsOneLineNamingTheArgumentOrFile() throws Exception {
        String model = llava.toString();
        assertTrue(refusal("ask", "--model", model, "--image", "a.png", "").startsWith("The question is empty"));
        assertTrue(refusal("ask", "--model", model, "--image", "a.png").startsWith("The question is empty"));
        assertEquals("Unknown option '--colour' for mllm:ask; type 'help mllm:ask' for its options",
                refusal("ask", "--model", model, "--image", "a.png", "--colour", "red", "what?"));
        assertEquals("Unknown option '--question' for mllm:caption; type 'help mllm:caption' for its options",
                refusal("caption", "--model", model, "--image", "a.png", "--question", "what?"));
        assertEquals("--temperature must be 0 (greedy) or a positive number, got -0.5",
                refusal("ask", "--image", "a.png", "--temperature", "-0.5", "what?"));
        assertEquals("--top-p must lie in (0, 1], got 1.5",
                refusal("ask", "--image", "a.png", "--temperature", "1", "--top-p", "1.5", "what?"));
        assertEquals("--top-p must lie in (0, 1], got 0.0",
                refusal("caption", "--image", "a.png", "--temperature", "1", "--top-p", "0"));
        assertEquals("--beams must be at least 1, got 0", refusal("chat", "--image", "a.png", "--beams", "0"));
        assertEquals("--max-tokens must be at least 1, got 0", refusal("ask", "--image", "a.png", "--max-tokens", "0", "what?"));
        assertEquals("Missing --image <value>", refusal("caption", "--model", model));
        assertTrue(refusal("ask", "--model", model, "--image", "a.png", "--max-tokens", "1024", "what?")
                .startsWith("The prompt takes "));
        assertTrue(refusal("ask", "--model", "no-such-package", "--image", "a.png", "what?")
                .startsWith("--model 'no-such-package' is neither a folder nor a package in "));
        String encoderPackage = refusal("ask", "--model", llava.resolveSibling("encoder").toString(), "--image", "a.png", "what?");
        assertTrue(encoderPackage.contains("it is an Alpha-CLIP encoder package"), encoderPackage);
    }

    @Test
    void missingFilesAndAnotherEncoderAreNamed() throws Exception {
        Path noProjector = PackageCopies.copy(llava, home.resolve("no-projector"));
        Files.delete(noProjector.resolve("projector.onnx"));
        assertTrue(refusal("ask", "--model", noProjector.toString(), "--image", "a.png", "what?")
                .contains("file projector.onnx is missing"));
        Path noTokenizer = PackageCopies.copy(llava, home.resolve("no-tokenizer"));
        Files.delete(noTokenizer.resolve("tokenizer.json"));
        assertTrue(refusal("ask", "--model", noTokenizer.toString(), "--image", "a.png", "what?")
                .contains("file tokenizer.json is missing"));

        Path otherEncoder = PackageCopies.copy(llava, home.resolve("other-encoder"));
        JsonObject manifest = PackageCopies.manifest(otherEncoder);
        manifest.getAsJsonObject("encoder").addProperty("manifestSha256", "0".repeat(64));
        PackageCopies.writeManifest(otherEncoder, manifest);
        String different = refusal("ask", "--model", otherEncoder.toString(), "--image", "a.png", "what?");
        assertTrue(different.startsWith("The encoder package 'encoder' (") && different.contains("is not the one multimodal"
                + " package llava-tiny-visible was exported on (SHA-256 000000000000…)"), different);

        manifest.getAsJsonObject("encoder").addProperty("name", "alphaclip-l14-336");
        PackageCopies.writeManifest(otherEncoder, manifest);
        String missing = refusal("ask", "--model", otherEncoder.toString(), "--image", "a.png", "what?");
        assertTrue(missing.startsWith("Multimodal package llava-tiny-visible takes its image tokens from the encoder package"
                + " 'alphaclip-l14-336', which is not installed"), missing);
    }
}
