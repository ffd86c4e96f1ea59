package org.alphaclip.api;

/** How a region's alpha map is fitted to the model's square input. */
public enum AlphaGeometry {
    /** Resize the shortest side and center crop exactly like the image, so mask and pixels line up. */
    ALIGNED,
    /**
     * The official README transform: the mask is squashed to R x R without a crop, so on non-square
     * images it no longer lines up with the image. For reproducing published numbers only.
     */
    OFFICIAL_SQUASH
}
