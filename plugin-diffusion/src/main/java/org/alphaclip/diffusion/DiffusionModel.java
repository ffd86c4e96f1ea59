package org.alphaclip.diffusion;

import org.alphaclip.api.image.RgbImage;
import org.osgi.annotation.versioning.ProviderType;

/**
 * An opened diffusion package: its conditioning parts (none for image variations; Q-Former and text encoder for
 * subject-driven generation), UNet and VAE decoder sessions, and its scheduler configuration.
 */
@ProviderType
public interface DiffusionModel extends AutoCloseable {

    /** What the package is and what conditioning it takes. */
    DiffusionPackageInfo info();

    /**
     * Generates one image from seeded noise, conditioned on an embedding (for image-variation packages: the
     * encoder's pooled image embedding of {@link DiffusionPackageInfo#conditioningDim()} values).
     *
     * @param listener told after each denoising step
     * @throws DiffusionException when the embedding has the wrong size or is not finite, the settings do not fit the
     *         package, or inference fails; the message names the argument
     * @throws InterruptedException when the thread is interrupted: the loop stops between steps
     */
    RgbImage vary(float[] embedding, VariationSettings settings, DenoisingListener listener)
            throws DiffusionException, InterruptedException;

    /**
     * Generates one image of a subject (for subject-driven packages, BLIP-Diffusion): the Q-Former turns the image
     * tokens and the subject's name into query embeddings, which stand in the prompt's text embeddings at the package's
     * context position; the negative prompt is the unconditional half of classifier-free guidance.
     *
     * @param listener told after each denoising step
     * @throws DiffusionException when the package is not subject-driven, the tokens do not fit it or are not finite,
     *         a text is too long, the settings do not fit, or inference fails; the message names the argument
     * @throws InterruptedException when the thread is interrupted: the loop stops between steps
     */
    RgbImage subject(SubjectPrompt prompt, VariationSettings settings, DenoisingListener listener)
            throws DiffusionException, InterruptedException;

    /** Releases the sessions. Idempotent. */
    @Override
    void close();
}
