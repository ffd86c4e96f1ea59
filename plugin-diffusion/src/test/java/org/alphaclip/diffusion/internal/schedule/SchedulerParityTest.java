package org.alphaclip.diffusion.internal.schedule;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.alphaclip.sdk.testing.FixtureSets;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * The schedulers against diffusers on every scheduler set of the fixture root ({@code diffusion-reference/schedulers}):
 * each {@code <scheduler>_steps<N>.json} loop is replayed step by step (its recorded model outputs fed to our
 * {@code step}, our own latents carried from step to step), comparing the timesteps, the initial noise scale, the UNet
 * input, the previous sample and the clean-sample estimate of every step and the final latents; each
 * {@code <scheduler>_timesteps.json} gives the float32 training schedule and the timesteps (and sigmas) of other step
 * counts. Scheduler names, step counts and spacings are read from the files.
 */
class SchedulerParityTest {

    /** Per-step tolerance relative to the largest value of the reference array (float32 arithmetic, few ops). */
    private static final double STEP_TOLERANCE = 2e-6;

    @TestFactory
    Stream<DynamicTest> everyLoopMatchesDiffusers() throws IOException {
        return files("_steps").map(file -> DynamicTest.dynamicTest(file.getFileName().toString(), () -> checkLoop(file)));
    }

    @TestFactory
    Stream<DynamicTest> everyScheduleMatchesDiffusers() throws IOException {
        return files("_timesteps").map(file -> DynamicTest.dynamicTest(file.getFileName().toString(), () -> checkSchedule(file)));
    }

    private static Stream<Path> files(String marker) throws IOException {
        Path folder = FixtureSets.set("diffusion-reference").resolve("schedulers");
        List<Path> found;
        try (Stream<Path> list = Files.list(folder)) {
            found = list.filter(p -> p.getFileName().toString().matches(".*" + marker + "[0-9]*\\.json")).sorted().toList();
        }
        assertFalse(found.isEmpty(), "no *" + marker + "*.json in " + folder);
        return found.stream();
    }

    private static void checkLoop(Path file) throws IOException {
        JsonObject loop = JsonParser.parseString(Files.readString(file)).getAsJsonObject();
        Scheduler scheduler = scheduler(loop);
        int steps = loop.get("num_inference_steps").getAsInt();
        scheduler.setTimesteps(steps);
        assertArrayEquals(doubles(loop.getAsJsonArray("timesteps")), scheduler.timesteps(), 0, "timesteps");
        assertEquals(loop.get("init_noise_sigma").getAsFloat(), scheduler.initNoiseSigma(), 1e-6 * scheduler.initNoiseSigma());

        float[] noise = floats(loop.get("x_T"));
        float[] latents = new float[noise.length];
        for (int i = 0; i < noise.length; i++) {
            latents[i] = noise[i] * scheduler.initNoiseSigma();
        }
        close(floats(loop.get("latents_0")), latents, "latents_0");
        JsonArray recorded = loop.getAsJsonArray("steps");
        assertEquals(scheduler.timesteps().length, recorded.size(), "steps recorded");
        for (int i = 0; i < recorded.size(); i++) {
            JsonObject step = recorded.get(i).getAsJsonObject();
            assertEquals(step.get("t").getAsDouble(), scheduler.timesteps()[i], 0, "t of step " + i);
            close(floats(step.get("model_input")), scheduler.scaleModelInput(latents, i), "model_input of step " + i);
            StepOutput out = scheduler.step(i, floats(step.get("model_output")), latents);
            close(floats(step.get("prev_sample")), out.prevSample(), "prev_sample of step " + i);
            if (step.has("pred_original_sample")) {
                close(floats(step.get("pred_original_sample")), out.predOriginalSample(), "pred_original_sample of step " + i);
            }
            latents = out.prevSample();
        }
        close(floats(loop.get("final_latents")), latents, "final_latents");
    }

