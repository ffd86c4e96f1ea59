package org.alphaclip.api;

import java.util.Objects;

import org.alphaclip.api.image.RgbImage;
import org.alphaclip.api.region.Region;

/** One encoder input: an image and the region the model should focus on. */
public record RegionImage(RgbImage image, Region region) {

    /** Checks that both parts are present. */
    public RegionImage {
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(region, "region");
    }

    /** The whole image as the region (alpha all foreground). */
    public static RegionImage whole(RgbImage image) {
        return new RegionImage(image, new Region.Whole());
    }
}
