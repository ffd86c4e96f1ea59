package org.alphaclip.world;

import java.util.Objects;

import org.alphaclip.api.image.GrayImage;

/**
 * One object of a scene as it is visible in the image.
 *
 * @param shape what it is
 * @param colour its label colour
 * @param size its size class
 * @param mask the visible pixels (255) of this object, 0 elsewhere; the image's size
 * @param box the bounding box of the visible pixels
 * @param phrase the phrase describing it, e.g. {@code a small red circle}
 */
public record SceneObject(Shape shape, Colour colour, SizeClass size, GrayImage mask, PixelBox box, String phrase) {

    /** Checks that every part is present. */
    public SceneObject {
        Objects.requireNonNull(shape, "shape");
        Objects.requireNonNull(colour, "colour");
        Objects.requireNonNull(size, "size");
        Objects.requireNonNull(mask, "mask");
        Objects.requireNonNull(box, "box");
        Objects.requireNonNull(phrase, "phrase");
    }

    /** The classification label: colour and shape, e.g. {@code red circle}. */
    public String label() {
        return colour.word() + " " + shape.word();
    }
}
