package org.alphaclip.diffusion;

import java.nio.file.Path;

/**
 * What a diffusion package is.
 *
 * @param name the package's name
 * @param description free text from the manifest
 * @param location the package folder
 * @param pipeline what it generates: {@code image-variation} (from a pooled embedding) or {@code subject-driven}
 *        (BLIP-Diffusion, from image tokens, a subject's name and a prompt)
 * @param conditioningDim the size of the conditioning embedding (image variation: the UNet's cross-attention width)
 *        or the width of the image tokens (subject-driven)
 * @param subject what a subject-driven package reads and its prompt defaults; null for image variations
 * @param encoder the Alpha-CLIP encoder package whose outputs it was trained on, or null when not recorded
 * @param encoderManifestSha256 the SHA-256 of that encoder package's manifest at export, or null
 * @param imageSize the side of the generated square images in pixels (latent side times the VAE's scale factor)
 * @param scheduler the scheduler of the package's configuration, e.g. {@code pndm}
 * @param defaultSteps the denoising steps used when none are given
 * @param defaultGuidance the classifier-free guidance scale used when none is given
 */
public record DiffusionPackageInfo(String name, String description, Path location, String pipeline, int conditioningDim,
        SubjectInputs subject, String encoder, String encoderManifestSha256, int imageSize, String scheduler, int defaultSteps,
        double defaultGuidance) {
}
