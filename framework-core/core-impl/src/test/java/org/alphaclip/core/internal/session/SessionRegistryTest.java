package org.alphaclip.core.internal.session;

import static org.alphaclip.core.internal.session.DeviceQueueTest.awaitTrue;
import static org.alphaclip.core.internal.session.TestSupport.maxAbsDiff;
import static org.alphaclip.core.internal.session.TestSupport.settings;
import static org.alphaclip.core.internal.session.TestSupport.textModel;
import static org.alphaclip.core.internal.session.TestSupport.visualInputs;
import static org.alphaclip.core.internal.session.TestSupport.visualModel;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.alphaclip.api.session.DeviceStatus;
import org.alphaclip.api.session.SessionException.Reason;
import org.alphaclip.api.session.SessionException;
import org.alphaclip.api.session.SessionHandle;
import org.alphaclip.api.session.SessionOptions.Optimization;
import org.alphaclip.api.session.SessionOptions;
import org.alphaclip.api.session.SessionStatus;
import org.alphaclip.api.tensor.FloatTensor;
import org.alphaclip.api.tensor.IntTensor;
import org.alphaclip.api.tensor.LongTensor;
import org.alphaclip.api.tensor.Tensor;
import org.alphaclip.sdk.session.OnnxGraphs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

class SessionRegistryTest {

    private static final Set<String> EMBEDDING = Set.of("image_embedding");

    @TempDir
    Path dir;

    private final ExecutorService threads = Executors.newCachedThreadPool();
    private SessionRegistry registry;

    @AfterEach
    void closeAll() {
        threads.shutdownNow();
        if (registry != null) {
            registry.close();
        }
    }

    private SessionRegistry start(TestSupport.Settings settings) {
        registry = new SessionRegistry(settings.build());
        return registry;
    }

    private Path matMul(String name, int inputs, int outputs, long seed) throws IOException {
        Path file = dir.resolve(name);
        OnnxGraphs.writeMatMul(file, inputs, outputs, seed);
        return file;
    }

    @Test
    void sameContentIsOneSessionAcrossOwnersAndPaths() throws Exception {
        start(settings());
        Path copy = Files.copy(visualModel(), dir.resolve("renamed.onnx"));
        OwnerSessions a = registry.owner("bundle.a");
        OwnerSessions b = registry.owner("bundle.b");

        try (SessionHandle first = a.acquire(visualModel(), SessionOptions.DEFAULT);
                SessionHandle second = b.acquire(copy, SessionOptions.DEFAULT);
                SessionHandle third = b.acquire(visualModel(), new SessionOptions("cpu", 1, Optimization.ALL))) {
            List<SessionStatus> sessions = registry.sessions();

            assertEquals(1, sessions.size());
            SessionStatus session = sessions.get(0);
            assertEquals(Map.of("bundle.a", 1, "bundle.b", 2), session.users());
            assertEquals(first.modelSha256(), second.modelSha256());
            assertEquals(Files.size(visualModel()), session.modelBytes());
            assertEquals(new SessionOptions("cpu", 1, Optimization.ALL), session.options());
            Map<String, Tensor> inputs = visualInputs(1);
            assertEquals(first.run(inputs, EMBEDDING), third.run(inputs, EMBEDDING));
            assertEquals(2, registry.sessions().get(0).requests());
        }
        assertEquals(Map.of(), registry.sessions().get(0).users());
    }

    @Test
    void differentOptionsAreDifferentSessions() throws Exception {
        start(settings());
        OwnerSessions owner = registry.owner("bundle");
        Path model = matMul("m.onnx", 8, 4, 1);

        try (SessionHandle all = owner.acquire(model, SessionOptions.DEFAULT);
                SessionHandle none = owner.acquire(model, new SessionOptions("default", 0, Optimization.NONE));
                SessionHandle twoThreads = owner.acquire(model, new SessionOptions("cpu", 2, Optimization.ALL))) {
            assertEquals(3, registry.sessions().size());
            assertEquals(all.modelSha256(), none.modelSha256());
        }
    }

