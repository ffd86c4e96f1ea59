package org.alphaclip.pointe;

import java.nio.file.Path;

/**
 * What a Point-E package is.
 *
 * @param name the package's name
 * @param description free text from the manifest
 * @param location the package folder
 * @param gridWidth the width {@code C} of the grid tokens {@code [1, C, L]} the models read
 * @param gridTokens the number {@code L} of grid tokens the models were trained on
 * @param gridLayer the encoder hidden layer (counted from the end) the grid comes from; the class token is dropped
 * @param encoder the Alpha-CLIP encoder package whose grid it was trained on, or null when not recorded
 * @param encoderManifestSha256 the SHA-256 of that encoder package's manifest at export, or null
 * @param basePoints the points of the base stage
 * @param upsampledPoints the points the upsampler adds, 0 without an upsampler
 * @param base the base stage's sampler settings from the manifest
 * @param upsampler the upsampler's sampler settings from the manifest, or null without an upsampler
 */
public record PointePackageInfo(String name, String description, Path location, int gridWidth, int gridTokens,
        int gridLayer, String encoder, String encoderManifestSha256, int basePoints, int upsampledPoints,
        StageSettings base, StageSettings upsampler) {
}
