/**
 * Image operations whose exact results matter to the models: Pillow's resampling reproduced bit for bit
 * ({@link PillowResize}), and the Gaussian blur of PIL's {@code ImageFilter.GaussianBlur} ({@link GaussianBlur}).
 */
@Version("1.0.0")
package org.alphaclip.sdk.image;

import org.osgi.annotation.versioning.Version;
