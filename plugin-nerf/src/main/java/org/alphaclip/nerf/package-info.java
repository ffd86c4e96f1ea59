/**
 * Text-to-3D with PureCLIPNeRF: explicit voxel grids optimised so that their renders, seen by Alpha-CLIP with the
 * rendered opacity as the alpha channel, match a text.
 *
 * <pre>{@code
 * NerfObject object = textTo3D.create("a red star", NerfSettings.defaults(), out, progress -> ...);
 * }</pre>
 */
@Version("1.0.0")
package org.alphaclip.nerf;

import org.osgi.annotation.versioning.Version;
