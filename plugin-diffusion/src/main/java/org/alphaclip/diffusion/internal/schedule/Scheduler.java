package org.alphaclip.diffusion.internal.schedule;

/**
 * A denoising scheduler, diffusers' interface in Java: {@link #setTimesteps} lays out the inference timesteps, then
 * the loop calls {@link #scaleModelInput} and {@link #step} once per timestep, in order. Samples are flat float32
 * arrays (the operations are element-wise). A scheduler holds the state of one loop (multistep history, step index):
 * use one instance per generated image, or call {@link #setTimesteps} again to start over.
 */
public interface Scheduler {

    /** Which scheduler this is. */
    SchedulerKind kind();

    /**
     * Lays out the timesteps of an {@code steps}-step loop and resets the loop's state.
     *
     * @throws IllegalArgumentException when {@code steps} is not in 1..{@code num_train_timesteps}
     */
    void setTimesteps(int steps);

    /** The timesteps of the loop, in order (PNDM repeats its second one, so it has {@code steps + 1}). */
    double[] timesteps();

    /** The standard deviation of the initial noise: latents start as {@code randn * initNoiseSigma()}. */
    float initNoiseSigma();

    /** The UNet's input at loop step {@code index} (Euler divides by {@code sqrt(sigma^2 + 1)}; others return it). */
    float[] scaleModelInput(float[] sample, int index);

    /**
     * One step back in noise: from the model's output at loop step {@code index} and the current sample.
     *
     * @throws IllegalStateException when the steps are not taken in order from 0 after {@link #setTimesteps}
     */
    StepOutput step(int index, float[] modelOutput, float[] sample);
}