    @Test
    void idleSessionsStayForTheTimeoutThenClose() throws Exception {
        start(settings().idleTimeout(Duration.ofMillis(300)));
        OwnerSessions owner = registry.owner("bundle");
        Path model = matMul("m.onnx", 8, 4, 1);
        Map<String, Tensor> x = Map.of("x", TestSupport.row(8, 2));

        try (SessionHandle handle = owner.acquire(model, SessionOptions.DEFAULT)) {
            handle.run(x, Set.of("y"));
        }
        assertEquals(Map.of(), registry.sessions().get(0).users());
        try (SessionHandle again = owner.acquire(model, SessionOptions.DEFAULT)) {
            assertEquals(1, registry.sessions().get(0).requests(), "the idle session was reused");
            Thread.sleep(500);
            assertEquals(1, registry.sessions().size(), "a session in use is not closed");
        }
        awaitTrue(() -> registry.sessions().isEmpty());
    }

    @Test
    void aReplacedFileIsANewModel() throws Exception {
        start(settings());
        OwnerSessions owner = registry.owner("bundle");
        Path model = matMul("m.onnx", 8, 4, 1);
        Map<String, Tensor> x = Map.of("x", TestSupport.row(8, 2));

        try (SessionHandle before = owner.acquire(model, SessionOptions.DEFAULT)) {
            Files.move(matMul("next.onnx", 8, 4, 2), model, StandardCopyOption.REPLACE_EXISTING);
            try (SessionHandle after = owner.acquire(model, SessionOptions.DEFAULT)) {
                assertNotEquals(before.modelSha256(), after.modelSha256());
                assertEquals(2, registry.sessions().size());
                assertNotEquals(before.run(x, Set.of("y")), after.run(x, Set.of("y")));
            }
        }
    }

    @Test
    void leakedHandlesAreClosedAndReportedWhenTheOwnerIsReleased() throws Exception {
        start(settings());
        OwnerSessions owner = registry.owner("org.example.leaky");
        SessionHandle visual = owner.acquire(visualModel(), SessionOptions.DEFAULT);
        owner.acquire(textModel(), SessionOptions.DEFAULT);
        owner.acquire(visualModel(), SessionOptions.DEFAULT).close();

        try (TestSupport.LogCapture log = new TestSupport.LogCapture()) {
            owner.close();
            owner.close();

            assertEquals(List.of("org.example.leaky was released while holding 2 open session handles "
                    + "{alphaclip_visual.onnx=1, clip_text.onnx=1}; they are closed now. Close every SessionHandle "
                    + "when done, e.g. in @Deactivate"), log.warnings());
        }
        assertEquals(Reason.CLOSED, assertThrows(SessionException.class,
                () -> visual.run(visualInputs(1), EMBEDDING)).reason());
        assertThrows(IllegalStateException.class, visual::signature);
        assertEquals(Reason.CLOSED, assertThrows(SessionException.class,
                () -> owner.acquire(visualModel(), SessionOptions.DEFAULT)).reason());
        registry.sessions().forEach(session -> assertEquals(Map.of(), session.users()));
    }