    private static void checkSchedule(Path file) throws IOException {
        JsonObject doc = JsonParser.parseString(Files.readString(file)).getAsJsonObject();
        SchedulerConfig config = new SchedulerConfig(doc.getAsJsonObject("config"), kind(doc));
        NoiseSchedule schedule = NoiseSchedule.of(config);
        float[] betas = floats(doc.get("betas"));
        float[] alphas = floats(doc.get("alphas_cumprod"));
        assertEquals(betas.length, schedule.length());
        double worstBeta = 0;
        double worstAlpha = 0;
        for (int t = 0; t < betas.length; t++) {
            worstBeta = Math.max(worstBeta, Math.abs(schedule.beta(t) - betas[t]) / betas[t]);
            worstAlpha = Math.max(worstAlpha, Math.abs(schedule.alphaCumprod(t) - alphas[t]) / alphas[t]);
        }
        assertTrue(worstBeta < 1e-6 && worstAlpha < 1e-5, "betas " + worstBeta + ", alphas_cumprod " + worstAlpha
                + " (largest relative difference)");
        JsonObject bySteps = doc.getAsJsonObject("by_steps");
        for (String count : bySteps.keySet()) {
            JsonObject expected = bySteps.getAsJsonObject(count);
            Scheduler scheduler = kind(doc).create(config);
            scheduler.setTimesteps(Integer.parseInt(count));
            assertArrayEquals(doubles(expected.getAsJsonArray("timesteps")), scheduler.timesteps(), 0, count + " steps");
            if (expected.has("init_noise_sigma")) {
                float sigma = expected.get("init_noise_sigma").getAsFloat();
                assertEquals(sigma, scheduler.initNoiseSigma(), 1e-6 * sigma, count + " steps: init_noise_sigma");
            }
            if (expected.has("sigmas")) {
                close(floats(expected.get("sigmas")), ((EulerScheduler) scheduler).sigmas(), count + " steps: sigmas");
            }
        }
    }

    @Test
    void stepsOutOfOrderAndBadConfigurationsAreRefused() throws IOException {
        Path file = files("_steps").findFirst().orElseThrow();
        JsonObject loop = JsonParser.parseString(Files.readString(file)).getAsJsonObject();
        Scheduler scheduler = scheduler(loop);
        float[] sample = new float[4];
        assertThrows(IllegalStateException.class, () -> scheduler.step(0, sample, sample));
        scheduler.setTimesteps(10);
        assertEquals("pndm scheduler: step 1 taken out of order (next is 0 of 11)".replace("pndm", scheduler.kind().displayName())
                .replace("11", String.valueOf(scheduler.timesteps().length)),
                assertThrows(IllegalStateException.class, () -> scheduler.step(1, sample, sample)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> scheduler.setTimesteps(0));
        assertThrows(IllegalArgumentException.class, () -> scheduler.setTimesteps(1001));

        JsonObject config = loop.getAsJsonObject("config").deepCopy();
        config.addProperty("timestep_spacing", "sideways");
        assertEquals("scheduler_config.json: timestep_spacing must be leading, trailing or linspace (got 'sideways')",
                assertThrows(IllegalArgumentException.class, () -> SchedulerKind.DDIM.create(
                        new SchedulerConfig(config, SchedulerKind.DDIM)).setTimesteps(10)).getMessage());
        JsonObject karras = loop.getAsJsonObject("config").deepCopy();
        karras.addProperty("use_karras_sigmas", true);
        assertEquals("scheduler_config.json: use_karras_sigmas true is not supported by the euler scheduler here",
                assertThrows(IllegalArgumentException.class, () -> SchedulerKind.EULER.create(
                        new SchedulerConfig(karras, SchedulerKind.EULER))).getMessage());
        assertEquals("Unknown scheduler 'heun': choose pndm, ddim, euler (or a class name: PNDMScheduler, DDIMScheduler,"
                + " EulerDiscreteScheduler)", assertThrows(IllegalArgumentException.class, () -> SchedulerKind.of("heun"))
                .getMessage());
    }

    private static Scheduler scheduler(JsonObject doc) {
        return kind(doc).create(new SchedulerConfig(doc.getAsJsonObject("config"), kind(doc)));
    }

    /** The scheduler class a file records: its {@code class}, else the config's {@code _class_name}. */
    private static SchedulerKind kind(JsonObject doc) {
        JsonElement name = doc.has("class") ? doc.get("class") : doc.getAsJsonObject("config").get("_class_name");
        return SchedulerKind.of(name.getAsString());
    }

    private static void close(float[] expected, float[] actual, String what) {
        assertEquals(expected.length, actual.length, what + ": length");
        double scale = 0;
        double worst = 0;
        for (int i = 0; i < expected.length; i++) {
            scale = Math.max(scale, Math.abs(expected[i]));
            worst = Math.max(worst, Math.abs(expected[i] - actual[i]));
        }
        assertTrue(worst <= STEP_TOLERANCE * Math.max(scale, 1e-6), what + ": max |difference| " + worst
                + " against max |reference| " + scale);
    }

    private static float[] floats(JsonElement nested) {
        List<Float> values = new ArrayList<>();
        flatten(nested, values);
        float[] out = new float[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = values.get(i);
        }
        return out;
    }

    private static void flatten(JsonElement e, List<Float> into) {
        if (e.isJsonArray()) {
            e.getAsJsonArray().forEach(child -> flatten(child, into));
        } else {
            into.add(e.getAsFloat());
        }
    }

    private static double[] doubles(JsonArray array) {
        double[] out = new double[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = array.get(i).getAsDouble();
        }
        return out;
    }
}
