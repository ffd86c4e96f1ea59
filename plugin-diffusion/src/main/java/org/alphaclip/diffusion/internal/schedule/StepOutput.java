package org.alphaclip.diffusion.internal.schedule;

/**
 * What one scheduler step gives.
 *
 * @param prevSample the sample at the next (less noisy) timestep
 * @param predOriginalSample the step's estimate of the clean sample, or null where the scheduler does not form one
 */
public record StepOutput(float[] prevSample, float[] predOriginalSample) {
}
