package org.alphaclip.world;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Generates scenes, deterministically from a seed: the same seed and spec give the same pixels, masks
 * and texts. One service is registered per renderer, named by {@link #PROPERTY_RENDERER}; the
 * {@code raster} renderer makes the training data, {@code vector} draws the same world with other code
 * and styles for held-out checks, and {@code painted} draws it in a hand-painted style for tests only.
 */
@ProviderType
public interface SceneGenerator {

    /** Service property naming the renderer, e.g. {@code raster}, {@code vector} or {@code painted}. */
    String PROPERTY_RENDERER = "world.renderer";

    /** The renderer's name, the value of {@link #PROPERTY_RENDERER}. */
    String renderer();

    /** The scene for a seed. */
    Scene generate(long seed, SceneSpec spec);
}
