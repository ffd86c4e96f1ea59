package org.alphaclip.pointe.internal.solids;

import java.util.List;

import org.alphaclip.api.image.RgbImage;

/**
 * A rendered image of one or two solids.
 *
 * @param seed the seed it was generated from
 * @param image the picture
 * @param objects the solids, back to front (later ones may hide parts of earlier ones)
 */
public record SolidScene(long seed, RgbImage image, List<SolidObject> objects) {

    /** Copies the list. */
    public SolidScene {
        objects = List.copyOf(objects);
    }
}
