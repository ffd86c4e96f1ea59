package org.alphaclip.diffusion.internal.schedule;

/**
 * Euler's method on the sigma schedule ({@code EulerDiscreteScheduler}, no churn): sigma = sqrt((1 - alpha_bar) /
 * alpha_bar) of the training schedule, interpolated linearly at the (float) inference timesteps, then a final sigma
 * (0, or the smallest training sigma). The UNet sees the sample divided by sqrt(sigma^2 + 1); a step moves the sample
 * along the derivative (sample - x0) / sigma to the next sigma. Initial noise: the largest sigma for
 * {@code linspace} and {@code trailing} spacing, sqrt(sigma_max^2 + 1) for {@code leading}, as diffusers.
 */
public final class EulerScheduler implements Scheduler {

    private final SchedulerConfig config;
    private final float[] trainingSigmas;
    private final LoopState loop = new LoopState(SchedulerKind.EULER);
    private double[] timesteps;
    private float[] sigmas;

    /** An Euler scheduler of a configuration. */
    public EulerScheduler(SchedulerConfig config) {
        this.config = config.as(SchedulerKind.EULER);
        this.config.checkSupported();
        NoiseSchedule schedule = NoiseSchedule.of(this.config);
        trainingSigmas = new float[schedule.length()];
        for (int t = 0; t < trainingSigmas.length; t++) {
            float alpha = schedule.alphaCumprod(t);
            trainingSigmas[t] = (float) Math.sqrt((1f - alpha) / alpha);
        }
    }

    @Override
    public SchedulerKind kind() {
        return SchedulerKind.EULER;
    }

    @Override
    public void setTimesteps(int steps) {
        double[] t = Timesteps.descending(config, steps, false);
        timesteps = new double[steps];
        sigmas = new float[steps + 1];
        for (int i = 0; i < steps; i++) {
            float asFloat = (float) t[i];
            timesteps[i] = asFloat;
            sigmas[i] = (float) interpolate(asFloat);
        }
        sigmas[steps] = config.finalSigmasType().equals("zero") ? 0f : trainingSigmas[0];
        loop.start(steps, timesteps.length);
    }

    /** NumPy's {@code interp} over the training sigmas at integer timesteps, in float64. */
    private double interpolate(double t) {
        int last = trainingSigmas.length - 1;
        if (t <= 0) {
            return trainingSigmas[0];
        }
        if (t >= last) {
            return trainingSigmas[last];
        }
        int below = (int) Math.floor(t);
        double fraction = t - below;
        double low = trainingSigmas[below];
        double high = trainingSigmas[below + 1];
        return fraction == 0 ? low : low + (high - low) * fraction;
    }

    @Override
    public double[] timesteps() {
        loop.steps();
        return timesteps.clone();
    }

    /** The sigmas of the loop: one per timestep, then the final one. */
    public float[] sigmas() {
        loop.steps();
        return sigmas.clone();
    }

    @Override
    public float initNoiseSigma() {
        loop.steps();
        float max = 0f;
        for (float s : sigmas) {
            max = Math.max(max, s);
        }
        return config.timestepSpacing().equals("leading") ? (float) Math.sqrt(max * max + 1f) : max;
    }

    @Override
    public float[] scaleModelInput(float[] sample, int index) {
        loop.steps();
        float sigma = sigmas[index];
        float divisor = (float) Math.sqrt(sigma * sigma + 1f);
        float[] scaled = new float[sample.length];
        for (int i = 0; i < scaled.length; i++) {
            scaled[i] = sample[i] / divisor;
        }
        return scaled;
    }

    @Override
    public StepOutput step(int index, float[] modelOutput, float[] sample) {
        loop.take(index);
        LoopState.sameLength(modelOutput, sample);
        float sigma = sigmas[index];
        float dt = sigmas[index + 1] - sigma;
        boolean velocity = config.predictionType().equals("v_prediction");
        if (config.predictionType().equals("sample")) {
            throw new IllegalArgumentException("scheduler_config.json: prediction_type sample is not supported by Euler");
        }
        float outScale = velocity ? -sigma / (float) Math.sqrt(sigma * sigma + 1f) : 0f;
        float sampleDivisor = sigma * sigma + 1f;
        int n = sample.length;
        float[] original = new float[n];
        float[] prev = new float[n];
        for (int i = 0; i < n; i++) {
            float x = sample[i];
            float x0 = velocity ? modelOutput[i] * outScale + x / sampleDivisor : x - sigma * modelOutput[i];
            float derivative = (x - x0) / sigma;
            original[i] = x0;
            prev[i] = x + derivative * dt;
        }
        return new StepOutput(prev, original);
    }
}