    @Test
    void requestsAreCheckedAgainstTheSignature() throws Exception {
        start(settings());
        OwnerSessions owner = registry.owner("bundle");
        Map<String, Tensor> valid = visualInputs(1);
        FloatTensor image = (FloatTensor) valid.get("image");
        try (SessionHandle visual = owner.acquire(visualModel(), SessionOptions.DEFAULT);
                SessionHandle text = owner.acquire(textModel(), SessionOptions.DEFAULT)) {
            assertInvalid("Unknown input 'x', expected one of [alpha, image]",
                    () -> visual.run(Map.of("x", image, "alpha", valid.get("alpha")), EMBEDDING));
            assertInvalid("Missing input 'alpha'; the graph needs [alpha, image]",
                    () -> visual.run(Map.of("image", image), EMBEDDING));
            int r = TestSupport.config("image_resolution");
            assertInvalid("Input 'image' has rank 3 (shape [3, " + r + ", " + r + "]), expected rank 4 [-1, 3, " + r + ", "
                    + r + "]", () -> visual.run(Map.of("image", new FloatTensor(new long[] { 3, r, r }, image.data()),
                            "alpha", valid.get("alpha")), EMBEDDING));
            assertInvalid("Input 'image' has shape [1, 3, " + r / 2 + ", " + r * 2 + "], expected [-1, 3, " + r + ", " + r
                    + "] (-1 = any)", () -> visual.run(Map.of("image", new FloatTensor(new long[] { 1, 3, r / 2, r * 2 },
                            image.data()), "alpha", valid.get("alpha")), EMBEDDING));
            assertInvalid("Unknown output 'logits', expected one of [hidden_last, hidden_penultimate, image_embedding]",
                    () -> visual.run(valid, Set.of("logits")));
            assertInvalid("No outputs requested; ask for some of [hidden_last, hidden_penultimate, image_embedding]",
                    () -> visual.run(valid, Set.of()));
            int context = TestSupport.config("context_length");
            assertInvalid("Input 'tokens' has element type INT32, expected INT64",
                    () -> text.run(Map.of("tokens", new IntTensor(new long[] { 1, context }, new int[context])),
                            Set.of("text_embedding")));
            assertInvalid("runBatched takes batch size 1, but input 'tokens' has shape [2, " + context + "]; use run for "
                    + "whole batches", () -> text.runBatched(Map.of("tokens", new LongTensor(new long[] { 2, context },
                            new long[2 * context])), Set.of("text_embedding")));
        }
    }

    private static void assertInvalid(String message, org.junit.jupiter.api.function.Executable call) {
        SessionException e = assertThrows(SessionException.class, call);
        assertEquals(Reason.INVALID_INPUT, e.reason());
        assertEquals(message, e.getMessage());
    }

    @Test
    void aFileThatIsNotAGraphIsAnInvalidModel() throws Exception {
        start(settings());
        Path junk = Files.writeString(dir.resolve("junk.onnx"), "not a model");
        OwnerSessions owner = registry.owner("bundle");

        SessionException invalid = assertThrows(SessionException.class,
                () -> owner.acquire(junk, SessionOptions.DEFAULT));
        SessionException missing = assertThrows(SessionException.class,
                () -> owner.acquire(dir.resolve("missing.onnx"), SessionOptions.DEFAULT));

        assertEquals(Reason.INVALID_MODEL, invalid.reason());
        assertTrue(invalid.getMessage().startsWith("ONNX Runtime cannot load model " + junk + ": "),
                invalid.getMessage());
        assertEquals(Reason.INVALID_MODEL, missing.reason());
        assertEquals("Model file " + dir.resolve("missing.onnx") + " does not exist", missing.getMessage());
        assertEquals(List.of(), registry.sessions());
    }

