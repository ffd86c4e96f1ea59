package org.alphaclip.diffusion.internal.schedule;

import java.util.Set;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

/**
 * A scheduler configuration as diffusers reads {@code scheduler_config.json}: the values the file holds, and for the
 * keys it leaves out the defaults of the scheduler class that reads it (so one file configures PNDM, DDIM and Euler
 * alike, as {@code from_config} does). Values of the wrong type are refused with the key named.
 *
 * @param values the file's object
 * @param kind the scheduler that reads it, for its defaults
 */
public record SchedulerConfig(JsonObject values, SchedulerKind kind) {

    private static final Set<String> SPACINGS = Set.of("leading", "trailing", "linspace");

    /** The same values read by another scheduler. */
    public SchedulerConfig as(SchedulerKind other) {
        return new SchedulerConfig(values, other);
    }

    /** {@code num_train_timesteps}: the length of the training noise schedule (default 1000). */
    public int numTrainTimesteps() {
        int value = integer("num_train_timesteps", 1000);
        if (value < 2) {
            throw invalid("num_train_timesteps", "at least 2");
        }
        return value;
    }

    /** {@code beta_start} (default 0.0001). */
    public double betaStart() {
        return number("beta_start", 0.0001);
    }

    /** {@code beta_end} (default 0.02). */
    public double betaEnd() {
        return number("beta_end", 0.02);
    }

    /** {@code beta_schedule}: {@code linear} (default), {@code scaled_linear} or {@code squaredcos_cap_v2}. */
    public String betaSchedule() {
        String value = text("beta_schedule", "linear");
        if (!Set.of("linear", "scaled_linear", "squaredcos_cap_v2").contains(value)) {
            throw invalid("beta_schedule", "linear, scaled_linear or squaredcos_cap_v2 (got '" + value + "')");
        }
        return value;
    }

    /** {@code trained_betas}, or null when the file gives none. */
    public double[] trainedBetas() {
        JsonElement e = values.get("trained_betas");
        if (e == null || e.isJsonNull()) {
            return null;
        }
        if (!e.isJsonArray()) {
            throw invalid("trained_betas", "a list of numbers or null");
        }
        JsonArray array = e.getAsJsonArray();
        double[] betas = new double[array.size()];
        for (int i = 0; i < betas.length; i++) {
            betas[i] = array.get(i).getAsDouble();
        }
        return betas;
    }

    /** {@code prediction_type}: {@code epsilon} (default), {@code sample} or {@code v_prediction}. */
    public String predictionType() {
        String value = text("prediction_type", "epsilon");
        if (!Set.of("epsilon", "sample", "v_prediction").contains(value)) {
            throw invalid("prediction_type", "epsilon, sample or v_prediction (got '" + value + "')");
        }
        return value;
    }

    /** {@code timestep_spacing}: {@code leading}, {@code trailing} or {@code linspace}; Euler's default is linspace. */
    public String timestepSpacing() {
        String value = text("timestep_spacing", kind == SchedulerKind.EULER ? "linspace" : "leading");
        if (!SPACINGS.contains(value)) {
            throw invalid("timestep_spacing", "leading, trailing or linspace (got '" + value + "')");
        }
        return value;
    }

    /** {@code steps_offset} (default 0). */
    public int stepsOffset() {
        return integer("steps_offset", 0);
    }

    /** {@code set_alpha_to_one}: PNDM's default is false, DDIM's true. */
    public boolean setAlphaToOne() {
        return flag("set_alpha_to_one", kind == SchedulerKind.DDIM);
    }

    /** {@code skip_prk_steps} (PNDM; default false). */
    public boolean skipPrkSteps() {
        return flag("skip_prk_steps", false);
    }

    /** {@code clip_sample} (DDIM; default true). */
    public boolean clipSample() {
        return flag("clip_sample", true);
    }

    /** {@code clip_sample_range} (DDIM; default 1). */
    public double clipSampleRange() {
        return number("clip_sample_range", 1.0);
    }

    /** {@code final_sigmas_type} (Euler): {@code zero} (default) or {@code sigma_min}. */
    public String finalSigmasType() {
        String value = text("final_sigmas_type", "zero");
        if (!Set.of("zero", "sigma_min").contains(value)) {
            throw invalid("final_sigmas_type", "zero or sigma_min (got '" + value + "')");
        }
        return value;
    }

    /**
     * Refuses options this runtime does not implement when they are switched on, naming the key: it never silently
     * runs another algorithm than the file asks for.
     */
    public void checkSupported() {
        for (String key : new String[] {"thresholding", "rescale_betas_zero_snr", "use_karras_sigmas",
            "use_exponential_sigmas", "use_beta_sigmas"}) {
            if (flag(key, false)) {
                throw new IllegalArgumentException("scheduler_config.json: " + key + " true is not supported by the "
                        + kind.displayName() + " scheduler here");
            }
        }
        if (kind == SchedulerKind.EULER) {
            if (!text("interpolation_type", "linear").equals("linear")) {
                throw invalid("interpolation_type", "linear (the only interpolation supported here)");
            }
            if (!text("timestep_type", "discrete").equals("discrete")) {
                throw invalid("timestep_type", "discrete (the only timestep type supported here)");
            }
        }
        if (kind == SchedulerKind.PNDM && !skipPrkSteps()) {
            throw new IllegalArgumentException("scheduler_config.json: skip_prk_steps false (PNDM's Runge-Kutta warm-up) is"
                    + " not supported here; Stable Diffusion's configurations set it to true");
        }
    }

    private String text(String key, String fallback) {
        JsonElement e = values.get(key);
        if (e == null || e.isJsonNull()) {
            return fallback;
        }
        if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString()) {
            throw invalid(key, "a string");
        }
        return e.getAsString();
    }

    private double number(String key, double fallback) {
        JsonElement e = values.get(key);
        if (e == null || e.isJsonNull()) {
            return fallback;
        }
        if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isNumber() || !Double.isFinite(e.getAsDouble())) {
            throw invalid(key, "a finite number");
        }
        return e.getAsDouble();
    }

    private int integer(String key, int fallback) {
        double value = number(key, fallback);
        if (value != Math.rint(value) || Math.abs(value) > 1e9) {
            throw invalid(key, "an integer");
        }
        return (int) value;
    }

    private boolean flag(String key, boolean fallback) {
        JsonElement e = values.get(key);
        if (e == null || e.isJsonNull()) {
            return fallback;
        }
        if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isBoolean()) {
            throw invalid(key, "true or false");
        }
        return e.getAsBoolean();
    }

    private static IllegalArgumentException invalid(String key, String expected) {
        return new IllegalArgumentException("scheduler_config.json: " + key + " must be " + expected);
    }
}
