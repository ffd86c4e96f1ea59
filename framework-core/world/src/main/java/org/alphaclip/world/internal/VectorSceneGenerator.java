package org.alphaclip.world.internal;

import org.alphaclip.world.SceneGenerator;
import org.alphaclip.world.internal.render.VectorRenderer;
import org.osgi.service.component.annotations.Component;

/** The {@code vector} scene generator service: the same world drawn by other code, for held-out checks. */
@Component(service = SceneGenerator.class, property = SceneGenerator.PROPERTY_RENDERER + "=vector")
public final class VectorSceneGenerator extends SceneComposer {

    /** A generator drawing with the {@code vector} renderer. */
    public VectorSceneGenerator() {
        super(new VectorRenderer());
    }
}
