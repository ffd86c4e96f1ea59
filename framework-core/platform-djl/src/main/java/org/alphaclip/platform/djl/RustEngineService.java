package org.alphaclip.platform.djl;

import org.osgi.service.component.annotations.Component;

import ai.djl.engine.Engine;
import ai.djl.engine.EngineProvider;
import ai.djl.engine.rust.RsEngineProvider;

/**
 * Publishes the Rust engine that ships inside DJL's tokenizers jar as an OSGi service, so that it is
 * found the same explicit way as any other engine.
 */
@Component(service = EngineProvider.class)
public final class RustEngineService implements EngineProvider {

    private final EngineProvider delegate = new RsEngineProvider();

    @Override
    public String getEngineName() {
        return delegate.getEngineName();
    }

    @Override
    public int getEngineRank() {
        return delegate.getEngineRank();
    }

    @Override
    public Engine getEngine() {
        return delegate.getEngine();
    }
}
