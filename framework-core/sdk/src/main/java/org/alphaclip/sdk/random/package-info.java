/**
 * Seeded randomness for generative tasks: {@link GaussianNoise} draws standard normal numbers reproducibly from a seed
 * (Java's own generator: not the numbers PyTorch draws for the same seed).
 */
@Version("1.0.0")
package org.alphaclip.sdk.random;

import org.osgi.annotation.versioning.Version;
