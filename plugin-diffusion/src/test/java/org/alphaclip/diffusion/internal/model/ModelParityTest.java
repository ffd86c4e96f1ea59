package org.alphaclip.diffusion.internal.model;

import static org.alphaclip.diffusion.internal.testing.ReferenceTensors.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.alphaclip.api.model.InvalidModelException;
import org.alphaclip.api.tensor.FloatTensor;
import org.alphaclip.core.internal.session.StandaloneSessions;
import org.alphaclip.diffusion.internal.testing.ReferenceTensors;
import org.alphaclip.sdk.testing.FixtureSets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The UNet and VAE decoder wrappers on ONNX Runtime against diffusers' PyTorch outputs
 * ({@code diffusion-reference/tiny_models}): every UNet case of {@code reference_io/manifest.json}
 * ({@code <case>_sample}, {@code _timestep}, {@code _encoder_hidden_states}, {@code _out_sample}; one timestep for a
 * batch included) and every VAE case ({@code <case>_latent_sample} to {@code <case>_sample}). The VAE reference is
 * {@code vae.decode(z)}, so the wrapper's division by the scaling factor is undone on the input here.
 */
class ModelParityTest {

    /** The fixture's suggested tolerance for a UNet or VAE call through ONNX Runtime (absolute). */
    private static final double TOLERANCE = 1e-4;

    private static StandaloneSessions sessions;
    private static Path models;
    private static ReferenceTensors io;

    @BeforeAll
    static void open() throws Exception {
        sessions = StandaloneSessions.cpu(2);
        models = FixtureSets.set("diffusion-reference").resolve("tiny_models");
        io = ReferenceTensors.in(models.resolve("reference_io"));
    }

    @AfterAll
    static void close() {
        sessions.close();
    }

    @TestFactory
    Stream<DynamicTest> everyUnetCaseMatches() {
        List<String> cases = io.names().stream().filter(n -> n.endsWith("_out_sample"))
                .map(n -> n.substring(0, n.length() - "_out_sample".length())).sorted().toList();
        assertFalse(cases.isEmpty(), "no UNet case in reference_io");
        return cases.stream().map(c -> DynamicTest.dynamicTest(c, () -> {
            try (UNet unet = UNet.open(sessions, models.resolve("onnx/unet/model.onnx"))) {
                FloatTensor t = io.floats(c + "_timestep");
                double[] timesteps = new double[t.data().length];
                for (int i = 0; i < timesteps.length; i++) {
                    timesteps[i] = t.data()[i];
                }
                FloatTensor out = unet.predict(io.floats(c + "_sample"), timesteps, io.floats(c + "_encoder_hidden_states"));
                assertClose(io.floats(c + "_out_sample"), out, TOLERANCE, c);
            }
        }));
    }

    @TestFactory
    Stream<DynamicTest> everyVaeCaseMatches() {
        List<String> cases = io.names().stream().filter(n -> n.endsWith("_latent_sample"))
                .map(n -> n.substring(0, n.length() - "_latent_sample".length())).sorted().toList();
        assertFalse(cases.isEmpty(), "no VAE case in reference_io");
        return cases.stream().map(c -> DynamicTest.dynamicTest(c, () -> {
            float scaling = 0.5f;
            try (VaeDecoder vae = VaeDecoder.open(sessions, models.resolve("onnx/vae_decoder/model.onnx"), scaling)) {
                FloatTensor z = io.floats(c + "_latent_sample");
                float[] scaled = z.data().clone();
                for (int i = 0; i < scaled.length; i++) {
                    scaled[i] *= scaling;
                }
                assertClose(io.floats(c + "_sample"), vae.decode(new FloatTensor(z.shape(), scaled)), TOLERANCE, c);
            }
        }));
    }

    @Test
    void theUnetTakesItsTimestepTypeFromTheSessionAndRefusesOtherGraphs() throws Exception {
        try (UNet unet = UNet.open(sessions, models.resolve("onnx/unet/model.onnx"))) {
            assertEquals("FLOAT", unet.timestepType());
            FloatTensor sample = new FloatTensor(new long[] {2, 4, 8, 8}, new float[2 * 4 * 8 * 8]);
            FloatTensor context = new FloatTensor(new long[] {1, 1, 32}, new float[32]);
            assertThrows(IllegalArgumentException.class, () -> unet.predict(sample, new double[] {1}, context));
        }
        InvalidModelException wrong = assertThrows(InvalidModelException.class,
                () -> UNet.open(sessions, models.resolve("onnx/vae_decoder/model.onnx")));
        assertTrue(wrong.getMessage().contains("expected inputs [sample, timestep, encoder_hidden_states]"), wrong.getMessage());
    }
}
