package org.alphaclip.diffusion.internal.pkg;

import java.nio.file.Path;

import org.alphaclip.diffusion.DiffusionPackageInfo;
import org.alphaclip.diffusion.internal.schedule.SchedulerConfig;

/**
 * A verified diffusion package: its description, graph files and the numbers the pipelines need.
 *
 * @param info the public description
 * @param unet the UNet graph ({@code sample}, {@code timestep}, {@code encoder_hidden_states} to {@code out_sample})
 * @param vaeDecoder the VAE decoder graph ({@code latent_sample} to {@code sample})
 * @param scheduler the scheduler configuration, read by the scheduler it names
 * @param latentChannels the channels of the latents
 * @param latentSize the side of the square latents
 * @param scalingFactor the VAE's latent scaling: latents are divided by it before decoding
 * @param unetFlopsPerSample floating-point operations of one UNet evaluation of one sample as the exporter counted
 *        them (convolutions, linear layers, attention products), or 0 when the manifest does not say
 * @param subject the Q-Former and text encoder of a subject-driven package, null for image variations
 */
public record DiffusionPackage(DiffusionPackageInfo info, Path unet, Path vaeDecoder, SchedulerConfig scheduler,
        int latentChannels, int latentSize, float scalingFactor, long unetFlopsPerSample, SubjectParts subject) {

    /** The length of the sequence the UNet attends to: 1 for an image embedding, the text positions for prompts. */
    public int contextLength() {
        return subject == null ? 1 : subject.maxPositions();
    }

    /** The width of the sequence the UNet attends to. */
    public int contextWidth() {
        return subject == null ? info.conditioningDim() : subject.width();
    }
}
