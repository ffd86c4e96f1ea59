package org.alphaclip.diffusion;

import java.nio.file.Path;

/**
 * What a diffusion package is.
 *
 * @param name the package's name
 * @param description free text from the manifest
 * @param location the package folder
 * @param pipeline what it generates: {@code image-variation}
 * @param conditioningDim the size of the conditioning embedding (the UNet's cross-attention width)
 * @param encoder the Alpha-CLIP encoder package whose pooled embedding it was trained on, or null when not recorded
 * @param encoderManifestSha256 the SHA-256 of that encoder package's manifest at export, or null
 * @param imageSize the side of the generated square images in pixels (latent side times the VAE's scale factor)
 * @param scheduler the scheduler of the package's configuration, e.g. {@code pndm}
 * @param defaultSteps the denoising steps used when none are given
 * @param defaultGuidance the classifier-free guidance scale used when none is given
 */
public record DiffusionPackageInfo(String name, String description, Path location, String pipeline, int conditioningDim,
        String encoder, String encoderManifestSha256, int imageSize, String scheduler, int defaultSteps,
        double defaultGuidance) {
}
