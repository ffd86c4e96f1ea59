/**
 * Image operations whose exact results matter to the models: Pillow's resampling reproduced bit for bit
 * ({@link PillowResize}), and the Gaussian blur of PIL's {@code ImageFilter.GaussianBlur} ({@link GaussianBlur}); regions
 * drawn over images ({@link RegionOverlay}), images handed to Java 2D for pictures ({@link Pictures}) and the
 * source-and-results sheet of generative tasks ({@link ContactSheet}).
 */
@Version("1.2.0")
package org.alphaclip.sdk.image;

import org.osgi.annotation.versioning.Version;
