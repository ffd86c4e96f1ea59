package org.alphaclip.world.internal;

import org.alphaclip.world.SceneGenerator;
import org.alphaclip.world.internal.render.RasterRenderer;
import org.osgi.service.component.annotations.Component;

/** The {@code raster} scene generator service: the renderer the default model was trained on. */
@Component(service = SceneGenerator.class, property = SceneGenerator.PROPERTY_RENDERER + "=raster")
public final class RasterSceneGenerator extends SceneComposer {

    /** A generator drawing with the {@code raster} renderer. */
    public RasterSceneGenerator() {
        super(new RasterRenderer());
    }
}
