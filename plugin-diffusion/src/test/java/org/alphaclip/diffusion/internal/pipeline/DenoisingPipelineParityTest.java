package org.alphaclip.diffusion.internal.pipeline;

import static org.alphaclip.diffusion.internal.testing.ReferenceTensors.assertClose;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.alphaclip.api.image.RgbImage;
import org.alphaclip.api.tensor.FloatTensor;
import org.alphaclip.core.internal.session.StandaloneSessions;
import org.alphaclip.diffusion.internal.model.UNet;
import org.alphaclip.diffusion.internal.model.VaeDecoder;
import org.alphaclip.diffusion.internal.schedule.Scheduler;
import org.alphaclip.diffusion.internal.schedule.SchedulerConfig;
import org.alphaclip.diffusion.internal.schedule.SchedulerKind;
import org.alphaclip.diffusion.internal.testing.ReferenceTensors;
import org.alphaclip.sdk.testing.FixtureSets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * The whole image-variation loop against diffusers' {@code StableDiffusionImageVariationPipeline} on the tiny models,
 * for every {@code imgvar_loop*} set of the fixture root: the conditioning (zeros first), the timesteps, and per step
 * the UNet input, the guided noise and the latents, then the final latents, the VAE output and the image. Steps,
 * guidance (1 means no unconditional half), scheduler configuration and VAE scaling are read from each set. Tolerances
 * as the fixture suggests: per step 1e-3 relative to the largest latent, the image 2e-3.
 */
class DenoisingPipelineParityTest {

    private static StandaloneSessions sessions;
    private static Path root;

    @BeforeAll
    static void open() {
        sessions = StandaloneSessions.cpu(2);
        root = FixtureSets.set("diffusion-reference");
    }

    @AfterAll
    static void close() {
        sessions.close();
    }

    @TestFactory
    Stream<DynamicTest> everyLoopMatchesDiffusers() throws IOException {
        List<Path> sets;
        try (Stream<Path> list = Files.list(root)) {
            sets = list.filter(p -> p.getFileName().toString().startsWith("imgvar_loop") && Files.isDirectory(p)).sorted().toList();
        }
        assertFalse(sets.isEmpty(), "no imgvar_loop* set under " + root);
        return sets.stream().map(set -> DynamicTest.dynamicTest(set.getFileName().toString(), () -> check(set)));
    }

    private static void check(Path set) throws Exception {
        JsonObject manifest = JsonParser.parseString(Files.readString(set.resolve("manifest.json"))).getAsJsonObject();
        ReferenceTensors ref = ReferenceTensors.in(set);
        JsonObject config = manifest.getAsJsonObject("scheduler_config");
        SchedulerKind kind = SchedulerKind.of(config.get("_class_name").getAsString());
        Scheduler scheduler = kind.create(new SchedulerConfig(config, kind));
        int steps = manifest.get("num_inference_steps").getAsInt();
        double guidance = manifest.get("guidance_scale").getAsDouble();
        float scaling = manifest.get("vae_scaling_factor").getAsFloat();
        Path models = root.resolve("tiny_models/onnx");
        float[] embedding = ref.floats("image_embeds").data();
        assertClose(ref.floats("encoder_hidden_states_cfg"), DenoisingPipeline.conditioning(embedding, guidance > 1), 0,
                "conditioning");
        try (UNet unet = UNet.open(sessions, models.resolve("unet/model.onnx"));
                VaeDecoder vae = VaeDecoder.open(sessions, models.resolve("vae_decoder/model.onnx"), scaling)) {
            DenoisingPipeline pipeline = new DenoisingPipeline(unet, vae);
            List<FloatTensor> inputs = new ArrayList<>();
            List<FloatTensor> noise = new ArrayList<>();
            List<FloatTensor> latents = new ArrayList<>();
            List<Double> timesteps = new ArrayList<>();
            FloatTensor last = pipeline.denoise(embedding, ref.floats("latents_init"), scheduler, steps, guidance,
                    (i, total, t, input, guided, after) -> {
                        timesteps.add(t);
                        inputs.add(input);
                        noise.add(guided);
                        latents.add(after);
                    });
            assertArrayEquals(ref.floats("timesteps").data(), toFloats(timesteps), 0f, "timesteps");
            FloatTensor expectedLatents = ref.floats("latents_per_step");
            FloatTensor expectedInputs = ref.floats("latent_model_input_per_step");
            FloatTensor expectedNoise = ref.floats("noise_pred_guided_per_step");
            for (int i = 0; i < latents.size(); i++) {
                FloatTensor want = slice(expectedLatents, i);
                double tolerance = 1e-3 * maxAbs(want);
                assertClose(slice(expectedInputs, i), inputs.get(i), tolerance, "UNet input of step " + i);
                assertClose(slice(expectedNoise, i), noise.get(i), tolerance, "guided noise of step " + i);
                assertClose(want, latents.get(i), tolerance, "latents after step " + i);
            }
            FloatTensor finalLatents = ref.floats("latents_final");
            assertClose(finalLatents, last, 1e-3 * maxAbs(finalLatents), "final latents");
            FloatTensor decoded = pipeline.decode(last);
            FloatTensor expectedDecoded = ref.floats("vae_decoded");
            assertClose(expectedDecoded, decoded, 4e-3 * Math.max(1, maxAbs(expectedDecoded)), "VAE output");
            FloatTensor pixels = ref.floats("image_np");
            RgbImage image = DenoisingPipeline.toImage(decoded, 0);
            assertEquals(pixels.shape()[2], image.width());
            double worst = 0;
            for (int p = 0; p < pixels.data().length; p++) {
                worst = Math.max(worst, Math.abs((image.rgb()[p] & 0xFF) / 255.0 - pixels.data()[p]));
            }
            assertTrue(worst <= 2e-3 + 0.5 / 255, "image: max |difference| " + worst);
        }
    }

    private static FloatTensor slice(FloatTensor perStep, int step) {
        long[] shape = new long[perStep.shape().length - 1];
        System.arraycopy(perStep.shape(), 1, shape, 0, shape.length);
        return new FloatTensor(shape, perStep.row(step));
    }

    private static double maxAbs(FloatTensor t) {
        double max = 0;
        for (float v : t.data()) {
            max = Math.max(max, Math.abs(v));
        }
        return max;
    }

    private static float[] toFloats(List<Double> values) {
        float[] out = new float[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = values.get(i).floatValue();
        }
        return out;
    }
}
