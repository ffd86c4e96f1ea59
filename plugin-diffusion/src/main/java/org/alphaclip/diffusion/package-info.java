/**
 * Image variations conditioned on the Alpha-CLIP embedding of an image region: {@link DiffusionModels} opens a diffusion
 * package, a {@link DiffusionModel} denoises from seeded noise under that embedding with classifier-free guidance and
 * decodes the result. Subject-driven packages (BLIP-Diffusion) generate from the encoder's image tokens, the subject's
 * name and a prompt instead ({@link DiffusionModel#subject}, {@link SubjectPrompt}).
 *
 * <pre>{@code
 * try (DiffusionModel model = models.open(folder)) {
 *     VariationSettings settings = VariationSettings.defaults(model.info()).withSeed(7);
 *     RgbImage image = model.vary(embedding, settings, DenoisingListener.NONE);
 * }
 * }</pre>
 */
@Version("1.0.0")
package org.alphaclip.diffusion;

import org.osgi.annotation.versioning.Version;
