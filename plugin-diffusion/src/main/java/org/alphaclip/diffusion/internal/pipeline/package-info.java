/** The image-variation pipeline: conditioning, the denoising loop with classifier-free guidance, decoding to pixels. */
package org.alphaclip.diffusion.internal.pipeline;
