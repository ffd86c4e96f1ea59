package org.alphaclip.world.internal;

import java.util.List;

import org.alphaclip.world.SceneGenerator;
import org.alphaclip.world.internal.render.PaintedRenderer;
import org.alphaclip.world.internal.render.RasterRenderer;
import org.alphaclip.world.internal.render.VectorRenderer;

/** The renderers this bundle ships, by name, as scene generators (for use outside OSGi). */
public final class Renderers {

    /**
     * The renderer names: {@code raster} (training data), {@code vector} (held-out checks) and {@code painted}
     * (test only: a hand-painted style no model trains on).
     */
    public static final List<String> NAMES = List.of("raster", "vector", "painted");

    private Renderers() {
    }

    /** The generator drawing with the named renderer. */
    public static SceneGenerator generator(String name) {
        return switch (name) {
            case "raster" -> new SceneComposer(new RasterRenderer());
            case "vector" -> new SceneComposer(new VectorRenderer());
            case "painted" -> new SceneComposer(new PaintedRenderer());
            default -> throw new IllegalArgumentException("Unknown renderer '" + name + "', expected one of " + NAMES);
        };
    }
}
