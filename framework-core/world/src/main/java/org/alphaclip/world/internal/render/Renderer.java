package org.alphaclip.world.internal.render;

import java.util.List;
import java.util.SplittableRandom;

import org.alphaclip.world.internal.layout.Placement;

/** Draws a layout: background, objects bottom to top, and the pixel owners that become the masks. */
public interface Renderer {

    /** The renderer's name, e.g. {@code raster}. */
    String name();

    /** Draws the placements on a square image of the given side; styles come from the random source. */
    Rendering render(List<Placement> placements, int size, SplittableRandom random);
}
