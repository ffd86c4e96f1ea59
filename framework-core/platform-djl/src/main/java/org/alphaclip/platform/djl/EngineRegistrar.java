package org.alphaclip.platform.djl;

import java.util.logging.Logger;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

import ai.djl.engine.Engine;
import ai.djl.engine.EngineProvider;

/**
 * Explicit DJL engine discovery for OSGi. DJL looks for engines with {@code ServiceLoader}, which does
 * not see across bundles; here every {@link EngineProvider} published as an OSGi service (by an optional
 * platform bundle such as a PyTorch engine bundle) is registered with DJL instead.
 */
@Component(immediate = true)
public final class EngineRegistrar {

    private static final Logger LOG = Logger.getLogger("org.alphaclip.platform.djl");

    /** Registers a provider with DJL. DJL keeps engines for the life of the process. */
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addEngineProvider(EngineProvider provider) {
        Engine.registerEngine(provider);
        LOG.info("DJL engine registered: " + provider.getEngineName());
    }

    void removeEngineProvider(EngineProvider provider) {
        LOG.info("DJL engine provider withdrawn: " + provider.getEngineName()
                + " (DJL keeps loaded engines until the process ends)");
    }
}