    @Test
    void theFixtureModelsGiveTheReferenceEmbeddings() throws Exception {
        start(settings());
        OwnerSessions owner = registry.owner("bundle");
        int r = TestSupport.config("image_resolution");
        int dim = TestSupport.config("embed_dim");
        int context = TestSupport.config("context_length");
        int[] promptTokens = ints(fixtureArray("prompt_token_ids"));
        float[] textReference = floats(fixtureArray("text_embeddings"));
        long[] tokens = new long[promptTokens.length];
        for (int i = 0; i < tokens.length; i++) {
            tokens[i] = promptTokens[i];
        }
        int row = rowWithShippedInputs();
        JsonObject spec = facts().getAsJsonArray("image_embedding_rows").get(row).getAsJsonObject();
        Map<String, Tensor> pair = Map.of(
                "image", new FloatTensor(new long[] { 1, 3, r, r }, floats(fixtureArray(pixelValuesArray(spec)))),
                "alpha", new FloatTensor(new long[] { 1, 1, r, r }, floats(fixtureArray(alphaArray(spec)))));
        float[] imageReference = Arrays.copyOfRange(floats(fixtureArray("image_embeddings")), row * dim, (row + 1) * dim);

        try (SessionHandle text = owner.acquire(textModel(), SessionOptions.DEFAULT);
                SessionHandle visual = owner.acquire(visualModel(), SessionOptions.DEFAULT)) {
            FloatTensor textEmbeddings = (FloatTensor) text.run(Map.of("tokens",
                    new LongTensor(new long[] { tokens.length / context, context }, tokens)), Set.of("text_embedding"))
                    .get("text_embedding");
            FloatTensor imageEmbedding = (FloatTensor) visual.runBatched(pair, EMBEDDING).get("image_embedding");

            assertTrue(maxAbsDiff(textReference, textEmbeddings.data()) <= 1e-4f);
            assertTrue(maxAbsDiff(imageReference, imageEmbedding.data()) <= 1e-4f);
        }
    }

    /** The first image-embedding row whose image tensor and official alpha the set ships as arrays. */
    private static int rowWithShippedInputs() throws IOException {
        JsonObject index = json("index.json");
        JsonArray rows = facts().getAsJsonArray("image_embedding_rows");
        for (int row = 0; row < rows.size(); row++) {
            JsonObject spec = rows.get(row).getAsJsonObject();
            String image = pixelValuesArray(spec);
            if (image != null && spec.get("alpha").getAsString().startsWith("official:") && index.has(alphaArray(spec))) {
                return row;
            }
        }
        throw new AssertionError("no image-embedding row whose image and alpha are both arrays of the set");
    }

    private static String pixelValuesArray(JsonObject rowSpec) throws IOException {
        for (JsonElement e : facts().getAsJsonArray("images")) {
            JsonObject image = e.getAsJsonObject();
            if (image.get("name").getAsString().equals(rowSpec.get("image").getAsString())) {
                JsonElement array = image.get("pixel_values_array");
                return array == null || array.isJsonNull() ? null : array.getAsString();
            }
        }
        return null;
    }

    private static String alphaArray(JsonObject rowSpec) {
        return "alpha_official__" + rowSpec.get("alpha").getAsString().substring("official:".length());
    }

    private static JsonObject facts() throws IOException {
        return json("facts.json");
    }

    private static JsonObject json(String name) throws IOException {
        return JsonParser.parseString(Files.readString(TestSupport.fixtures().resolve(name))).getAsJsonObject();
    }

