package org.alphaclip.pointe.internal.sampler;

import org.alphaclip.api.session.SessionException;

/** A clean-sample estimate {@code D(x, sigma)} of noisy points {@code x [B, 6, N]} (flat), for the sampler. */
@FunctionalInterface
public interface Denoiser {

    /** The estimate of the same shape as {@code x}. */
    float[] denoise(float[] x, float sigma) throws SessionException;
}
