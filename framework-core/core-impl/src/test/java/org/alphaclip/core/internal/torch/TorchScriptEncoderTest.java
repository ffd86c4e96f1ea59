package org.alphaclip.core.internal.torch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.alphaclip.api.EncoderException;
import org.alphaclip.api.gradient.DifferentiableEncoder;
import org.alphaclip.api.gradient.ImageBatch;
import org.alphaclip.api.gradient.SimilarityGradient;
import org.alphaclip.api.model.ModelInfo;
import org.alphaclip.api.session.SessionHandle;
import org.alphaclip.api.session.SessionOptions;
import org.alphaclip.api.tensor.FloatTensor;
import org.alphaclip.core.internal.model.ModelPackageReader;
import org.alphaclip.core.internal.session.StandaloneSessions;
import org.alphaclip.sdk.testing.FixtureSets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * The TorchScript image tower on DJL's PyTorch engine: its embeddings equal the package's ONNX tower on every
 * preprocessed (image, alpha) pair of the encoder fixture set, and the gradient of the mean cosine similarity with
 * respect to the image and the alpha equals PyTorch's (written by the exporter checks), run after run.
 */
class TorchScriptEncoderTest {

    private static final Path MODELS = Path.of(System.getProperty("alphaclip.test.models", "target/test-models"))
            .toAbsolutePath();

    private static TorchModules modules;
    private static ModelInfo info;

    @BeforeAll
    static void load() throws Exception {
        modules = new TorchModules("cpu");
        info = ModelPackageReader.read(MODELS.resolve("fixture-torchscript")).info();
    }

    @AfterAll
    static void close() {
        modules.close();
    }

    @Test
    void embeddingsEqualTheOnnxTowerOnTheFixtureInputs() throws Exception {
        Path set = FixtureSets.set("alphaclip-reference");
        JsonObject index = JsonParser.parseString(Files.readString(set.resolve("index.json"))).getAsJsonObject();
        int size = info.vision().resolution();
        int plane = size * size;
        List<float[]> pixels = new ArrayList<>();
        List<float[]> alphas = new ArrayList<>();
        for (String name : index.keySet()) {
            if (!name.startsWith("pixel_values__")) {
                continue;
            }
            String image = name.substring("pixel_values__".length());
            float[] values = floats(set, index, name);
            pixels.add(values);
            float[] ones = new float[plane];
            Arrays.fill(ones, (1f - 0.5f) / 0.26f);
            alphas.add(ones);
            for (String alphaName : index.keySet()) {
                if (alphaName.startsWith("alpha_") && alphaName.contains("__" + image + "__")) {
                    pixels.add(values);
                    alphas.add(floats(set, index, alphaName));
                }
            }
        }
        assertTrue(pixels.size() >= 2, "the fixture set has preprocessed inputs");
        float[] allPixels = concat(pixels);
        float[] allAlpha = concat(alphas);
        ImageBatch batch = new ImageBatch(pixels.size(), size, allPixels, allAlpha);
        float[][] torch;
        try (DifferentiableEncoder encoder = TorchScriptEncoders.open(info, modules, "test")) {
            torch = encoder.embed(batch);
            assertEquals(1, modules.statuses().size(), "one module loaded");
            assertEquals(1, modules.statuses().get(0).handleCount());
        }
        assertEquals(0, modules.statuses().get(0).handleCount(), "released by its last user, the module stays idle");
        try (DifferentiableEncoder again = TorchScriptEncoders.open(info, modules, "test")) {
            assertEquals(1, modules.statuses().size(), "the idle module is shared with the next user");
        }
        try (StandaloneSessions sessions = StandaloneSessions.open();
                SessionHandle onnx = sessions.acquire(info.location().resolve("visual.onnx"), SessionOptions.DEFAULT)) {
            for (int i = 0; i < pixels.size(); i++) {
                FloatTensor image = new FloatTensor(new long[] {1, 3, size, size}, pixels.get(i));
                FloatTensor alpha = new FloatTensor(new long[] {1, 1, size, size}, alphas.get(i));
                float[] expected = ((FloatTensor) onnx.run(Map.of("image", image, "alpha", alpha),
                        Set.of("image_embedding")).get("image_embedding")).data();
                assertRelativelyClose(expected, torch[i], 1e-5, "embedding " + i);
            }
        }
    }

