package org.alphaclip.pointe.internal.solids;

import org.alphaclip.world.Colour;

/**
 * One solid in a rendered scene.
 *
 * @param solid what it is
 * @param colour its colour
 * @param mask its visible pixels (row-major, the image's size)
 * @param box its visible bounding box {@code [x0, y0, x1, y1)} in pixels
 */
public record SolidObject(Solid solid, Colour colour, boolean[] mask, int[] box) {

    /** The label, e.g. {@code red torus}. */
    public String label() {
        return colour.word() + " " + solid.word();
    }
}
