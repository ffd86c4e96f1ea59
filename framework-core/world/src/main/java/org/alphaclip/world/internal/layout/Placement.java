package org.alphaclip.world.internal.layout;

import org.alphaclip.world.Colour;
import org.alphaclip.world.Shape;
import org.alphaclip.world.SizeClass;

/**
 * Where and how big one object goes, before any renderer draws it.
 *
 * @param shape the shape
 * @param colour the label colour
 * @param size the size class
 * @param cx centre column in pixel-edge coordinates
 * @param cy centre row in pixel-edge coordinates
 * @param radius radius of the disc with the object's area; renderers keep areas comparable across shapes
 * @param rotation rotation in radians, counter-clockwise on screen
 */
public record Placement(Shape shape, Colour colour, SizeClass size, double cx, double cy, double radius,
        double rotation) {
}
