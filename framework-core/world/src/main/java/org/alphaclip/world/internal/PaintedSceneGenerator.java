package org.alphaclip.world.internal;

import org.alphaclip.world.SceneGenerator;
import org.alphaclip.world.internal.render.PaintedRenderer;
import org.osgi.service.component.annotations.Component;

/**
 * The {@code painted} scene generator service: the same world drawn in a hand-painted style, for testing only
 * (no model trains on it).
 */
@Component(service = SceneGenerator.class, property = SceneGenerator.PROPERTY_RENDERER + "=painted")
public final class PaintedSceneGenerator extends SceneComposer {

    /** A generator drawing with the {@code painted} renderer. */
    public PaintedSceneGenerator() {
        super(new PaintedRenderer());
    }
}
