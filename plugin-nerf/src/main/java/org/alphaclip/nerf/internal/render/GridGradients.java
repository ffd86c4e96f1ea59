package org.alphaclip.nerf.internal.render;

/**
 * The gradient of a loss with respect to both grids, laid out as the grids are.
 *
 * @param density one value per grid point
 * @param colour three values per grid point, channel-major
 */
public record GridGradients(float[] density, float[] colour) {
}
