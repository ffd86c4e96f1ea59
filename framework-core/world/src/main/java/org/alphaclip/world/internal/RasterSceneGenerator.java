package org.alphaclip.world.internal;

import org.alphaclip.world.Scene;
import org.alphaclip.world.SceneGenerator;
import org.alphaclip.world.SceneSpec;
import org.alphaclip.world.internal.render.RasterRenderer;
import org.osgi.service.component.annotations.Component;

/** The {@code raster} scene generator service: the renderer the default model was trained on. */
@Component(service = SceneGenerator.class, property = SceneGenerator.PROPERTY_RENDERER + "=raster")
public final class RasterSceneGenerator implements SceneGenerator {

    private final SceneComposer composer = new SceneComposer(new RasterRenderer());

    @Override
    public String renderer() {
        return composer.renderer();
    }

    @Override
    public Scene generate(long seed, SceneSpec spec) {
        return composer.generate(seed, spec);
    }
}
