package org.alphaclip.pointe.internal.sampler;

import static org.alphaclip.pointe.internal.testing.PointeReference.maxDifference;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.alphaclip.api.tensor.FloatTensor;
import org.alphaclip.core.internal.session.StandaloneSessions;
import org.alphaclip.pointe.PointCloud;
import org.alphaclip.pointe.SamplingSettings;
import org.alphaclip.pointe.StageSettings;
import org.alphaclip.pointe.internal.model.PointTransformer;
import org.alphaclip.pointe.internal.pipeline.PointCloudPipeline;
import org.alphaclip.pointe.internal.pkg.PackageReader;
import org.alphaclip.pointe.internal.pkg.PointePackage;
import org.alphaclip.pointe.internal.testing.PointeReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.google.gson.JsonObject;

/**
 * The model through ONNX Runtime and the Java sampler against official point-e ({@code pointe-reference}), on the
 * package the exporter made from the set's weights ({@code target/test-models/tiny-pointe}): both transformers with
 * and without conditioning, one deterministic Heun step (guided estimates, Euler point, result, the timesteps the
 * model saw), the full deterministic sample (every denoiser call's sigma and timestep, the unscaled output, the point
 * cloud) and the full two-stage stochastic sample replayed from the recorded normal draws.
 */
class SamplerParityTest {

    /** Model outputs through ONNX Runtime against PyTorch (the fixture measured 1.9e-6 for its own export). */
    private static final double MODEL_TOLERANCE = 1e-4;
    /**
     * One Heun step in the scaled space: the model's error (about 2e-6) times {@code sqrt(1/abar_t - 1)} (about 40 at
     * the fixture's step) times the guidance scale (3); measured 1.2e-4.
     */
    private static final double STEP_TOLERANCE = 1e-3;
    /**
     * Whole samples, unscaled: coordinates (about ±0.5) and colours (0..255). The fixture measured how far 1e-6
     * relative noise in the model's output moves a sample: 3e-5 in xyz and 0.007 in colour.
     */
    private static final double XYZ_TOLERANCE = 1e-3;
    private static final double RGB_TOLERANCE = 0.25;

    private static StandaloneSessions sessions;
    private static PointeReference ref;
    private static PointePackage pkg;
    private static PointTransformer base;
    private static PointTransformer up;
    private static DiffusionSchedule baseSchedule;
    private static DiffusionSchedule upSchedule;

    @BeforeAll
    static void open() throws Exception {
        sessions = StandaloneSessions.cpu(2);
        ref = PointeReference.load();
        Path packages = Path.of(System.getProperty("pointe.test.packages", "target/test-models"));
        pkg = PackageReader.read(packages.resolve("tiny-pointe"));
        base = PointTransformer.open(sessions, pkg.base(), false);
        up = PointTransformer.open(sessions, pkg.upsampler(), true);
        baseSchedule = DiffusionSchedule.named(pkg.baseSchedule(), pkg.baseTimesteps());
        upSchedule = DiffusionSchedule.named(pkg.upsamplerSchedule(), pkg.upsamplerTimesteps());
    }

    @AfterAll
    static void close() {
        base.close();
        up.close();
        sessions.close();
    }

    /** The first {@code n} rows of the grid embeddings, as float32 [n, C, L]. */
    private static FloatTensor grid(int n) throws Exception {
        FloatTensor all = ref.tensor("grid_embeddings");
        long[] shape = all.shape().clone();
        int row = (int) (shape[1] * shape[2]);
        shape[0] = n;
        return new FloatTensor(shape, Arrays.copyOf(all.data(), n * row));
    }

    private static FloatTensor zeros(long[] shape) {
        long count = 1;
        for (long d : shape) {
            count *= d;
        }
        return new FloatTensor(shape, new float[(int) count]);
    }

    private static void assertClose(float[] expected, float[] actual, double tolerance, String what) {
        double d = maxDifference(expected, actual);
        assertTrue(d <= tolerance, what + ": max |difference| " + d + " > " + tolerance);
    }

