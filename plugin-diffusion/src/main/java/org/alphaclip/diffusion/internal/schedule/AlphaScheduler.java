package org.alphaclip.diffusion.internal.schedule;

/**
 * What PNDM and DDIM share: integer timesteps one interval {@code T / N} (integer division) apart, the cumulative
 * alphas of the training schedule, the "final" alpha before timestep 0 (1 with {@code set_alpha_to_one}, else the first
 * cumulative alpha), unit initial noise and an unscaled UNet input.
 */
abstract class AlphaScheduler implements Scheduler {

    final SchedulerConfig config;
    final NoiseSchedule schedule;
    final LoopState loop;
    double[] timesteps;
    int interval;
    private final SchedulerKind kind;
    private final float finalAlphaCumprod;

    AlphaScheduler(SchedulerKind kind, SchedulerConfig config) {
        this.kind = kind;
        this.config = config.as(kind);
        this.config.checkSupported();
        this.schedule = NoiseSchedule.of(this.config);
        this.finalAlphaCumprod = this.config.setAlphaToOne() ? 1f : schedule.alphaCumprod(0);
        this.loop = new LoopState(kind);
    }

    /** The loop's timesteps from the spacing's descending ones. */
    abstract double[] layOut(double[] descending);

    @Override
    public final SchedulerKind kind() {
        return kind;
    }

    @Override
    public final void setTimesteps(int steps) {
        timesteps = layOut(Timesteps.descending(config, steps, true));
        interval = config.numTrainTimesteps() / steps;
        startLoop();
        loop.start(steps, timesteps.length);
    }

    /** Resets the state a loop keeps beyond the step index. */
    void startLoop() {
    }

    @Override
    public final double[] timesteps() {
        loop.steps();
        return timesteps.clone();
    }

    @Override
    public final float initNoiseSigma() {
        return 1f;
    }

    @Override
    public final float[] scaleModelInput(float[] sample, int index) {
        return sample;
    }

    /** The cumulative alpha at a training timestep, the final alpha before 0. */
    final float alphaCumprod(int t) {
        return t >= 0 ? schedule.alphaCumprod(t) : finalAlphaCumprod;
    }
}
