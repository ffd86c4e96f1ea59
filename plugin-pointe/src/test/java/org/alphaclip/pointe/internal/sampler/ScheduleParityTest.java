package org.alphaclip.pointe.internal.sampler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.alphaclip.pointe.internal.testing.PointeReference;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

/**
 * The diffusion schedules, Karras noise levels and sigma-to-timestep mapping against official point-e
 * ({@code pointe-reference}): both stages' {@code alphas_cumprod} and coefficient tables, the Karras sigmas of every
 * stored schedule (settings from {@code config.json}), the sigma sweep (fractional and truncated timesteps) and every
 * row of {@code facts.json}'s per-step tables ({@code t_float}, {@code t}, {@code c_in}, coefficients).
 */
class ScheduleParityTest {

    /**
     * Relative tolerance of the Karras sigmas: PyTorch raises the float32 base to the 7th power with its vectorised
     * {@code powf} (within an ulp or so), which Java's correctly rounded power cannot reproduce bit for bit; the power
     * multiplies one ulp of the base by 7. Measured: 1.2e-6 at most.
     */
    private static final double SIGMA_TOLERANCE = 2e-6;

    private static PointeReference ref;
    private static DiffusionSchedule base;
    private static DiffusionSchedule up;

    @BeforeAll
    static void load() throws Exception {
        ref = PointeReference.load();
        JsonObject c = ref.config();
        base = DiffusionSchedule.named(c.getAsJsonObject("base_diffusion").get("schedule").getAsString(),
                c.getAsJsonObject("base_diffusion").get("timesteps").getAsInt());
        up = DiffusionSchedule.named(c.getAsJsonObject("upsampler_diffusion").get("schedule").getAsString(),
                c.getAsJsonObject("upsampler_diffusion").get("timesteps").getAsInt());
    }

    private static void assertRelative(double[] expected, double[] actual, double tolerance, String what) {
        assertEquals(expected.length, actual.length, what + ": length");
        for (int i = 0; i < expected.length; i++) {
            double scale = Math.max(1e-300, Math.abs(expected[i]));
            assertTrue(Math.abs(expected[i] - actual[i]) / scale <= tolerance,
                    what + "[" + i + "]: " + actual[i] + " vs " + expected[i]);
        }
    }

    @Test
    void alphasCumprodEqualTheOfficialTables() throws Exception {
        assertRelative(ref.doubles("base_alphas_cumprod_f64"), base.alphasCumprod(), 1e-12, "base alphas_cumprod");
        assertRelative(ref.doubles("up_alphas_cumprod_f64"), up.alphasCumprod(), 1e-12, "upsampler alphas_cumprod");
        double[] recip = ref.doubles("base_sqrt_recip_alphas_cumprod_f64");
        double[] recipM1 = ref.doubles("up_sqrt_recipm1_alphas_cumprod_f64");
        for (int t = 0; t < recip.length; t++) {
            assertEquals((float) recip[t], base.sqrtRecipAlphasCumprod(t), Math.ulp((float) recip[t]), "sqrt(1/abar) " + t);
            assertEquals((float) recipM1[t], up.sqrtRecipMinusOneAlphasCumprod(t), Math.ulp((float) recipM1[t]),
                    "sqrt(1/abar - 1) " + t);
        }
    }

    @Test
    void karrasSigmasEqualTheOfficialOnes() throws Exception {
        JsonObject defaults = ref.config().getAsJsonObject("official_sampler_defaults");
        JsonObject det = ref.config().getAsJsonObject("set_settings").getAsJsonObject("det");
        double rho = defaults.get("rho").getAsDouble();
        List<Object[]> cases = List.of(
                new Object[] {"karras_sigmas_base", defaults.getAsJsonArray("karras_steps").get(0).getAsInt(),
                    defaults.getAsJsonArray("sigma_min").get(0).getAsDouble(), defaults.getAsJsonArray("sigma_max").get(0).getAsDouble()},
                new Object[] {"karras_sigmas_up", defaults.getAsJsonArray("karras_steps").get(1).getAsInt(),
                    defaults.getAsJsonArray("sigma_min").get(1).getAsDouble(), defaults.getAsJsonArray("sigma_max").get(1).getAsDouble()},
                new Object[] {"karras_sigmas_det", det.get("steps").getAsInt(), det.get("sigma_min").getAsDouble(),
                    det.get("sigma_max").getAsDouble()});
        for (Object[] c : cases) {
            float[] expected = ref.floats((String) c[0]);
            float[] actual = KarrasSchedule.sigmas((int) c[1], (double) c[2], (double) c[3], rho);
            assertEquals(expected.length, actual.length, c[0] + ": steps + 1 values");
            for (int i = 0; i < expected.length; i++) {
                assertEquals(expected[i], actual[i], SIGMA_TOLERANCE * expected[i], c[0] + "[" + i + "]");
            }
        }
    }

    @Test
    void sigmaToTimestepEqualsTheOfficialMapping() throws Exception {
        float[] sigmas = ref.floats("sigma_to_t_sweep_sigma");
        double[] baseFloat = ref.doubles("sigma_to_t_sweep_base_tfloat_f64");
        long[] baseT = ref.longs("sigma_to_t_sweep_base_t");
        double[] upFloat = ref.doubles("sigma_to_t_sweep_up_tfloat_f64");
        long[] upT = ref.longs("sigma_to_t_sweep_up_t");
        for (int i = 0; i < sigmas.length; i++) {
            assertEquals(baseFloat[i], base.fractionalTimestep(sigmas[i]), 1e-9, "base t(" + sigmas[i] + ")");
            assertEquals(baseT[i], base.timestep(sigmas[i]), "base timestep(" + sigmas[i] + ")");
            assertEquals(upFloat[i], up.fractionalTimestep(sigmas[i]), 1e-9, "upsampler t(" + sigmas[i] + ")");
            assertEquals(upT[i], up.timestep(sigmas[i]), "upsampler timestep(" + sigmas[i] + ")");
        }
    }

    @Test
    void everyRowOfThePerStepTablesMatches() {
        JsonObject tables = ref.facts().getAsJsonObject("step_tables");
        for (String stage : tables.keySet()) {
            DiffusionSchedule schedule = stage.equals("base") ? base : up;
            for (JsonElement e : tables.getAsJsonObject(stage).getAsJsonArray("rows")) {
                JsonObject row = e.getAsJsonObject();
                float sigma = row.get("sigma").getAsFloat();
                String where = stage + " step " + row.get("step") + " " + row.get("kind").getAsString();
                assertEquals(row.get("t_float").getAsDouble(), schedule.fractionalTimestep(sigma), 1e-9, where);
                long t = schedule.timestep(sigma);
                assertEquals(row.get("t").getAsLong(), t, where);
                float cIn = 1f / (float) Math.sqrt(sigma * sigma + 1f);
                assertEquals(row.get("c_in").getAsFloat(), cIn, Math.ulp(cIn), where + " c_in");
                assertEquals((float) row.get("sqrt_recip_ac").getAsDouble(), schedule.sqrtRecipAlphasCumprod(t), 0, where);
                assertEquals((float) row.get("sqrt_recipm1_ac").getAsDouble(), schedule.sqrtRecipMinusOneAlphasCumprod(t),
                        0, where);
            }
        }
    }

    @Test
    void unknownSchedulesAreRefusedByName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DiffusionSchedule.named("sqrt", 1024));
        assertEquals("Unknown diffusion schedule 'sqrt': choose cosine or linear", e.getMessage());
    }
}