    private static ByteBuffer fixtureArray(String name) throws IOException {
        String file = json("index.json").getAsJsonObject(name).get("file").getAsString();
        return ByteBuffer.wrap(Files.readAllBytes(TestSupport.fixtures().resolve(file))).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static float[] floats(ByteBuffer bytes) {
        float[] values = new float[bytes.remaining() / Float.BYTES];
        bytes.asFloatBuffer().get(values);
        return values;
    }

    private static int[] ints(ByteBuffer bytes) {
        int[] values = new int[bytes.remaining() / Integer.BYTES];
        bytes.asIntBuffer().get(values);
        return values;
    }

    @Test
    void aFullQueueRejectsRequestsAsBusy() throws Exception {
        start(settings().queue(1, 0));
        Path model = matMul("big.onnx", 512, 512, 1);
        Map<String, Tensor> x = Map.of("x", new FloatTensor(new long[] { 64, 512 }, new float[64 * 512]));
        List<SessionException> rejections = new CopyOnWriteArrayList<>();
        try (SessionHandle handle = registry.owner("bundle").acquire(model, SessionOptions.DEFAULT)) {
            for (int round = 0; round < 20 && rejections.isEmpty(); round++) {
                CyclicBarrier start = new CyclicBarrier(8);
                List<Future<?>> calls = new ArrayList<>();
                for (int i = 0; i < 8; i++) {
                    calls.add(threads.submit(() -> {
                        start.await();
                        try {
                            return handle.run(x, Set.of("y"));
                        } catch (SessionException e) {
                            rejections.add(e);
                            return null;
                        }
                    }));
                }
                for (Future<?> call : calls) {
                    call.get(30, TimeUnit.SECONDS);
                }
            }
        }
        assertTrue(rejections.size() > 0, "8 simultaneous requests on 1 slot without a queue were all served");
        for (SessionException rejection : rejections) {
            assertEquals(Reason.REJECTED_BUSY, rejection.reason());
            assertEquals("Device cpu is busy: 1 requests running and 0 waiting (queueLimit 0); retry later or raise "
                    + "maxConcurrent/queueLimit", rejection.getMessage());
        }
        assertEquals(rejections.size(), registry.devices().get(0).rejected());
    }

    @Test
    void dynamicBatchingGivesTheUnbatchedResults() throws Exception {
        start(settings().batching(8, Duration.ofMillis(20)));
        try (SessionHandle handle = registry.owner("bundle").acquire(visualModel(), SessionOptions.DEFAULT)) {
            int requests = 16;
            List<float[]> unbatched = new ArrayList<>();
            for (int i = 0; i < requests; i++) {
                unbatched.add(((FloatTensor) handle.run(visualInputs(i), EMBEDDING).get("image_embedding")).data());
            }
            for (int round = 0; round < requests / 8; round++) {
                CyclicBarrier start = new CyclicBarrier(8);
                List<Future<FloatTensor>> batched = new ArrayList<>();
                for (int i = 0; i < 8; i++) {
                    int request = round * 8 + i;
                    batched.add(threads.submit(() -> {
                        start.await();
                        return (FloatTensor) handle.runBatched(visualInputs(request), EMBEDDING).get("image_embedding");
                    }));
                }
                for (int i = 0; i < 8; i++) {
                    FloatTensor embedding = batched.get(i).get(60, TimeUnit.SECONDS);
                    assertEquals(List.of(1L, (long) TestSupport.config("embed_dim")),
                            List.of(embedding.shape()[0], embedding.shape()[1]));
                    float diff = maxAbsDiff(unbatched.get(round * 8 + i), embedding.data());
                    assertTrue(diff <= 1e-5f, "request " + (round * 8 + i) + " differs by " + diff);
                }
            }
            SessionStatus status = registry.sessions().get(0);
            assertEquals(2L * requests, status.requests());
            assertTrue(status.batchSizes().keySet().stream().anyMatch(size -> size > 1), status.batchSizes().toString());
            assertTrue(status.latencyMillisP99() >= status.latencyMillisP50() && status.latencyMillisP50() > 0);
        }
    }

    @Test
    void cudaFallsBackToCpuWithOneWarning() throws Exception {
        try (TestSupport.LogCapture log = new TestSupport.LogCapture()) {
            start(settings().device("cuda:0"));
            OwnerSessions owner = registry.owner("bundle");
            try (SessionHandle byDefault = owner.acquire(visualModel(), SessionOptions.DEFAULT);
                    SessionHandle byName = owner.acquire(visualModel(), SessionOptions.DEFAULT.onDevice("cuda:0"));
                    SessionHandle onCpu = owner.acquire(visualModel(), SessionOptions.DEFAULT.onDevice("cpu"))) {
                byName.run(visualInputs(1), EMBEDDING);

                assertEquals(List.of("CUDA execution provider unavailable for cuda:0 (this ONNX Runtime build has no "
                        + "CUDA execution provider, only [CPU]; CUDA needs the onnxruntime_gpu platform bundle); "
                        + "using CPU"), log.warnings());
                DeviceStatus cuda = registry.devices().get(1);
                assertEquals("cuda:0", cuda.name());
                assertEquals("cpu", cuda.active());
                assertTrue(cuda.fallbackReason().startsWith("this ONNX Runtime build has no CUDA"));
                assertTrue(cuda.requested().startsWith("cuda:0 (gpu_mem_limit=none, "), cuda.requested());
                assertEquals(1, registry.sessions().size());
                assertEquals("cpu", registry.sessions().get(0).device());
            }
        }
    }

    @Test
    void anUnknownDeviceIsRefused() {
        start(settings());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> registry.owner("bundle").acquire(visualModel(), SessionOptions.DEFAULT.onDevice("tpu")));
        assertEquals("Unknown device 'tpu', expected cpu or cuda:N", e.getMessage());
    }

