/** Denoising schedulers as diffusers defines them, configured from {@code scheduler_config.json}. */
package org.alphaclip.diffusion.internal.schedule;
