/**
 * Image operations whose exact results matter to the models: Pillow's resampling reproduced bit for bit
 * ({@link PillowResize}), and the Gaussian blur of PIL's {@code ImageFilter.GaussianBlur} ({@link GaussianBlur}); regions
 * drawn over images ({@link RegionOverlay}) and images handed to Java 2D for pictures ({@link Pictures}).
 */
@Version("1.1.0")
package org.alphaclip.sdk.image;

import org.osgi.annotation.versioning.Version;
