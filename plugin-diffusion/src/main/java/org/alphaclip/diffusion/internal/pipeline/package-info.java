/** The denoising loop with classifier-free guidance shared by the pipelines, image-variation conditioning, decoding to pixels. */
package org.alphaclip.diffusion.internal.pipeline;