    @Test
    void bothTransformersMatchWithAndWithoutConditioning() throws Exception {
        FloatTensor x = ref.tensor("fwd_x");
        long[] t = ref.longs("fwd_t");
        FloatTensor g = grid((int) x.shape()[0]);
        assertClose(ref.floats("fwd_out_cond"), base.predict(x, t, g, null).data(), MODEL_TOLERANCE, "base, conditioned");
        assertClose(ref.floats("fwd_out_uncond"), base.predict(x, t, zeros(g.shape()), null).data(), MODEL_TOLERANCE,
                "base, zero embeddings");
        FloatTensor ux = ref.tensor("up_fwd_x");
        FloatTensor low = ref.tensor("up_fwd_low_res");
        FloatTensor ug = grid((int) ux.shape()[0]);
        long[] ut = ref.longs("up_fwd_t");
        assertClose(ref.floats("up_fwd_out_cond"), up.predict(ux, ut, ug, low).data(), MODEL_TOLERANCE,
                "upsampler, conditioned");
        assertClose(ref.floats("up_fwd_out_uncond"), up.predict(ux, ut, zeros(ug.shape()), zeros(low.shape())).data(),
                MODEL_TOLERANCE, "upsampler, everything zeroed");
    }

    @Test
    void oneHeunStepMatches() throws Exception {
        JsonObject step = ref.facts().getAsJsonObject("heun_step");
        float[] x = ref.floats("heun_x");
        float[] sigmas = ref.floats("heun_sigmas");
        int batch = (int) ref.shape("heun_x")[0];
        int points = (int) ref.shape("heun_x")[2];
        List<Long> seen = new ArrayList<>();
        KarrasDenoiser denoiser = new KarrasDenoiser(base, baseSchedule, grid(batch), null, 6, points,
                step.get("guidance").getAsDouble(), true);
        Denoiser recording = (values, sigma) -> {
            seen.add(baseSchedule.timestep(sigma));
            return denoiser.denoise(values, sigma);
        };
        HeunSampler.Step result = HeunSampler.step(recording, x, sigmas[0], sigmas[1]);
        assertClose(ref.floats("heun_denoised_1"), result.denoised(), STEP_TOLERANCE, "guided estimate at sigma_cur");
        assertClose(ref.floats("heun_x2"), result.euler(), STEP_TOLERANCE, "Euler point");
        assertClose(ref.floats("heun_denoised_2"), result.denoisedAtEuler(), STEP_TOLERANCE, "guided estimate at sigma_next");
        assertClose(ref.floats("heun_x_next"), result.x(), STEP_TOLERANCE, "Heun step");
        long[] t1 = ref.longs("heun_model_t_1");
        long[] t2 = ref.longs("heun_model_t_2");
        assertEquals(List.of(t1[0], t2[0]), seen, "the integer timesteps the model saw");
    }

    private static StageSettings settings(JsonObject det) {
        JsonObject defaults = ref.config().getAsJsonObject("official_sampler_defaults");
        return new StageSettings(det.get("steps").getAsInt(), det.get("guidance").getAsDouble(),
                det.get("sigma_min").getAsDouble(), det.get("sigma_max").getAsDouble(), det.get("s_churn").getAsDouble(),
                defaults.get("rho").getAsDouble(), defaults.get("s_tmin").getAsDouble(), Double.POSITIVE_INFINITY,
                defaults.get("s_noise").getAsDouble(), defaults.get("clip_denoised").getAsBoolean());
    }

    private static void assertSample(float[] expected, float[] actual, int points, String what) {
        assertEquals(expected.length, actual.length, what + ": length");
        double xyz = 0;
        double rgb = 0;
        for (int i = 0; i < expected.length; i++) {
            double d = Math.abs(expected[i] - actual[i]);
            if ((i / points) % 6 < 3) {
                xyz = Math.max(xyz, d);
            } else {
                rgb = Math.max(rgb, d);
            }
        }
        assertTrue(xyz <= XYZ_TOLERANCE, what + ": xyz max |difference| " + xyz);
        assertTrue(rgb <= RGB_TOLERANCE, what + ": colour max |difference| " + rgb + " (of 255)");
    }