    @Test
    void closingTheRegistryFailsHandlesFast() throws Exception {
        start(settings());
        OwnerSessions owner = registry.owner("bundle");
        SessionHandle handle = owner.acquire(visualModel(), SessionOptions.DEFAULT);

        registry.close();

        SessionException run = assertThrows(SessionException.class, () -> handle.run(visualInputs(1), EMBEDDING));
        assertEquals(Reason.CLOSED, run.reason());
        assertEquals("The session for alphaclip_visual.onnx was closed (the inference service stopped or the "
                + "session was released)", run.getMessage());
        assertEquals(Reason.CLOSED, assertThrows(SessionException.class,
                () -> owner.acquire(visualModel(), SessionOptions.DEFAULT)).reason());
        handle.close();
        assertEquals(List.of(), registry.sessions());
    }

    @Test
    void concurrentAcquireRunAndOwnerReleaseFailOnlyCleanly() throws Exception {
        start(settings().idleTimeout(Duration.ZERO).batching(4, Duration.ofMillis(2)));
        Path model = matMul("m.onnx", 32, 16, 1);
        AtomicReference<OwnerSessions> bundle = new AtomicReference<>(registry.owner("bundle-0"));
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger served = new AtomicInteger();
        List<Throwable> unexpected = new CopyOnWriteArrayList<>();
        try (TestSupport.LogCapture log = new TestSupport.LogCapture()) {
            List<Future<?>> workers = new ArrayList<>();
            for (int w = 0; w < 4; w++) {
                int worker = w;
                workers.add(threads.submit(() -> {
                    for (int i = 0; i < 60; i++) {
                        SessionOptions options = i % 3 == 0 ? new SessionOptions("cpu", 0, Optimization.NONE)
                                : SessionOptions.DEFAULT;
                        try (SessionHandle handle = bundle.get().acquire(model, options)) {
                            Map<String, Tensor> x = Map.of("x", TestSupport.row(32, worker * 100 + i));
                            handle.run(x, Set.of("y"));
                            handle.runBatched(x, Set.of("y"));
                            served.incrementAndGet();
                        } catch (SessionException e) {
                            if (e.reason() != Reason.CLOSED) {
                                unexpected.add(e);
                            }
                        } catch (RuntimeException | Error e) {
                            unexpected.add(e);
                        }
                    }
                    return null;
                }));
            }
            // the "bundle" stops and starts again every few milliseconds while its threads keep running
            Future<?> restarts = threads.submit(() -> {
                for (int n = 1; !stop.get(); n++) {
                    Thread.sleep(3);
                    bundle.getAndSet(registry.owner("bundle-" + n)).close();
                    registry.sessions();
                    registry.devices();
                }
                return null;
            });
            for (Future<?> worker : workers) {
                worker.get(120, TimeUnit.SECONDS);
            }
            stop.set(true);
            restarts.get(10, TimeUnit.SECONDS);
            bundle.get().close();

            assertEquals(List.of(), unexpected);
            assertTrue(served.get() > 0);
            assertTrue(log.warnings().stream().allMatch(warning -> warning.contains(" was released while holding ")));
        }
        awaitTrue(() -> registry.sessions().isEmpty());
    }
}
