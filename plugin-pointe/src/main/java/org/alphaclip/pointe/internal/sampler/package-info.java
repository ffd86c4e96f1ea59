/**
 * Point-E's sampler in Java, apart from the model: the Gaussian diffusion's schedule ({@link DiffusionSchedule}), the
 * Karras noise levels ({@link KarrasSchedule}), the denoiser that turns the epsilon model into clean-sample estimates
 * with guidance ({@link KarrasDenoiser}) and the Heun loop with churn ({@link HeunSampler}).
 */
package org.alphaclip.pointe.internal.sampler;
