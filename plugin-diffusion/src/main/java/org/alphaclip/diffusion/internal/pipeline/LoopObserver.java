package org.alphaclip.diffusion.internal.pipeline;

import org.alphaclip.api.tensor.FloatTensor;

/** Sees every step of a denoising loop as it happens (progress bars, parity tests). */
@FunctionalInterface
public interface LoopObserver {

    /** An observer that ignores every step. */
    LoopObserver NONE = (index, total, timestep, modelInput, guidedNoise, latents) -> { };

    /**
     * Loop step {@code index} of {@code total} is done.
     *
     * @param modelInput what the UNet received ({@code [2, ...]} with guidance, the unconditional half first)
     * @param guidedNoise the noise prediction after guidance, as given to the scheduler
     * @param latents the latents after the scheduler's step
     */
    void stepped(int index, int total, double timestep, FloatTensor modelInput, FloatTensor guidedNoise, FloatTensor latents);
}
