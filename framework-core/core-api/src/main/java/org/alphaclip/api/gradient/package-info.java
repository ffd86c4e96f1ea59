/**
 * Alpha-CLIP's image tower with gradients: for tasks that optimise an image (and its alpha) towards a text, such as
 * text-to-3D. The image and the alpha are model inputs already normalised as the package's preprocessing says; the
 * gradient of the mean cosine similarity comes back for both.
 *
 * <pre>{@code
 * try (DifferentiableEncoder encoder = encoders.open("alphaclip-shapes")) {
 *     SimilarityGradient g = encoder.similarityGradient(new ImageBatch(n, size, pixels, alpha), textEmbedding);
 *     // g.pixelGradient(), g.alphaGradient(): d mean(cos) / d input
 * }
 * }</pre>
 */
@Version("1.0.0")
package org.alphaclip.api.gradient;

import org.osgi.annotation.versioning.Version;
