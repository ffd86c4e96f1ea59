package org.alphaclip.world.internal;

import org.alphaclip.world.Scene;
import org.alphaclip.world.SceneGenerator;
import org.alphaclip.world.SceneSpec;
import org.alphaclip.world.internal.render.VectorRenderer;
import org.osgi.service.component.annotations.Component;

/** The {@code vector} scene generator service: the same world drawn by other code, for held-out checks. */
@Component(service = SceneGenerator.class, property = SceneGenerator.PROPERTY_RENDERER + "=vector")
public final class VectorSceneGenerator implements SceneGenerator {

    private final SceneComposer composer = new SceneComposer(new VectorRenderer());

    @Override
    public String renderer() {
        return composer.renderer();
    }

    @Override
    public Scene generate(long seed, SceneSpec spec) {
        return composer.generate(seed, spec);
    }
}
