package org.alphaclip.world.internal.render;

import org.alphaclip.api.image.RgbImage;

/**
 * What a renderer drew.
 *
 * @param image the picture
 * @param owner per pixel (row-major) the index of the top object covering the pixel centre, or -1
 * @param fullAreas per object the pixels its shape covers before occlusion
 * @param background the background kind: plain, gradient, noise or texture
 */
public record Rendering(RgbImage image, int[] owner, int[] fullAreas, String background) {
}