    @Test
    void similarityGradientEqualsPyTorchRunAfterRun() throws Exception {
        Path folder = MODELS.resolve("torchscript-gradient-reference");
        JsonObject shapes = JsonParser.parseString(Files.readString(folder.resolve("index.json"))).getAsJsonObject();
        int count = shapes.getAsJsonArray("image").get(0).getAsInt();
        int size = shapes.getAsJsonArray("image").get(2).getAsInt();
        ImageBatch batch = new ImageBatch(count, size, raw(folder, "image"), raw(folder, "alpha"));
        try (DifferentiableEncoder encoder = TorchScriptEncoders.open(info, modules, "test")) {
            for (int run = 0; run < 4; run++) {
                SimilarityGradient gradient = encoder.similarityGradient(batch, raw(folder, "target"));
                assertRelativelyClose(raw(folder, "cosine"), gradient.similarities(), 1e-5, "cosines, run " + run);
                assertRelativelyClose(raw(folder, "grad_image"), gradient.pixelGradient(), 1e-4,
                        "d cos / d image, run " + run);
                assertRelativelyClose(raw(folder, "grad_alpha"), gradient.alphaGradient(), 1e-4,
                        "d cos / d alpha, run " + run);
                System.gc();
            }
            float[][] afterGradients = encoder.embed(batch);
            assertEquals(count, afterGradients.length, "embedding still works after gradient runs");
        }
    }

    @Test
    void badInputsAreRefusedWithOneLine() throws Exception {
        int size = info.vision().resolution();
        try (DifferentiableEncoder encoder = TorchScriptEncoders.open(info, modules, "test")) {
            ImageBatch wrongSize = new ImageBatch(1, size / 2, new float[3 * size * size / 4], new float[size * size / 4]);
            EncoderException e = assertThrows(EncoderException.class, () -> encoder.embed(wrongSize));
            assertTrue(e.getMessage().contains("takes " + size + "x" + size), e.getMessage());
            ImageBatch batch = new ImageBatch(1, size, new float[3 * size * size], new float[size * size]);
            e = assertThrows(EncoderException.class, () -> encoder.similarityGradient(batch, new float[3]));
            assertTrue(e.getMessage().contains("3 values"), e.getMessage());
            e = assertThrows(EncoderException.class,
                    () -> encoder.similarityGradient(batch, new float[info.embedDim()]));
            assertTrue(e.getMessage().contains("zero"), e.getMessage());
            encoder.close();
            assertThrows(IllegalStateException.class, () -> encoder.embed(batch));
        }
        IllegalArgumentException nan = assertThrows(IllegalArgumentException.class,
                () -> new ImageBatch(1, 1, new float[] {0, Float.NaN, 0}, new float[1]));
        assertTrue(nan.getMessage().contains("NaN"), nan.getMessage());
        ModelInfo onnxOnly = ModelPackageReader.read(MODELS.resolve("fixture-full")).info();
        EncoderException missing = assertThrows(EncoderException.class,
                () -> TorchScriptEncoders.open(onnxOnly, modules, "test"));
        assertTrue(missing.getMessage().contains("no TorchScript image tower"), missing.getMessage());
    }

    private static void assertRelativelyClose(float[] expected, float[] actual, double tolerance, String what) {
        assertEquals(expected.length, actual.length, what + " length");
        double scale = 0;
        double worst = 0;
        for (int i = 0; i < expected.length; i++) {
            scale = Math.max(scale, Math.abs(expected[i]));
            worst = Math.max(worst, Math.abs(expected[i] - actual[i]));
        }
        assertTrue(worst <= tolerance * scale, what + ": max difference " + worst + " of max " + scale
                + " (relative " + worst / scale + ", allowed " + tolerance + ")");
    }

    private static float[] floats(Path set, JsonObject index, String name) throws IOException {
        String file = index.getAsJsonObject(name).get("file").getAsString();
        return read(set.resolve(file));
    }

    private static float[] raw(Path folder, String name) throws IOException {
        return read(folder.resolve(name + ".bin"));
    }

    private static float[] read(Path file) throws IOException {
        ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        float[] values = new float[bytes.remaining() / 4];
        bytes.asFloatBuffer().get(values);
        return values;
    }

    private static float[] concat(List<float[]> parts) {
        int length = parts.stream().mapToInt(p -> p.length).sum();
        float[] all = new float[length];
        int offset = 0;
        for (float[] part : parts) {
            System.arraycopy(part, 0, all, offset, part.length);
            offset += part.length;
        }
        return all;
    }
}