    @Test
    void theDeterministicSampleMatchesCallByCall() throws Exception {
        JsonObject det = ref.facts().getAsJsonObject("det_sample").getAsJsonObject("settings");
        StageSettings stage = settings(det);
        int batch = det.get("batch").getAsInt();
        float[] initial = ref.floats("det_initial_noise");
        int points = (int) ref.shape("det_initial_noise")[2];
        KarrasDenoiser denoiser = new KarrasDenoiser(base, baseSchedule, grid(batch), null, 6, points, stage.guidance(),
                stage.clipDenoised());
        List<Float> sigmas = new ArrayList<>();
        List<Long> timesteps = new ArrayList<>();
        Denoiser recording = (values, sigma) -> {
            sigmas.add(sigma);
            timesteps.add(baseSchedule.timestep(sigma));
            return denoiser.denoise(values, sigma);
        };
        float[] scaled = new HeunSampler(stage).sample(recording, initial.length, count -> initial.clone(), (d, t) -> { });
        float[] expectedSigmas = ref.floats("det_call_sigma");
        assertEquals(expectedSigmas.length, sigmas.size(), "denoiser calls");
        for (int i = 0; i < expectedSigmas.length; i++) {
            assertEquals(expectedSigmas[i], sigmas.get(i), 2e-6 * expectedSigmas[i], "sigma of call " + i);
        }
        assertArrayEquals(ref.longs("det_call_t"), timesteps.stream().mapToLong(Long::longValue).toArray(),
                "the model's timestep at every call");
        PointCloudPipeline pipeline = new PointCloudPipeline(base, baseSchedule, points, null, null, 0, pkg.scales(),
                pkg.biases());
        FloatTensor output = pipeline.sample(grid(batch), new SamplingSettings(0, false, stage, null),
                count -> initial.clone(), (s, d, t) -> { });
        assertSample(ref.floats("det_output"), output.data(), points, "deterministic sample");
        assertEquals(scaled.length, output.data().length);
        PointCloud cloud = PointCloudPipeline.toPointCloud(output, 0);
        assertClose(ref.floats("det_pc0_coords"), cloud.coordinates(), XYZ_TOLERANCE, "point cloud coordinates");
        assertClose(ref.floats("det_pc0_rgb"), cloud.colours(), 1.0 / 255 + 1e-6, "point cloud colours (k / 255)");
    }

    @Test
    void theTwoStageSampleReplaysFromTheRecordedDraws() throws Exception {
        JsonObject defaults = ref.config().getAsJsonObject("official_sampler_defaults");
        StageSettings first = stage(defaults, 0);
        StageSettings second = stage(defaults, 1);
        float[] draws = ref.floats("pipe_stage1_draws");
        long[] drawShape = ref.shape("pipe_stage1_draws");
        int drawSize = (int) (drawShape[1] * drawShape[2] * drawShape[3]);
        float[] stage2 = ref.floats("pipe_stage2_initial_noise");
        int[] next = {0};
        int basePoints = (int) drawShape[3];
        int upPoints = (int) ref.shape("pipe_stage2_initial_noise")[2];
        PointCloudPipeline pipeline = new PointCloudPipeline(base, baseSchedule, basePoints, up, upSchedule, upPoints,
                pkg.scales(), pkg.biases());
        NoiseSource replay = count -> {
            int i = next[0]++;
            if (i < drawShape[0]) {
                assertEquals(drawSize, count, "draw " + i + " of stage 1");
                return Arrays.copyOfRange(draws, i * drawSize, (i + 1) * drawSize);
            }
            assertEquals(stage2.length, count, "stage 2's first draw");
            return stage2.clone();
        };
        int batch = (int) drawShape[1];
        FloatTensor output = pipeline.sample(grid(batch), new SamplingSettings(0, true, first, second), replay,
                (s, d, t) -> { });
        assertEquals(drawShape[0] + 1, next[0], "every recorded draw used; stage 2 draws only its start (s_churn 0)");
        float[] expected = ref.floats("pipe_output");
        assertSample(expected, output.data(), basePoints + upPoints, "two-stage sample");
        PointCloud cloud = PointCloudPipeline.toPointCloud(output, 0);
        assertClose(ref.floats("pipe_pc0_coords"), cloud.coordinates(), XYZ_TOLERANCE, "point cloud coordinates");
        float[] bytes = ref.floats("pipe_pc0_rgb_u8");
        int differ = 0;
        for (int i = 0; i < bytes.length; i++) {
            int ours = Math.round(cloud.colours()[i] * 255);
            assertTrue(Math.abs(ours - bytes[i]) <= 1, "colour " + i + ": " + ours + " vs " + bytes[i]);
            differ += ours != bytes[i] ? 1 : 0;
        }
        assertTrue(differ <= bytes.length / 100, differ + " colour values differ by one step of 255");
    }

    private static StageSettings stage(JsonObject defaults, int index) {
        return new StageSettings(defaults.getAsJsonArray("karras_steps").get(index).getAsInt(),
                defaults.getAsJsonArray("guidance_scale").get(index).getAsDouble(),
                defaults.getAsJsonArray("sigma_min").get(index).getAsDouble(),
                defaults.getAsJsonArray("sigma_max").get(index).getAsDouble(),
                defaults.getAsJsonArray("s_churn").get(index).getAsDouble(), defaults.get("rho").getAsDouble(),
                defaults.get("s_tmin").getAsDouble(), Double.POSITIVE_INFINITY, defaults.get("s_noise").getAsDouble(),
                defaults.get("clip_denoised").getAsBoolean());
    }
}
